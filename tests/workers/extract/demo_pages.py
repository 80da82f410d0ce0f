"""The bundled demo pages as the extraction tests read them: from disk, with a fixed base URL
in place of the server's, and with the feed entries that point at them."""

import calendar
import time
from datetime import UTC, datetime

import feedparser

from schemas.feed import FeedEntry
from schemas.ids import article_id, feed_id
from services.demo.server import CONTENT, PLACEHOLDER, discover_feeds

# A reserved top-level domain (RFC 2606): nothing here is ever fetched.
BASE_URL = "http://demo.test"

# When the demo's entries were discovered; only stored, never compared.
DISCOVERED_AT = datetime(2022, 2, 4, tzinfo=UTC)


def page_paths() -> list[str]:
    """Every demo page, as its path under the content directory."""
    return sorted(path.relative_to(CONTENT).as_posix() for path in CONTENT.rglob("*.html"))


def page_url(path: str) -> str:
    """The URL of a demo page under `BASE_URL`."""
    return f"{BASE_URL}/{path}"


def page_html(path: str) -> bytes:
    """A demo page's bytes as the server would send them from `BASE_URL`."""
    return (CONTENT / path).read_bytes().replace(PLACEHOLDER, BASE_URL.encode())


def _utc(parsed: time.struct_time | None) -> datetime | None:
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC) if parsed else None


def feed_entries() -> dict[str, FeedEntry]:
    """The demo feeds' entries, by the path of the page each links to."""
    entries = {}
    for feed_path in discover_feeds(CONTENT):
        feed_url = f"{BASE_URL}/{feed_path.relative_to(CONTENT).as_posix()}"
        raw = feed_path.read_bytes().replace(PLACEHOLDER, BASE_URL.encode())
        for item in feedparser.parse(raw).entries:
            content = item.get("content")
            entries[item.link.removeprefix(BASE_URL + "/")] = FeedEntry(
                article_id=article_id(item.link),
                feed_id=feed_id(feed_url),
                url=item.link,
                guid=item.get("id"),
                title=item.get("title"),
                summary_html=item.get("summary"),
                content_html=content[0].value if content else None,
                authors=[author.name for author in item.get("authors", []) if "name" in author],
                published_at=_utc(item.get("published_parsed")),
                discovered_at=DISCOVERED_AT,
            )
    return entries
