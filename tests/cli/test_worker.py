"""`newsfold worker` through click: what stops a worker at start."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from services.cli.main import cli


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
