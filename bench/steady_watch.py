"""What the steady-load benchmark watches while newsfold runs: when each article's row
appears in the database (polled every 100 ms), the queues' depths and the processes' memory
(sampled every few seconds).

An article's commit time is taken from the database itself, not from its `stored_at` (the
sink's clock before its transaction), so waiting for a lock counts; the price is up to one
polling period (100 ms) of lateness.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from redis import Redis
from sqlalchemy import Engine, select

from bench.steady_daemon import peak_rss_mb
from services.runtime.queues import WORK_ORDER, Stage, stage_queue
from services.storage.tables import ArticleRow

POLL_SECONDS = 0.1
SAMPLE_SECONDS = 2.0
# Rows stored this long before the newest one seen are looked for again: a sink that read
# its clock and then waited on the database lock commits an older `stored_at`.
_LOOKBACK = timedelta(seconds=120)


@dataclass(frozen=True)
class QueueSample:
    """Jobs waiting in each stage's queue at `at` (Unix seconds)."""

    at: float
    waiting: dict[Stage, int]


@dataclass
class Watched:
    """Everything seen: article id -> (url, first moment its row was seen, its stored_at),
    queue samples, and the peak RSS of each process by pid (role, MB)."""

    rows: dict[str, tuple[str, float, float]] = field(default_factory=dict)
    queues: list[QueueSample] = field(default_factory=list)
    peak_rss: dict[int, tuple[str, float]] = field(default_factory=dict)


def watch(
    engine: Engine,
    redis: Redis,
    processes: Callable[[], dict[int, str]],
    done: Callable[[Watched], bool],
    watched: Watched,
) -> Watched:
    """Watch until `done(watched)` is true; `processes` names the processes to weigh (pid ->
    role)."""
    next_sample = 0.0
    while not done(watched):
        _new_rows(engine, watched)
        if time.monotonic() >= next_sample:
            next_sample = time.monotonic() + SAMPLE_SECONDS
            watched.queues.append(QueueSample(time.time(), _queue_depths(redis)))
            _weigh(processes(), watched)
        time.sleep(POLL_SECONDS)
    _new_rows(engine, watched)
    _weigh(processes(), watched)
    return watched


def _new_rows(engine: Engine, watched: Watched) -> None:
    newest = max((stored for _, _, stored in watched.rows.values()), default=0.0)
    since = datetime.fromtimestamp(newest, UTC) - _LOOKBACK
    query = select(ArticleRow.id, ArticleRow.url, ArticleRow.stored_at).where(
        ArticleRow.stored_at >= since
    )
    seen_at = time.time()
    with engine.connect() as connection:
        for article_id, url, stored_at in connection.execute(query):
            if article_id not in watched.rows:
                watched.rows[article_id] = (url, seen_at, stored_at.timestamp())


def _queue_depths(redis: Redis) -> dict[Stage, int]:
    return {stage: stage_queue(redis, stage).count for stage in WORK_ORDER}


def _weigh(processes: dict[int, str], watched: Watched) -> None:
    for pid, role in processes.items():
        peak = peak_rss_mb(pid)
        if peak is not None:
            watched.peak_rss[pid] = (role, max(peak, watched.peak_rss.get(pid, ("", 0.0))[1]))
