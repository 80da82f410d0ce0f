"""A private redis-server for the embedded default.

When NEWSFOLD_REDIS_URL is unset and nothing answers on localhost:6379, newsfold starts its
own redis-server under the data directory (append-only file on, so an interrupted run picks
up its queued work) and stops it on exit.
"""

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import structlog
from redis import Redis
from redis.exceptions import RedisError

log = structlog.get_logger(__name__)

DEFAULT_LOCAL_URL = "redis://localhost:6379/0"
INSTALL_HINT = (
    "redis-server was not found. Install it (Debian/Ubuntu: `apt-get install redis-server`; "
    "macOS: `brew install redis`) or point NEWSFOLD_REDIS_URL at a running Redis."
)


class RedisUnavailable(RuntimeError):
    """No Redis could be reached or started."""


def answers(url: str, timeout: float = 0.5) -> bool:
    """True when a Redis at `url` replies to PING."""
    client = Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        return bool(client.ping())
    except (RedisError, OSError):
        return False
    finally:
        client.close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def private_redis(
    directory: Path, *, appendonly: bool = True, port: int | None = None
) -> Iterator[str]:
    """Run a redis-server bound to 127.0.0.1 on `port` (default: a free one), storing under
    `directory`.

    Yields its URL; the server is shut down when the block exits.
    """
    binary = shutil.which("redis-server")
    if binary is None:
        raise RedisUnavailable(INSTALL_HINT)
    directory.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    command = [
        binary,
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--dir",
        str(directory),
        "--save",
        "",
        "--appendonly",
        "yes" if appendonly else "no",
        "--daemonize",
        "no",
        "--logfile",
        str(directory / "redis.log"),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wait_until_ready(url, process, directory / "redis.log")
        log.info("started private redis-server", url=url, directory=str(directory))
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(
    url: str, process: subprocess.Popen[bytes], logfile: Path, timeout: float = 10.0
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = logfile.read_text(errors="replace")[-500:] if logfile.exists() else ""
            raise RedisUnavailable(f"redis-server exited at start: {tail.strip()}")
        if answers(url, timeout=0.2):
            return
        time.sleep(0.05)
    process.kill()
    raise RedisUnavailable(f"redis-server did not answer on {url} within {timeout:.0f}s")


@contextmanager
def redis_url_for(
    configured: str | None, data_dir: Path, *, private: bool = False
) -> Iterator[str]:
    """The Redis URL to use: the configured one, else localhost:6379 if it answers, else a
    private server under `data_dir/redis` (always a private one when `private` is set)."""
    if configured:
        yield configured
        return
    if not private and answers(DEFAULT_LOCAL_URL):
        yield DEFAULT_LOCAL_URL
        return
    with private_redis(data_dir / "redis") as url:
        yield url
