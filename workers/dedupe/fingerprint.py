"""What the dedupe stage compares: an exact digest, a MinHash of word bigrams and a weighted
term vector, all computed once per article."""

import hashlib
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash
from wordfreq import zipf_frequency

from workers.dedupe.term_array import TermArray
from workers.text.normalize import normalized_text, words

# Word bigrams, not the usual 5-grams: synonym spinning swaps roughly one word in four, and
# a k-gram survives only if none of its k words was swapped (~0.75^k). On the seeds, the
# spun copy 001 shares 45% of 000's bigrams but 24% of its 5-grams, while independent
# rewrites of the same event share at most 7% of bigrams (docs/folding.md).
SHINGLE_WORDS = 2
SIGNATURE_MASK = 0xFFFF

# Terms of the story-similarity vector. wordfreq's Zipf frequency (7 for "the", about 1 for
# a word seen once in a billion) stands in for inverse document frequency, so rare names
# and places weigh most without keeping corpus statistics.
_MAX_ZIPF = 7.0
_MIN_TERM_WEIGHT = 1.5
# The heaviest terms kept: on SemEval-2022 pairs 64 fold as 120 did (pairwise F1 0.649
# against 0.645; AllSides unchanged) at half the bytes per fingerprint and story.
_TERMS_KEPT = 64


@dataclass(frozen=True)
class Fingerprint:
    """An article's comparable features."""

    digest: str
    signature: np.ndarray
    terms: TermArray
    # Unit sentence embedding of title and lead; None when folding without embeddings.
    embedding: np.ndarray | None = None


def fingerprint(text: str, title: str | None, language: str | None, num_perm: int) -> Fingerprint:
    """Compute the exact digest and MinHash signature of an article's text and the term
    vector of its title and text (a headline names the event in few, telling words); the
    embedding is the caller's to add (`Folder.analyse`)."""
    tokens = words(text)
    digest = hashlib.blake2b(normalized_text(text).encode(), digest_size=16).hexdigest()
    minhash = MinHash(num_perm=num_perm)
    minhash.update_batch(
        [" ".join(tokens[i : i + SHINGLE_WORDS]).encode() for i in range(len(tokens) - 1)]
    )
    return Fingerprint(
        digest=digest,
        signature=minhash.hashvalues.astype(np.uint32),
        terms=TermArray.of(term_vector(words(title or "") + tokens, language or "en")),
    )


def term_vector(tokens: list[str], language: str) -> dict[str, float]:
    """A unit-length vector of the rarer words, weighted by (1 + log tf) x rarity."""
    counts = Counter(token for token in tokens if len(token) > 2 and not token.isdigit())
    weights: dict[str, float] = {}
    for term, count in counts.items():
        rarity = _MAX_ZIPF - _zipf(term, language)
        if rarity >= _MIN_TERM_WEIGHT:
            weights[term] = (1.0 + math.log(count)) * rarity
    top = dict(sorted(weights.items(), key=lambda item: -item[1])[:_TERMS_KEPT])
    return unit(top)


def _zipf(term: str, language: str) -> float:
    """wordfreq's Zipf frequency of `term`; 0 (rare) where wordfreq needs a word segmenter
    that is not installed (jieba for Chinese, MeCab for Japanese), rather than failing."""
    try:
        return float(zipf_frequency(term, language))
    except ImportError:
        return 0.0


def unit(vector: dict[str, float]) -> dict[str, float]:
    """`vector` scaled to length 1 (an empty vector stays empty)."""
    norm = math.sqrt(sum(value * value for value in vector.values()))
    return {term: value / norm for term, value in vector.items()} if norm else {}


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two MinHash signatures, compared on the low 16 bits
    of each value that a stored signature keeps (fingerprint_codec): two unequal values
    look equal once in 65,536, which raises an estimate by 0.00002."""
    return float(np.count_nonzero((a ^ b) & SIGNATURE_MASK == 0)) / len(a)
