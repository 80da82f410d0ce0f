"""The sink job against the private Redis and each database."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from redis import Redis
from sqlalchemy import Engine

from schemas.settings import Settings
from services.runtime.articles import save_article
from services.runtime.context import WorkerContext
from services.runtime.stories import forget_snapshot, save_snapshot
from services.storage.stories import get_story, list_stories
from tests.plugins.logs import LogLines
from tests.services.storage.builders import dump, make_article, make_snapshot, stored_article
from workers.sink import run_sink


@pytest.fixture
def context(redis: Redis, engine: Engine) -> Iterator[WorkerContext]:
    """A worker context on the private Redis and the test database."""
    with httpx.Client() as http:
        yield WorkerContext(settings=Settings(), redis=redis, engine=engine, http=http)


def sink_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [line for line in lines if line.get("stage") == "sink"]


def test_the_sink_stores_the_article_and_its_story_and_logs_one_line(
    context: WorkerContext, log_lines: LogLines
) -> None:
    save_article(context.redis, make_article("a1"))
    save_snapshot(context.redis, make_snapshot("s1", 1, "a1", []))
    run_sink(context, "a1", "s1")
    story = get_story(context.engine, "s1")
    assert story is not None
    assert story.canonical.id == "a1"
    [line] = sink_lines(log_lines())
    assert (line["event"], line["article_id"], line["story_id"]) == ("stored", "a1", "s1")
    assert line["snapshot_applied"] is True
    # Stored for good, neither article nor snapshot holds Redis memory any more.
    assert context.redis.exists("nf:article:a1", "nf:snapshot:s1") == 0


def test_a_snapshot_newer_than_the_one_stored_stays_for_its_sink_job(redis: Redis) -> None:
    stored = make_snapshot("s1", 1, "a1", [])
    # Dedupe wrote version 2 after the sink read version 1.
    newer = make_snapshot("s1", 2, "a1", ["a2"])
    save_snapshot(redis, newer)
    forget_snapshot(redis, stored)
    assert redis.get("nf:snapshot:s1") == newer.model_dump_json().encode()
    forget_snapshot(redis, newer)
    assert redis.exists("nf:snapshot:s1") == 0


def test_running_the_sink_twice_leaves_identical_rows(context: WorkerContext) -> None:
    save_article(context.redis, make_article("a1"))
    save_article(context.redis, make_article("a2"))
    save_snapshot(context.redis, make_snapshot("s1", 2, "a1", ["a2"]))
    run_sink(context, "a1", "s1")
    run_sink(context, "a2", "s1")
    first = dump(context.engine)
    run_sink(context, "a2", "s1")
    assert dump(context.engine) == first
    assert [s.member_count for s in list_stories(context.engine)] == [2]


def test_the_newest_snapshot_is_stored_whichever_version_enqueued_the_job(
    context: WorkerContext,
) -> None:
    save_article(context.redis, make_article("a1"))
    save_snapshot(context.redis, make_snapshot("s1", 1, "a1", []))
    run_sink(context, "a1", "s1")
    save_article(context.redis, make_article("a2"))
    save_snapshot(context.redis, make_snapshot("s1", 2, "a1", ["a2"]))
    run_sink(context, "a1", "s1")
    run_sink(context, "a2", "s1")
    story = get_story(context.engine, "s1")
    assert story is not None
    # Three writes changed the story (a2 became visible with the last): three versions.
    assert (story.version, [v.id for v in story.variants]) == (3, ["a2"])


def test_an_article_expired_from_redis_but_stored_is_no_error(
    context: WorkerContext, log_lines: LogLines
) -> None:
    save_article(context.redis, make_article("a1"))
    save_snapshot(context.redis, make_snapshot("s1", 1, "a1", []))
    run_sink(context, "a1", "s1")
    before = stored_article(context.engine, "a1")
    context.redis.flushdb()
    save_snapshot(context.redis, make_snapshot("s1", 2, "a1", []))
    run_sink(context, "a1", "s1")
    assert stored_article(context.engine, "a1") == before
    story = get_story(context.engine, "s1")
    assert story is not None and story.version == 2
    assert [line["event"] for line in sink_lines(log_lines())] == ["stored", "already stored"]


def test_an_article_lost_before_it_was_stored_is_logged_and_dropped(
    context: WorkerContext, log_lines: LogLines
) -> None:
    save_snapshot(context.redis, make_snapshot("s1", 1, "a1", []))
    run_sink(context, "a1", "s1")
    assert stored_article(context.engine, "a1") is None
    [line] = sink_lines(log_lines())
    assert line["level"] == "warning"
    assert line["article_id"] == "a1"


def test_an_expired_snapshot_does_not_stop_the_article_being_stored(
    context: WorkerContext,
) -> None:
    save_article(context.redis, make_article("a1"))
    run_sink(context, "a1", "s1")
    assert stored_article(context.engine, "a1") is not None
    assert list_stories(context.engine) == []
