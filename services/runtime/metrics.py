"""Prometheus metrics of the whole deployment, read from Redis when scraped.

Workers run as separate processes, in Docker as separate containers on several machines:
metrics kept in each process's memory would need every worker scraped and would reset with
it. Instead workers write their counts to Redis every few seconds (stage_stats.py for job
costs and latencies, counters.py for events), and the one endpoint, served by `newsfold
run` (`metrics_port`), reads the totals and the live queue state at scrape time: any
scheduler's endpoint reports the whole deployment.

    newsfold_jobs_total{stage}                       jobs run
    newsfold_job_cpu_seconds_total{stage}            their CPU time
    newsfold_job_duration_seconds{stage}             their wall time (histogram)
    newsfold_queue_jobs{queue,state}                 queued, running, retrying, failed
    newsfold_queue_oldest_job_age_seconds{queue}     wait of the job next in line
    newsfold_scheduler_last_tick_timestamp_seconds   the latest tick of any scheduler
    newsfold_<event>_total{labels}                   counted events (counters.py): polls
                                                     by outcome, page fetches by outcome,
                                                     articles folded by relation and tier,
                                                     stories created and merged, errors by
                                                     stage and code
"""

import time
from collections.abc import Iterator
from datetime import UTC

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector, CollectorRegistry
from redis import Redis
from rq import Queue
from rq.job import Job
from rq.serializers import JSONSerializer

from services.runner.progress import queue_states
from services.runtime.counters import event_counts
from services.runtime.heartbeat import latest_beat
from services.runtime.queues import WORK_ORDER, stage_queue
from services.runtime.stage_stats import LATENCY_BUCKETS, stage_totals


class NewsfoldCollector(Collector):
    """Collects newsfold's metrics from Redis at every scrape."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    def collect(self) -> Iterator[Metric]:
        """The metric families, as of now."""
        yield from self._stage_metrics()
        yield from self._queue_metrics()
        yield from self._event_metrics()
        last_tick = latest_beat(self.redis)
        if last_tick is not None:
            yield GaugeMetricFamily(
                "newsfold_scheduler_last_tick_timestamp_seconds",
                "When a scheduler last ticked (seconds since the epoch).",
                value=last_tick,
            )

    def _stage_metrics(self) -> Iterator[Metric]:
        jobs = CounterMetricFamily("newsfold_jobs", "Jobs run, by stage.", labels=["stage"])
        cpu = CounterMetricFamily(
            "newsfold_job_cpu_seconds", "CPU seconds of jobs, by stage.", labels=["stage"]
        )
        duration = HistogramMetricFamily(
            "newsfold_job_duration_seconds", "Wall seconds per job, by stage.", labels=["stage"]
        )
        for totals in stage_totals(self.redis):
            stage = totals.stage.value
            jobs.add_metric([stage], totals.jobs)
            cpu.add_metric([stage], totals.cpu_seconds)
            cumulative, buckets = 0, []
            for bound, within in zip(LATENCY_BUCKETS, totals.jobs_within, strict=True):
                cumulative += within
                buckets.append((str(bound), float(cumulative)))
            buckets.append(("+Inf", float(totals.jobs)))
            duration.add_metric([stage], buckets, sum_value=totals.wall_seconds)
        yield from (jobs, cpu, duration)

    def _queue_metrics(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily(
            "newsfold_queue_jobs", "Jobs per queue and state.", labels=["queue", "state"]
        )
        for state in queue_states(self.redis):
            for name, value in (
                ("queued", state.queued),
                ("running", state.started),
                ("retrying", state.scheduled),
                ("failed", state.failed),
            ):
                depth.add_metric([state.stage.value, name], value)
        oldest = GaugeMetricFamily(
            "newsfold_queue_oldest_job_age_seconds",
            "Seconds the job next in line has waited (0 when the queue is empty).",
            labels=["queue"],
        )
        now = time.time()
        for stage in WORK_ORDER:
            oldest.add_metric([stage.value], self._oldest_age(stage_queue(self.redis, stage), now))
        yield from (depth, oldest)

    def _oldest_age(self, queue: Queue, now: float) -> float:
        ids = queue.get_job_ids(0, 1)
        if not ids:
            return 0.0
        job = Job.fetch_many(ids, self.redis, serializer=JSONSerializer)[0]
        enqueued = job.enqueued_at if job is not None else None
        if enqueued is None:
            return 0.0
        moment = enqueued if enqueued.tzinfo else enqueued.replace(tzinfo=UTC)
        return max(0.0, now - moment.timestamp())

    def _event_metrics(self) -> Iterator[Metric]:
        for event, counts in sorted(event_counts(self.redis).items()):
            names = sorted({name for labels, _ in counts for name in labels})
            family = CounterMetricFamily(
                f"newsfold_{event}", f"{event.replace('_', ' ').capitalize()}.", labels=names
            )
            for labels, value in counts:
                family.add_metric([labels.get(name, "") for name in names], value)
            yield family


def metrics_registry(redis: Redis) -> CollectorRegistry:
    """A registry holding newsfold's collector (and nothing of the process's own)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(NewsfoldCollector(redis))
    return registry
