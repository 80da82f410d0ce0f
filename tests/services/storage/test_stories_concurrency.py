"""Sink workers applying snapshots at the same time on PostgreSQL converge on the newest.

One thread applies a snapshot and holds its transaction open while a second thread applies
another; the second must wait for the first and then decide on what it committed.
"""

import random
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from services.storage.db import create_database_engine
from services.storage.schema import drop_schema, ensure_schema
from services.storage.stories import apply_snapshot
from services.storage.tables import StoryMemberRow, StoryRow
from tests.services.storage.builders import T0, make_snapshot

WAIT_SECONDS = 10

SnapshotArgs = tuple[Any, ...]  # arguments of make_snapshot


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    """An engine on an empty PostgreSQL database with newsfold's schema."""
    engine = create_database_engine(postgres_url)
    drop_schema(engine)
    ensure_schema(engine)
    yield engine
    engine.dispose()


class Worker(threading.Thread):
    """Runs `work` and keeps its result or exception for the test to check."""

    def __init__(self, work: Callable[[], bool]) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.result: bool | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.work()
        except BaseException as exc:  # handed to the test thread, which re-raises it
            self.error = exc

    def outcome(self) -> bool | None:
        self.join(WAIT_SECONDS)
        assert not self.is_alive()
        if self.error is not None:
            raise self.error
        return self.result


def apply_holding(
    engine: Engine, snapshot_args: SnapshotArgs, held: threading.Event, release: threading.Event
) -> Callable[[], bool]:
    """Work that applies a snapshot, then keeps its transaction open until released."""

    def work() -> bool:
        with engine.begin() as connection:
            applied = apply_snapshot(connection, make_snapshot(*snapshot_args), T0)
            held.set()
            release.wait(WAIT_SECONDS)
        return applied

    return work


def apply_now(engine: Engine, snapshot_args: SnapshotArgs) -> Callable[[], bool]:
    def work() -> bool:
        with engine.begin() as connection:
            return apply_snapshot(connection, make_snapshot(*snapshot_args), T0)

    return work


def run_overlapping(
    engine: Engine, first: SnapshotArgs, second: SnapshotArgs
) -> tuple[bool | None, ...]:
    """Apply `first` and hold it; apply `second` meanwhile; check `second` waited."""
    held, release = threading.Event(), threading.Event()
    holder = Worker(apply_holding(engine, first, held, release))
    holder.start()
    assert held.wait(WAIT_SECONDS)
    waiter = Worker(apply_now(engine, second))
    waiter.start()
    waiter.join(0.5)
    still_waiting = waiter.is_alive()
    release.set()
    outcomes = (holder.outcome(), waiter.outcome())
    assert still_waiting, "the second snapshot did not wait for the first one's transaction"
    return outcomes


def story_state(engine: Engine, story_id: str) -> tuple[int, set[str]]:
    with engine.connect() as connection:
        version = connection.execute(
            select(StoryRow.snapshot_version).where(StoryRow.id == story_id)
        ).scalar_one()
        members = connection.execute(
            select(StoryMemberRow.article_id).where(StoryMemberRow.story_id == story_id)
        ).scalars()
        return version, set(members)


@pytest.mark.parametrize("stored_before", [False, True], ids=["new-story", "stored-story"])
@pytest.mark.parametrize(("first", "second"), [(3, 4), (4, 3)], ids=["in-order", "reversed"])
def test_two_workers_applying_versions_at_once_end_at_the_highest(
    pg_engine: Engine, stored_before: bool, first: int, second: int
) -> None:
    if stored_before:
        apply_now(pg_engine, ("s1", 1, "a1", []))()
    outcomes = run_overlapping(
        pg_engine, ("s1", first, "a1", [f"v{first}"]), ("s1", second, "a1", [f"v{second}"])
    )
    assert outcomes == (True, second > first)
    assert story_state(pg_engine, "s1") == (4, {"a1", "v4"})


def test_many_versions_from_two_threads_in_random_order_end_at_the_highest(
    pg_engine: Engine,
) -> None:
    versions = list(range(1, 41))
    random.Random(7).shuffle(versions)

    def applier(mine: list[int]) -> Callable[[], bool]:
        def work() -> bool:
            for version in mine:
                apply_now(pg_engine, ("s1", version, "a1", [f"v{version}"]))()
            return True

        return work

    workers = [Worker(applier(versions[0::2])), Worker(applier(versions[1::2]))]
    for worker in workers:
        worker.start()
    assert [worker.outcome() for worker in workers] == [True, True]
    assert story_state(pg_engine, "s1") == (40, {"a1", "v40"})


@pytest.mark.parametrize("newer_first", [True, False])
def test_two_stories_claiming_one_article_at_once_leave_it_to_the_newer(
    pg_engine: Engine, newer_first: bool
) -> None:
    older = ("s1", 1, "a1", ["shared"], T0)
    newer = ("s2", 1, "b1", ["shared"], T0 + timedelta(minutes=5))
    first, second = (newer, older) if newer_first else (older, newer)
    assert run_overlapping(pg_engine, first, second) == (True, True)
    assert story_state(pg_engine, "s2") == (1, {"b1", "shared"})
    assert story_state(pg_engine, "s1") == (1, {"a1"})
