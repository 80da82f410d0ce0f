"""A webhook receiver on 127.0.0.1 for tests: records each POST and answers as scripted."""

import contextlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Delivery:
    """One POST the receiver got."""

    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Script:
    """How the receiver answers: these statuses in turn, then `then`; `hang_seconds`
    before answering at all."""

    statuses: list[int] = field(default_factory=list)
    then: int = 200
    hang_seconds: float = 0.0


class Receiver:
    """The running receiver."""

    def __init__(self) -> None:
        self.script = Script()
        self.deliveries: list[Delivery] = []
        self.stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        """Where webhooks go."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/hooks/newsfold"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def answer(self, delivery: Delivery) -> tuple[int, float]:
        """Record `delivery`; the status to answer and how long to hang first."""
        with self._lock:
            self.deliveries.append(delivery)
            status = self.script.statuses.pop(0) if self.script.statuses else self.script.then
            return status, self.script.hang_seconds


def _handler_for(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {name.lower(): value for name, value in self.headers.items()}
            status, hang = receiver.answer(Delivery(self.path, headers, body))
            deadline = time.monotonic() + hang
            while time.monotonic() < deadline and not receiver.stopping.is_set():
                time.sleep(0.02)
            reply = b"ok" if status < 300 else b"receiver error " * 10_000
            self.send_response(status)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the sender gave up waiting
                self.wfile.write(reply)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: pytest shows failures, not access logs."""

    return Handler
