"""A deadline for a whole response, however slowly its server talks.

httpx's timeouts bound each connect and each read, so a server that sends one byte every few
seconds never trips them. The transport (`services.http.client`) sets a deadline per request
and every socket operation beneath it is cut short by it: headers and body alike. It travels in
a context variable because httpcore hands the network stream nothing but a per-operation
timeout.
"""

import ssl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import httpcore
import httpx

T = TypeVar("T")

DEADLINE_EXCEEDED = "no complete response within the total deadline"

_deadline: ContextVar[float | None] = ContextVar("newsfold_http_deadline", default=None)


@contextmanager
def deadline(at: float) -> Iterator[None]:
    """Make network operations in the block end by `at` (a `time.monotonic()` value)."""
    token = _deadline.set(at)
    try:
        yield
    finally:
        _deadline.reset(token)


def within_deadline(
    operation: Callable[[float | None], T],
    timeout: float | None,
    error: type[httpcore.TimeoutException],
) -> T:
    """Run `operation(timeout)` with the timeout shortened to what remains of the deadline.

    Raises `error` (an httpcore timeout, which httpx then maps as it maps its own) when the
    deadline has passed or runs out during the operation.
    """
    at = _deadline.get()
    if at is None:
        return operation(timeout)
    remaining = at - time.monotonic()
    if remaining <= 0:
        raise error(DEADLINE_EXCEEDED)
    if timeout is not None and timeout < remaining:
        return operation(timeout)
    try:
        return operation(remaining)
    except error as exc:
        raise error(DEADLINE_EXCEEDED) from exc


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose reads, writes and TLS handshake respect the current deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return within_deadline(
            lambda limit: self._inner.read(max_bytes, limit), timeout, httpcore.ReadTimeout
        )

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        within_deadline(
            lambda limit: self._inner.write(buffer, limit), timeout, httpcore.WriteTimeout
        )

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        secured = within_deadline(
            lambda limit: self._inner.start_tls(ssl_context, server_hostname, limit),
            timeout,
            httpcore.ConnectTimeout,
        )
        return DeadlineStream(secured)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBody(httpx.SyncByteStream):
    """A response body read under the deadline of the request that produced it."""

    def __init__(self, inner: httpx.SyncByteStream, at: float) -> None:
        self._inner = inner
        self._at = at

    def __iter__(self) -> Iterator[bytes]:
        chunks = iter(self._inner)
        while True:
            # Set around each read only: the caller's code between chunks runs outside it.
            with deadline(self._at):
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk

    def close(self) -> None:
        self._inner.close()
