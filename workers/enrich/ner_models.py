"""spaCy NER pipelines, loaded once per worker process, on the first article that needs one.

Only the `ner` component is loaded: in the small English and French pipelines it has a
token-to-vector layer of its own, so the tagger, parser, lemmatizer and shared tok2vec are
never read and the entities found are the same (bench/enrich_cost.py on WCXB's pages: 36 MB
instead of 56 for the English model, 84 CPU ms per 1,000 words instead of 171).
"""

import sys
from functools import cache
from types import ModuleType
from typing import Any

import structlog

log = structlog.get_logger(__name__)

# Every component of the packaged pipelines but the recognizer (and its own tokenizer).
_NOT_NER = (
    "tok2vec",
    "tagger",
    "morphologizer",
    "parser",
    "senter",
    "attribute_ruler",
    "lemmatizer",
    "trainable_lemmatizer",
)
_OFF = {"", "none", "off"}


def model_name(models: dict[str, str], language: str | None) -> str | None:
    """The configured pipeline for `language`, or None where entities are off for it."""
    name = models.get(language or "", "").strip()
    return None if name.lower() in _OFF else name


@cache
def load_ner(name: str) -> Any | None:
    """The spaCy pipeline `name` (a package or a directory) with only its recognizer, or
    None when it cannot be loaded (logged once per process: articles then get no
    entities rather than failing their jobs)."""
    spacy = import_spacy()
    try:
        return spacy.load(name, exclude=list(_NOT_NER))
    except (OSError, ImportError, ValueError) as exc:
        log.error("NER model not loaded; no entities for its language", model=name, error=str(exc))
        return None


def import_spacy() -> ModuleType:
    """spaCy, imported without torch. thinc imports torch whenever it is installed (the
    `semantic` extra installs it) though CPU pipelines never use it: 223 MB instead of 44
    and 1.4 s instead of 0.35 to import (bench/enrich_cost.py --with-torch). torch is only
    kept out while spaCy is imported."""
    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    # A None entry makes `import torch` raise ImportError, which thinc expects when torch
    # is absent.
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import spacy
    finally:
        del sys.modules["torch"]
    return spacy
