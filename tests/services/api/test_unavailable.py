"""A database that does not answer, or a query past the statement timeout: 503, JSON or page,
and a line in the log."""

from collections.abc import Iterator

import httpx
import pytest

from services.api.app import create_app
from services.runtime.redis_server import free_port
from services.storage.db import create_database_engine
from services.storage.readonly import create_read_only_engine
from services.storage.schema import drop_schema, ensure_schema
from tests.plugins.logs import LogLines
from tests.services.api.conftest import serving
from tests.services.storage.builders import make_article, make_snapshot, store


@pytest.fixture
def api_without_database() -> Iterator[httpx.Client]:
    """The app over a PostgreSQL URL where nothing listens."""
    url = f"postgresql+psycopg://newsfold@127.0.0.1:{free_port()}/newsfold"
    engine = create_read_only_engine(url, connect_timeout=2)
    try:
        with serving(create_app(engine)) as base_url, httpx.Client(base_url=base_url) as client:
            yield client
    finally:
        engine.dispose()


def test_requests_get_503_and_the_failure_is_logged(
    api_without_database: httpx.Client, log_lines: LogLines
) -> None:
    response = api_without_database.get("/api/stories")
    assert response.status_code == 503
    assert response.json() == {"error": "database unavailable", "problems": ["try again later"]}
    page = api_without_database.get("/")
    assert page.status_code == 503
    assert "database unavailable" in page.text
    assert api_without_database.get("/healthz").status_code == 503
    lines = log_lines()
    failures = [line for line in lines if line["event"] == "database unavailable"]
    assert [line["path"] for line in failures] == ["/api/stories", "/", "/healthz"]
    assert all("request_id" in line and line["level"] == "error" for line in failures)
    access = [line for line in lines if line["event"] == "request"]
    assert [(line["path"], line["status"]) for line in access] == [
        ("/api/stories", 503),
        ("/", 503),
        ("/healthz", 503),
    ]
    assert failures[0]["request_id"] == access[0]["request_id"]


@pytest.fixture
def slow_api(postgres_url: str) -> Iterator[httpx.Client]:
    """The app on PostgreSQL with 300 long articles and a 1 ms statement timeout."""
    writer = create_database_engine(postgres_url)
    drop_schema(writer)
    ensure_schema(writer)
    words = " ".join(f"word{index}" for index in range(2_000))
    store(
        writer,
        [make_article(f"a{index}", text=words) for index in range(300)],
        [make_snapshot(f"s{index}", 1, f"a{index}", []) for index in range(300)],
    )
    writer.dispose()
    engine = create_read_only_engine(postgres_url, statement_timeout_ms=1)
    try:
        with serving(create_app(engine)) as base_url, httpx.Client(base_url=base_url) as client:
            yield client
    finally:
        engine.dispose()


def test_a_query_past_the_statement_timeout_is_cancelled_with_503(
    slow_api: httpx.Client, log_lines: LogLines
) -> None:
    response = slow_api.get("/api/stories", params={"text": "absent from every article"})
    assert response.status_code == 503
    assert response.json()["error"] == "query took too long"
    cancelled = [line for line in log_lines() if line["event"] == "query cancelled"]
    assert [line["query"] for line in cancelled] == ["text=absent+from+every+article"]
