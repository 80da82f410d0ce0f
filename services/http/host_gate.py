"""Politeness toward each host, shared by every worker process through Redis.

Two rules hold per host (its lower-case name, with the port when not the scheme's default):

- at most `concurrency` requests in flight at once. A request holds a lease: a token in the
  host's sorted set, scored by when it expires. A worker killed mid-request never returns
  its lease, so leases expire on their own after `lease_seconds`, longer than any fetch may
  take;
- no request starts before the host's "not before" time. A 429 or 503 moves it to the end
  of the server's Retry-After (`slow_down`); each start moves it on by the host's Crawl-delay
  (`min_gap`), so that starts are that far apart across all workers.

Both are checked and taken in one Lua script, on Redis's clock, so workers on different
machines agree. Every key expires by itself once it no longer matters.

    with gate.slot(url, wait_seconds=30, min_gap=crawl_delay):
        fetched = fetch(client, url, ...)

`gated_fetch` does that and slows the host down when it answers 429 or 503.
"""

import random
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import cached_property

import httpx
import structlog
from redis import Redis
from redis.commands.core import Script

from services.http.errors import BadUrl, HostBusy, HttpStatusError
from services.http.fetch import Fetched, fetch

log = structlog.get_logger(__name__)

_PREFIX = "nf:host"

# While the host's slots are all taken, a waiter looks again this often (with jitter, so
# waiters do not all ask at once): a slot frees whenever a fetch ends, not at a known time.
_POLL_SECONDS = 0.1

# When every slot is taken, the caller that cannot wait is told to come back after this at
# most: a fetch usually ends within seconds, long before its lease would expire.
_BUSY_RETRY_SECONDS = 5.0

# A 429 without Retry-After still says "too fast"; the host is left alone this long.
_RATE_LIMITED_SECONDS = 60.0

# KEYS: the host's leases and its not-before time. ARGV: a new lease's token, the
# concurrency, the lease and the gap between starts in ms. Returns {1, 0} with the slot
# taken, {0, ms} while the host's not-before time is ms away, {2, ms} while all its slots
# are taken and the first lease expires in ms.
_ACQUIRE = """
local clock = redis.call('TIME')
local now = clock[1] * 1000 + math.floor(clock[2] / 1000)
local not_before = tonumber(redis.call('GET', KEYS[2]) or 0)
if not_before > now then
  return {0, not_before - now}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {2, tonumber(first[2]) - now}
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
local gap = tonumber(ARGV[4])
if gap > 0 then
  redis.call('SET', KEYS[2], string.format('%.0f', now + gap), 'PX', gap)
end
return {1, 0}
"""

# KEYS: the host's not-before time. ARGV: a delay in ms. Moves the time later, never
# earlier (a shorter Retry-After must not cut a longer one short).
_SLOW_DOWN = """
local clock = redis.call('TIME')
local now = clock[1] * 1000 + math.floor(clock[2] / 1000)
local delay = tonumber(ARGV[1])
if now + delay > tonumber(redis.call('GET', KEYS[1]) or 0) then
  redis.call('SET', KEYS[1], string.format('%.0f', now + delay), 'PX', delay)
end
return 0
"""

_TAKEN, _NOT_BEFORE, _FULL = 1, 0, 2


def host_key(url: str) -> str:
    """The host `url` is on, as the gate counts hosts: `example.com`, `example.com:8080`.
    http and https on their default ports are one host, as they are one server."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise BadUrl(f"invalid URL: {exc}", url=url) from exc
    host = parsed.raw_host.decode("ascii").lower()
    if not host:
        raise BadUrl("URL has no host", url=url)
    if ":" in host:
        host = f"[{host}]"
    return host if parsed.port is None else f"{host}:{parsed.port}"


class HostGate:
    """The per-host gate: at most `concurrency` requests in flight per host, each holding
    its slot for at most `lease_seconds`; a 429 or 503 pauses a host for at most
    `max_delay_seconds`. Cheap to build: it talks to Redis only when used."""

    def __init__(
        self, redis: Redis, *, concurrency: int, lease_seconds: float, max_delay_seconds: float
    ) -> None:
        self.redis = redis
        self.concurrency = concurrency
        self.lease_seconds = lease_seconds
        self.max_delay_seconds = max_delay_seconds

    @contextmanager
    def slot(self, url: str, *, wait_seconds: float, min_gap: float = 0.0) -> Iterator[None]:
        """Hold one of `url`'s host's slots for the block, once its not-before time has
        passed; starting now moves that time on by `min_gap` seconds (a Crawl-delay).

        Waits up to `wait_seconds` (0: not at all), then raises HostBusy. A not-before time
        further off than that raises at once: waiting could not help.
        """
        host = host_key(url)
        token = self._acquire(host, url, wait_seconds, min_gap)
        try:
            yield
        finally:
            self.redis.zrem(_leases_key(host), token)

    def slow_down(self, url: str, seconds: float) -> None:
        """Let no request start on `url`'s host for `seconds` (at most `max_delay_seconds`),
        unless it is already held back longer."""
        seconds = min(seconds, self.max_delay_seconds)
        if seconds <= 0:
            return
        host = host_key(url)
        self._slow_down_script(keys=[_not_before_key(host)], args=[_ms(seconds)])
        log.info("host slowed down", host=host, seconds=seconds)

    def _acquire(self, host: str, url: str, wait_seconds: float, min_gap: float) -> str:
        token = secrets.token_hex(8)
        keys = [_leases_key(host), _not_before_key(host)]
        args: list[str | int] = [token, self.concurrency, _ms(self.lease_seconds), _ms(min_gap)]
        deadline = time.monotonic() + wait_seconds
        while True:
            state, wait_ms = self._acquire_script(keys=keys, args=args)
            if state == _TAKEN:
                return token
            wait = wait_ms / 1000
            remaining = deadline - time.monotonic()
            if state == _NOT_BEFORE and wait > remaining:
                raise _busy(url, host, "held back by the server or its Crawl-delay", wait)
            if state == _FULL and remaining <= 0:
                retry = min(wait, _BUSY_RETRY_SECONDS)
                raise _busy(url, host, f"all {self.concurrency} slots taken", retry)
            pause = wait if state == _NOT_BEFORE else _POLL_SECONDS * random.uniform(0.5, 1)
            time.sleep(max(0.0, min(pause, remaining)))

    @cached_property
    def _acquire_script(self) -> Script:
        return self.redis.register_script(_ACQUIRE)

    @cached_property
    def _slow_down_script(self) -> Script:
        return self.redis.register_script(_SLOW_DOWN)


def gated_fetch(
    gate: HostGate,
    client: httpx.Client,
    url: str,
    *,
    wait_seconds: float,
    min_gap: float = 0.0,
    max_bytes: int,
    allow_private: bool,
    headers: dict[str, str] | None = None,
) -> Fetched:
    """`fetch` in one of the host's slots (`HostGate.slot`); a 429 or 503 slows down the
    host that sent it for every worker. Raises HostBusy, and every error `fetch` raises."""
    with gate.slot(url, wait_seconds=wait_seconds, min_gap=min_gap):
        try:
            return fetch(
                client, url, max_bytes=max_bytes, allow_private=allow_private, headers=headers
            )
        except HttpStatusError as exc:
            delay = server_delay(exc)
            if delay is not None:
                # The server that answered, which a redirect may have made another host.
                gate.slow_down(exc.url or url, delay)
            raise


def server_delay(error: HttpStatusError) -> float | None:
    """How long a status error asks its whole host to be left alone, in seconds: a 429's
    or 503's Retry-After, or `_RATE_LIMITED_SECONDS` for a 429 without one."""
    if error.status not in (429, 503):
        return None
    if error.retry_after is not None:
        return error.retry_after
    return _RATE_LIMITED_SECONDS if error.status == 429 else None


def _busy(url: str, host: str, why: str, seconds: float) -> HostBusy:
    retry_at = datetime.now(UTC) + timedelta(seconds=seconds)
    return HostBusy(f"host {host} busy: {why}", retry_at=retry_at, url=url)


def _leases_key(host: str) -> str:
    # The braces are a Redis Cluster hash tag: a host's two keys share a slot, as the
    # script that uses both requires.
    return f"{_PREFIX}:{{{host}}}:leases"


def _not_before_key(host: str) -> str:
    return f"{_PREFIX}:{{{host}}}:not-before"


def _ms(seconds: float) -> int:
    return max(0, round(seconds * 1000))
