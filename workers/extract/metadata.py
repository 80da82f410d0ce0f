"""What a page declares about its article: JSON-LD, OpenGraph and other meta tags, microdata.

Only declared values are read, never guessed from the visible text: a theme's header shows
today's date, a sidebar other articles' dates, and date-guessing libraries return one of them
for a page that states none. A page without a declared value yields None, and the caller
falls back to the feed entry.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from workers.extract.dates import parse_datetime
from workers.extract.jsonld import LinkedData

# Meta tags naming the publication time, most specific first: OpenGraph's article
# properties, then the conventions of Dublin Core, Parse.ly, Sailthru and older CMSs.
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "article.published",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date",
    "date",
)
_AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
_IMAGE_META = (
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
)

# Account names CMSs print when nobody set an author: not a person's name.
_PLACEHOLDER_AUTHORS = frozenset(
    {
        "admin",
        "administrator",
        "webmaster",
        "editor",
        "author",
        "root",
        "guest",
        "user",
        "unknown",
        "anonymous",
        "staff writer",
    }
)

_HATOM_PUBLISHED = (
    "//time[contains(concat(' ', normalize-space(@class), ' '), ' published ')]/@datetime"
)

_LANGUAGE = re.compile(r"([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*")


@dataclass(frozen=True)
class PageMetadata:
    """A page's declared metadata; None (or empty) where it declares nothing."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    image_url: str | None = None


def read_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """The metadata `tree` declares; relative URLs are resolved against `url`."""
    linked = LinkedData.from_tree(tree)
    meta = _meta_tags(tree)
    return PageMetadata(
        title=_first_text(
            linked.article_value("headline"),
            meta.get("og:title"),
            meta.get("twitter:title"),
            _microdata(tree, "headline"),
        ),
        authors=_authors(linked, meta, tree),
        published_at=_published_at(linked, meta, tree),
        site_name=_first_text(
            meta.get("og:site_name"),
            next(iter(linked.names(linked.article_value("publisher"))), None),
            meta.get("application-name"),
        ),
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


def is_placeholder_author(name: str) -> bool:
    """True for CMS account names ("admin") and other non-names that fill author fields."""
    bare = name.strip().casefold().removeprefix("by ").strip()
    return bare in _PLACEHOLDER_AUTHORS or "://" in bare or "@" in bare or not bare


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


def _microdata(tree: HtmlElement, prop: str) -> str | None:
    for element in tree.xpath(f"//*[@itemprop='{prop}']"):
        value = element.get("content") or element.get("datetime") or element.text_content()
        if value and value.strip():
            return " ".join(value.split())
    return None


def _first_text(*values: object) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _authors(linked: LinkedData, meta: dict[str, str], tree: HtmlElement) -> list[str]:
    candidates = linked.names(linked.article_value("author"))
    if not candidates:
        candidates = [value for name in _AUTHOR_META if (value := meta.get(name))]
    if not candidates and (microdata := _microdata(tree, "author")):
        candidates = [microdata]
    authors: list[str] = []
    for candidate in candidates:
        # One meta tag often lists several people.
        for name in re.split(r"\s*[;|]\s*", candidate):
            name = " ".join(name.split())
            if not is_placeholder_author(name) and name not in authors:
                authors.append(name)
    return authors


def _published_at(linked: LinkedData, meta: dict[str, str], tree: HtmlElement) -> datetime | None:
    candidates = [linked.article_value("datePublished"), linked.article_value("dateCreated")]
    candidates += [meta.get(name) for name in _DATE_META]
    candidates.append(_microdata(tree, "datePublished"))
    candidates += tree.xpath("//time[@pubdate]/@datetime")
    candidates.append(_hatom_published(tree))
    # SEO plugins (Yoast) describe a post as a WebPage when no Article node is configured.
    candidates.append(linked.page_value("datePublished"))
    for candidate in candidates:
        if isinstance(candidate, str) and (parsed := parse_datetime(candidate)) is not None:
            return parsed
    return None


def _hatom_published(tree: HtmlElement) -> str | None:
    # WordPress themes mark the post's time up as hAtom's "published" property. Widgets
    # listing other posts use the same markup, so the page must carry just one such time.
    values = set(tree.xpath(_HATOM_PUBLISHED))
    return values.pop() if len(values) == 1 else None


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
