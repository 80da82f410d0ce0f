"""The per-host gate on a real redis-server: slots across threads and processes, expiring
leases, Retry-After and Crawl-delay spacing, and fetches through it against a real server."""

import itertools
import multiprocessing
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from multiprocessing.synchronize import Barrier as BarrierType

import httpx
import pytest
from redis import Redis

from schemas.settings import HttpSettings
from services.http.client import build_client
from services.http.errors import BadUrl, HostBusy, HttpClientError
from services.http.fetch import Fetched
from services.http.host_gate import HostGate, gated_fetch, host_key
from tests.plugins.local_server import LocalServer, Reply

URL = "https://news.example/world/1"


def _gate(redis: Redis, concurrency: int = 2, lease_seconds: float = 5.0) -> HostGate:
    return HostGate(
        redis, concurrency=concurrency, lease_seconds=lease_seconds, max_delay_seconds=60
    )


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    """A client that may reach the loopback test server."""
    with build_client(HttpSettings(total_timeout=2.0), allow_private=True) as client:
        yield client


def test_hosts_are_keyed_by_lower_case_name_and_non_default_port() -> None:
    assert host_key("https://News.Example/a") == "news.example"
    assert host_key("http://news.example:80/a") == "news.example"
    assert host_key("http://news.example:8080/a") == "news.example:8080"
    assert host_key("https://[::1]:8443/") == "[::1]:8443"
    assert host_key("https://bücher.de/") == "xn--bcher-kva.de"
    with pytest.raises(BadUrl):
        host_key("https:///no-host")


def _hold_slot(gate: HostGate, url: str, seen: list[int], inflight: list[int]) -> None:
    with gate.slot(url, wait_seconds=5):
        inflight.append(1)
        seen.append(len(inflight))
        time.sleep(0.05)
        inflight.pop()


def test_no_more_than_the_concurrency_are_in_flight_across_threads(redis: Redis) -> None:
    gate = _gate(redis, concurrency=2)
    seen: list[int] = []
    inflight: list[int] = []
    with ThreadPoolExecutor(max_workers=6) as pool:
        for future in [pool.submit(_hold_slot, gate, URL, seen, inflight) for _ in range(12)]:
            future.result()
    assert len(seen) == 12
    assert max(seen) == 2
    assert redis.zcard("nf:host:{news.example}:leases") == 0


def _process_worker(redis_url: str, rounds: int, start: BarrierType) -> None:
    # A separate process with its own client, as a second worker would be.
    redis = Redis.from_url(redis_url)
    gate = _gate(redis, concurrency=2)
    start.wait(timeout=20)  # processes start up at different speeds; contend from here
    for _ in range(rounds):
        with gate.slot(URL, wait_seconds=10):
            redis.rpush("test:seen", redis.incr("test:inflight"))
            time.sleep(0.03)
            redis.decr("test:inflight")
    redis.close()


def test_no_more_than_the_concurrency_are_in_flight_across_processes(
    redis: Redis, redis_url: str
) -> None:
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(2)
    processes = [
        spawn.Process(target=_process_worker, args=(redis_url, 8, start)) for _ in range(2)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=30)
    assert [process.exitcode for process in processes] == [0, 0]
    seen = [int(value) for value in redis.lrange("test:seen", 0, -1)]
    assert len(seen) == 16
    assert max(seen) == 2


def test_a_full_host_raises_host_busy_after_the_bounded_wait(redis: Redis) -> None:
    gate = _gate(redis, concurrency=1)
    with gate.slot(URL, wait_seconds=0):
        started = time.monotonic()
        with pytest.raises(HostBusy) as caught, gate.slot(URL, wait_seconds=0.3):
            pass
        waited = time.monotonic() - started
        # Another host is not held up by this one.
        with gate.slot("https://other.example/", wait_seconds=0):
            pass
    assert 0.3 <= waited < 1.0
    assert caught.value.code == "host_busy"
    assert caught.value.url == URL
    assert caught.value.retry_at <= datetime.now(UTC) + timedelta(seconds=5)
    with gate.slot(URL, wait_seconds=0):
        pass


def test_a_waiter_gets_the_slot_as_soon_as_it_is_released(redis: Redis) -> None:
    gate = _gate(redis, concurrency=1)
    released = threading.Event()

    def hold() -> None:
        with gate.slot(URL, wait_seconds=0):
            time.sleep(0.3)
        released.set()

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.05)
    with gate.slot(URL, wait_seconds=3):
        assert released.wait(0.2)
    holder.join()


def test_a_lease_never_returned_expires_after_its_bound(redis: Redis) -> None:
    gate = _gate(redis, concurrency=1, lease_seconds=0.3)
    # A worker killed mid-request: its slot is entered and never left (kept referenced, as
    # a generator collected would run its cleanup).
    killed = gate.slot(URL, wait_seconds=0)
    killed.__enter__()
    with pytest.raises(HostBusy), gate.slot(URL, wait_seconds=0):
        pass
    time.sleep(0.35)
    with gate.slot(URL, wait_seconds=0):
        pass
    # Nothing of the host is kept after its last lease.
    time.sleep(0.35)
    assert redis.keys("nf:host:*") == []


def test_slow_down_holds_the_host_back_for_every_caller_then_lets_it_go(
    redis: Redis,
) -> None:
    gate = _gate(redis)
    gate.slow_down(URL, 0.4)
    with pytest.raises(HostBusy) as caught, gate.slot("http://NEWS.example/p", wait_seconds=0):
        pass
    retry_in = (caught.value.retry_at - datetime.now(UTC)).total_seconds()
    assert 0.2 < retry_in <= 0.4
    started = time.monotonic()
    with gate.slot(URL, wait_seconds=1):
        waited = time.monotonic() - started
    assert 0.2 < waited < 1.0


def test_a_wait_longer_than_the_budget_raises_at_once(redis: Redis) -> None:
    gate = _gate(redis)
    gate.slow_down(URL, 30)
    started = time.monotonic()
    with pytest.raises(HostBusy) as caught, gate.slot(URL, wait_seconds=5):
        pass
    assert time.monotonic() - started < 0.2
    assert caught.value.retry_at > datetime.now(UTC) + timedelta(seconds=29)
    assert 29_000 < redis.pttl("nf:host:{news.example}:not-before") <= 30_000


def test_slow_down_never_shortens_a_longer_delay_and_is_capped(redis: Redis) -> None:
    gate = _gate(redis)
    gate.slow_down(URL, 30)
    gate.slow_down(URL, 1)
    assert redis.pttl("nf:host:{news.example}:not-before") > 29_000
    gate.slow_down(URL, 86_400)  # capped at max_delay_seconds=60
    assert 59_000 < redis.pttl("nf:host:{news.example}:not-before") <= 60_000


def test_crawl_delay_spaces_request_starts_across_threads(redis: Redis) -> None:
    gate = _gate(redis, concurrency=4)
    starts: list[float] = []

    def fetch_one() -> None:
        with gate.slot(URL, wait_seconds=3, min_gap=0.15):
            starts.append(time.monotonic())

    with ThreadPoolExecutor(max_workers=4) as pool:
        for future in [pool.submit(fetch_one) for _ in range(4)]:
            future.result()
    starts.sort()
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert len(gaps) == 3
    assert min(gaps) > 0.12


def _fetch(gate: HostGate, client: httpx.Client, url: str, wait_seconds: float) -> Fetched:
    return gated_fetch(
        gate, client, url, wait_seconds=wait_seconds, max_bytes=1024, allow_private=True
    )


def test_gated_fetch_slows_the_host_on_429_with_retry_after(
    redis: Redis, http_server: LocalServer, client: httpx.Client
) -> None:
    http_server.routes["/page"] = Reply(429, headers={"Retry-After": "20"})
    gate = _gate(redis)
    with pytest.raises(HttpClientError):
        _fetch(gate, client, http_server.url("/page"), wait_seconds=0)
    with pytest.raises(HostBusy):
        _fetch(gate, client, http_server.url("/other"), wait_seconds=1)
    assert [seen.path for seen in http_server.requests] == ["/page"]
    assert redis.pttl(f"nf:host:{{127.0.0.1:{http_server.port}}}:not-before") > 19_000


def test_gated_fetch_leaves_the_host_open_after_other_errors(
    redis: Redis, http_server: LocalServer, client: httpx.Client
) -> None:
    http_server.routes["/ok"] = Reply(body=b"ok")
    gate = _gate(redis, concurrency=1)
    with pytest.raises(HttpClientError):
        _fetch(gate, client, http_server.url("/missing"), wait_seconds=0)
    fetched = _fetch(gate, client, http_server.url("/ok"), wait_seconds=0)
    assert fetched.content == b"ok"
    assert redis.exists(f"nf:host:{{127.0.0.1:{http_server.port}}}:not-before") == 0
