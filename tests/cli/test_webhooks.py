"""`newsfold webhooks dead-letters` and `webhooks redeliver`, with endpoints configured
through the environment, against a receiver on 127.0.0.1."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from redis import Redis
from sqlalchemy import Engine

from services.cli.main import cli
from services.runtime.queues import Stage, stage_queue
from services.storage.dead_letters import list_dead_letters
from tests.services.delivery.receiver import Receiver, Script
from tests.workers.test_deliver import SECRET, make_context, sink, work


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    server.start()
    yield server
    server.stop()


def newsfold(env: dict[str, str], *args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_a_dead_letter_is_listed_then_redelivered_once_the_receiver_is_back(
    redis: Redis,
    redis_url: str,
    engine: Engine,
    database_url: str,
    receiver: Receiver,
    tmp_path: Path,
) -> None:
    context = make_context(redis, engine, receiver)
    receiver.script = Script(then=500)
    sink(context, 1, [])
    work(context)
    env = {
        "NEWSFOLD_DATABASE_URL": database_url,
        "NEWSFOLD_DATA_DIR": str(tmp_path),
        "NEWSFOLD_REDIS_URL": redis_url,
        "NEWSFOLD_WEBHOOKS__ENDPOINTS": json.dumps([{"url": receiver.url, "secret": SECRET}]),
    }
    [listed] = json.loads(newsfold(env, "--json", "webhooks", "dead-letters").stdout)
    assert (listed["story_id"], listed["attempts"], listed["last_status"]) == ("s1", 3, 500)
    table = newsfold(env, "webhooks", "dead-letters").stdout
    assert "HTTP 500" in table and receiver.url in table
    assert SECRET not in table

    receiver.script = Script()
    attempts = len(receiver.deliveries)
    redelivered = newsfold(env, "webhooks", "redeliver", str(listed["id"]))
    assert "redelivering 1 of 1" in redelivered.stdout
    assert list_dead_letters(engine) == []
    assert stage_queue(redis, Stage.DELIVER).count == 1
    work(context)
    assert len(receiver.deliveries) == attempts + 1
    assert receiver.deliveries[-1].headers["newsfold-event"] == "story.created"
    context.http.close()


def test_a_dead_letter_of_an_endpoint_no_longer_configured_is_kept(
    redis: Redis,
    redis_url: str,
    engine: Engine,
    database_url: str,
    receiver: Receiver,
    tmp_path: Path,
) -> None:
    context = make_context(redis, engine, receiver)
    receiver.script = Script(then=500)
    sink(context, 1, [])
    work(context)
    env = {
        "NEWSFOLD_DATABASE_URL": database_url,
        "NEWSFOLD_DATA_DIR": str(tmp_path),
        "NEWSFOLD_REDIS_URL": redis_url,
    }
    result = newsfold(env, "webhooks", "redeliver", "--all")
    assert "is not configured" in result.stdout
    assert "redelivering 0 of 1" in result.stdout
    assert len(list_dead_letters(engine)) == 1
    context.http.close()
