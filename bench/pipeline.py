"""Measure the whole pipeline on a generated corpus, against extraction alone (issue 6).

    python -m bench.pipeline [--articles 1000] [--outlets 20] [--workers 1,2]
                             [--latency 0.02,0.08] [--no-embeddings] [--database-url URL]

A corpus of realistic article pages (`bench.corpus`: navigation, scripts, teasers, 500 to
1,200-word bodies, with known exact copies, spun copies and rewrites) is served on loopback,
one site per outlet, each response `--latency` seconds late. For every worker count, a fresh
private redis-server and database take `newsfold run --once` over its feeds
(`bench.pipeline_run`), and the run prints: articles per second from the first poll to the
last store, CPU milliseconds per article in each stage's jobs and in the queue around them,
Redis commands and bytes per article, the largest worker's peak RSS, and how well the
stories match the corpus's events (B-cubed F1). Folding uses the configured embedding model
unless `--no-embeddings`. Then, on the same corpus, the baselines of `bench.baselines`
(trafilatura alone over the pages in memory, the floor; newsfold's extract_page alone; the
simple sequential trafilatura and newspaper4k pipelines), and the ratios the issue sets:
newsfold with the most workers against each.
"""

import argparse
import sys
import tempfile
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import Engine

from bench.baselines import FLOORS, PIPELINES, BaselineUnavailable, run_baseline
from bench.clustering_metrics import bcubed
from bench.corpus_plan import CorpusSpec
from bench.corpus_server import DEFAULT_LATENCY, ServedCorpus, serve_corpus
from bench.pipeline_run import PipelineFigures, measure_run
from schemas.settings import FoldSettings, Settings
from services.runtime.queues import Stage
from services.runtime.redis_server import private_redis
from services.storage.db import create_database_engine
from services.storage.export import iter_exported_stories
from services.storage.schema import drop_schema, ensure_schema


def main(argv: list[str]) -> int:
    """Run the benchmark and print its figures."""
    args = _arguments(argv)
    spec = CorpusSpec(articles=args.articles, outlets=args.outlets)
    print(
        f"{spec.articles} articles over {spec.outlets} outlets (exact/spun/rewrite copies"
        f" {spec.exact_share:.0%}/{spec.spun_share:.0%}/{spec.rewrite_share:.0%}),"
        f" latency {args.latency[0] * 1000:.0f}-{args.latency[1] * 1000:.0f} ms"
    )
    with serve_corpus(spec, args.latency) as served:
        runs = []
        for workers in args.workers:
            figures, quality = _one_run(served, workers, args)
            _print(figures, quality)
            runs.append(figures)
        if not args.no_baselines:
            _compare(max(runs, key=lambda run: run.workers), spec, served.feed_urls)
    return 0


def _compare(newsfold: PipelineFigures, spec: CorpusSpec, feed_urls: list[str]) -> None:
    print(f"\nbaselines, one core each; newsfold with {newsfold.workers} worker(s) against them:")
    for name in (*FLOORS, *PIPELINES):
        try:
            baseline = run_baseline(name, spec, feed_urls)
        except BaselineUnavailable as exc:
            print(f"  {name:22} skipped: {exc}")
            continue
        ratio = newsfold.articles_per_second / baseline.articles_per_second
        print(
            f"  {name:22} {baseline.articles_per_second:7.1f} articles/s,"
            f" {baseline.cpu_per_article * 1000:6.1f} CPU ms per article;"
            f" newsfold {ratio:.2f}x"
        )


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.pipeline", description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--outlets", type=int, default=20)
    parser.add_argument("--workers", type=_numbers, default=[1, 2], help="e.g. 1,2")
    parser.add_argument("--latency", type=_seconds, default=DEFAULT_LATENCY, help="low,high s")
    parser.add_argument("--no-embeddings", action="store_true")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--database-url", help="a database to empty and use (default: SQLite)")
    return parser.parse_args(argv)


def _one_run(
    served: ServedCorpus, workers: int, args: argparse.Namespace
) -> tuple[PipelineFigures, float | None]:
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        database_url = args.database_url or f"sqlite:///{directory / 'bench.db'}"
        fold = FoldSettings(embedding_model=None) if args.no_embeddings else FoldSettings()
        with private_redis(directory / "redis", appendonly=False) as redis_url:
            settings = Settings(
                data_dir=directory,
                database_url=SecretStr(database_url),
                redis_url=SecretStr(redis_url),
                allow_private_networks=True,
                log_level="warning",
                fold=fold,
            )
            engine = create_database_engine(database_url)
            drop_schema(engine)
            ensure_schema(engine)
            try:
                figures = measure_run(
                    settings, redis_url, engine, served.feed_urls, workers=workers
                )
                quality = _bcubed_f1(engine_stories(engine), served.gold())
            finally:
                engine.dispose()
    return figures, quality


def engine_stories(engine: Engine) -> dict[str, str]:
    """Article URL -> story id, as `stories export` writes them."""
    assigned: dict[str, str] = {}
    for story in iter_exported_stories(engine):
        for exported in [story.canonical, *story.variants]:
            assigned[exported.url] = story.id
    return assigned


def _bcubed_f1(assigned: dict[str, str], gold: dict[str, int]) -> float | None:
    # An article missing from the output is a story of its own.
    predicted = {url: assigned.get(url, f"missing:{url}") for url in gold}
    return bcubed(predicted, gold).f1


def _print(figures: PipelineFigures, quality: float | None) -> None:
    stages = ", ".join(
        f"{stage.value} {figures.stage_cpu_ms.get(stage, 0.0):.1f}" for stage in Stage
    )
    held = ", ".join(
        f"{kind} {size:.0f}" for kind, size in figures.redis_bytes_by_kind.items() if size >= 10
    )
    print(
        f"\n{figures.workers} worker(s): {figures.articles} articles, {figures.stories} stories"
        f" in {figures.seconds:.1f} s = {figures.articles_per_second:.1f} articles/s"
        f" ({figures.failed_jobs} failed jobs)\n"
        f"  CPU ms per article: {stages}; queue {figures.queue_cpu_ms:.1f};"
        f" total {sum(figures.stage_cpu_ms.values()) + figures.queue_cpu_ms:.1f}\n"
        f"  Redis per article: {figures.redis_commands:.0f} commands,"
        f" {figures.redis_bytes / 1024:.1f} KB held at the end\n"
        f"  Redis bytes held per article by kind of key: {held}\n"
        f"  peak RSS of a worker: {figures.peak_rss_mb:.0f} MB;"
        f" stories vs events B-cubed F1 {quality if quality is None else round(quality, 3)}"
    )


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


def _seconds(text: str) -> tuple[float, float]:
    low, high = (float(part) for part in text.split(","))
    return low, high


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
