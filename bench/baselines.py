"""What newsfold's pipeline is compared with, on the same generated corpus: extraction alone
(the floor) and the simple pipelines a user might write instead.

    python -m bench.baselines [--articles 300] [--outlets 10] [--seed 1]

Baselines, each run by `run_baseline` in a fresh process pinned to one core:

- `trafilatura`: trafilatura's `bare_extraction` (metadata on, comments off) over the pages
  already in memory: no fetching, no queues, nothing but extraction;
- `extract_page`: newsfold's own `extract_page` over the same pages, without feed entries;
- `trafilatura-pipeline`: each feed fetched with httpx and parsed by feedparser, every article
  fetched in turn and extracted by trafilatura, copies dropped by a set of text hashes;
- `newspaper4k-pipeline`: the same with newspaper4k parsing the pages (image fetching off:
  the corpus serves no images). Unavailable when newspaper4k is not installed.

Each gives articles per wall second and CPU seconds per article (`time.process_time`).
The pipelines read the corpus over HTTP (`bench.corpus_server`), the floors make it in memory.

2026-11-23, this 2-core VM, 300 articles over 10 outlets (30 exact copies), 20-80 ms latency:

    trafilatura: 80.0 articles/s, 12.5 ms CPU per article
    extract_page: 90.6 articles/s, 11.0 ms CPU per article
    trafilatura-pipeline: 13.2 articles/s, 20.0 ms CPU per article, 0 dropped
    newspaper4k-pipeline: 8.2 articles/s, 66.1 ms CPU per article, 0 dropped

No exact copy is dropped by its text hash: the "Read more" links inside each page's body
differ from page to page, and both extractors keep them.
"""

import argparse
import hashlib
import importlib.util
import multiprocessing
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection

import feedparser
import httpx
from trafilatura import bare_extraction

from bench.corpus import make_corpus
from bench.corpus_plan import CorpusSpec, Kind
from bench.corpus_server import serve_corpus
from workers.extract.page import extract_page

FLOORS = ("trafilatura", "extract_page")
PIPELINES = ("trafilatura-pipeline", "newspaper4k-pipeline")
# The module newspaper4k installs.
_NEWSPAPER = "newspaper"
# Pages extracted before the clock starts: imports and first-call set-up are not per page.
_WARMUP = 3


@dataclass(frozen=True)
class Figures:
    """One baseline's run. `duplicates` is how many articles a pipeline dropped as copies
    (None for the floors, which do not dedupe)."""

    name: str
    articles: int
    wall_seconds: float
    cpu_seconds: float
    duplicates: int | None = None

    @property
    def articles_per_second(self) -> float:
        """Articles per wall-clock second."""
        return self.articles / self.wall_seconds if self.wall_seconds else 0.0

    @property
    def cpu_per_article(self) -> float:
        """CPU seconds spent per article."""
        return self.cpu_seconds / self.articles if self.articles else 0.0


class BaselineUnavailable(Exception):
    """A baseline's library is not installed."""


def unavailable(name: str) -> str | None:
    """Why baseline `name` cannot run here, or None when it can."""
    if name == "newspaper4k-pipeline" and importlib.util.find_spec(_NEWSPAPER) is None:
        return "newspaper4k is not installed (pip install newspaper4k)"
    return None


def run_baseline(name: str, spec: CorpusSpec, feed_urls: list[str] | None = None) -> Figures:
    """Run baseline `name` in a fresh process pinned to one core. A pipeline reads
    `feed_urls` (the corpus of `spec` as `serve_corpus` serves it); a floor makes the
    pages of `spec` in memory. Raises `BaselineUnavailable` if its library is missing."""
    if (reason := unavailable(name)) is not None:
        raise BaselineUnavailable(reason)
    if name in PIPELINES and not feed_urls:
        raise ValueError(f"{name} reads the corpus over HTTP: pass its feed URLs")
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(name, spec, feed_urls or [], sender))
    process.start()
    sender.close()
    try:
        outcome: Figures | str = receiver.recv()
    except EOFError as exc:
        raise RuntimeError(f"baseline {name} died") from exc
    finally:
        process.join()
    if isinstance(outcome, str):
        raise RuntimeError(f"baseline {name} failed: {outcome}")
    return outcome


def _child(name: str, spec: CorpusSpec, feed_urls: list[str], result: Connection) -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    try:
        if name in FLOORS:
            result.send(_floor(name, spec))
        else:
            result.send(_pipeline(name, feed_urls, _extractor(name)))
    except Exception as exc:  # reported to the parent, which raises it there
        result.send(f"{type(exc).__name__}: {exc}")


def _floor(name: str, spec: CorpusSpec) -> Figures:
    pages = [(article.html, article.url) for article in make_corpus(spec).articles]

    def extract(html: bytes, url: str) -> str:
        if name == "extract_page":
            return extract_page(html, url).text
        return _trafilatura_text(html, url)

    for html, url in pages[:_WARMUP]:
        extract(html, url)
    with _timed() as clock:
        for html, url in pages:
            extract(html, url)
    return Figures(name, len(pages), clock.wall, clock.cpu)


def _pipeline(name: str, feed_urls: list[str], extract: Callable[[str, str], str]) -> Figures:
    seen: set[str] = set()
    articles = duplicates = 0
    with _timed() as clock, httpx.Client(timeout=30) as client:
        for feed_url in feed_urls:
            feed = feedparser.parse(client.get(feed_url).content)
            for entry in feed.entries:
                response = client.get(entry.link)
                text = extract(response.text, entry.link)
                articles += 1
                digest = hashlib.sha1(text.encode()).hexdigest()
                if text and digest in seen:
                    duplicates += 1
                seen.add(digest)
    return Figures(name, articles, clock.wall, clock.cpu, duplicates)


def _extractor(name: str) -> Callable[[str, str], str]:
    if name == "trafilatura-pipeline":
        return _trafilatura_text
    with warnings.catch_warnings():
        # newspaper4k warns on import that nltk (for its NLP extras, unused here) is missing.
        warnings.simplefilter("ignore")
        import newspaper

    def newspaper_text(html: str, url: str) -> str:
        article = newspaper.Article(url, fetch_images=False)
        article.download(input_html=html)
        article.parse()
        return str(article.text)

    return newspaper_text


def _trafilatura_text(html: bytes | str, url: str) -> str:
    document = bare_extraction(html, url=url, include_comments=False, with_metadata=True)
    return "" if document is None or isinstance(document, dict) else document.text or ""


@dataclass
class _Clock:
    wall: float = 0.0
    cpu: float = 0.0


@contextmanager
def _timed() -> Iterator[_Clock]:
    """Wall and CPU seconds of the block, filled in when it ends."""
    clock = _Clock()
    wall, cpu = time.perf_counter(), time.process_time()
    yield clock
    clock.wall, clock.cpu = time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str]) -> int:
    """Run every baseline on one generated corpus and print their figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.baselines", description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--outlets", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    spec = CorpusSpec(articles=args.articles, outlets=args.outlets, seed=args.seed)
    print(f"{spec.articles} articles, {spec.count(Kind.EXACT)} exact copies, one core each")
    with serve_corpus(spec) as served:
        for name in (*FLOORS, *PIPELINES):
            try:
                figures = run_baseline(name, spec, served.feed_urls)
            except BaselineUnavailable as exc:
                print(f"{name}: skipped, {exc}")
                continue
            dropped = "" if figures.duplicates is None else f", {figures.duplicates} dropped"
            print(
                f"{name}: {figures.articles_per_second:.1f} articles/s,"
                f" {figures.cpu_per_article * 1000:.1f} ms CPU per article{dropped}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
