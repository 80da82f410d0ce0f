"""Sentence embeddings: the packaged default model, loading failures, the missing extra."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from schemas.settings import DEFAULT_EMBEDDING_MODEL, FoldSettings, Settings
from services.runner.worker import worker_process_context
from tests.plugins.logs import LogLines
from workers.text.embedding import (
    EmbeddingUnavailable,
    SemanticExtraMissing,
    embedder_for,
    load_embedder,
    model_location,
)

CALL = (
    "Vladimir Putin told Emmanuel Macron in a phone call on Friday that the West had ignored "
    "Russia's main security demands, the Kremlin said."
)
CALL_REWORDED = (
    "In a telephone conversation with the French president, the Russian leader complained "
    "that the United States and NATO had disregarded Moscow's key concerns about security."
)
SNOW = (
    "Heavy snowfall closed mountain passes across the Alps, stranding skiers in Swiss and "
    "Austrian resorts while crews cleared avalanche debris from the railway."
)


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """Empty the per-process model caches around a test that must load anew."""
    embedder_for.cache_clear()
    load_embedder.cache_clear()
    yield
    embedder_for.cache_clear()
    load_embedder.cache_clear()


def test_default_model_is_the_packaged_directory_so_no_hub_is_asked() -> None:
    location = Path(model_location(DEFAULT_EMBEDDING_MODEL))
    assert (location / "model.safetensors").is_file()
    assert model_location("org/elsewhere") == "org/elsewhere"


def test_the_default_model_loads_offline_and_without_torch_in_a_fresh_process() -> None:
    script = (
        "import sys; from workers.text.embedding import embedder_for; "
        f"print(embedder_for({DEFAULT_EMBEDDING_MODEL!r}).embed('Title', 'Some text.').shape, "
        "'torch' in sys.modules)"
    )
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # Torch only exports the model, once, in a child process: a worker never holds it.
    assert done.stdout.strip().splitlines()[-1] == "(384,) False"


def test_paraphrases_are_close_and_unrelated_texts_far() -> None:
    embedder = load_embedder(DEFAULT_EMBEDDING_MODEL)
    call, reworded, snow = (embedder.embed(None, text) for text in (CALL, CALL_REWORDED, SNOW))
    assert call.shape == (embedder.dimensions,) == (384,)
    assert call.dtype == np.float32
    assert abs(float(np.linalg.norm(call)) - 1.0) < 1e-4
    assert float(call @ reworded) > 0.6
    assert float(call @ snow) < 0.2


def test_the_model_is_loaded_once_per_process() -> None:
    assert embedder_for(DEFAULT_EMBEDDING_MODEL) is load_embedder(DEFAULT_EMBEDDING_MODEL)


def test_title_and_lead_are_embedded_not_the_whole_text() -> None:
    embedder = load_embedder(DEFAULT_EMBEDDING_MODEL)
    padded = CALL + " " + " ".join(["snow"] * 400)
    assert np.allclose(embedder.embed(None, padded), embedder.embed(None, CALL + " snow" * 180))
    assert not np.allclose(embedder.embed("Alpine snow", CALL), embedder.embed(None, CALL))


def test_an_unloadable_model_fails_at_worker_start(
    fresh_caches: None, redis_url: str, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, fold=FoldSettings(embedding_model=str(tmp_path)))
    with pytest.raises(EmbeddingUnavailable, match="cannot load embedding model"):  # noqa: SIM117
        with worker_process_context(settings, redis_url):
            pass


def test_without_the_extra_the_default_folds_lexically_and_says_so_once(
    fresh_caches: None, monkeypatch: pytest.MonkeyPatch, log_lines: LogLines
) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import fails
    assert embedder_for(DEFAULT_EMBEDDING_MODEL) is None
    assert embedder_for(DEFAULT_EMBEDDING_MODEL) is None
    warnings = [line for line in log_lines() if "without sentence embeddings" in line["event"]]
    assert len(warnings) == 1
    with pytest.raises(SemanticExtraMissing, match="semantic extra"):
        embedder_for("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2")


def test_embeddings_can_be_turned_off() -> None:
    for off in ("", "none", "off", None):
        assert FoldSettings(embedding_model=off).embedding_model is None
    assert embedder_for(None) is None
