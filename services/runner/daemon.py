"""`newsfold run`: the scheduler plus supervised worker processes, until a signal.

The first SIGTERM or SIGINT stops the scheduler and asks every worker for a warm shutdown
(rq finishes the job in hand, bounded by the job timeout); a second one kills the workers.
A worker that dies on its own is restarted, waiting longer after each crash; the job it was
running goes back to rq's retries at once (services/runtime/abandoned.py).

Workers are rq SimpleWorkers (services/runner/worker.py: no fork per job). `workers` of them
work every stage, downstream first; `stage_workers` adds processes dedicated to one stage.
One more supervised process runs rq's scheduler, which puts jobs due for a retry back on
their queues; left to each worker, it would be a forked child per worker that outlives a
killed worker.
"""

import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Sequence
from multiprocessing.process import BaseProcess
from types import FrameType
from wsgiref.simple_server import WSGIServer

import structlog
from prometheus_client import start_http_server
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import Engine

from schemas.settings import Settings
from services.poller.scheduler import run_scheduler
from services.runner.worker import run_rq_scheduler, run_worker
from services.runtime.abandoned import release_worker_jobs
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
    """Keeps a worker process alive per slot (the stages it works), and one process of rq's
    scheduler, until stopped."""

    def __init__(
        self, settings: Settings, redis: Redis, redis_url: str, slots: Sequence[tuple[Stage, ...]]
    ) -> None:
        self.settings = settings
        self.redis = redis
        self.redis_url = redis_url
        self.spawn = multiprocessing.get_context("spawn")
        # The last slot, with no stages, is rq's scheduler.
        self.slots = [*slots, ()]
        self.processes: list[BaseProcess | None] = [None] * len(self.slots)
        # rq's name of each slot's worker, to find the jobs it held if it dies.
        self.names = [""] * len(self.slots)
        # Names of dead workers whose jobs are still to be released.
        self.dead: set[str] = set()
        self.starts = 0
        self.crashes = [0] * len(self.slots)
        self.restart_at = [0.0] * len(self.slots)

    def _start(self, slot: int) -> None:
        self.starts += 1
        stages = self.slots[slot]
        # A worker's name is unique per start: rq refuses a name that a live worker holds.
        # rq's scheduler keeps one name per daemon: its locks (one per queue, a minute
        # long) then pass to its restarted self at once instead of after rq's two-minute
        # fallback, holding retries back that long.
        name = f"{socket.gethostname()}.{os.getpid()}." + (
            f"{slot}.{self.starts}" if stages else "rq-scheduler"
        )
        process = self.spawn.Process(
            target=_supervised,
            args=(self.settings, self.redis_url, stages, name),
            name=f"newsfold-worker-{slot}" if stages else "newsfold-rq-scheduler",
        )
        process.start()
        self.processes[slot] = process
        self.names[slot] = name

    def tend(self) -> None:
        """Start missing workers, restart crashed ones after their backoff, and release
        the jobs that dead ones held."""
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
                    process=process.name,
                    exitcode=process.exitcode,
                    delay_seconds=delay,
                )
                if self.slots[slot]:
                    self.dead.add(self.names[slot])
                self.crashes[slot] += 1
                self.restart_at[slot] = now + delay
                self.processes[slot] = None
            if now >= self.restart_at[slot]:
                self._start(slot)
        if self.dead:
            self._release_dead()

    def _release_dead(self) -> None:
        """Give the jobs of dead workers back to rq (retried or failed); a worker whose jobs
        could not be released (Redis down: often why it died) is tried again next time."""
        for name in sorted(self.dead):
            try:
                release_worker_jobs(self.redis, name)
            except RedisError as exc:
                log.warning("dead worker's jobs not released yet: redis error", error=str(exc))
                return
            self.dead.discard(name)

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


def _supervised(settings: Settings, redis_url: str, stages: Sequence[Stage], name: str) -> None:
    """A supervised process: a worker of `stages`, or rq's scheduler when there are none.
    An error that ends it is logged, and it exits with 1 (to be restarted)."""
    try:
        if stages:
            run_worker(settings, redis_url, stages, burst=False, name=name, with_scheduler=False)
        else:
            run_rq_scheduler(settings, redis_url, name)
    except Exception:
        # Left to multiprocessing, the traceback would be plain text amid the JSON log.
        log.exception("worker stopped by an error")
        raise SystemExit(1) from None


def run_daemon(settings: Settings, redis_url: str, engine: Engine, *, workers: int) -> int:
    """Run the scheduler and `workers` all-stage workers (plus the `stage_workers`
    setting's) until SIGTERM/SIGINT; returns the exit code (0 after a clean stop)."""
    stop = threading.Event()
    slots = worker_slots(settings, workers)
    redis = Redis.from_url(redis_url)
    supervisor = Supervisor(settings, redis, redis_url, slots)

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        if stop.is_set():
            log.warning("second signal: stopping workers now", signal=signum)
            supervisor.stop(force=True)
            return
        log.info("stopping: letting running jobs finish", signal=signum)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
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
