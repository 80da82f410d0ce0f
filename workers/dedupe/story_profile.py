"""What the story-similarity tier scores a story by, packed small in its own Redis key.

Every fold scores dozens of candidate stories; reading each one's whole state (its members'
records, as JSON) to score it was most of a fold's time. A profile holds only what the score
needs: the story's publication span, member count, and the sums of its members' term
vectors (the heaviest `CENTROID_TERMS`, as 32-bit term ids) and embeddings.

Layout (little-endian): format byte, first and last publication (float64 seconds since
the epoch, NaN for none), members (u32), embeddings summed (u32), embedding length (u16)
and its values (vector_codec: int8 steps and a scale), term count (u16), the term ids (u32)
and their float16 weights.
"""

import math
import struct
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import numpy as np

from workers.dedupe.term_array import ID_DTYPE, TermArray
from workers.dedupe.vector_codec import pack_vector, packed_size, unpack_vector

FORMAT = 1
_HEAD = struct.Struct("<BddIIH")
_COUNT = struct.Struct("<H")

# Terms kept in a story's centroid: on AllSides 120 fold as 300 did (B-cubed F1 0.957),
# and keep a large story's profile under 1.5 KB with an embedding.
CENTROID_TERMS = 120


class UnknownProfileFormat(ValueError):
    """The bytes were packed in another format (an older release's entry)."""


@dataclass(frozen=True)
class StoryProfile:
    """A story's publication span, size and centroids."""

    first_published_at: datetime | None = None
    last_published_at: datetime | None = None
    members: int = 0
    terms: TermArray = field(default_factory=TermArray.empty)
    # Sum of the members' unit embeddings and how many were added: their mean is the
    # story's semantic centroid.
    embedding_sum: np.ndarray | None = None
    embedding_count: int = 0

    def with_member(
        self, published_at: datetime, terms: TermArray, embedding: np.ndarray | None
    ) -> "StoryProfile":
        """The profile with one more member."""
        joined = self._widened(published_at)._with_embedding(embedding, 1)
        return replace(
            joined,
            members=self.members + 1,
            terms=self.terms.plus(terms, CENTROID_TERMS),
        )

    def merged(self, other: "StoryProfile") -> "StoryProfile":
        """The profile of this story with every member of `other` added."""
        merged = self._with_embedding(other.embedding_sum, other.embedding_count)
        for moment in (other.first_published_at, other.last_published_at):
            if moment is not None:
                merged = merged._widened(moment)
        return replace(
            merged,
            members=self.members + other.members,
            terms=self.terms.plus(other.terms, CENTROID_TERMS),
        )

    def mean_embedding(self) -> np.ndarray | None:
        """The mean of the members' embeddings (None without embeddings). Not unit length:
        its dot product with an article's embedding is the article's mean cosine to the
        members, which a story of unrelated articles keeps low."""
        if self.embedding_sum is None or not self.embedding_count:
            return None
        return self.embedding_sum / self.embedding_count

    def _widened(self, published_at: datetime) -> "StoryProfile":
        first, last = self.first_published_at, self.last_published_at
        return replace(
            self,
            first_published_at=published_at if first is None else min(first, published_at),
            last_published_at=published_at if last is None else max(last, published_at),
        )

    def _with_embedding(self, embedding: np.ndarray | None, count: int) -> "StoryProfile":
        # A vector of another length (the model was changed while the story was open)
        # restarts the mean.
        if embedding is None or count < 1:
            return self
        total = self.embedding_sum
        if total is not None and total.shape == embedding.shape:
            return replace(
                self, embedding_sum=total + embedding, embedding_count=self.embedding_count + count
            )
        return replace(self, embedding_sum=embedding, embedding_count=count)


def pack_profile(profile: StoryProfile) -> bytes:
    """`profile` as bytes."""
    embedding = profile.embedding_sum
    parts = [
        _HEAD.pack(
            FORMAT,
            _seconds(profile.first_published_at),
            _seconds(profile.last_published_at),
            profile.members,
            profile.embedding_count,
            0 if embedding is None else len(embedding),
        )
    ]
    if embedding is not None:
        parts.append(pack_vector(embedding))
    parts.append(_COUNT.pack(len(profile.terms.ids)))
    parts.append(profile.terms.ids.astype(ID_DTYPE).tobytes())
    parts.append(profile.terms.weights.astype("<f2").tobytes())
    return b"".join(parts)


def unpack_profile(packed: bytes) -> StoryProfile:
    """The profile `pack_profile` packed; raises UnknownProfileFormat for other bytes."""
    if not packed or packed[0] != FORMAT:
        raise UnknownProfileFormat("not a packed story profile of this release")
    _format, first, last, members, embedded, dimensions = _HEAD.unpack_from(packed, 0)
    offset = _HEAD.size
    embedding = None
    if dimensions:
        embedding = unpack_vector(packed, dimensions, offset)
        offset += packed_size(dimensions)
    (count,) = _COUNT.unpack_from(packed, offset)
    offset += _COUNT.size
    ids = np.frombuffer(packed, dtype=ID_DTYPE, count=count, offset=offset)
    offset += 4 * count
    weights = np.frombuffer(packed, dtype="<f2", count=count, offset=offset).astype(np.float32)
    return StoryProfile(
        first_published_at=_moment(first),
        last_published_at=_moment(last),
        members=members,
        terms=TermArray(ids, weights),
        embedding_sum=embedding,
        embedding_count=embedded,
    )


def _seconds(moment: datetime | None) -> float:
    return math.nan if moment is None else moment.timestamp()


def _moment(seconds: float) -> datetime | None:
    return None if math.isnan(seconds) else datetime.fromtimestamp(seconds, UTC)
