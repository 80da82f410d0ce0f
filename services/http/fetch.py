"""Download one URL under newsfold's rules, following redirects by hand.

Every hop's scheme (and IP literal) is checked here; every connection's address is checked
by the client's network backend. The body is decoded here in bounded pieces and counted
after decoding, so a gzip, deflate or brotli bomb is stopped at the limit without ever
being inflated past it, and the client's total deadline bounds the whole fetch.
"""

import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx
import structlog

from services.http.address import is_public, parse_ip
from services.http.client import STARTED_AT
from services.http.content_decoding import decoded
from services.http.errors import (
    BadResponse,
    BadScheme,
    BadUrl,
    BlockedAddress,
    ConnectionFailed,
    FetchError,
    FetchTimeout,
    HttpClientError,
    HttpServerError,
    TlsError,
    TooLarge,
    TooManyRedirects,
)

log = structlog.get_logger(__name__)

# Decoded bytes handed over at a time: what a body may overshoot its limit by, at most.
_PIECE = 64 * 1024

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})
SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True)
class Redirect:
    """One redirect hop: its status and the absolute URL it pointed to."""

    status: int
    location: str

    @property
    def permanent(self) -> bool:
        """True for 301 and 308, which tell clients to use the new URL from now on."""
        return self.status in PERMANENT_REDIRECTS


@dataclass(frozen=True)
class Fetched:
    """A response newsfold accepted. `url` is the final URL after `redirects`; `content`
    is the body after content decoding (empty for 304 Not Modified); `encoding` is the
    charset of the Content-Type header, if it names one."""

    url: str
    status_code: int
    headers: httpx.Headers
    content: bytes
    encoding: str | None
    redirects: tuple[Redirect, ...] = ()

    @property
    def permanent_url(self) -> str | None:
        """Where the URL asked for has moved for good: the target of the redirects before
        the first temporary one, if the first was permanent (a 302 after a 301 says the
        301's target is the resource's home, the 302's only where it is today)."""
        moved = None
        for hop in self.redirects:
            if not hop.permanent:
                break
            moved = hop.location
        return moved


def fetch(
    client: httpx.Client,
    url: str,
    *,
    max_bytes: int,
    allow_private: bool,
    headers: dict[str, str] | None = None,
) -> Fetched:
    """GET `url` with `client` (from `build_client`), following at most
    `client.max_redirects` redirects.

    `allow_private` lets IP-literal URLs name non-public addresses; the client's own
    setting decides for host names. Raises a FetchError subclass for every failure,
    including statuses >= 400.
    """
    started = time.monotonic()
    try:
        fetched = _follow(client, url, started, max_bytes, allow_private, headers or {})
    except FetchError as exc:
        # The one summary line of this fetch, with the same fields as a success's.
        log.info(
            "fetch failed",
            url=url,
            status=getattr(exc, "status", None),
            bytes=0,
            ms=_elapsed_ms(started),
            outcome=exc.code,
            error=exc.message,
        )
        raise
    log.info(
        "fetched",
        url=url,
        final_url=fetched.url,
        status=fetched.status_code,
        bytes=len(fetched.content),
        ms=_elapsed_ms(started),
        outcome="not_modified" if fetched.status_code == 304 else "ok",
    )
    return fetched


def _follow(
    client: httpx.Client,
    url: str,
    started: float,
    max_bytes: int,
    allow_private: bool,
    headers: dict[str, str],
) -> Fetched:
    target = checked_url(url, allow_private=allow_private)
    redirects: list[Redirect] = []
    for _hop in range(client.max_redirects + 1):
        with _translated(str(target)):
            request = client.build_request(
                "GET", target, headers=headers, extensions={STARTED_AT: started}
            )
            response = client.send(request, stream=True)
            try:
                location = _redirect_location(response)
                if location is None:
                    return _accept(response, max_bytes, tuple(redirects))
                redirects.append(Redirect(response.status_code, location))
            finally:
                response.close()
        target = checked_url(location, allow_private=allow_private)
    raise TooManyRedirects(f"more than {client.max_redirects} redirects", url=url)


def checked_url(url: str, *, allow_private: bool) -> httpx.URL:
    """`url` parsed, if newsfold may fetch it: http or https, with a host that, when it is
    an IP literal, is public unless `allow_private`."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise BadUrl(f"invalid URL: {exc}", url=url) from exc
    if parsed.scheme not in SCHEMES:
        raise BadScheme(f"scheme {parsed.scheme!r} is not http or https", url=url)
    if not parsed.host:
        raise BadUrl("URL has no host", url=url)
    literal = parse_ip(parsed.host)
    if literal is not None and not allow_private and not is_public(literal):
        raise BlockedAddress(f"{literal} is not a public address", url=url)
    return parsed


def _redirect_location(response: httpx.Response) -> str | None:
    if response.status_code not in REDIRECT_STATUSES or "location" not in response.headers:
        return None
    return str(response.url.join(response.headers["location"]))


def _accept(response: httpx.Response, max_bytes: int, redirects: tuple[Redirect, ...]) -> Fetched:
    url = str(response.url)
    if response.status_code >= 400:
        raise _status_error(response)
    content = b"" if response.status_code == 304 else _read_limited(response, max_bytes)
    return Fetched(
        url=url,
        status_code=response.status_code,
        headers=response.headers,
        content=content,
        encoding=response.charset_encoding,
        redirects=redirects,
    )


def _read_limited(response: httpx.Response, max_bytes: int) -> bytes:
    body = bytearray()
    # Decoded here rather than by httpx, in pieces small enough that a compression bomb
    # is stopped within a piece of the limit (`content_decoding`).
    pieces = decoded(response.iter_raw(), response.headers.get("content-encoding"), _PIECE)
    for piece in pieces:
        body += piece
        if len(body) > max_bytes:
            raise TooLarge(f"body larger than {max_bytes} bytes", url=str(response.url))
    return bytes(body)


def _status_error(response: httpx.Response) -> FetchError:
    status = response.status_code
    kind = HttpClientError if status < 500 else HttpServerError
    return kind(
        f"HTTP {status} {response.reason_phrase}".strip(),
        status=status,
        retry_after=retry_after_seconds(response.headers.get("retry-after")),
        url=str(response.url),
    )


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """A Retry-After header (delay-seconds or HTTP-date) as seconds from `now`, or None when
    absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@contextmanager
def _translated(url: str) -> Iterator[None]:
    """Turn httpx's errors into ours, and give the backend's errors the URL it lacked."""
    try:
        yield
    except FetchError as exc:
        if exc.url is None:
            exc.url = url
        raise
    except httpx.RequestError as exc:
        raise _translate(exc, url) from exc


def _translate(exc: httpx.RequestError, url: str) -> FetchError:
    message = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, httpx.TimeoutException):
        return FetchTimeout(message, url=url)
    if isinstance(exc, httpx.ConnectError) and _caused_by_tls(exc):
        return TlsError(message, url=url)
    if isinstance(exc, httpx.ProtocolError | httpx.DecodingError):
        return BadResponse(message, url=url)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return BadScheme(message, url=url)
    return ConnectionFailed(message, url=url)


def _caused_by_tls(exc: BaseException) -> bool:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _elapsed_ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
