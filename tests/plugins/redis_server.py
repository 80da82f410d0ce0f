"""A private redis-server for the test session, on a free port under a temporary directory.

Tests never touch a Redis that happens to run on the standard port.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis

from services.runtime.redis_server import private_redis


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of the session's private redis-server."""
    directory: Path = tmp_path_factory.mktemp("redis")
    with private_redis(directory, appendonly=False) as url:
        yield url


@pytest.fixture
def redis(redis_url: str) -> Iterator[Redis]:
    """A client of the private server, whose database is emptied before each test."""
    client = Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.close()
