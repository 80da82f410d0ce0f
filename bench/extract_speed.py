"""Pages per second on one core, and peak memory, of one extractor in a fresh process.

    python -m bench.extract_speed NAME DATASET [--pages N] [--warmup W]

prints one JSON object. The process is pinned to one CPU and extracts the pages one after the
other, text and metadata as the extractor does it; only the extraction calls are timed, in CPU
time, so other work on a shared machine slows the run but barely moves the figure. Memory is
the process's peak resident set (`ru_maxrss`), beside its resident set after importing the
extractor and warming it up, so the cost of the pages themselves shows as the difference.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.extract_data import page_paths, read_page
from bench.extract_runners import extractor


@dataclass(frozen=True)
class Speed:
    """One extractor's throughput and memory."""

    pages: int
    cpu_seconds: float
    peak_rss_mb: float
    warm_rss_mb: float

    @property
    def pages_per_second(self) -> float:
        """Pages extracted per CPU second."""
        return self.pages / self.cpu_seconds if self.cpu_seconds else 0.0


def measure(name: str, dataset: Path, pages: int, warmup: int = 3) -> Speed:
    """Run the measurement of extractor `name` in a fresh Python process."""
    command = [sys.executable, "-m", "bench.extract_speed", name, str(dataset)]
    command += ["--pages", str(pages), "--warmup", str(warmup)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return Speed(**json.loads(done.stdout))


def _rss_mb() -> float:
    # ru_maxrss is in kibibytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    """Measure one extractor and print its `Speed` as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args(argv)
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    run = extractor(args.name).run
    paths = page_paths(args.dataset, args.pages)
    for path in paths[: args.warmup]:
        page = read_page(path)
        run(page.raw, page.url)
    warm_rss_mb = _rss_mb()
    cpu_seconds = 0.0
    for path in paths:
        page = read_page(path)
        started = time.process_time()
        run(page.raw, page.url)
        cpu_seconds += time.process_time() - started
    speed = Speed(len(paths), round(cpu_seconds, 3), round(_rss_mb(), 1), round(warm_rss_mb, 1))
    print(json.dumps(speed.__dict__))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
