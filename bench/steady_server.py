"""Outlets that keep publishing, served on loopback by a child process, for the steady-load
benchmark (`bench.steady_load`).

    with serve_stream(stream, log_path) as served:
        served.start(time.time())   # article i is published at start + (i - backlog) / rate

Article `i` of the stream's corpus is published at `published_at(i)`: one every 1/rate
seconds across all outlets, the first `backlog` before the start (so each feed shows a few
dated entries at its first poll and its interval is learnt at once). Before `start` every
feed is empty. A feed shows its outlet's newest `shown` published articles, with an ETag of
its body; every feed response is logged to `log_path` as `outlet served_at status newest`
(`newest`: the highest article index the document holds, -1 for none), which is when
newsfold first saw an entry, measured from the server's side. Pages come from the corpus
generator (`bench.corpus.article`) as in `bench.corpus_server`, each response a random
latency late.
"""

import hashlib
import math
import multiprocessing
import random
import threading
import time
from bisect import bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path

from bench.corpus import article, feed_url, story_of
from bench.corpus_feeds import FeedItem, rss_document
from bench.corpus_outlets import outlet
from bench.corpus_plan import CorpusSpec, by_outlet, plan
from bench.corpus_server import ROBOTS
from bench.loopback_http import LoopbackHandler

_START_TIMEOUT = 120.0
_PAGE_CACHE = 2048


@dataclass(frozen=True)
class Stream:
    """What is published: `spec`'s articles in index order, `rate` per second, the first
    `backlog` of them before the start; a feed lists its newest `shown` articles."""

    spec: CorpusSpec
    rate: float
    backlog: int
    shown: int = 30

    def published_at(self, index: int, start: float) -> float:
        """When article `index` is published (Unix seconds), the stream starting at `start`."""
        return start + (index - self.backlog) / self.rate


@dataclass(frozen=True)
class ServedStream:
    """A running stream server: its outlets' sites, and the shared start time to set."""

    stream: Stream
    site_urls: tuple[str, ...]
    _start: "Synchronized[float]"

    @property
    def feed_urls(self) -> list[str]:
        """Every outlet's feed URL, by outlet number."""
        spec = self.stream.spec
        return [feed_url(spec, n, site) for n, site in enumerate(self.site_urls)]

    def article_url(self, index: int) -> str:
        """Where article `index` is served."""
        planned = plan(self.stream.spec)[index]
        return self.site_urls[planned.outlet] + planned.path

    def start(self, at: float) -> None:
        """Start publishing: article `backlog` appears at `at` (Unix seconds)."""
        self._start.value = at


@contextmanager
def serve_stream(
    stream: Stream, log_path: Path, latency: tuple[float, float]
) -> Iterator[ServedStream]:
    """Serve the stream while the block runs; the child process is terminated on exit."""
    context = multiprocessing.get_context("spawn")
    start = context.Value("d", float("inf"))
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_serve, args=(stream, log_path, latency, start, sender), daemon=True
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(_START_TIMEOUT):
            raise TimeoutError("the stream server did not start")
        ports: list[int] = receiver.recv()
        sites = tuple(f"http://127.0.0.1:{port}" for port in ports)
        yield ServedStream(stream, sites, start)
    finally:
        process.terminate()
        process.join(timeout=10)


def _serve(
    stream: Stream,
    log_path: Path,
    latency: tuple[float, float],
    start: "Synchronized[float]",
    ready: Connection,
) -> None:
    spec = stream.spec
    servers = [
        ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler) for _ in range(spec.outlets)
    ]
    sites = [f"http://127.0.0.1:{server.server_address[1]}" for server in servers]
    log = log_path.open("a", buffering=1)
    log_lock = threading.Lock()

    @lru_cache(maxsize=_PAGE_CACHE)
    def page(index: int) -> bytes:
        return article(spec, index, sites[plan(spec)[index].outlet]).html

    def record(line: str) -> None:
        with log_lock:
            log.write(line)

    site = _Site(_Feeds(stream, sites), page, start, latency, record)
    for number, server in enumerate(servers):
        server.RequestHandlerClass = site.handler(number)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, args=(3600,), daemon=True).start()
    ready.send([server.server_address[1] for server in servers])
    while True:
        time.sleep(3600)


@dataclass(frozen=True)
class _Site:
    """What every outlet's handler shares: feeds, pages, the start time, the fetch log."""

    feeds: "_Feeds"
    page: Callable[[int], bytes]
    start: "Synchronized[float]"
    latency: tuple[float, float]
    record: Callable[[str], None]

    def handler(self, number: int) -> type[BaseHTTPRequestHandler]:
        """The request handler of outlet `number`'s site."""
        spec = self.feeds.stream.spec
        routes = {planned.path: planned.index for planned in by_outlet(spec)[number]}
        path = feed_url(spec, number, "")
        site = self

        class Handler(LoopbackHandler):
            def do_GET(self) -> None:
                time.sleep(random.uniform(*site.latency))
                request = self.path.split("?", 1)[0]
                index = routes.get(request)
                if request == path:
                    self._feed()
                elif request == "/robots.txt":
                    self.reply(200, ROBOTS, {"Content-Type": "text/plain"})
                elif index is not None and site.feeds.is_out(index, site.start.value):
                    page = site.page(index)
                    self.reply(200, page, {"Content-Type": "text/html; charset=utf-8"})
                else:
                    self.reply(404)

            def _feed(self) -> None:
                newest, body, etag = site.feeds.document(number, site.start.value)
                if self.headers.get("If-None-Match") == etag:
                    status = 304
                    self.reply(304, headers={"ETag": etag})
                else:
                    status = 200
                    self.reply(200, body, {"ETag": etag, "Content-Type": "application/rss+xml"})
                # Logged once the response is written: the moment the poll has its entries.
                site.record(f"{number} {time.time():.4f} {status} {newest}\n")

        return Handler


class _Feeds:
    """Each outlet's feed document as of a moment, made once per set of entries."""

    def __init__(self, stream: Stream, sites: list[str]) -> None:
        self.stream = stream
        self.sites = sites
        self.indices = [[p.index for p in group] for group in by_outlet(stream.spec)]
        self.lock = threading.Lock()
        self.made: dict[tuple[int, int], tuple[bytes, str]] = {}

    def is_out(self, index: int, start: float) -> bool:
        """Whether article `index` is published yet (its page 404s before)."""
        return self.stream.published_at(index, start) <= time.time()

    def document(self, number: int, start: float) -> tuple[int, bytes, str]:
        """Outlet `number`'s newest published article index (-1: none), feed body and ETag."""
        indices = self.indices[number]
        # Indices in an outlet's list ascend, and so do their publication times.
        published = bisect_right(indices, self._last_published(start))
        shown = indices[max(0, published - self.stream.shown) : published]
        newest = shown[-1] if shown else -1
        with self.lock:
            if (number, newest) not in self.made:
                body = self._render(number, shown, start)
                etag = f'"{hashlib.blake2b(body, digest_size=8).hexdigest()}"'
                self.made[(number, newest)] = (body, etag)
            body, etag = self.made[(number, newest)]
        return newest, body, etag

    def _last_published(self, start: float) -> int:
        elapsed = time.time() - start
        if elapsed == float("-inf"):
            return -1
        last = self.stream.backlog + math.floor(elapsed * self.stream.rate)
        return min(last, self.stream.spec.articles - 1)

    def _render(self, number: int, shown: list[int], start: float) -> bytes:
        spec = self.stream.spec
        site = outlet(spec.seed, number)
        items = []
        for index in shown:
            story = story_of(spec, index, blocks=1)
            moment = datetime.fromtimestamp(self.stream.published_at(index, start), UTC)
            items.append(
                FeedItem(
                    guid=f"{site.slug}-{plan(spec)[index].id}",
                    url=self.sites[number] + plan(spec)[index].path,
                    title=story.title,
                    description=story.description,
                    published_at=moment,
                )
            )
        return rss_document(site.name, self.sites[number], items)
