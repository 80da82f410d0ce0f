"""Finding the feed behind a URL someone asks to follow: the URL itself when it is a feed,
else the feed its HTML page announces with `<link rel="alternate">` (RSS Autodiscovery).

Only RSS and Atom links are followed: JSON Feed links (`application/feed+json`) are not,
as the installed feedparser does not read JSON Feed, nor are `application/json` links,
which WordPress puts on every page for its REST API.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import httpx
from lxml import etree, html

from schemas.ids import feed_id
from services.http.errors import FetchError
from services.http.fetch import Fetched, fetch
from services.poller.parse import NotAFeed, ParsedFeed, parse_feed

_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})

# Pages also announce comment and per-category feeds after their main one; the first few
# in document order are enough, and bound the fetches one `feeds add` makes.
_MAX_CANDIDATES = 3


@dataclass(frozen=True)
class FoundFeed:
    """A feed that was fetched and read. `linked_from` is the page that named it, or None
    when the URL asked for was the feed itself."""

    url: str
    title: str | None
    linked_from: str | None = None


def find_feed(
    client: httpx.Client, url: str, *, max_bytes: int, allow_private: bool, now: datetime
) -> FoundFeed:
    """The feed at `url`, or the first readable feed its page links.

    Raises a FetchError when `url` cannot be fetched, and NotAFeed when it is no feed and
    links none that can be read.
    """
    page = fetch(client, url, max_bytes=max_bytes, allow_private=allow_private)
    try:
        return FoundFeed(url, _parse(page, url, now).title)
    except NotAFeed:
        pass
    candidates = feed_links(page.content, page.url)
    if not candidates:
        raise NotAFeed("not a feed, and no RSS or Atom feed is linked from it", url=url)
    problems: list[str] = []
    for candidate in candidates[:_MAX_CANDIDATES]:
        try:
            fetched = fetch(client, candidate, max_bytes=max_bytes, allow_private=allow_private)
            return FoundFeed(candidate, _parse(fetched, candidate, now).title, linked_from=url)
        except FetchError as exc:
            problems.append(f"{candidate}: {exc.message}")
    raise NotAFeed(
        f"not a feed, and the feeds it links cannot be read ({'; '.join(problems)})", url=url
    )


def feed_links(content: bytes, base_url: str) -> list[str]:
    """The absolute URLs of the RSS and Atom feeds an HTML page links, in document order,
    each once. Relative links are resolved against the page's `<base href>`, if any, and
    `base_url` (the URL the page was fetched from)."""
    try:
        document = html.document_fromstring(content)
    except (etree.ParserError, ValueError):
        return []  # empty, or nothing an HTML parser makes a document of
    for base in document.iter("base"):
        if href := (base.get("href") or "").strip():
            base_url = urljoin(base_url, href)
            break
    found: dict[str, None] = {}
    for link in document.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in _FEED_TYPES and href:
            url = urljoin(base_url, href)
            if urlsplit(url).scheme in ("http", "https"):
                found.setdefault(url)
    return list(found)


def _parse(fetched: Fetched, url: str, now: datetime) -> ParsedFeed:
    return parse_feed(fetched.content, feed_id=feed_id(url), base_url=fetched.url, now=now)
