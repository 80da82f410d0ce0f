"""Stage costs counted in the private Redis: per job, per worker process, and cleared."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from redis import Redis

from schemas.settings import Settings
from services.http.client import build_client
from services.runtime import stage_stats
from services.runtime.context import WorkerContext, bind
from services.runtime.queues import WORK_ORDER, Stage
from services.runtime.stage_stats import (
    flush,
    measured,
    process_cpu_seconds,
    process_totals,
    record_process,
    reset,
    stage_totals,
)


@pytest.fixture
def bound(redis: Redis, tmp_path: Path) -> Iterator[WorkerContext]:
    """A worker context bound as a worker process binds it."""
    settings = Settings(data_dir=tmp_path)
    engine = sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'unused.db'}")
    with build_client(settings.http, allow_private=False) as http:
        context = WorkerContext(settings=settings, redis=redis, engine=engine, http=http)
        bind(context)
        # Jobs run in this process by earlier tests left their totals unwritten.
        reset(redis)
        yield context
    engine.dispose()


@measured(Stage.EXTRACT)
def _busy_job(rounds: int) -> int:
    return sum(index * index for index in range(rounds))


@measured(Stage.EXTRACT)
def _failing_job() -> None:
    raise ValueError("broken page")


def test_every_job_adds_its_cpu_and_wall_time_to_its_stage(bound: WorkerContext) -> None:
    _busy_job(200_000)
    _busy_job(200_000)
    with pytest.raises(ValueError):
        _failing_job()
    flush(bound.redis)
    totals = {total.stage: total for total in stage_totals(bound.redis)}
    extract = totals[Stage.EXTRACT]
    assert extract.jobs == 3
    assert 0 < extract.cpu_seconds <= extract.wall_seconds + 0.05
    assert totals[Stage.POLL].jobs == 0
    assert [total.stage for total in stage_totals(bound.redis)] == list(reversed(WORK_ORDER))


def test_worker_processes_add_their_cpu_and_peak_memory(bound: WorkerContext) -> None:
    _busy_job(200_000)
    record_process(bound.redis, ready_at_cpu=0.0)
    record_process(bound.redis, ready_at_cpu=process_cpu_seconds())
    totals = process_totals(bound.redis)
    assert totals.processes == 2
    assert totals.cpu_seconds > 0
    assert 10 < totals.peak_rss_mb < 10_000
    reset(bound.redis)
    assert process_totals(bound.redis).processes == 0
    assert all(total.jobs == 0 for total in stage_totals(bound.redis))


def test_job_totals_are_written_every_few_seconds_not_per_job(
    bound: WorkerContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    _busy_job(1000)
    _busy_job(1000)
    assert stage_totals(bound.redis)[1].jobs == 0
    monkeypatch.setattr(stage_stats, "FLUSH_EVERY_SECONDS", 0.0)
    _busy_job(1000)
    assert stage_totals(bound.redis)[1].jobs == 3


def test_a_worker_process_writes_its_jobs_totals_as_it_exits(bound: WorkerContext) -> None:
    _busy_job(1000)
    record_process(bound.redis, ready_at_cpu=process_cpu_seconds())
    assert stage_totals(bound.redis)[1].jobs == 1
