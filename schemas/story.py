"""Stories, the variants folded into them, and the exported story record."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Relation(StrEnum):
    """How a variant relates to its story's canonical article."""

    EXACT = "exact"  # the same text after normalization
    NEAR_DUPLICATE = "near_duplicate"  # a repost, trimmed or synonym-spun copy
    REWRITE = "rewrite"  # an independent write-up of the same event
    TRANSLATION = "translation"  # the same event in another language


class Tier(StrEnum):
    """Which dedupe tier decided that two articles belong together."""

    EXACT_HASH = "exact_hash"
    MINHASH = "minhash"
    STORY_SIMILARITY = "story_similarity"


class Member(BaseModel):
    """One article of a story, as the dedupe stage decided it."""

    model_config = ConfigDict(extra="forbid")

    article_id: str
    relation: Relation | None = None  # None for the canonical article itself
    similarity: float = 1.0  # to the canonical article, 0..1
    tier: Tier | None = None
    published_at: datetime | None = None
    text_length: int = 0
    language: str | None = None
    # Why it joined: the score of the tier that joined it, and for the hash and MinHash tiers
    # the article it matched (`newsfold stories explain`).
    join_score: float | None = None
    joined_via: str | None = None
    # The member this one reads as a synonym-spun copy of; a spun copy is never canonical
    # while the text it was spun from is in the story.
    spun_from: str | None = None


class StorySnapshot(BaseModel):
    """The whole membership of a story at one version; the sink keeps the newest version."""

    model_config = ConfigDict(extra="forbid")

    id: str
    version: int
    canonical_id: str
    members: list[Member]
    updated_at: datetime
    # Stories folded into this one since an article showed they were one; they redirect here.
    merged_ids: list[str] = Field(default_factory=list)


class ExportedArticle(BaseModel):
    """An article as `stories export` prints it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    url: str
    title: str | None = None
    outlet: str | None = None
    site_name: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    authors: list[str] = Field(default_factory=list)
    text: str


class ExportedVariant(ExportedArticle):
    """A variant: an article plus how it relates to the canonical article."""

    relation: Relation
    similarity: float
    tier: Tier | None = None


class ExportedStory(BaseModel):
    """One line of `newsfold stories export --format jsonl`: the stable contract."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str | None = None
    version: int
    canonical: ExportedArticle
    variants: list[ExportedVariant]
    first_published_at: datetime | None = None
    last_published_at: datetime | None = None
    updated_at: datetime
