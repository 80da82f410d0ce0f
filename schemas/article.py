"""An article as extraction produces it and enrichment completes it."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class TextSource(StrEnum):
    """Where an article's text came from."""

    PAGE = "page"  # extracted from the fetched article page
    FEED = "feed"  # the page could not be fetched or extracted; the feed entry's own content


class DateSource(StrEnum):
    """Where an article's publication time came from, most trusted first."""

    PAGE_METADATA = "page_metadata"  # JSON-LD, OpenGraph or meta tags of the page
    URL = "url"  # the day in the article URL's path (/2024/05/06/)
    PAGE_TEXT = "page_text"  # the date the page shows next to its headline
    FEED = "feed"  # the feed entry's published/updated date
    HTTP_HEADER = "http_header"  # the page's Last-Modified header, when nothing else dates it
    NONE = "none"


class EntityKind(StrEnum):
    """What a named entity is. spaCy's PERSON is a person, ORG an organization, and GPE,
    LOC and FAC places (FAC's buildings stand for places in news: "the Elysée")."""

    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"


class ArticleEntity(BaseModel):
    """A named entity an article mentions, under its normalized name ("Vladimir Putin" for
    "President Putin", "Putin's" and "Putin" alike)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    kind: EntityKind
    mentions: int
    # The spellings the text used, as found ("President Putin", "Putin's").
    forms: list[str] = Field(default_factory=list)


class Article(BaseModel):
    """An extracted article. Extraction fills the text and metadata; enrichment adds
    language confidence, the outlet, the lead summary, length, keywords and entities."""

    model_config = ConfigDict(extra="forbid")

    id: str
    feed_id: str
    url: str
    canonical_url: str | None = None
    title: str | None = None
    text: str
    authors: list[str] = Field(default_factory=list)
    published_at: datetime | None = None
    date_source: DateSource = DateSource.NONE
    site_name: str | None = None
    language: str | None = None
    language_confidence: float | None = None
    outlet: str | None = None
    image_url: str | None = None
    text_source: TextSource = TextSource.PAGE
    fetched_at: datetime
    # Enrichment (workers/enrich/); None until it ran.
    summary: str | None = None
    word_count: int | None = None
    reading_time_seconds: int | None = None
    keywords: list[str] | None = None
    # Most mentioned first; None where no NER model reads the article's language.
    entities: list[ArticleEntity] | None = None


class ExtractionResult(BaseModel):
    """What `newsfold extract` prints for one saved page (a stable contract)."""

    model_config = ConfigDict(extra="forbid")

    file: str | None = None
    url: str | None = None
    text: str
    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    published_at: datetime | None = None
    date_source: DateSource = DateSource.NONE
    site_name: str | None = None
    language: str | None = None
    # Why the page's text is not taken for an article (no_text, too_short, no_prose): the
    # pipeline would use the feed entry's content instead.
    not_article: str | None = None
    error: str | None = None
