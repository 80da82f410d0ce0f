"""A loopback farm of small RSS feeds for the polling benchmark, served by a child process.

Feed `i` lives at `/feeds/<i>.xml` with `entries` items linking to `/articles/<i>/<k>`, an
ETag, and a 304 for a request that sends it back: what a well-behaved feed server does.
The server runs in its own process, so its work does not share the benchmark's interpreter.
"""

import multiprocessing
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import ThreadingHTTPServer
from multiprocessing.connection import Connection

from bench.loopback_http import LoopbackHandler

_FEED_PATH = re.compile(r"^/feeds/(\d+)\.xml$")
_PUBLISHED = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


@contextmanager
def feed_farm(entries: int) -> Iterator[str]:
    """Serve the farm on 127.0.0.1 while the block runs; yields its base URL."""
    receiver, sender = multiprocessing.get_context("spawn").Pipe(duplex=False)
    process = multiprocessing.get_context("spawn").Process(
        target=_serve, args=(entries, sender), daemon=True
    )
    process.start()
    port = receiver.recv()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.join(timeout=10)


def feed_document(number: int, entries: int) -> bytes:
    """The RSS document of feed `number`."""
    items = "".join(
        f"<item><title>Story {number}-{index}</title>"
        f"<link>/articles/{number}/{index}</link><guid>farm-{number}-{index}</guid>"
        f"<pubDate>{format_datetime(_PUBLISHED - timedelta(hours=index))}</pubDate>"
        f"<description>Summary of story {number}-{index}.</description></item>"
        for index in range(entries)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Farm feed {number}</title><link>/</link>{items}</channel></rss>"
    ).encode()


def _serve(entries: int, ready: Connection) -> None:
    class Handler(LoopbackHandler):
        def do_GET(self) -> None:
            match = _FEED_PATH.match(self.path)
            if match is None:
                self.reply(404)
                return
            etag = f'"farm-{match[1]}"'
            if self.headers.get("If-None-Match") == etag:
                self.reply(304, headers={"ETag": etag})
                return
            body = feed_document(int(match[1]), entries)
            self.reply(200, body, {"ETag": etag, "Content-Type": "application/rss+xml"})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    ready.send(server.server_address[1])
    server.serve_forever()
