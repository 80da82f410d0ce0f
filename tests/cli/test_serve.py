"""`newsfold serve` as a real process: it serves the stored stories, logs each request as a
JSON line, and refuses a database whose schema is not this release's."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner
from sqlalchemy import Engine

from services.cli.main import cli
from services.runtime.redis_server import free_port
from tests.services.api.sample import store_sample

NEWSFOLD = [sys.executable, "-c", "from services.cli.main import main; main()"]


def test_serve_answers_over_http_and_logs_each_request(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    store_sample(engine)
    port = free_port()
    env = {
        "NEWSFOLD_DATABASE_URL": database_url,
        "NEWSFOLD_DATA_DIR": str(tmp_path),
        "NEWSFOLD_LOG_FORMAT": "json",
        "PATH": "/usr/bin:/bin",
    }
    process = subprocess.Popen(
        [*NEWSFOLD, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{base}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.communicate()[1]
                assert time.monotonic() < deadline, "newsfold serve did not start"
                time.sleep(0.1)
        assert health.json() == {"status": "ok"}
        stories = httpx.get(f"{base}/api/stories", params={"entity": "macron"}).json()
        assert [story["id"] for story in stories["stories"]] == ["putin-macron"]
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=15)
    # uvicorn shuts down cleanly on SIGTERM, then dies of the signal it caught.
    assert process.returncode in (0, -signal.SIGTERM), stderr
    lines = [json.loads(line) for line in stderr.splitlines()]
    assert lines[-1]["event"].startswith("Finished server process")
    access = [line for line in lines if line["event"] == "request"]
    assert [(line["path"], line["status"]) for line in access][-1] == ("/api/stories", 200)
    assert access[-1]["query"] == "entity=macron"


def test_serve_refuses_a_database_at_another_revision(tmp_path: Path) -> None:
    # A database whose tables are not newsfold's: serve must not create them.
    env = {"NEWSFOLD_DATABASE_URL": f"sqlite:///{tmp_path / 'other.db'}"}
    result = CliRunner().invoke(cli, ["serve", "--port", str(free_port())], env=env)
    assert result.exit_code == 1
    assert "schema revision is none" in result.output
    assert "newsfold db upgrade" in result.output
