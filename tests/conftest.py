"""Shared fixtures: private Redis and PostgreSQL servers, empty databases per test."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from services.runtime.context import unbind
from services.storage.db import create_database_engine
from services.storage.schema import drop_schema, ensure_schema

pytest_plugins = [
    "tests.plugins.redis_server",
    "tests.plugins.postgres",
    "tests.plugins.http_fixture",
    "tests.plugins.http_server",
    "tests.plugins.logs",
]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A SQLAlchemy URL of an empty database: a SQLite file, then the private PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'newsfold.db'}"
    url: str = request.getfixturevalue("postgres_url")
    engine = create_database_engine(url)
    drop_schema(engine)
    engine.dispose()
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on an empty database with newsfold's schema."""
    engine = create_database_engine(database_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def _no_worker_context_left() -> Iterator[None]:
    """A test that binds a worker context (as a worker process does) leaves none behind: a
    later test's jobs would run with its closed clients instead of failing."""
    yield
    unbind()
