"""`newsfold worker` through click: what stops a worker at start."""

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog
from click.testing import CliRunner

from services.cli.main import cli


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """The worker configures logging onto the runner's stderr, which closes with the run."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:], root.level = handlers, level
    structlog.reset_defaults()


def test_a_worker_whose_model_cannot_load_exits_with_the_reason(
    redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFOLD_REDIS_URL", redis_url)
    monkeypatch.setenv("NEWSFOLD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NEWSFOLD_FOLD__EMBEDDING_MODEL", str(tmp_path / "no-such-model"))
    result = CliRunner().invoke(cli, ["worker", "--burst", "--queues", "dedupe"])
    assert result.exit_code == 1
    assert "cannot load embedding model" in result.output
    assert "no-such-model" in result.output
