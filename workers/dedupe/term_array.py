"""Term vectors as numpy arrays of 32-bit term ids, for scoring many stories quickly.

A story's summed term vector is compared with every candidate article's: as Python dicts of
words that cost a dict walk per term, and storing the words cost their bytes. Here a term
is a 32-bit hash of its word (two of an article's or story's few hundred terms share one
about once in ten million pairs, which then count as one term), kept sorted so that two
vectors meet by a binary search.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

ID_DTYPE = np.dtype("<u4")


def term_id(term: str) -> int:
    """The 32-bit id of `term`."""
    return int.from_bytes(hashlib.blake2b(term.encode(), digest_size=4).digest(), "little")


@dataclass(frozen=True)
class TermArray:
    """A sparse term vector: ids ascending and unique, their weights alongside."""

    ids: np.ndarray
    weights: np.ndarray

    @classmethod
    def empty(cls) -> "TermArray":
        return cls(np.zeros(0, dtype=ID_DTYPE), np.zeros(0, dtype=np.float32))

    @classmethod
    def of(cls, terms: Mapping[str, float]) -> "TermArray":
        """The array of a term vector of words."""
        ids = np.fromiter((term_id(term) for term in terms), dtype=ID_DTYPE, count=len(terms))
        weights = np.fromiter(terms.values(), dtype=np.float32, count=len(terms))
        return cls(ids, weights).summed()

    def summed(self) -> "TermArray":
        """The same vector with ids sorted and repeated ids' weights added up."""
        ids, inverse = np.unique(self.ids, return_inverse=True)
        weights = np.bincount(inverse, weights=self.weights, minlength=len(ids))
        return TermArray(ids.astype(ID_DTYPE), weights.astype(np.float32))

    def plus(self, other: "TermArray", keep: int) -> "TermArray":
        """The sum of two vectors, keeping the `keep` heaviest terms."""
        total = TermArray(
            np.concatenate([self.ids, other.ids]),
            np.concatenate([self.weights, other.weights]),
        ).summed()
        if len(total.ids) <= keep:
            return total
        heaviest = np.sort(np.argpartition(-total.weights, keep)[:keep])
        return TermArray(total.ids[heaviest], total.weights[heaviest])

    def dot(self, other: "TermArray") -> float:
        """The dot product of two vectors."""
        if not len(self.ids):
            return 0.0
        # Where each of the other's ids would sit among these: a match where it is there.
        # Two thirds of np.intersect1d's time, which sorts both anew (scoring a story is
        # one of these, and an article scores dozens).
        positions = np.minimum(np.searchsorted(self.ids, other.ids), len(self.ids) - 1)
        shared = self.ids[positions] == other.ids
        return float(np.dot(self.weights[positions[shared]], other.weights[shared]))

    def heaviest(self, count: int) -> list[tuple[int, float]]:
        """Up to `count` (id, weight) pairs, heaviest first."""
        order = np.argsort(-self.weights, kind="stable")[:count]
        return [(int(self.ids[i]), float(self.weights[i])) for i in order]
