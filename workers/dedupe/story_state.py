"""A story as the dedupe stage keeps it while it is inside the fold window."""

from datetime import datetime

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from schemas.story import Member, StorySnapshot
from workers.dedupe.fingerprint import pack_vector, unpack_vector

# Terms kept in a story's centroid: enough to describe a story of dozens of variants while
# keeping its Redis entry a few kilobytes.
_CENTROID_TERMS = 300


class StoryState(BaseModel):
    """Members, canonical article, and summed term vectors and embeddings of one story."""

    model_config = ConfigDict(extra="forbid")

    id: str
    version: int = 0
    canonical_id: str
    members: list[Member] = Field(default_factory=list)
    term_sums: dict[str, float] = Field(default_factory=dict)
    # Sum of the members' unit embeddings, packed (fingerprint.pack_vector), and how many
    # were added: their mean is the story's semantic centroid.
    embedding_sum: str | None = None
    embedding_count: int = 0
    first_published_at: datetime | None = None
    last_published_at: datetime | None = None
    merged_ids: list[str] = Field(default_factory=list)

    def add_terms(self, terms: dict[str, float]) -> None:
        """Add a member's term vector to the centroid, keeping the heaviest terms."""
        sums = dict(self.term_sums)
        for term, weight in terms.items():
            sums[term] = sums.get(term, 0.0) + weight
        self.term_sums = dict(sorted(sums.items(), key=lambda item: -item[1])[:_CENTROID_TERMS])

    def mean_embedding(self) -> np.ndarray | None:
        """The mean of the members' embeddings (None without embeddings). Not unit length:
        its dot product with an article's embedding is the article's mean cosine to the
        members, which a story of unrelated articles keeps low."""
        total = unpack_vector(self.embedding_sum)
        return total / self.embedding_count if total is not None and self.embedding_count else None

    def add_embedding(self, embedding: np.ndarray | None, count: int = 1) -> None:
        """Add a member's embedding (or the sum of `count` members') to the running mean.
        A vector of another length (the model was changed while the story was open)
        restarts the mean."""
        if embedding is None or count < 1:
            return
        total = unpack_vector(self.embedding_sum)
        if total is not None and total.shape == embedding.shape:
            self.embedding_sum = pack_vector(total + embedding)
            self.embedding_count += count
        else:
            self.embedding_sum = pack_vector(embedding)
            self.embedding_count = count

    def widen(self, published_at: datetime) -> None:
        """Extend the story's publication span to include `published_at`."""
        if self.first_published_at is None or published_at < self.first_published_at:
            self.first_published_at = published_at
        if self.last_published_at is None or published_at > self.last_published_at:
            self.last_published_at = published_at

    def absorb(self, other: "StoryState") -> None:
        """Take in every member of `other`, a story an article showed to be this one."""
        self.members = [*self.members, *other.members]
        self.add_terms(other.term_sums)
        self.add_embedding(unpack_vector(other.embedding_sum), other.embedding_count)
        for moment in (other.first_published_at, other.last_published_at):
            if moment is not None:
                self.widen(moment)
        self.merged_ids = sorted({*self.merged_ids, other.id, *other.merged_ids})
        self.version = max(self.version, other.version)

    def snapshot(self, now: datetime) -> StorySnapshot:
        """The membership as the sink stores it."""
        return StorySnapshot(
            id=self.id,
            version=self.version,
            canonical_id=self.canonical_id,
            members=self.members,
            updated_at=now,
            merged_ids=self.merged_ids,
        )
