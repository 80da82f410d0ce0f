"""A story as the dedupe stage keeps it while it is inside the fold window."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from schemas.story import Member, StorySnapshot
from workers.dedupe.fingerprint import unit

# Terms kept in a story's centroid: enough to describe a story of dozens of variants while
# keeping its Redis entry a few kilobytes.
_CENTROID_TERMS = 300


class StoryState(BaseModel):
    """Members, canonical article and term centroid of one story."""

    model_config = ConfigDict(extra="forbid")

    id: str
    version: int = 0
    canonical_id: str
    members: list[Member] = Field(default_factory=list)
    term_sums: dict[str, float] = Field(default_factory=dict)
    first_published_at: datetime | None = None
    last_published_at: datetime | None = None
    merged_ids: list[str] = Field(default_factory=list)

    def centroid(self) -> dict[str, float]:
        """The unit-length mean of the members' term vectors."""
        return unit(self.term_sums)

    def add_terms(self, terms: dict[str, float]) -> None:
        """Add a member's term vector to the centroid, keeping the heaviest terms."""
        sums = dict(self.term_sums)
        for term, weight in terms.items():
            sums[term] = sums.get(term, 0.0) + weight
        self.term_sums = dict(sorted(sums.items(), key=lambda item: -item[1])[:_CENTROID_TERMS])

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
