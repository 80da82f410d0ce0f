"""Webhook deliveries through the real path: the sink enqueues them after its commit, an rq
worker runs them against a receiver on 127.0.0.1, which checks the signature."""

import json
import time
from collections.abc import Iterator
from datetime import timedelta

import httpx
import jsonschema
import pytest
from redis import Redis
from sqlalchemy import Engine

from schemas.export import EXPORT_LINE, MergedStory, export_line_schema
from schemas.settings import Settings
from schemas.webhooks import WebhookEndpoint, WebhookSettings
from services.delivery.signature import verify
from services.runner.worker import make_worker
from services.runtime.articles import save_article
from services.runtime.context import WorkerContext, bind
from services.runtime.queues import Stage, stage_queue
from services.runtime.stories import save_snapshot
from services.storage.changes import story_line
from services.storage.dead_letters import list_dead_letters
from tests.services.delivery.receiver import Receiver, Script
from tests.services.storage.builders import T0, make_article, make_snapshot
from workers.sink import run_sink

SECRET = "a-secret-of-the-receiver-0123456789"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    server.start()
    yield server
    server.stop()


def make_context(
    redis: Redis, engine: Engine, receiver: Receiver, **webhooks: object
) -> WorkerContext:
    settings = Settings(
        webhooks=WebhookSettings(
            endpoints=[WebhookEndpoint(url=receiver.url, secret=SECRET)],  # type: ignore[arg-type]
            **{"retry_intervals_seconds": [0, 0], "total_timeout": 2.0, **webhooks},  # type: ignore[arg-type]
        )
    )
    context = WorkerContext(settings=settings, redis=redis, engine=engine, http=httpx.Client())
    bind(context)
    return context


@pytest.fixture
def context(redis: Redis, engine: Engine, receiver: Receiver) -> Iterator[WorkerContext]:
    context = make_context(redis, engine, receiver)
    yield context
    context.http.close()


def sink(context: WorkerContext, version: int, variants: list[str], story: str = "s1") -> None:
    """Sink jobs storing each article of the snapshot (each a write of the story)."""
    updated = T0 + timedelta(minutes=version)
    save_snapshot(context.redis, make_snapshot(story, version, "a1", variants, updated))
    for article_id in ["a1", *variants]:
        save_article(context.redis, make_article(article_id))
        run_sink(context, article_id, story)


def work(context: WorkerContext) -> None:
    """Run the deliver queue's jobs, retries included, until it is empty."""
    make_worker(context, [Stage.DELIVER]).work(burst=True)
    assert stage_queue(context.redis, Stage.DELIVER).count == 0


def test_the_receiver_gets_the_story_signed_as_exported(
    context: WorkerContext, receiver: Receiver
) -> None:
    sink(context, 1, ["a2"])
    work(context)
    [delivery] = receiver.deliveries
    headers = delivery.headers
    assert verify(SECRET, headers["newsfold-signature"], delivery.body, time.time())
    assert not verify(
        "another-secret-0123456789", headers["newsfold-signature"], delivery.body, time.time()
    )
    assert not verify(SECRET, headers["newsfold-signature"], delivery.body + b" ", time.time())
    assert not verify(SECRET, headers["newsfold-signature"], delivery.body, time.time() + 3600)
    assert headers["newsfold-event"] == "story.created"
    assert headers["content-type"] == "application/json"
    payload = json.loads(delivery.body)
    jsonschema.validate(payload, export_line_schema())
    assert EXPORT_LINE.validate_python(payload) == story_line(context.engine, "s1")
    assert [variant["id"] for variant in payload["variants"]] == ["a2"]


def test_a_500_then_a_200_is_retried_and_delivered_once(
    context: WorkerContext, receiver: Receiver
) -> None:
    receiver.script = Script(statuses=[500])
    sink(context, 1, [])
    work(context)
    first, second = receiver.deliveries
    assert first.body == second.body
    # Both attempts are the same delivery to the receiver.
    assert first.headers["newsfold-delivery"] == second.headers["newsfold-delivery"]
    assert list_dead_letters(context.engine) == []


def test_a_receiver_that_always_fails_ends_in_the_dead_letter_table(
    context: WorkerContext, receiver: Receiver
) -> None:
    receiver.script = Script(then=503)
    sink(context, 1, [])
    work(context)
    assert len(receiver.deliveries) == 3  # the attempt and two retries
    [letter] = list_dead_letters(context.engine)
    line = story_line(context.engine, "s1")
    assert line is not None
    assert (letter.endpoint_url, letter.story_id, letter.version) == (
        receiver.url,
        "s1",
        line.version,
    )
    assert (letter.event, letter.attempts, letter.last_status) == ("story.created", 3, 503)
    assert letter.last_error is not None and letter.last_error.startswith(
        "HTTP 503: receiver error"
    )
    # The response was read only up to the bound.
    assert len(letter.last_error) < 300


def test_a_hanging_receiver_times_out(redis: Redis, engine: Engine, receiver: Receiver) -> None:
    context = make_context(redis, engine, receiver, total_timeout=0.5, retry_intervals_seconds=[])
    receiver.script = Script(hang_seconds=10)
    sink(context, 1, [])
    started = time.monotonic()
    work(context)
    assert time.monotonic() - started < 5
    [letter] = list_dead_letters(context.engine)
    assert letter.last_status is None and letter.attempts == 1
    assert letter.last_error is not None and letter.last_error.startswith("timeout")
    context.http.close()


def test_after_quick_updates_the_receiver_gets_the_newest_version_once(
    context: WorkerContext, receiver: Receiver
) -> None:
    sink(context, 1, [])
    sink(context, 2, ["a2"])
    sink(context, 3, ["a2", "a3"])
    assert stage_queue(context.redis, Stage.DELIVER).count >= 3
    work(context)
    [delivery] = receiver.deliveries
    newest = story_line(context.engine, "s1")
    assert newest is not None and json.loads(delivery.body)["version"] == newest.version
    assert [v["id"] for v in json.loads(delivery.body)["variants"]] == ["a2", "a3"]
    sink(context, 4, ["a2", "a3", "a4"])
    work(context)
    assert [d.headers["newsfold-event"] for d in receiver.deliveries] == [
        "story.created",
        "story.updated",
    ]


def test_a_merged_story_is_delivered_as_its_tombstone(
    context: WorkerContext, receiver: Receiver
) -> None:
    for article_id in ("a1", "b1"):
        save_article(context.redis, make_article(article_id))
    save_snapshot(context.redis, make_snapshot("s1", 1, "a1", []))
    run_sink(context, "a1", "s1")
    save_snapshot(context.redis, make_snapshot("s2", 1, "b1", []))
    run_sink(context, "b1", "s2")
    work(context)
    merged = make_snapshot("s2", 2, "b1", ["a1"], T0 + timedelta(hours=1))
    merged.merged_ids = ["s1"]
    save_snapshot(context.redis, merged)
    run_sink(context, "b1", "s2")
    work(context)
    later = {d.headers["newsfold-event"]: json.loads(d.body) for d in receiver.deliveries[2:]}
    assert set(later) == {"story.merged", "story.updated"}
    tombstone = EXPORT_LINE.validate_python(later["story.merged"])
    assert isinstance(tombstone, MergedStory)
    assert (tombstone.id, tombstone.merged_into) == ("s1", "s2")
    for payload in later.values():
        jsonschema.validate(payload, export_line_schema())


def test_without_endpoints_the_sink_enqueues_nothing(redis: Redis, engine: Engine) -> None:
    with httpx.Client() as http:
        context = WorkerContext(settings=Settings(), redis=redis, engine=engine, http=http)
        sink(context, 1, [])
    assert stage_queue(redis, Stage.DELIVER).count == 0


def test_the_secret_is_redacted_when_settings_are_dumped(context: WorkerContext) -> None:
    assert SECRET not in context.settings.model_dump_json()
    assert SECRET not in repr(context.settings)
