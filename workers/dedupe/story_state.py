"""A story as the dedupe stage keeps it while it is inside the fold window: its members and
canonical article (JSON), and its profile (story_profile.py, packed apart: candidates are
scored by their profiles alone)."""

from datetime import datetime

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from schemas.story import Member, StorySnapshot
from workers.dedupe.story_profile import StoryProfile
from workers.dedupe.term_array import TermArray


class StoryState(BaseModel):
    """Members, canonical article and profile of one story."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    id: str
    version: int = 0
    canonical_id: str
    members: list[Member] = Field(default_factory=list)
    merged_ids: list[str] = Field(default_factory=list)
    # Stored in its own key (index.py), not in the state's JSON.
    profile: StoryProfile = Field(default_factory=StoryProfile, exclude=True)

    def add(self, published_at: datetime, terms: TermArray, embedding: np.ndarray | None) -> None:
        """Count a new member's publication time, terms and embedding in the profile."""
        self.profile = self.profile.with_member(published_at, terms, embedding)

    def absorb(self, other: "StoryState") -> None:
        """Take in every member of `other`, a story an article showed to be this one."""
        self.members = [*self.members, *other.members]
        self.profile = self.profile.merged(other.profile)
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
