"""The article extraction hands on: the page's text and metadata, or the feed's.

Page text that does not look like an article (a video page's caption, a listing's teasers, a
consent wall, a failed extraction) gives way to the feed entry's own content; an entry with
neither is dropped. Why page text was turned down is a stable `NotArticle` code for the logs.
"""

import math
from datetime import UTC, datetime
from enum import StrEnum

import structlog

from schemas.article import Article, TextSource
from schemas.feed import FeedEntry
from workers.extract.feed_text import feed_text
from workers.extract.page import PageExtraction, from_entry

log = structlog.get_logger(__name__)

# The longest news features run to about 60,000 characters. Past this, a text is a page
# dump (a log, a data table, a book): kept whole, it would cost dedupe seconds of hashing and
# Redis a blob of megabytes for one article.
MAX_ARTICLE_CHARS = 200_000

# The shortest news items (a wire brief of two sentences) run to about 250 characters;
# below 200, what extraction found is a caption or a teaser, not an article.
MIN_ARTICLE_CHARS = 200

# Mozilla Readability's isProbablyReaderable: every paragraph of at least 140 characters adds
# the square root of its excess length, and a page reads as an article from a score of 20.
# Applied to extracted paragraphs, 10 is used: on WCXB's 711 article pages it rejects 3 whose
# extraction found text (20 rejects 9), while a listing's one-line teasers score 0.
MIN_PARAGRAPH_CHARS = 140
MIN_READABLE_SCORE = 10.0


class NotArticle(StrEnum):
    """Why a page's extracted text is not taken for an article."""

    NO_TEXT = "no_text"  # nothing extracted: unparseable, binary, empty, or lost to limits
    TOO_SHORT = "too_short"  # a caption, a teaser, a consent wall
    NO_PROSE = "no_prose"  # enough text, but in short lines: a listing, a link list


def not_article_reason(text: str) -> NotArticle | None:
    """Why `text` does not read as an article; None when it does."""
    if not text.strip():
        return NotArticle.NO_TEXT
    if len(text) < MIN_ARTICLE_CHARS:
        return NotArticle.TOO_SHORT
    score = sum(
        math.sqrt(len(paragraph) - MIN_PARAGRAPH_CHARS)
        for paragraph in text.split("\n\n")
        if len(paragraph) >= MIN_PARAGRAPH_CHARS
    )
    return None if score >= MIN_READABLE_SCORE else NotArticle.NO_PROSE


def build_article(
    entry: FeedEntry,
    page: PageExtraction | None,
    *,
    fetched_at: datetime,
    final_url: str | None = None,
) -> Article | None:
    """The article of `entry`: its extracted `page` (None if the page could not be had),
    or if that is not article-like, its feed content; None when the feed has none either.
    `final_url` is where the page's redirects ended."""
    if page is None:
        page = from_entry(entry)
    text, source = page.text, TextSource.PAGE
    if not_article_reason(text) is not None:
        text, source = feed_text(entry), TextSource.FEED
    if not text:
        return None
    text = _capped(text)
    redirected = final_url if final_url and final_url != entry.url else None
    return Article(
        id=entry.article_id,
        feed_id=entry.feed_id,
        url=entry.url,
        canonical_url=page.canonical_url or redirected,
        title=page.title,
        text=text,
        authors=page.authors,
        # The page's own offset served to read its local day; what is stored is UTC.
        published_at=page.published_at.astimezone(UTC) if page.published_at else None,
        date_source=page.date_source,
        site_name=page.site_name,
        language=page.language,
        image_url=page.image_url,
        text_source=source,
        fetched_at=fetched_at,
    )


def _capped(text: str) -> str:
    """`text`, or its paragraphs within MAX_ARTICLE_CHARS (its first characters if the first
    paragraph alone is longer)."""
    if len(text) <= MAX_ARTICLE_CHARS:
        return text
    end = text.rfind("\n\n", 0, MAX_ARTICLE_CHARS)
    capped = text[: end if end > 0 else MAX_ARTICLE_CHARS]
    log.warning("article text cut", code="text_too_long", chars=len(text), kept=len(capped))
    return capped
