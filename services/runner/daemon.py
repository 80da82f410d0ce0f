"""`newsfold run`: the scheduler plus supervised worker processes, until a signal.

The first SIGTERM or SIGINT stops the scheduler and asks every worker for a warm shutdown
(rq finishes the job in hand, bounded by the job timeout); a second one kills the workers.
A worker that dies on its own is restarted, waiting longer after each crash.

Workers are rq SimpleWorkers (services/runner/worker.py: no fork per job). `workers` of them
work every stage, downstream first; `stage_workers` adds processes dedicated to one stage.
"""

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Sequence
from multiprocessing.process import BaseProcess
from types import FrameType
from wsgiref.simple_server import WSGIServer

import structlog
from prometheus_client import start_http_server
from redis import Redis
from sqlalchemy import Engine

from schemas.settings import Settings
from services.poller.scheduler import run_scheduler
from services.runner.worker import run_worker
from services.runtime.metrics import metrics_registry
from services.runtime.queues import WORK_ORDER, Stage

log = structlog.get_logger(__name__)

_RESTART_DELAYS_SECONDS = (1, 2, 5, 10, 30, 60)


def worker_slots(settings: Settings, workers: int) -> list[tuple[Stage, ...]]:
    """The stages each worker process works: `workers` on every stage, then those the
    `stage_workers` setting dedicates to one stage."""
    dedicated = [
        (Stage(name),)
        for name, count in sorted(settings.stage_workers.items())
        for _ in range(count)
    ]
    return [WORK_ORDER] * workers + dedicated


class Supervisor:
    """Keeps a worker process alive per slot (the stages it works) until stopped."""

    def __init__(
        self, settings: Settings, redis_url: str, slots: Sequence[tuple[Stage, ...]]
    ) -> None:
        self.settings = settings
        self.redis_url = redis_url
        self.spawn = multiprocessing.get_context("spawn")
        self.slots = list(slots)
        self.processes: list[BaseProcess | None] = [None] * len(self.slots)
        self.crashes = [0] * len(self.slots)
        self.restart_at = [0.0] * len(self.slots)

    def _start(self, slot: int) -> None:
        process = self.spawn.Process(
            target=run_worker,
            args=(self.settings, self.redis_url, self.slots[slot]),
            kwargs={"burst": False},
            name=f"newsfold-worker-{slot}",
        )
        process.start()
        self.processes[slot] = process

    def tend(self) -> None:
        """Start missing workers and restart crashed ones after their backoff."""
        now = time.monotonic()
        for slot, process in enumerate(self.processes):
            if process is not None and process.is_alive():
                continue
            if process is not None:
                delay = _RESTART_DELAYS_SECONDS[
                    min(self.crashes[slot], len(_RESTART_DELAYS_SECONDS) - 1)
                ]
                log.warning(
                    "worker exited; restarting",
                    worker=slot,
                    exitcode=process.exitcode,
                    delay_seconds=delay,
                )
                self.crashes[slot] += 1
                self.restart_at[slot] = now + delay
                self.processes[slot] = None
            if now >= self.restart_at[slot]:
                self._start(slot)

    def stop(self, *, force: bool) -> None:
        """Ask every worker to stop (warm) or kill them (`force`)."""
        for process in self.processes:
            if process is not None and process.is_alive() and process.pid:
                os.kill(process.pid, signal.SIGKILL if force else signal.SIGTERM)

    def join(self, timeout: float) -> None:
        """Wait for the workers to exit, killing those still running after `timeout`."""
        deadline = time.monotonic() + timeout
        for process in self.processes:
            if process is None:
                continue
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                log.warning("worker did not stop in time; killing", pid=process.pid)
                process.kill()
                process.join()


def run_daemon(settings: Settings, redis_url: str, engine: Engine, *, workers: int) -> int:
    """Run the scheduler and `workers` all-stage workers (plus the `stage_workers`
    setting's) until SIGTERM/SIGINT; returns the exit code (0 after a clean stop)."""
    stop = threading.Event()
    slots = worker_slots(settings, workers)
    supervisor = Supervisor(settings, redis_url, slots)

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        if stop.is_set():
            log.warning("second signal: stopping workers now", signal=signum)
            supervisor.stop(force=True)
            return
        log.info("stopping: letting running jobs finish", signal=signum)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    redis = Redis.from_url(redis_url)
    scheduler = threading.Thread(
        target=run_scheduler, args=(settings, engine, redis, stop), name="scheduler", daemon=True
    )
    scheduler.start()
    metrics = _serve_metrics(settings, redis)
    log.info(
        "newsfold running",
        workers=len(slots),
        stages=[",".join(stage.value for stage in stages) for stages in slots],
    )
    while not stop.is_set():
        supervisor.tend()
        stop.wait(1.0)
    supervisor.stop(force=False)
    supervisor.join(timeout=settings.job_timeout_seconds + 10)
    scheduler.join(timeout=10)
    if metrics is not None:
        metrics.shutdown()
    redis.close()
    log.info("newsfold stopped")
    return 0


def _serve_metrics(settings: Settings, redis: Redis) -> WSGIServer | None:
    """Serve /metrics (services/runtime/metrics.py) on a thread, if a port is set. A port
    that cannot be bound is logged and the daemon goes on: metrics are for watching it."""
    if not settings.metrics_port:
        return None
    try:
        server, _ = start_http_server(
            settings.metrics_port, settings.metrics_address, registry=metrics_registry(redis)
        )
    except OSError as exc:
        log.error(
            "metrics not served: cannot listen",
            address=settings.metrics_address,
            port=settings.metrics_port,
            error=str(exc),
        )
        return None
    log.info("metrics served", address=settings.metrics_address, port=settings.metrics_port)
    return server
