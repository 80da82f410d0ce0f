"""robots.txt against a real server on 127.0.0.1 and a real redis-server: rules for
newsfold's product token, one fetch per site for every worker, and RFC 9309's verdicts."""

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler

import httpx
import pytest
from redis import Redis

from schemas.settings import HttpSettings
from services.http.client import build_client
from services.http.host_gate import HostGate
from services.http.robots import RobotsTxt, Verdict
from tests.plugins.local_server import LocalServer, Reply

ROBOTS = b"""\
User-agent: *
Disallow: /

User-agent: newsfold
Disallow: /private/
Allow: /
Crawl-delay: 2.5
"""


@pytest.fixture
def settings() -> HttpSettings:
    """Short timeouts and cache times, so that tests wait for nothing long."""
    return HttpSettings(total_timeout=2.0, host_wait_seconds=1.0, robots_error_cache_seconds=0.3)


@pytest.fixture
def client(settings: HttpSettings) -> Iterator[httpx.Client]:
    """A client that may reach the loopback test server."""
    with build_client(settings, allow_private=True) as client:
        yield client


def _robots(
    redis: Redis, client: httpx.Client, settings: HttpSettings, allow_private: bool = True
) -> RobotsTxt:
    gate = HostGate(redis, concurrency=2, lease_seconds=5, max_delay_seconds=60)
    return RobotsTxt(redis, client, gate, settings, allow_private=allow_private)


def _robots_requests(server: LocalServer) -> int:
    return sum(seen.path == "/robots.txt" for seen in server.requests)


def test_rules_for_newsfold_are_taken_from_its_own_group(
    redis: Redis, client: httpx.Client, settings: HttpSettings, http_server: LocalServer
) -> None:
    http_server.routes["/robots.txt"] = Reply(body=ROBOTS, headers={"Content-Type": "text/plain"})
    robots = _robots(redis, client, settings)
    rules = robots.rules(http_server.url("/news/1"))
    assert robots.agent == "newsfold"
    assert rules.verdict is Verdict.RULES
    assert rules.allows(http_server.url("/news/1"))
    assert not rules.allows(http_server.url("/private/memo"))
    assert rules.crawl_delay == 2.5
    assert http_server.requests[0].headers["user-agent"].startswith("newsfold/")


def test_robots_txt_is_fetched_once_for_many_pages_and_workers(
    redis: Redis, client: httpx.Client, settings: HttpSettings, http_server: LocalServer
) -> None:
    def slow_robots(handler: BaseHTTPRequestHandler) -> Reply:
        time.sleep(0.2)  # long enough for every worker to ask while it is being fetched
        return Reply(body=ROBOTS)

    http_server.routes["/robots.txt"] = slow_robots
    pages = [http_server.url(f"/news/{number}") for number in range(8)]
    # Each thread its own RobotsTxt, as each worker process builds its own.
    with ThreadPoolExecutor(max_workers=8) as pool:
        verdicts = list(
            pool.map(lambda url: _robots(redis, client, settings).rules(url).allows(url), pages)
        )
    assert verdicts == [True] * 8
    assert _robots(redis, client, settings).rules(pages[0]).crawl_delay == 2.5
    assert _robots_requests(http_server) == 1
    key = f"nf:robots:http://127.0.0.1:{http_server.port}"
    assert 86_000_000 < redis.pttl(key) <= 86_400_000


def test_a_missing_robots_txt_allows_everything(
    redis: Redis, client: httpx.Client, settings: HttpSettings, http_server: LocalServer
) -> None:
    robots = _robots(redis, client, settings)
    rules = robots.rules(http_server.url("/news/1"))
    assert rules.verdict is Verdict.ALLOW_ALL
    assert rules.allows(http_server.url("/private/memo"))
    assert rules.crawl_delay == 0.0
    robots.rules(http_server.url("/news/2"))
    assert _robots_requests(http_server) == 1


# A 429 is "unreachable" too (the server is overwhelmed, not saying there is no file); with no
# Retry-After it would hold the host back a minute, which this test does not want to wait.
@pytest.mark.parametrize(
    "reply", [Reply(503), Reply(429, headers={"Retry-After": "0"})], ids=["503", "429"]
)
def test_an_unreachable_robots_txt_disallows_everything_for_a_while(
    redis: Redis,
    client: httpx.Client,
    settings: HttpSettings,
    http_server: LocalServer,
    reply: Reply,
) -> None:
    http_server.routes["/robots.txt"] = reply
    robots = _robots(redis, client, settings)
    page = http_server.url("/news/1")
    assert not robots.rules(page).allows(page)
    assert not robots.rules(page).allows(page)
    assert _robots_requests(http_server) == 1
    time.sleep(0.35)  # robots_error_cache_seconds=0.3
    http_server.routes["/robots.txt"] = Reply(body=b"User-agent: *\nDisallow: /private/\n")
    assert robots.rules(page).allows(page)
    assert _robots_requests(http_server) == 2


def test_a_server_that_refuses_connections_is_unreachable(
    redis: Redis, client: httpx.Client, settings: HttpSettings, http_server: LocalServer
) -> None:
    page = http_server.url("/news/1")
    http_server.stop()
    rules = _robots(redis, client, settings).rules(page)
    assert rules.verdict is Verdict.DISALLOW_ALL


@pytest.mark.parametrize("target", ["169.254.169.254", "127.0.0.1"])
def test_a_robots_txt_redirecting_to_a_private_address_is_refused(
    redis: Redis,
    client: httpx.Client,
    settings: HttpSettings,
    http_server: LocalServer,
    target: str,
) -> None:
    # The site is reached by name (the client allows loopback, as a public site would be
    # reached); the redirect names a private literal, which fetch refuses before connecting.
    http_server.routes["/robots.txt"] = Reply(
        302, headers={"Location": f"http://{target}:{http_server.port}/internal"}
    )
    robots = _robots(redis, client, settings, allow_private=False)
    page = f"http://localhost:{http_server.port}/news/1"
    rules = robots.rules(page)
    assert rules.verdict is Verdict.DISALLOW_ALL
    assert not rules.allows(page)
    assert [seen.path for seen in http_server.requests] == ["/robots.txt"]
