"""`newsfold models prepare`: the embedding model exported and loaded ahead of the workers."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from services.cli.main import cli


def test_prepare_names_the_ready_model_and_its_cache() -> None:
    result = CliRunner().invoke(cli, ["--json", "models", "prepare"])
    assert result.exit_code == 0, result.output
    ready = json.loads(result.output.strip().splitlines()[-1])
    assert ready["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert ready["dimensions"] == 384
    assert Path(ready["cache"]).is_dir()


def test_prepare_fails_with_the_reason_for_an_unloadable_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFOLD_FOLD__EMBEDDING_MODEL", str(tmp_path / "no-such-model"))
    result = CliRunner().invoke(cli, ["models", "prepare"])
    assert result.exit_code == 1
    assert "cannot load embedding model" in result.output


def test_prepare_with_embeddings_off_has_nothing_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFOLD_FOLD__EMBEDDING_MODEL", "none")
    result = CliRunner().invoke(cli, ["models", "prepare"])
    assert result.exit_code == 0
    assert "no model to prepare" in result.output
