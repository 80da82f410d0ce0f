"""What each stage costs, counted in Redis across every worker process.

Every job adds its CPU and wall seconds to its stage's totals (`measured`), and every worker
process adds the CPU time it spent after start-up, and its peak memory, when it exits
(`record_process`), so the difference is what the queue itself costs: rq's bookkeeping,
dequeuing, serialization. A process adds up its jobs' seconds itself and writes them every
few seconds and as it exits (`flush`): a round trip of three commands per job was some 5% of
a short job's queue cost.
Operators and benchmarks read the totals (`stage_totals`, `process_totals`); `reset` clears
them before a measured run.
"""

import bisect
import functools
import resource
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

import structlog
from redis import Redis
from redis.client import Pipeline
from redis.exceptions import RedisError

from services.runtime.context import current
from services.runtime.counters import queue_tally
from services.runtime.queues import WORK_ORDER, Stage

log = structlog.get_logger(__name__)

_PREFIX = "nf:stats:"
_PROCESSES_KEY = _PREFIX + "processes"

P = ParamSpec("P")
R = TypeVar("R")

# Upper bounds (wall seconds) of the job latency histogram's buckets, per stage: from a
# sink's few ms to a page fetch's host wait and the job timeout.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
# How long a worker process keeps its jobs' seconds before writing them to Redis.
FLUSH_EVERY_SECONDS = 5.0


@dataclass(frozen=True)
class StageTotals:
    """A stage's jobs so far, the seconds they took, and how many took at most each of
    `LATENCY_BUCKETS` seconds (not cumulative: a job counts in its smallest bucket only;
    slower jobs than the largest bound are in none)."""

    stage: Stage
    jobs: int
    cpu_seconds: float
    wall_seconds: float
    jobs_within: tuple[int, ...] = ()


@dataclass(frozen=True)
class ProcessTotals:
    """Worker processes that have exited, their CPU seconds, and the largest peak RSS."""

    processes: int
    cpu_seconds: float
    peak_rss_mb: float


@dataclass
class _Unwritten:
    """This process's job totals not yet written, by (stage, field)."""

    totals: defaultdict[tuple[Stage, str], float] = field(
        default_factory=lambda: defaultdict(float)
    )
    since: float = field(default_factory=time.monotonic)


# Process state, like the bound worker context: one per worker process.
_unwritten = _Unwritten()


def measured(stage: Stage) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a stage's rq job function so that its CPU and wall time are counted."""

    def decorate(job: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(job)
        def counted(*args: P.args, **kwargs: P.kwargs) -> R:
            cpu, wall = time.process_time(), time.perf_counter()
            try:
                return job(*args, **kwargs)
            finally:
                _add(
                    current().redis,
                    stage,
                    time.process_time() - cpu,
                    time.perf_counter() - wall,
                )

        return counted

    return decorate


def process_cpu_seconds() -> float:
    """This process's CPU time so far (user and system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def flush(redis: Redis) -> None:
    """Write the totals of this process's jobs that are not written yet."""
    pipe = redis.pipeline(transaction=False)
    _queue_unwritten(pipe)
    pipe.execute()
    _unwritten.totals.clear()


def record_process(redis: Redis, ready_at_cpu: float) -> None:
    """Count this worker process's CPU time since it was ready to work (`ready_at_cpu`, its
    `process_cpu_seconds()` then: imports and model loading are start-up, not queue cost)
    and its peak RSS, and write its jobs' totals; called as it exits."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    pipe = redis.pipeline(transaction=False)
    _queue_unwritten(pipe)
    pipe.hincrby(_PROCESSES_KEY, "processes", 1)
    pipe.hincrbyfloat(_PROCESSES_KEY, "cpu_seconds", process_cpu_seconds() - ready_at_cpu)
    # ru_maxrss is in KiB on Linux.
    pipe.eval(_MAX_SCRIPT, 1, _PROCESSES_KEY, "peak_rss_kib", usage.ru_maxrss)
    pipe.execute()
    _unwritten.totals.clear()


def stage_totals(redis: Redis) -> list[StageTotals]:
    """Every stage's totals, in pipeline order."""
    pipe = redis.pipeline(transaction=False)
    stages = list(reversed(WORK_ORDER))
    for stage in stages:
        pipe.hgetall(_stage_key(stage))
    totals = []
    for stage, raw in zip(stages, pipe.execute(), strict=True):
        values = _floats(raw)
        totals.append(
            StageTotals(
                stage=stage,
                jobs=int(values.get("jobs", 0)),
                cpu_seconds=values.get("cpu_seconds", 0.0),
                wall_seconds=values.get("wall_seconds", 0.0),
                jobs_within=tuple(
                    int(values.get(_bucket_field(index), 0))
                    for index in range(len(LATENCY_BUCKETS))
                ),
            )
        )
    return totals


def process_totals(redis: Redis) -> ProcessTotals:
    """The totals of the worker processes that have exited."""
    values = _floats(redis.hgetall(_PROCESSES_KEY))
    return ProcessTotals(
        processes=int(values.get("processes", 0)),
        cpu_seconds=values.get("cpu_seconds", 0.0),
        peak_rss_mb=values.get("peak_rss_kib", 0.0) / 1024,
    )


def reset(redis: Redis) -> None:
    """Clear every total, this process's unwritten ones included."""
    _unwritten.totals.clear()
    redis.delete(_PROCESSES_KEY, *(_stage_key(stage) for stage in Stage))


def _add(redis: Redis, stage: Stage, cpu_seconds: float, wall_seconds: float) -> None:
    totals = _unwritten.totals
    totals[stage, "jobs"] += 1
    totals[stage, "cpu_seconds"] += cpu_seconds
    totals[stage, "wall_seconds"] += wall_seconds
    bucket = bisect.bisect_left(LATENCY_BUCKETS, wall_seconds)
    if bucket < len(LATENCY_BUCKETS):
        totals[stage, _bucket_field(bucket)] += 1
    if time.monotonic() - _unwritten.since < FLUSH_EVERY_SECONDS:
        return
    _unwritten.since = time.monotonic()
    # Counting is an aid, not the job's purpose: a Redis error here must not fail the job,
    # and the totals are kept for the next write.
    try:
        flush(redis)
    except RedisError as exc:
        log.warning("stage costs not written: redis error", error=str(exc))


def _queue_unwritten(pipe: Pipeline) -> None:
    for (stage, name), value in _unwritten.totals.items():
        if name.endswith("seconds"):
            pipe.hincrbyfloat(_stage_key(stage), name, value)
        else:
            pipe.hincrby(_stage_key(stage), name, int(value))
    queue_tally(pipe)


def _bucket_field(index: int) -> str:
    return f"within:{LATENCY_BUCKETS[index]}"


def _floats(raw: Mapping[bytes | str, bytes | str]) -> dict[str, float]:
    # The clients here return bytes; decoding clients return str.
    return {
        (key.decode() if isinstance(key, bytes) else key): float(value)
        for key, value in raw.items()
    }


def _stage_key(stage: Stage) -> str:
    return f"{_PREFIX}stage:{stage.value}"


# HSET the field to the larger of its value and ARGV[2], atomically.
_MAX_SCRIPT = """
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if tonumber(ARGV[2]) > current then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 0
"""
