"""Stories, the variants folded into them, and the exported story record."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from schemas.article import ArticleEntity, DateSource, EntityKind


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


class ExportedFeed(BaseModel):
    """The feed an article came from, as it is now followed."""

    model_config = ConfigDict(extra="forbid")

    id: str
    url: str | None = None
    title: str | None = None


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
    # Added compatibly: where published_at came from, the language's confidence, when
    # newsfold stored the article and from which feed (null once the feed is removed); the
    # enrich stage's fields (null on articles stored before it computed them; entities null
    # where no NER model reads the article's language).
    date_source: DateSource | None = None
    language_confidence: float | None = None
    stored_at: datetime | None = None
    feed: ExportedFeed | None = None
    summary: str | None = None
    word_count: int | None = None
    reading_time_seconds: int | None = None
    keywords: list[str] | None = None
    entities: list[ArticleEntity] | None = None


class ExportedVariant(ExportedArticle):
    """A variant: an article plus how it relates to the canonical article."""

    relation: Relation
    similarity: float
    tier: Tier | None = None


class StoryOutlet(BaseModel):
    """An outlet that published articles of the story."""

    model_config = ConfigDict(extra="forbid")

    domain: str
    site_name: str | None = None
    articles: int


class StoryLanguage(BaseModel):
    """A language the story's articles are in."""

    model_config = ConfigDict(extra="forbid")

    language: str
    articles: int


class StoryEntity(BaseModel):
    """An entity of the story: its articles' mentions of one person, organization or place,
    with "Putin" in one article and "Vladimir Putin" in another counted as one."""

    model_config = ConfigDict(extra="forbid")

    name: str
    kind: EntityKind
    articles: int  # how many of the story's articles mention it
    mentions: int
    forms: list[str] = Field(default_factory=list)  # spellings seen, as the texts wrote them


class StoryKeyword(BaseModel):
    """A keyword of the story and how many of its articles have it among theirs."""

    model_config = ConfigDict(extra="forbid")

    keyword: str
    articles: int


class TimelineEntry(BaseModel):
    """When one of the story's articles appeared."""

    model_config = ConfigDict(extra="forbid")

    article_id: str
    outlet: str | None = None
    relation: Relation | None = None  # null for the canonical article
    published_at: datetime | None = None
    stored_at: datetime | None = None  # when newsfold stored it


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
    # Added compatibly, computed from the exported articles (services/storage/story_record):
    # variants by relation, outlets and languages by article count, the entities and
    # keywords most of its articles share first, and its articles in order of appearance.
    article_count: int | None = None
    relation_counts: dict[Relation, int] = Field(default_factory=dict)
    outlets: list[StoryOutlet] = Field(default_factory=list)
    languages: list[StoryLanguage] = Field(default_factory=list)
    entities: list[StoryEntity] = Field(default_factory=list)
    keywords: list[StoryKeyword] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
