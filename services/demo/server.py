"""A real HTTP server on a thread that serves the demo's sites and feeds, or any directory.

Files are served as a plain web server would, with `{{base_url}}` in them replaced by the
server's own address (the content is written before anyone knows the port), a Content-Type
with charset, ETag and Last-Modified, and 304 on a matching conditional request. Tests may
add routes of their own (any status, headers and body) to a running site.

    with serve_content() as site:
        httpx.get(site.feed_urls[0])
"""

import hashlib
import mimetypes
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import structlog

log = structlog.get_logger(__name__)

CONTENT = Path(__file__).parent / "content"
PLACEHOLDER = b"{{base_url}}"
FEED_SUFFIXES = (".rss", ".atom", ".xml")

# Text files get an explicit charset, since a client must not have to sniff it.
_TEXT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
    ".json": "application/json",
    ".css": "text/css",
    ".js": "text/javascript",
    ".txt": "text/plain",
}


@dataclass(frozen=True)
class Route:
    """A canned response for one path, taking precedence over the files."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class DemoSite:
    """A running server: where it is, which feeds it has, and the routes tests added."""

    base_url: str
    feed_urls: list[str]
    directory: Path
    routes: dict[str, Route] = field(default_factory=dict)

    def url(self, path: str) -> str:
        """The absolute URL of a path on this site."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def add_route(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> str:
        """Answer `path` with this response from now on; returns its absolute URL."""
        raw = body.encode("utf-8") if isinstance(body, str) else body
        self.routes["/" + path.lstrip("/")] = Route(
            status=status, body=raw, headers={"Content-Type": content_type, **(headers or {})}
        )
        return self.url(path)


class _Server(ThreadingHTTPServer):
    site: DemoSite


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm on, the body waits
    # for the client's delayed ACK of the headers, 40 ms per keep-alive response.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        # The stdlib writes every request to stderr; a test run wants it quiet unless asked.
        log.debug("demo request", line=format % args)

    def _respond(self, *, send_body: bool) -> None:
        site = self.server.site
        path = unquote(urlsplit(self.path).path)
        route = site.routes.get(path)
        if route is not None:
            self._send(route.status, route.headers, route.body, send_body)
            return
        file = _resolve(site.directory, path)
        if file is None:
            body = b"<!DOCTYPE html><title>404 Not Found</title><h1>Not Found</h1>"
            self._send(404, {"Content-Type": "text/html; charset=utf-8"}, body, send_body)
            return
        body = file.read_bytes().replace(PLACEHOLDER, site.base_url.encode("ascii"))
        mtime = int(file.stat().st_mtime)
        etag = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
        headers = {
            "Content-Type": _content_type(file),
            "ETag": etag,
            "Last-Modified": formatdate(mtime, usegmt=True),
        }
        if self._not_modified(etag, mtime):
            self._send(304, {"ETag": etag, "Last-Modified": headers["Last-Modified"]}, b"", False)
            return
        self._send(200, headers, body, send_body)

    def _not_modified(self, etag: str, mtime: int) -> bool:
        # RFC 9110 13.1.3: If-None-Match, when present, decides and If-Modified-Since is ignored.
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return "*" in tags or etag in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since is None:
            return False
        try:
            return mtime <= parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError):
            return False

    def _send(self, status: int, headers: dict[str, str], body: bytes, send_body: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and status != 304:
            self.wfile.write(body)


def _resolve(directory: Path, path: str) -> Path | None:
    """The file a URL path names, or None; never a file outside `directory`."""
    relative = path.lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    candidate = (directory / relative).resolve()
    if not candidate.is_relative_to(directory) or not candidate.is_file():
        return None
    return candidate


def _content_type(file: Path) -> str:
    text_type = _TEXT_TYPES.get(file.suffix.lower())
    if text_type is not None:
        return f"{text_type}; charset=utf-8"
    guessed, _ = mimetypes.guess_type(file.name)
    return guessed or "application/octet-stream"


def discover_feeds(directory: Path) -> list[Path]:
    """The feed files under `directory` (by suffix), in a stable order."""
    return sorted(
        path
        for path in directory.rglob("*")
        if path.is_file() and path.suffix.lower() in FEED_SUFFIXES
    )


@contextmanager
def serve_content(
    directory: Path | None = None, host: str = "127.0.0.1", port: int = 0
) -> Iterator[DemoSite]:
    """Serve `directory` (the bundled demo content by default) on a thread until the block
    ends. Port 0 picks a free port; the site's `base_url` tells which."""
    root = (directory or CONTENT).resolve()
    server = _Server((host, port), _Handler)
    display_host = f"[{host}]" if ":" in host else host
    base_url = f"http://{display_host}:{server.server_port}"
    feeds = [f"{base_url}/{path.relative_to(root).as_posix()}" for path in discover_feeds(root)]
    server.site = DemoSite(base_url=base_url, feed_urls=feeds, directory=root)
    thread = threading.Thread(target=server.serve_forever, name="demo-http", daemon=True)
    thread.start()
    log.debug("demo site serving", base_url=base_url, directory=str(root))
    try:
        yield server.site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def main(argv: list[str]) -> int:
    """`python -m services.demo.server [PORT]`: serve the demo content until interrupted."""
    port = int(argv[0]) if argv else 0
    with serve_content(port=port) as site:
        print(f"serving {site.directory} at {site.base_url}")
        for url in site.feed_urls:
            print(f"feed: {url}")
        with suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
