"""Turning a downloaded feed document (RSS, Atom, RDF) into entries for extraction.

feedparser is given the bytes newsfold downloaded itself, wrapped in a file object: handed a
string it would fetch URLs, and handed bytes it first tries them as a local file name.
External entities are never resolved (feedparser turns them off in its XML parser, and its
fallback parser does not know them).
"""

import io
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import structlog

from schemas.feed import FeedEntry
from schemas.ids import article_id
from services.http.errors import FetchError

log = structlog.get_logger(__name__)


class NotAFeed(FetchError):
    """The document is no feed at all: an HTML page, an error page, an empty body."""

    code = "not_a_feed"


@dataclass(frozen=True)
class ParsedFeed:
    """What a poll learns from a feed document. `problem` says what was wrong with a feed
    that was still read (malformed XML, a wrong declared charset). `ttl_minutes` and
    `update_period_seconds` are how long the feed asks readers to wait between polls (RSS
    `ttl`; the syndication module's updatePeriod divided by its updateFrequency)."""

    title: str | None
    site_url: str | None
    entries: list[FeedEntry] = field(default_factory=list)
    problem: str | None = None
    ttl_minutes: int | None = None
    update_period_seconds: float | None = None


_PERIOD_SECONDS = {
    "hourly": 3600.0,
    "daily": 86_400.0,
    "weekly": 7 * 86_400.0,
    "monthly": 30 * 86_400.0,
    "yearly": 365 * 86_400.0,
}


def parse_feed(
    content: bytes,
    *,
    feed_id: str,
    base_url: str,
    now: datetime,
    content_type: str | None = None,
) -> ParsedFeed:
    """The entries of a feed document fetched from `base_url`, each article URL once.

    `content_type` is the response's Content-Type header: its charset is weighed with the
    XML prolog's (RFC 3023), and a wrong one is reported as the document's problem. Entry
    links are resolved against `base_url`; entries without an http(s) link are skipped. A
    malformed feed still yields what feedparser recovered. Raises NotAFeed when the
    document has neither entries nor a feed title.
    """
    headers = {"content-type": content_type} if content_type else None
    result = feedparser.parse(io.BytesIO(content), response_headers=headers)
    problem = str(result.get("bozo_exception")) if result.get("bozo") else None
    title = _text(result.feed.get("title"))
    if not result.entries and title is None:
        reason = f": {problem}" if problem else " (no title and no entries)"
        raise NotAFeed(f"not a feed{reason}", url=base_url)
    if problem:
        log.warning(
            "feed is not well-formed; using what could be read", feed_id=feed_id, problem=problem
        )
    entries: dict[str, FeedEntry] = {}
    for raw in result.entries:
        entry = _entry(raw, feed_id=feed_id, base_url=base_url, now=now)
        if entry is not None:
            entries.setdefault(entry.article_id, entry)
    link = _text(result.feed.get("link"))
    return ParsedFeed(
        title=title,
        site_url=urljoin(base_url, link) if link else None,
        entries=list(entries.values()),
        problem=problem,
        ttl_minutes=_positive_int(result.feed.get("ttl")),
        update_period_seconds=_update_period(result.feed),
    )


def _update_period(channel: Any) -> float | None:
    period = _PERIOD_SECONDS.get((_text(channel.get("sy_updateperiod")) or "").lower())
    if period is None:
        return None
    return period / (_positive_int(channel.get("sy_updatefrequency")) or 1)


def _positive_int(value: Any) -> int | None:
    text = _text(value)
    return int(text) if text is not None and text.isdigit() and int(text) > 0 else None


def _entry(raw: Any, *, feed_id: str, base_url: str, now: datetime) -> FeedEntry | None:
    link = _text(raw.get("link"))
    url = urljoin(base_url, link) if link else None
    if url is None or urlsplit(url).scheme not in ("http", "https"):
        log.info("feed entry without a usable link skipped", feed_id=feed_id, link=link)
        return None
    return FeedEntry(
        article_id=article_id(url),
        feed_id=feed_id,
        url=url,
        guid=_text(raw.get("id")),
        title=_text(raw.get("title")),
        summary_html=_text(raw.get("summary")),
        content_html=_content_html(raw.get("content") or []),
        authors=_authors(raw),
        published_at=_published(raw),
        discovered_at=now,
    )


def _content_html(contents: list[Any]) -> str | None:
    # RSS content:encoded and Atom <content> both land here; HTML beats plain text.
    ranked = sorted(contents, key=lambda item: "html" not in str(item.get("type", "")))
    for item in ranked:
        if value := _text(item.get("value")):
            return value
    return None


def _authors(raw: Any) -> list[str]:
    names = [_text(author.get("name")) for author in raw.get("authors") or []]
    if not any(names):
        names = [_text(raw.get("author"))]
    return list(dict.fromkeys(name for name in names if name))


def _published(raw: Any) -> datetime | None:
    # feedparser converts every date it understands to a UTC struct_time.
    parsed: time.struct_time | None = raw.get("published_parsed") or raw.get("updated_parsed")
    if parsed is None:
        return None
    return datetime(*parsed[:6], tzinfo=UTC)


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    stripped = value.strip()
    return stripped or None
