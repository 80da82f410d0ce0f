"""One article page to its text and metadata.

The text is the article's main text (`main_text`: trafilatura, checked against readability
where it looks partial), then cleared of the junk lines `boilerplate` knows. The metadata is
what the page declares (`metadata`), then what the feed entry says, then nothing: a date is
never guessed from the page's visible text.
"""

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta

import lxml.html
from lxml import etree

from schemas.article import DateSource
from schemas.feed import FeedEntry
from workers.extract.authors import is_placeholder_author
from workers.extract.boilerplate import clean_text
from workers.extract.decoding import decode_html, looks_binary
from workers.extract.limits import bound_tree, bounded_text
from workers.extract.main_text import main_text
from workers.extract.metadata import PageMetadata, read_metadata
from workers.extract.paragraphs import html_fragment_text


@dataclass(frozen=True)
class PageExtraction:
    """What one page yields. `text` is '' when the page had none (unparseable, binary, or
    nothing extracted); whether it reads as an article is `article.not_article_reason`'s call.
    The publication time is aware, in the offset the page declared it in (the day a page
    states is its local day; stores convert to UTC), with where it came from in
    `date_source`."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    date_source: DateSource = DateSource.NONE
    site_name: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    image_url: str | None = None


def extract_page(
    html: bytes | str,
    url: str | None = None,
    *,
    entry: FeedEntry | None = None,
    encoding: str | None = None,
) -> PageExtraction:
    """Extract the article of one page. `url` is where it was fetched (for relative links),
    `entry` the feed entry that pointed at it (the fallback for metadata the page lacks),
    `encoding` the charset of the HTTP header when known (bytes are decoded by it, the
    page's own declaration, or a sensible default; bad bytes never fail)."""
    if isinstance(html, bytes) and looks_binary(html):
        return from_entry(entry)
    text = html if isinstance(html, str) else decode_html(html, encoding)
    tree = _parse(bounded_text(text, url))
    if tree is None:
        return from_entry(entry)
    bound_tree(tree, url)
    metadata = read_metadata(tree, url)
    # The metadata is read first: the main text's extractors prune the tree. It gives every
    # title (declared, else the page's headline), so trafilatura's metadata is not asked for.
    body_text = main_text(tree, url, summary_text(entry))
    extraction = _merged(metadata, entry)
    text = clean_text(body_text, title=extraction.title, site_name=extraction.site_name)
    return replace(extraction, text=text)


def from_entry(entry: FeedEntry | None) -> PageExtraction:
    """No text, and the metadata the feed entry gives: for a page that could not be had."""
    return _merged(PageMetadata(), entry)


def summary_text(entry: FeedEntry | None) -> str | None:
    """The feed entry's summary as plain text, if it has one."""
    if entry is None or not entry.summary_html:
        return None
    return clean_text(html_fragment_text(entry.summary_html), title=entry.title) or None


def _parse(text: str) -> lxml.html.HtmlElement | None:
    # Parsed from UTF-8 bytes: lxml refuses a str that starts with an XML declaration.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, collect_ids=False)
    # lxml.html picks each element's class in a Python method (forms and their fields get
    # classes of their own), called whenever Python touches an element: over a million calls
    # per 200 pages, about 5% of extraction's time (a walk over every element costs twice as
    # much with it). Nothing here uses the form classes: all are HtmlElement, chosen in C.
    parser.set_element_class_lookup(_HTML_CLASSES)
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return tree if isinstance(tree, lxml.html.HtmlElement) else None


_HTML_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


def _merged(metadata: PageMetadata, entry: FeedEntry | None) -> PageExtraction:
    """The page's metadata, completed from the feed entry."""
    entry_title = entry.title if entry is not None else None
    entry_date = entry.published_at if entry is not None else None
    entry_authors = entry.authors if entry is not None else []
    if metadata.published_at is not None and not _entry_times_page_day(
        metadata.published_at, entry_date
    ):
        published_at, date_source = metadata.published_at, metadata.date_source
    elif entry_date is not None:
        published_at, date_source = entry_date, DateSource.FEED
    else:
        published_at, date_source = None, DateSource.NONE
    return PageExtraction(
        text="",
        title=metadata.title or entry_title,
        authors=metadata.authors
        or [name for name in entry_authors if not is_placeholder_author(name)],
        published_at=published_at,
        date_source=date_source,
        site_name=metadata.site_name,
        canonical_url=metadata.canonical_url,
        language=metadata.language,
        image_url=metadata.image_url,
    )


def _entry_times_page_day(page_date: datetime, entry_date: datetime | None) -> bool:
    # A page date of midnight UTC is a bare day (from the URL, the visible byline or a
    # date-only declaration); a feed entry of the same day, give or take its time zone,
    # gives the hour too.
    if entry_date is None or page_date.astimezone(UTC).time() != time(0):
        return False
    return abs(entry_date.date() - page_date.date()) <= timedelta(days=1)
