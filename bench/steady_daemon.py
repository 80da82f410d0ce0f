"""`newsfold run` as a subprocess for the steady-load benchmark, configured as an operator
would (NEWSFOLD_* variables), with its processes' memory read from /proc.

The daemon gets a session of its own, so a Ctrl-C in the terminal reaches only the
benchmark, which then stops the daemon as an operator does: SIGTERM (warm shutdown), and
the whole session killed if it has not exited in time.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from redis import Redis
from rq import Worker

_STOP_TIMEOUT = 60.0


@contextmanager
def running_daemon(environment: dict[str, str], workers: int, log_path: Path) -> Iterator[int]:
    """Run `newsfold run --workers N` with `environment` over ours; yields its pid. Its
    output goes to `log_path`."""
    command = [str(Path(sys.executable).with_name("newsfold")), "run", "--workers", str(workers)]
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command,
            env={**os.environ, **environment},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process.pid
    finally:
        _stop(process)


def wait_for_workers(redis_url: str, count: int, pid: int, timeout: float) -> float:
    """Wait until `count` rq workers are registered (their model loaded); returns the
    seconds waited. Raises RuntimeError if the daemon exits or time runs out."""
    redis = Redis.from_url(redis_url)
    started = time.monotonic()
    try:
        while Worker.count(connection=redis) < count:
            if not Path(f"/proc/{pid}").exists() or _exited(pid):
                raise RuntimeError("newsfold run exited during start-up; see its log")
            if time.monotonic() - started > timeout:
                raise RuntimeError(f"{count} workers not ready after {timeout:.0f} s")
            time.sleep(0.2)
    finally:
        redis.close()
    return time.monotonic() - started


def process_roles(pid: int) -> dict[int, str]:
    """`pid` (the daemon) and its descendants, each with what it is."""
    roles = {pid: "daemon (scheduler)"}
    for child in _children(pid):
        tracker = b"resource_tracker" in _command(child)
        roles[child] = "multiprocessing resource tracker" if tracker else "worker"
        for grandchild in _children(child):
            # rq's worker runs its scheduler (retries, deferred jobs) in a process of its own.
            roles[grandchild] = f"child of worker {child} (rq scheduler)"
    return roles


def peak_rss_mb(pid: int) -> float | None:
    """A process's peak RSS (VmHWM) in MB; None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return float(line.split()[1]) / 1024
    return None


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _command(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _exited(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        # Its workers are in its session, whose group only it leads: killed together,
        # while it is unreaped and its pid cannot be reused.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
