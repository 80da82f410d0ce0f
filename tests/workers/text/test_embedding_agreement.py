"""The ONNX embeddings against what they replace and what folding needs of them: unit
vectors, one story's texts (the seeds) closer than unrelated ones, and the same vectors as
sentence-transformers on torch."""

import itertools
import sys
from pathlib import Path

import numpy as np
import pytest

from schemas.settings import DEFAULT_EMBEDDING_MODEL
from workers.text.embedding import EMBEDDED_WORDS, load_embedder, model_location

# Five sites' versions of one story, page junk and all (../shared/seeds/README.md).
SEEDS = sorted((Path(__file__).parents[1] / "extract" / "seeds").glob("0*.txt"))
UNRELATED = [
    "Heavy snowfall closed mountain passes across the Alps, stranding skiers in Swiss and "
    "Austrian resorts while crews cleared avalanche debris from the railway.",
    "The central bank raised its benchmark interest rate by half a point on Wednesday, "
    "its largest increase in two decades, to cool inflation running at a 40-year high.",
    "A late goal from the substitute striker sent the home side into the cup final after "
    "a tense semi-final that went to extra time in front of a sold-out stadium.",
]
# The bar an earlier int8 model missed (it moved cosines by up to 0.045).
AGREEMENT = 0.005


def seed_texts() -> list[str]:
    return [path.read_text() for path in SEEDS]


def test_vectors_have_unit_length_and_the_seeds_story_is_closer_than_unrelated_news() -> None:
    embedder = load_embedder(DEFAULT_EMBEDDING_MODEL)
    seeds = [embedder.embed(None, text) for text in seed_texts()]
    others = [embedder.embed(None, text) for text in UNRELATED]
    for vector in seeds + others:
        assert vector.dtype == np.float32
        assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5
    same_story = min(float(a @ b) for a, b in itertools.combinations(seeds, 2))
    unrelated = max(float(a @ b) for a in seeds for b in others)
    assert len(seeds) == 5
    assert same_story > unrelated + 0.3


def test_vectors_agree_with_sentence_transformers_on_torch() -> None:
    sentence_transformers = pytest.importorskip("sentence_transformers")
    reference = sentence_transformers.SentenceTransformer(
        model_location(DEFAULT_EMBEDDING_MODEL), device="cpu"
    )
    embedder = load_embedder(DEFAULT_EMBEDDING_MODEL)
    texts = seed_texts() + UNRELATED
    passages = [" ".join(text.split()[:EMBEDDED_WORDS]) for text in texts]
    expected = reference.encode(passages, normalize_embeddings=True, convert_to_numpy=True)
    got = np.stack([embedder.embed(None, text) for text in texts])
    assert float(np.max(1.0 - np.sum(expected * got, axis=1))) < AGREEMENT
    assert float(np.max(np.abs(expected @ expected.T - got @ got.T))) < AGREEMENT
    assert "torch" in sys.modules  # the comparison ran against torch, not a stub
