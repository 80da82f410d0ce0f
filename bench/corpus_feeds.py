"""An outlet's RSS 2.0 feed: every one of its articles, newest first, each with its title,
link, GUID, pubDate and description, as news sites publish them."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape


@dataclass(frozen=True)
class FeedItem:
    """One article as its outlet's feed lists it."""

    guid: str
    url: str
    title: str
    description: str
    published_at: datetime


def rss_document(name: str, site_url: str, items: Sequence[FeedItem]) -> bytes:
    """The feed of outlet `name` at `site_url`, its items sorted newest first."""
    ordered = sorted(items, key=lambda item: item.published_at, reverse=True)
    entries = "\n".join(
        "<item>"
        f"<title>{escape(item.title)}</title>"
        f"<link>{escape(item.url)}</link>"
        f'<guid isPermaLink="false">{escape(item.guid)}</guid>'
        f"<pubDate>{format_datetime(item.published_at)}</pubDate>"
        f"<description>{escape(item.description)}</description>"
        "</item>"
        for item in ordered
    )
    updated = (
        f"<lastBuildDate>{format_datetime(ordered[0].published_at)}</lastBuildDate>"
        if ordered
        else ""
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
        f"<title>{escape(name)}</title><link>{escape(site_url)}/</link>"
        f"<description>The latest news from {escape(name)}</description>"
        f"<language>en</language>{updated}\n{entries}\n</channel></rss>\n"
    ).encode()
