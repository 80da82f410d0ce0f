"""What a page says about its article: JSON-LD, OpenGraph and other meta tags, microdata,
and what it shows next to its headline (`header`): the h1, the byline, the date.

Visible text is read only around the headline, where a page shows its own byline and date;
a theme's header shows today's date and a sidebar other articles' dates and names. A page
that says nothing yields None, and the caller falls back to the feed entry.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeGuard
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from schemas.article import DateSource
from workers.extract.authors import article_authors
from workers.extract.byline import byline_authors
from workers.extract.header import find_header
from workers.extract.jsonld import LinkedData
from workers.extract.microdata import microdata_values
from workers.extract.publication_date import publication_time
from workers.extract.shown_dates import shown_dates
from workers.extract.title import choose_title
from workers.extract.url_dates import date_in_url

_IMAGE_META = (
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
)

_MICRODATA = frozenset({"headline", "datePublished"})

_LANGUAGE = re.compile(r"([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*")


@dataclass(frozen=True)
class PageMetadata:
    """A page's declared metadata; None (or empty) where it declares nothing. The
    publication time keeps the offset the page declared it in."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    date_source: DateSource = DateSource.NONE
    site_name: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    image_url: str | None = None


def read_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """The metadata `tree` declares; relative URLs are resolved against `url`."""
    linked = LinkedData.from_tree(tree)
    meta = _meta_tags(tree)
    microdata = microdata_values(tree, _MICRODATA)
    declared_titles = _texts(
        linked.article_value("headline"),
        meta.get("og:title"),
        meta.get("twitter:title"),
        microdata.get("headline"),
        tree.findtext(".//title"),
    )
    publishers = linked.names(linked.article_value("publisher"))
    site_names = _texts(
        meta.get("og:site_name"),
        next(iter(publishers), None),
        meta.get("application-name"),
    )
    header = find_header(tree, declared_titles)
    publication = publication_time(
        linked,
        meta,
        tree,
        microdata.get("datePublished"),
        date_in_url(url),
        shown_dates(header.lines) if header else [],
    )
    return PageMetadata(
        title=choose_title(header.headline if header else None, declared_titles, site_names, url),
        authors=article_authors(
            linked,
            meta,
            tree,
            byline_authors(header.lines) if header else [],
            [*site_names, *publishers],
        ),
        published_at=publication.at if publication else None,
        date_source=publication.source if publication else DateSource.NONE,
        site_name=site_names[0] if site_names else None,
        canonical_url=_absolute(
            url,
            _link_href(tree, "canonical"),
            meta.get("og:url"),
            linked.first_url(linked.article_value("mainEntityOfPage")),
            linked.first_url(linked.article_value("url")),
        ),
        language=_language(tree, meta, linked),
        image_url=_absolute(
            url,
            *(meta.get(name) for name in _IMAGE_META),
            linked.first_url(linked.article_value("image")),
        ),
    )


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    tags: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (
            element.get("property")
            or element.get("name")
            or element.get("itemprop")
            or element.get("http-equiv")
        )
        content = element.get("content")
        if key and content and content.strip():
            tags.setdefault(key.strip().lower(), content.strip())
    return tags


def _texts(*values: object) -> list[str]:
    # Entities are decoded again: CMSs escape titles twice ("&amp;#8211;" in og:title), and
    # JSON-LD strings are not HTML-decoded at all.
    return [" ".join(html.unescape(value).split()) for value in values if _is_text(value)]


def _is_text(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())


def _link_href(tree: HtmlElement, rel: str) -> str | None:
    for element in tree.iter("link"):
        href = element.get("href")
        if rel in (element.get("rel") or "").lower().split() and href:
            return str(href)
    return None


def _absolute(base: str | None, *candidates: str | None) -> str | None:
    for candidate in candidates:
        if not candidate or not candidate.strip():
            continue
        absolute = urljoin(base, candidate.strip()) if base else candidate.strip()
        if urlsplit(absolute).scheme in ("http", "https"):
            return absolute
    return None


def _language(tree: HtmlElement, meta: dict[str, str], linked: LinkedData) -> str | None:
    in_language = linked.article_value("inLanguage")
    for value in (
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        meta.get("content-language"),
        meta.get("og:locale"),
        meta.get("language"),
        meta.get("dc.language"),
        in_language if isinstance(in_language, str) else None,
    ):
        match = _LANGUAGE.fullmatch(value.strip()) if value else None
        if match:
            return match.group(1).lower()
    return None
