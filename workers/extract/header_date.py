"""The HTTP Last-Modified header as an article's publication time, the last resort when
neither the page nor its feed entry dates it."""

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from schemas.article import DateSource
from workers.extract.page import PageExtraction

# A page rendered for each request is stamped with the time it was served (its Date
# header's, give or take the rendering): that dates the response, not the article. No date
# is better than a wrong one, so a Last-Modified this close to Date is not taken.
_SERVED_MARGIN = timedelta(minutes=1)


def dated_by_header(
    page: PageExtraction, headers: Mapping[str, str], fetched_at: datetime
) -> PageExtraction:
    """`page` dated by its Last-Modified header when it has no date of its own and the header
    names a time clearly before the response was served."""
    if page.date_source is not DateSource.NONE:
        return page
    modified = _http_date(headers.get("last-modified"))
    served = _http_date(headers.get("date")) or fetched_at
    if modified is None or modified > served - _SERVED_MARGIN:
        return page
    return replace(page, published_at=modified, date_source=DateSource.HTTP_HEADER)


def _http_date(value: str | None) -> datetime | None:
    """An RFC 9110 HTTP date in UTC, or None when absent or unreadable."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
