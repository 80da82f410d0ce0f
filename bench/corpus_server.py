"""The generated corpus served on loopback by a child process, one port per outlet.

    with serve_corpus(CorpusSpec(articles=300)) as served:
        served.feed_urls          # one RSS feed per outlet
        served.gold()             # article URL -> event number

Every outlet is its own site on 127.0.0.1 at its own port, as every real outlet is its own
host: newsfold's host gate allows a few requests in flight per host (host:port), so one
port for the whole corpus would serialize the benchmark on it. Feeds are made when the
server starts and carry an ETag (a request that sends it back gets a 304); pages are made
from (spec, index) when first asked for (1-2 ms each) and kept in a bounded cache, so a
corpus of 100,000 pages is never held or pickled whole (its feeds take ~30 s to make).
Every response waits a random latency first, sleeping in its own thread, as a distant
server makes a client wait without costing anyone CPU.
"""

import hashlib
import multiprocessing
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection

from bench.corpus import article, feed_document, feed_url
from bench.corpus_plan import CorpusSpec, by_outlet, plan
from bench.loopback_http import LoopbackHandler

ROBOTS = b"User-agent: *\nAllow: /\n"
# Seconds a response waits before it is sent: a round trip to a real news site.
DEFAULT_LATENCY = (0.02, 0.08)
# Pages kept once made: a rerun over a corpus this small is served from memory.
_PAGE_CACHE = 2048
# A big corpus's feeds take a while to write before the server is ready (~0.3 ms an article).
_START_TIMEOUT = 600.0


@dataclass(frozen=True)
class ServedCorpus:
    """A running corpus server: the sites of its outlets, by outlet number."""

    spec: CorpusSpec
    site_urls: tuple[str, ...]

    @property
    def feed_urls(self) -> list[str]:
        """Every outlet's feed URL, by outlet number."""
        return [feed_url(self.spec, n, site) for n, site in enumerate(self.site_urls)]

    def article_url(self, index: int) -> str:
        """Where article `index` is served."""
        planned = plan(self.spec)[index]
        return self.site_urls[planned.outlet] + planned.path

    def gold(self) -> dict[str, int]:
        """Article URL -> event number: URLs with one event belong in one story."""
        return {self.article_url(p.index): p.event for p in plan(self.spec)}


@contextmanager
def serve_corpus(
    spec: CorpusSpec, latency: tuple[float, float] = DEFAULT_LATENCY
) -> Iterator[ServedCorpus]:
    """Serve the corpus of `spec` while the block runs, each response `latency` seconds
    (low, high: uniformly drawn) late."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_serve, args=(spec, latency, sender), daemon=True)
    process.start()
    # Only the child holds the sending end now, so its death ends the wait below.
    sender.close()
    try:
        if not receiver.poll(_START_TIMEOUT):
            raise TimeoutError("the corpus server did not start")
        try:
            ports: list[int] = receiver.recv()
        except EOFError as exc:
            raise RuntimeError("the corpus server died before it was ready") from exc
        yield ServedCorpus(spec, tuple(f"http://127.0.0.1:{port}" for port in ports))
    finally:
        process.terminate()
        process.join(timeout=10)


@dataclass(frozen=True)
class _Response:
    body: bytes
    content_type: str
    etag: str


def _response(body: bytes, content_type: str) -> _Response:
    return _Response(body, content_type, f'"{hashlib.blake2b(body, digest_size=8).hexdigest()}"')


def _serve(spec: CorpusSpec, latency: tuple[float, float], ready: Connection) -> None:
    # Bound first, handlers given below: pages link to their site, whose port the bind
    # decides.
    servers = [
        ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler) for _ in range(spec.outlets)
    ]
    sites = [f"http://127.0.0.1:{server.server_address[1]}" for server in servers]

    @lru_cache(maxsize=_PAGE_CACHE)
    def page(index: int) -> _Response:
        html = article(spec, index, sites[plan(spec)[index].outlet]).html
        return _response(html, "text/html; charset=utf-8")

    for number, server in enumerate(servers):
        feed = _response(feed_document(spec, number, sites[number]), "application/rss+xml")
        routes = {planned.path: planned.index for planned in by_outlet(spec)[number]}
        path = feed_url(spec, number, "")
        server.RequestHandlerClass = _handler(path, feed, routes, page, latency)
        server.daemon_threads = True
        # The interval only bounds how soon serve_forever notices a shutdown, which never
        # comes: the process is terminated. Hundreds of outlets polling twice a second
        # would be CPU taken from the benchmark.
        threading.Thread(target=server.serve_forever, args=(3600,), daemon=True).start()
    ready.send([server.server_address[1] for server in servers])
    while True:
        time.sleep(3600)


def _handler(
    feed_path: str,
    feed: _Response,
    routes: dict[str, int],
    page: Callable[[int], _Response],
    latency: tuple[float, float],
) -> type[BaseHTTPRequestHandler]:
    class Handler(LoopbackHandler):
        def do_GET(self) -> None:
            time.sleep(random.uniform(*latency))
            response = self._route()
            if response is None:
                self.reply(404)
            elif self.headers.get("If-None-Match") == response.etag:
                self.reply(304, headers={"ETag": response.etag})
            else:
                headers = {"ETag": response.etag, "Content-Type": response.content_type}
                self.reply(200, response.body, headers)

        def _route(self) -> _Response | None:
            path = self.path.split("?", 1)[0]
            if path == feed_path:
                return feed
            if path == "/robots.txt":
                return _response(ROBOTS, "text/plain")
            index = routes.get(path)
            return None if index is None else page(index)

    return Handler
