"""A real HTTP server on 127.0.0.1 for tests, serving whatever replies a test registers.

The pytest fixture that starts one is in `tests.plugins.http_fixture`; tests import the classes
from here (importing a plugin module before pytest registers it defeats assertion rewriting).

Tests set `server.routes[path]` to a `Reply`, or to a function of the request handler that
returns a `Reply` (to look at request headers) or writes the response itself and returns None
(to misbehave: trickle bytes, stall). Every request's path and headers are recorded.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """A whole response."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Route = Reply | Callable[[BaseHTTPRequestHandler], Reply | None]


@dataclass(frozen=True)
class SeenRequest:
    """A request the server received."""

    path: str
    headers: dict[str, str]


class LocalServer:
    """The running server: its routes, the requests it saw, and URLs on it."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[SeenRequest] = []
        self.stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._httpd.handle_error = lambda request, address: None  # type: ignore[method-assign]
        self.port = int(self._httpd.server_address[1])
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str = "/") -> str:
        """An absolute URL of `path` on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> None:
        """Start serving on a background thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving; misbehaving handlers watch `stopping` and give up."""
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def _handler_for(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: with Nagle's algorithm on, the body waits
        # for the client's delayed ACK of the headers, 40 ms per keep-alive response.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            headers = {name.lower(): value for name, value in self.headers.items()}
            server.requests.append(SeenRequest(self.path, headers))
            route = server.routes.get(path, Reply(404, b"not found"))
            reply = route(self) if callable(route) else route
            if reply is not None:
                send_reply(self, reply)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: pytest shows failures, not access logs."""

    return Handler


def send_reply(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
    """Write `reply` as a complete HTTP/1.1 response."""
    handler.send_response(reply.status)
    for name, value in reply.headers.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(reply.body)))
    handler.end_headers()
    handler.wfile.write(reply.body)
