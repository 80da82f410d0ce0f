"""The extractors the benchmark compares, each called the way its own users call it.

Every one gets the page's bytes as fetched and decodes them itself: newsfold's `extract_page`
(text and declared metadata), trafilatura's `bare_extraction` with metadata (plain, and in
precision mode) and readability-lxml's `Document`, which finds a title but no author or date.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import lxml.html
import readability
from trafilatura import bare_extraction

from workers.extract.page import extract_page

# Elements whose end is a line break when readability's summary HTML is turned to text, so
# that the last word of one paragraph and the first of the next stay two words.
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "td", "tr", "blockquote")


@dataclass(frozen=True)
class Extracted:
    """What one extractor found on one page."""

    text: str
    title: str | None = None
    authors: str | list[str] | None = None
    day: date | None = None


@dataclass(frozen=True)
class Extractor:
    """A named extractor; `metadata` is False for one that finds no author or date."""

    name: str
    run: Callable[[bytes, str | None], Extracted]
    metadata: bool = True


def newsfold(raw: bytes, url: str | None) -> Extracted:
    """newsfold's page extraction, without a feed entry to fall back on."""
    page = extract_page(raw, url)
    day = page.published_at.date() if page.published_at else None
    return Extracted(page.text, page.title, page.authors, day)


def trafilatura_plain(raw: bytes, url: str | None) -> Extracted:
    """trafilatura as WCXB's README quotes it: `include_comments=False`."""
    return _trafilatura(raw, url, favor_precision=False)


def trafilatura_precise(raw: bytes, url: str | None) -> Extracted:
    """trafilatura with `favor_precision=True`."""
    return _trafilatura(raw, url, favor_precision=True)


def readability_lxml(raw: bytes, url: str | None) -> Extracted:
    """readability-lxml's summary as text, and its title."""
    document = readability.Document(raw, url=url)
    summary = lxml.html.fromstring(document.summary())
    for block in summary.iter(*_BLOCKS):
        block.tail = "\n" + (block.tail or "")
    # readability's placeholder when a page has no <title>.
    title = document.title()
    return Extracted(summary.text_content(), None if title == "[no-title]" else title)


EXTRACTORS = (
    Extractor("newsfold", newsfold),
    Extractor("trafilatura", trafilatura_plain),
    Extractor("traf-precise", trafilatura_precise),
    Extractor("readability", readability_lxml, metadata=False),
)


def extractor(name: str) -> Extractor:
    """The extractor called `name`."""
    return next(each for each in EXTRACTORS if each.name == name)


def _trafilatura(raw: bytes, url: str | None, *, favor_precision: bool) -> Extracted:
    document = bare_extraction(
        raw,
        url=url,
        include_comments=False,
        favor_precision=favor_precision,
        with_metadata=True,
    )
    if document is None or isinstance(document, dict):
        return Extracted("")
    day = date.fromisoformat(document.date[:10]) if document.date else None
    return Extracted(document.text or "", document.title, document.author, day)
