"""`newsfold run` and `newsfold worker` as real processes for fault tests."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from redis import Redis
from rq.registry import FailedJobRegistry

from services.runtime.queues import Stage, queue_name
from services.runtime.redis_server import free_port

REPOSITORY = Path(__file__).resolve().parents[2]
NEWSFOLD = [sys.executable, "-c", "from services.cli.main import main; main()"]


def newsfold_env(
    data_dir: Path, redis_url: str, database_url: str, **settings: str
) -> dict[str, str]:
    """The environment of a newsfold process on these servers, with NEWSFOLD_<key> settings;
    lexical folding (no embedding model to load) so processes start in a few seconds."""
    return {
        **os.environ,
        "PYTHONPATH": str(REPOSITORY),
        "NEWSFOLD_DATA_DIR": str(data_dir),
        "NEWSFOLD_REDIS_URL": redis_url,
        "NEWSFOLD_DATABASE_URL": database_url,
        "NEWSFOLD_ALLOW_PRIVATE_NETWORKS": "true",
        "NEWSFOLD_LOG_FORMAT": "json",
        "NEWSFOLD_FOLD__EMBEDDING_MODEL": "none",
        # Every outlet of the farm is one host.
        "NEWSFOLD_POLL__PER_HOST_CONCURRENCY": "8",
        "NEWSFOLD_METRICS_PORT": str(free_port()),
        **{f"NEWSFOLD_{key.upper()}": value for key, value in settings.items()},
    }


def start(args: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """Start `newsfold <args>`, its stderr (the JSON log) going to `log_path`."""
    with log_path.open("ab") as log:
        return subprocess.Popen(
            [*NEWSFOLD, *args],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )


def stop(process: subprocess.Popen[bytes], timeout: float = 60) -> int:
    """SIGTERM `process` and wait for it (killing it past `timeout`); its exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise


def log_events(log_path: Path) -> list[dict[str, Any]]:
    """The JSON log lines a newsfold process wrote (a plain-text line, if any, skipped)."""
    lines = log_path.read_text().splitlines()
    return [json.loads(line) for line in lines if line.startswith("{")]


def failed_job_ids(redis: Redis) -> list[str]:
    """Every job in a stage's failed registry."""
    return [
        job_id
        for stage in Stage
        for job_id in FailedJobRegistry(queue_name(stage), connection=redis).get_job_ids()
    ]
