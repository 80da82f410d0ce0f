"""Why a fetch failed, as a tree of exceptions with stable codes.

Each class has a `code` that is stored on a feed (`last_error = "<code>: <message>"`) and
counted, so it must never change once released. httpx and httpcore errors are translated into
these at the boundary (`services.http.fetch`), keeping the original as `__cause__`.

    FetchError                     fetch_error
    ├── FetchTimeout               timeout (connect, read, or the total deadline)
    ├── DnsError                   dns
    ├── TlsError                   tls
    ├── ConnectionFailed           connection (refused, reset, closed early)
    ├── BadResponse                bad_response (broken HTTP framing or content encoding)
    ├── HttpStatusError            (carries status and Retry-After)
    │   ├── HttpClientError        http_4xx
    │   └── HttpServerError        http_5xx
    ├── TooLarge                   too_large
    ├── BlockedAddress             blocked_address (SSRF guard)
    ├── BadUrl                     bad_url
    │   └── BadScheme              bad_scheme
    ├── TooManyRedirects           too_many_redirects
    ├── HostBusy                   host_busy (not fetched: the host's gate is closed for now)
    ├── RobotsDisallowed           robots_disallowed (not fetched: the site's robots.txt)
    └── NotAFeed                   not_a_feed (in services.poller.parse)
"""

from datetime import datetime


class FetchError(Exception):
    """A URL could not be fetched. `url` is the URL being fetched when it failed (a
    redirect target, possibly); the network backend raises some of these before it knows
    the URL, and `fetch` fills it in, as httpx does with `HTTPError.request`."""

    code = "fetch_error"

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url

    def __str__(self) -> str:
        return self.message if self.url is None else f"{self.message} ({self.url})"


class FetchTimeout(FetchError):
    """Connecting, a read, or the whole response took too long."""

    code = "timeout"


class DnsError(FetchError):
    """The host name did not resolve."""

    code = "dns"


class TlsError(FetchError):
    """The TLS handshake failed (bad certificate, wrong host name, old protocol)."""

    code = "tls"


class ConnectionFailed(FetchError):
    """The connection was refused, reset, or closed before a whole response arrived."""

    code = "connection"


class BadResponse(FetchError):
    """The server's answer was not valid HTTP, or its content encoding would not decode."""

    code = "bad_response"


class HttpStatusError(FetchError):
    """The server answered with an error status. `retry_after` is the server's
    Retry-After in seconds from now, when it sent a valid one."""

    def __init__(
        self, message: str, *, status: int, retry_after: float | None = None, url: str | None
    ) -> None:
        super().__init__(message, url=url)
        self.status = status
        self.retry_after = retry_after


class HttpClientError(HttpStatusError):
    """A 4xx status: gone, forbidden, rate-limited (429)..."""

    code = "http_4xx"


class HttpServerError(HttpStatusError):
    """A 5xx status."""

    code = "http_5xx"


class TooLarge(FetchError):
    """The decoded body exceeded the size limit."""

    code = "too_large"


class BlockedAddress(FetchError):
    """The destination is a loopback, private or otherwise non-public address."""

    code = "blocked_address"


class BadUrl(FetchError):
    """The URL cannot be fetched as written."""

    code = "bad_url"


class BadScheme(BadUrl):
    """The URL, or a redirect, is not http or https."""

    code = "bad_scheme"


class TooManyRedirects(FetchError):
    """The redirect chain was longer than allowed."""

    code = "too_many_redirects"


class HostBusy(FetchError):
    """Nothing was sent: the host's slots were all taken, or it asked to be left alone (a
    429 or 503's Retry-After, its Crawl-delay), for longer than the caller would wait.
    `retry_at` is when trying again makes sense. Not a fault of the URL: callers retry
    rather than count it against a feed (`services.http.host_gate`)."""

    code = "host_busy"

    def __init__(self, message: str, *, retry_at: datetime, url: str | None) -> None:
        super().__init__(message, url=url)
        self.retry_at = retry_at


class RobotsDisallowed(FetchError):
    """Nothing was sent: the site's robots.txt does not let newsfold have the page, or could
    not be read (`services.http.robots`)."""

    code = "robots_disallowed"
