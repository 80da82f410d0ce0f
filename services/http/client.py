"""The httpx client newsfold fetches with: its address guard, timeouts and identity.

Build one per process at the entry point and pass it in (`WorkerContext.http`); it keeps
connections alive between fetches of the same host.
"""

import ssl
import time

import httpcore
import httpx

from schemas.settings import HttpSettings
from services.http.backend import GuardedBackend
from services.http.content_decoding import ACCEPT_ENCODING
from services.http.deadline import DeadlineBody, deadline

# A request extension carrying the `time.monotonic()` at which a fetch began, so that the
# total deadline covers all of its redirect hops rather than restarting at each one.
STARTED_AT = "newsfold.started_at"

# httpx's own defaults, which the replaced pool below must be given explicitly.
_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport on a pool that connects through `GuardedBackend`, with a total
    deadline on every response."""

    def __init__(
        self,
        *,
        allow_private: bool,
        total_timeout: float,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        # Building a TLS context loads the CA bundle (~18 ms of CPU): built once here, and
        # short-lived clients pass one they keep.
        tls = ssl_context or httpx.create_ssl_context()
        super().__init__(limits=_LIMITS, verify=tls)
        # httpx 0.28 cannot hand a network backend to the pool it builds (encode/httpx#3749
        # adds that), so that pool, still unused, is replaced by one that has ours.
        self._pool = httpcore.ConnectionPool(
            ssl_context=tls,
            max_connections=_LIMITS.max_connections,
            max_keepalive_connections=_LIMITS.max_keepalive_connections,
            keepalive_expiry=_LIMITS.keepalive_expiry,
            network_backend=GuardedBackend(allow_private=allow_private),
        )
        self._total_timeout = total_timeout

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request`; its headers and body must all arrive before the deadline."""
        started = request.extensions.get(STARTED_AT, time.monotonic())
        at = started + self._total_timeout
        with deadline(at):
            response = super().handle_request(request)
        assert isinstance(response.stream, httpx.SyncByteStream)
        response.stream = DeadlineBody(response.stream, at)
        return response


def build_client(settings: HttpSettings, *, allow_private: bool) -> httpx.Client:
    """A client for `services.http.fetch.fetch`.

    Connections to non-public addresses are refused after DNS resolution unless
    `allow_private` (tests, a demo server on the same host). Redirects are not followed here:
    `fetch` follows them, checking each hop.
    """
    return httpx.Client(
        transport=GuardedTransport(
            allow_private=allow_private, total_timeout=settings.total_timeout
        ),
        # Only the codings `fetch` decodes itself; httpx would offer zstd too once its
        # package is installed.
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        follow_redirects=False,
        # Unused by httpx with follow_redirects off; `fetch` reads it as its hop limit.
        max_redirects=settings.max_redirects,
        # A proxy from the environment would open connections on newsfold's behalf, past the
        # address check; netrc credentials have no business on feed servers either.
        trust_env=False,
    )
