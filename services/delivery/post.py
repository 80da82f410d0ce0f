"""One webhook request: POST a body, read a bounded part of the answer, within a deadline.

The client is the one newsfold fetches with (services/http/client.py) for its total
deadline, which cuts short a receiver that hangs or trickles its answer as surely as a
feed server. Its address guard is opened: webhook URLs come from the operator's settings,
not from fetched pages, and receivers on a private network are the common case.
"""

import functools
import ssl
from dataclasses import dataclass

import httpx

from schemas.webhooks import WebhookSettings
from services.http.client import GuardedTransport


@dataclass(frozen=True)
class Answer:
    """What an attempt got: an HTTP status and the start of the body, or an error."""

    status: int | None
    body: str = ""
    error: str | None = None

    @property
    def ok(self) -> bool:
        """A 2xx: the receiver took the delivery."""
        return self.status is not None and 200 <= self.status < 300

    def describe(self) -> str:
        """One line for logs and dead letters."""
        if self.error is not None:
            return self.error
        return f"HTTP {self.status}: {self.body[:200]}".rstrip(": ")


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One TLS configuration (the CA bundle, loaded once per process) for every delivery."""
    return httpx.create_ssl_context()


def webhook_client(settings: WebhookSettings, user_agent: str) -> httpx.Client:
    """A client for webhook requests: total deadline, no redirects, no proxies."""
    transport = GuardedTransport(
        allow_private=True, total_timeout=settings.total_timeout, ssl_context=_tls_context()
    )
    return httpx.Client(
        transport=transport,
        headers={"User-Agent": user_agent},
        timeout=httpx.Timeout(settings.total_timeout, connect=settings.connect_timeout),
        # A redirected POST would be resent elsewhere or turned into a GET: neither is
        # a delivery; a 3xx counts as a failure.
        follow_redirects=False,
        trust_env=False,
    )


def post(
    client: httpx.Client, url: str, body: bytes, headers: dict[str, str], max_bytes: int
) -> Answer:
    """POST `body`; never raises for what the network or the receiver does."""
    try:
        with client.stream("POST", url, content=body, headers=headers) as response:
            kept = bytearray()
            for chunk in response.iter_raw():
                kept += chunk[: max_bytes - len(kept)]
                if len(kept) >= max_bytes:
                    break
            return Answer(status=response.status_code, body=kept.decode("utf-8", "replace"))
    except httpx.TimeoutException as exc:
        return Answer(status=None, error=f"timeout: {exc}")
    except httpx.HTTPError as exc:
        return Answer(status=None, error=f"{type(exc).__name__}: {exc}")
