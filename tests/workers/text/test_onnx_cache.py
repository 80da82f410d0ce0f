"""The cache of exported models: keyed by content, found again without torch, and why an
export failed reaching the worker as the right error."""

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workers.text import onnx_cache, onnx_export
from workers.text.embedding import SemanticExtraMissing, load_embedder


@pytest.fixture
def fresh_loader() -> Iterator[None]:
    load_embedder.cache_clear()
    yield
    load_embedder.cache_clear()


def model_dir(where: Path) -> Path:
    (where / "1_Pooling").mkdir(parents=True)
    (where / "config.json").write_text('{"hidden_size": 384}')
    (where / "1_Pooling" / "config.json").write_text('{"pooling_mode_mean_tokens": true}')
    return where


def test_the_key_follows_content_not_place(tmp_path: Path) -> None:
    model = model_dir(tmp_path / "model")
    copy = shutil.copytree(model, tmp_path / "copy")
    assert onnx_cache.model_digest(model) == onnx_cache.model_digest(copy)
    (copy / "1_Pooling" / "config.json").write_text('{"pooling_mode_cls_token": true}')
    assert onnx_cache.model_digest(model) != onnx_cache.model_digest(copy)


def test_an_exported_model_is_found_without_exporting_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = model_dir(tmp_path / "model")
    done = tmp_path / "cache" / onnx_cache.model_digest(model)
    done.mkdir(parents=True)
    (done / "embedding.json").write_text("{}")

    def no_export(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("exported again")

    monkeypatch.setattr(subprocess, "run", no_export)
    assert onnx_cache.exported_model(model, tmp_path / "cache") == done


def test_a_failed_export_leaves_nothing_half_written(tmp_path: Path) -> None:
    model = model_dir(tmp_path / "model")  # no weights: sentence-transformers fails on it
    with pytest.raises(onnx_cache.ExportFailed) as failed:
        onnx_cache.exported_model(model, tmp_path / "cache")
    assert not failed.value.extra_missing
    assert not [path for path in (tmp_path / "cache").iterdir() if path.is_dir()]


def test_the_exporter_says_when_torch_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # import fails
    exit_code = onnx_export.main([str(model_dir(tmp_path / "model")), str(tmp_path / "out")])
    assert exit_code == onnx_export.EXIT_EXTRA_MISSING


def test_an_export_without_torch_is_the_missing_extra(
    fresh_loader: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def torch_missing(directory: Path, root: Path | None = None) -> Path:
        raise onnx_cache.ExportFailed("No module named 'torch'", extra_missing=True)

    monkeypatch.setattr(onnx_cache, "exported_model", torch_missing)
    with pytest.raises(SemanticExtraMissing, match="semantic extra"):
        load_embedder("sentence-transformers/all-MiniLM-L6-v2")
