"""Declared publication times, in whatever format a page wrote them, as aware datetimes.

Only values a page declares as its date come here (JSON-LD, meta tags, microdata), so a
lenient parser is safe: "Feb 08, 2022" or "Thu, 09/25/2025 - 11:38" in a `datePublished` is
still the page's own statement. Visible text is read by `shown_dates`, not here.

The declared UTC offset is kept: the day a page states is its local day, and converting
"2025-12-18T20:00:00-05:00" to UTC first would move it to the 19th. Stored times are
converted to UTC by enrichment and the storage layer.
"""

import re
import warnings
from datetime import UTC, date, datetime, timedelta, timezone

from dateutil import parser as dateutil_parser

_EARLIEST_YEAR = 1995

# Anything but ISO 8601 (RFC 2822 included) goes to dateutil, which reads "4:00 PM EST" right
# where the standard library's lenient email parser does not. It fills a missing day or month
# in from today, so a value must have a year and, apart from it, a one- or two-digit number.
_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d)")

# North American and European abbreviations that CMSs print after a time; dateutil knows
# none of them and would return a naive time.
_ZONES = {
    name: timezone(timedelta(hours=hours))
    for name, hours in {
        "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8,
        "PDT": -7, "GMT": 0, "UTC": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
        "MSK": 3,
    }.items()
}  # fmt: skip


def parse_datetime(value: str) -> datetime | None:
    """A declared date as an aware datetime in the offset it was declared with. A bare date
    is taken as midnight UTC and a time without an offset as UTC. None if it is unparseable,
    names no day, or is implausible."""
    value = value.strip()
    parsed = _iso(value) or _lenient(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed if is_plausible(parsed.date()) else None


def is_plausible(day: date) -> bool:
    """False for days before news sites were on the web or past next year: CMS defaults
    ("0001-01-01") and typos, not publication days."""
    return _EARLIEST_YEAR <= day.year <= datetime.now(UTC).year + 1


def _iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace(" ", "T", 1) if " " in value else value)
    except ValueError:
        return None


def _lenient(value: str) -> datetime | None:
    year = _YEAR.search(value)
    if year is None or not _DAY.search(value[: year.start()] + " " + value[year.end() :]):
        return None
    with warnings.catch_warnings():
        # An unknown zone name leaves the time naive (then taken as UTC); no need to warn.
        warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
        try:
            parsed: datetime = dateutil_parser.parse(value, tzinfos=_ZONES)
        except (ValueError, OverflowError):
            return None
    return parsed
