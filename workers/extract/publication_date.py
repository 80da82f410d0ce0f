"""When a page says its article was published: declared metadata, checked against the URL's
date and the date the page shows next to its headline.

A date shown beside the headline that the declared publication date (or the WebPage node's,
or the URL's) confirms is the page's statement, in the declared time. A shown day that only
the declared modification time confirms is an update's: it stands only where no publication
time is declared (on WCXB's dev pages, with both declared, the labelled day was the
publication's 22 times and the update's 16). Then come the declared publication time, the
URL's day, and a date shown by the headline on its own. A date anywhere else on the page is
never read: a theme's header shows today's date, a sidebar other articles' dates.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from lxml.html import HtmlElement

from schemas.article import DateSource
from workers.extract.dates import parse_datetime
from workers.extract.jsonld import LinkedData
from workers.extract.shown_dates import ShownDate

# Meta tags naming the publication time, most specific first: OpenGraph's article
# properties, then the conventions of Dublin Core, Parse.ly, Highwire (Google Scholar's
# citation_*), Sailthru and older CMSs.
_PUBLISHED_META = (
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
    "citation_publication_date",
    "citation_date",
    "sailthru.date",
    "dc.date",
    "date",
)
_MODIFIED_META = ("article:modified_time", "og:updated_time", "dcterms.modified", "lastmod")

_HATOM_PUBLISHED = (
    "//time[contains(concat(' ', normalize-space(@class), ' '), ' published ')]/@datetime"
)


@dataclass(frozen=True)
class Publication:
    """When the article was published, and which of the page's statements said so."""

    at: datetime
    source: DateSource


def publication_time(
    linked: LinkedData,
    meta: dict[str, str],
    tree: HtmlElement,
    microdata_published: str | None,
    url_day: date | None,
    shown: list[ShownDate],
) -> Publication | None:
    """The article's publication time, in the offset the page declared; a day confirmed
    only by visible text or the URL is given as midnight UTC. None when nothing says.
    `microdata_published` is the page's microdata `datePublished`."""
    published = _declared_published(linked, meta, tree, microdata_published)
    modified = _declared_modified(linked, meta)
    # The WebPage node's date (Yoast) is the page's, not always the article's: on WCXB's
    # undated pages it dated 11 of 123, so it only confirms what the page shows.
    page_published = _first_parsed([linked.page_value("datePublished")])
    publication = {
        value.date(): Publication(value, DateSource.PAGE_METADATA)
        for value in (page_published, published)
        if value
    }
    if url_day is not None:
        # The shown day confirmed by the URL alone is read from the page's text.
        publication.setdefault(url_day, Publication(_midnight(url_day), DateSource.PAGE_TEXT))
    for shown_date in shown:
        confirmed = [publication[day] for day in shown_date.days if day in publication]
        if len(confirmed) == 1:
            return confirmed[0]
        # A shown day that only the declared modification time confirms is the update's:
        # it stands for the article when no publication time is declared.
        if published is None and modified is not None and modified.date() in shown_date.days:
            return Publication(modified, DateSource.PAGE_METADATA)
    if published is not None:
        return Publication(published, DateSource.PAGE_METADATA)
    if url_day is not None:
        return Publication(_midnight(url_day), DateSource.URL)
    alone = next((s for s in shown if len(s.days) == 1), None)
    return Publication(_midnight(alone.days[0]), DateSource.PAGE_TEXT) if alone else None


def _declared_published(
    linked: LinkedData, meta: dict[str, str], tree: HtmlElement, microdata: str | None
) -> datetime | None:
    candidates = [linked.article_value("datePublished"), linked.article_value("dateCreated")]
    candidates += [meta.get(name) for name in _PUBLISHED_META]
    candidates.append(microdata)
    candidates += tree.xpath("//time[@pubdate]/@datetime")
    candidates.append(_hatom_published(tree))
    return _first_parsed(candidates)


def _declared_modified(linked: LinkedData, meta: dict[str, str]) -> datetime | None:
    candidates = [linked.article_value("dateModified")]
    candidates += [meta.get(name) for name in _MODIFIED_META]
    candidates.append(linked.page_value("dateModified"))
    return _first_parsed(candidates)


def _first_parsed(candidates: list[object]) -> datetime | None:
    for candidate in candidates:
        if isinstance(candidate, str) and (parsed := parse_datetime(candidate)) is not None:
            return parsed
    return None


def _hatom_published(tree: HtmlElement) -> str | None:
    # WordPress themes mark the post's time up as hAtom's "published" property. Widgets
    # listing other posts use the same markup, so the page must carry just one such time.
    values = set(tree.xpath(_HATOM_PUBLISHED))
    return values.pop() if len(values) == 1 else None


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
