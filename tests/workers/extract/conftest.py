"""What the extract job's tests share: a worker context that may fetch from 127.0.0.1."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from redis import Redis

from schemas.settings import Settings
from services.http.client import build_client
from services.runtime.context import WorkerContext


@pytest.fixture
def context(redis: Redis, tmp_path: Path) -> Iterator[WorkerContext]:
    """A worker context on the test Redis, allowed to fetch from 127.0.0.1."""
    settings = Settings(data_dir=tmp_path, allow_private_networks=True)
    http = build_client(settings.http, allow_private=True)
    engine = sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'unused.db'}")
    yield WorkerContext(settings=settings, redis=redis, engine=engine, http=http)
    http.close()
    engine.dispose()
