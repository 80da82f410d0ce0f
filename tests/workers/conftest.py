"""Fixtures of the poll job's tests: a worker context that may reach 127.0.0.1, and the
sample feed served with an ETag."""

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from redis import Redis
from sqlalchemy import Engine

from schemas.settings import HttpSettings, PollSettings, Settings
from services.http.client import build_client
from services.runtime.context import WorkerContext
from tests.plugins.local_server import LocalServer, Reply
from tests.workers.polling import LOCAL_RSS


@pytest.fixture
def context(redis: Redis, engine: Engine) -> Iterator[WorkerContext]:
    """A worker context as a worker process builds it, allowed to reach 127.0.0.1, without
    jitter so that next poll times can be asserted exactly."""
    settings = Settings(
        allow_private_networks=True,
        http=HttpSettings(total_timeout=5.0),
        poll=PollSettings(jitter=0.0),
    )
    with build_client(settings.http, allow_private=True) as http:
        yield WorkerContext(settings=settings, redis=redis, engine=engine, http=http)


@pytest.fixture
def feed_server(http_server: LocalServer) -> LocalServer:
    """Serves the sample feed at /feed.xml with an ETag, answering 304 when it matches."""

    def feed(handler: BaseHTTPRequestHandler) -> Reply:
        if handler.headers.get("If-None-Match") == '"v1"':
            return Reply(304, headers={"ETag": '"v1"'})
        return Reply(
            body=LOCAL_RSS,
            headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'},
        )

    http_server.routes["/feed.xml"] = feed
    return http_server
