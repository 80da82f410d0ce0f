"""The request handler the benchmarks' loopback servers share: HTTP/1.1 keep-alive, whole
responses, no access log."""

from http.server import BaseHTTPRequestHandler
from typing import Any


class LoopbackHandler(BaseHTTPRequestHandler):
    """A handler whose subclasses answer with `reply`."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm on, the body waits for
    # the client's delayed ACK of the headers, 40 ms per keep-alive response.
    disable_nagle_algorithm = True

    def reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        """Send a complete response."""
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a benchmark's requests are counted, not logged."""
