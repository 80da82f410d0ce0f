"""What every response gets: security headers and one structlog access line."""

import time
import uuid
from collections.abc import Awaitable, Callable

import structlog
from fastapi import Request, Response

log = structlog.get_logger(__name__)

# Nothing from a fetched page may run in a reader's browser: no script source at all, styles
# and images only from this server, forms only back to it, and no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


async def secure_and_log(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Run the request with a request id bound to every log line it writes, add the security
    headers to the response, and log one access line."""
    started = time.perf_counter()
    request_id = uuid.uuid4().hex[:16]
    with structlog.contextvars.bound_contextvars(request_id=request_id):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        response.headers["X-Request-Id"] = request_id
        log.info(
            "request",
            method=request.method,
            path=request.url.path,
            query=request.url.query or None,
            status=response.status_code,
            ms=round((time.perf_counter() - started) * 1000, 1),
            client=request.client.host if request.client else None,
        )
    return response
