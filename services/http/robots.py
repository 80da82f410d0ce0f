"""robots.txt for article pages (RFC 9309), read once per site and shared through Redis.

A site's file is fetched with `gated_fetch` (the SSRF guard, a size limit, the host's
slots) and its verdict cached in Redis for every worker; one worker fetches it while the
others wait for its answer under a short lock. Rules are matched for newsfold's product
token, the first word of its User-Agent (`newsfold`), as RFC 9309 2.2.1 asks.

What the fetch ended with decides (RFC 9309 2.3.1):

- an accepted response: the file's rules, cached `robots_cache_seconds` (24 h: 2.4 says a
  cached copy SHOULD NOT be used longer);
- a 4xx status other than 429: "unavailable", every page allowed, cached as long;
- a 429, a 5xx, or no response at all (timeout, refused, a blocked address, too many
  redirects, a file over `MAX_ROBOTS_BYTES`): "unreachable", every page disallowed. That
  verdict is cached only `robots_error_cache_seconds` (10 min): the RFC asks for complete
  disallow, and a short cache bounds both how often a failing site is asked again and how
  long its pages go unfetched once it is back. Meanwhile the entries keep their feed's
  content. (The RFC allows parsing the first 500 KiB of a larger file; `fetch` keeps no
  part of an oversized body, so such a file counts as unreachable.)
"""

import json
import time
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache

import httpx
import structlog
from protego import Protego
from redis import Redis
from redis.exceptions import LockError
from redis.lock import Lock

from schemas.settings import HttpSettings
from services.http.errors import FetchError, HostBusy, HttpClientError
from services.http.host_gate import HostGate, gated_fetch, host_key

log = structlog.get_logger(__name__)

_PREFIX = "nf:robots"

# RFC 9309 2.5: crawlers MUST parse at least the first 500 KiB.
MAX_ROBOTS_BYTES = 512 * 1024

# How often a worker waiting for another's fetch of the same file looks for its answer.
_POLL_SECONDS = 0.05

# The lock outlives the fetch it guards by this much (Redis round trips, a slow clock).
_LOCK_MARGIN_SECONDS = 5.0


class Verdict(StrEnum):
    """What a site's robots.txt came to."""

    RULES = "rules"  # the file was read: its rules decide
    ALLOW_ALL = "allow_all"  # "unavailable" (4xx): no rules
    DISALLOW_ALL = "disallow_all"  # "unreachable" (5xx, no answer): nothing may be fetched


@dataclass(frozen=True)
class SiteRules:
    """One site's robots.txt as it applies to the user agent `agent` (a product token)."""

    verdict: Verdict
    agent: str
    text: str = ""

    def allows(self, url: str) -> bool:
        """Whether the file lets `agent` fetch `url` (a URL on this site)."""
        if self.verdict is Verdict.RULES:
            return self._parser.can_fetch(url, self.agent)
        return self.verdict is Verdict.ALLOW_ALL

    @property
    def crawl_delay(self) -> float:
        """The site's Crawl-delay for `agent` in seconds, 0 when it names none."""
        if self.verdict is not Verdict.RULES:
            return 0.0
        return self._parser.crawl_delay(self.agent) or 0.0

    @property
    def _parser(self) -> Protego:
        return _parsed(self.text)


@lru_cache(maxsize=256)
def _parsed(text: str) -> Protego:
    # Parsed once per process per file, not per job: a site's robots.txt of 150 rules
    # takes ~2.5 ms to parse, a sixth of extracting the page it guards.
    return Protego.parse(text)


@dataclass(frozen=True)
class RobotsTxt:
    """Where robots.txt files are fetched from and cached: `redis` for the cache and its
    locks, `http` and `gate` to fetch, `settings` for the user agent and cache times."""

    redis: Redis
    http: httpx.Client
    gate: HostGate
    settings: HttpSettings
    allow_private: bool

    def rules(self, url: str) -> SiteRules:
        """The robots.txt rules of `url`'s site (scheme, host and port), from the cache or
        fetched now. Raises HostBusy when the site cannot be asked now, and Redis errors."""
        site = _site_of(url)
        key = _cache_key(site)
        lock_seconds = (
            self.settings.host_wait_seconds + self.settings.total_timeout + _LOCK_MARGIN_SECONDS
        )
        deadline = time.monotonic() + lock_seconds
        while True:
            cached = self.redis.get(key)
            if cached is not None:
                return self._decoded(cached)
            lock = self.redis.lock(f"{key}:lock", timeout=lock_seconds)
            if lock.acquire(blocking=False):
                try:
                    return self._fetched(site)
                finally:
                    _release(lock)
            if time.monotonic() > deadline:
                # Others held the lock all along without an answer to store (the host kept
                # them out): this caller's wait is over too.
                raise HostBusy(
                    f"robots.txt of {site} still unread by other workers",
                    retry_at=datetime.now(UTC),
                    url=url,
                )
            time.sleep(_POLL_SECONDS)

    @property
    def agent(self) -> str:
        """newsfold's product token: the User-Agent's first word, before its version."""
        return self.settings.user_agent.split("/", 1)[0].strip().split(" ", 1)[0]

    def _fetched(self, site: str) -> SiteRules:
        url = f"{site}/robots.txt"
        try:
            fetched = gated_fetch(
                self.gate,
                self.http,
                url,
                wait_seconds=self.settings.host_wait_seconds,
                max_bytes=MAX_ROBOTS_BYTES,
                allow_private=self.allow_private,
            )
        except HostBusy:
            raise
        except HttpClientError as exc:
            if exc.status == 429:
                return self._store(site, Verdict.DISALLOW_ALL, "", code=exc.code)
            return self._store(site, Verdict.ALLOW_ALL, "", code=exc.code)
        except FetchError as exc:
            return self._store(site, Verdict.DISALLOW_ALL, "", code=exc.code)
        return self._store(site, Verdict.RULES, fetched.content.decode("utf-8", "replace"))

    def _store(
        self, site: str, verdict: Verdict, text: str, *, code: str | None = None
    ) -> SiteRules:
        seconds = (
            self.settings.robots_error_cache_seconds
            if verdict is Verdict.DISALLOW_ALL
            else self.settings.robots_cache_seconds
        )
        value = json.dumps({"verdict": verdict.value, "text": text})
        self.redis.set(_cache_key(site), value, px=max(1, round(seconds * 1000)))
        report = log.warning if verdict is Verdict.DISALLOW_ALL else log.info
        report(
            "robots.txt read",
            site=site,
            verdict=verdict.value,
            code=code,
        )
        return SiteRules(verdict, self.agent, text)

    def _decoded(self, cached: bytes | str) -> SiteRules:
        value = json.loads(cached)
        return SiteRules(Verdict(value["verdict"]), self.agent, value["text"])


def _site_of(url: str) -> str:
    """The origin whose robots.txt governs `url`: `https://example.com`."""
    host = host_key(url)
    return f"{httpx.URL(url).scheme}://{host}"


def _cache_key(site: str) -> str:
    return f"{_PREFIX}:{site}"


def _release(lock: Lock) -> None:
    # An expired lock may be another worker's by now; it is theirs to release.
    with suppress(LockError):
        lock.release()
