"""Dates written out in a page's visible text: "August 19, 2025", "19 Aug 2025", "2025-08-19".

Only the text around the headline comes here (`header`), where pages show their byline and
date; a page's other dates (a sidebar's, the footer's copyright year) are never read. A date
right after "Updated" or "Modified" is marked as such: the page shows when it changed, not
when it was published. Month names are English; other languages' pages are read by their
numeric and ISO dates only.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from workers.extract.dates import is_plausible

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
# Between the parts of a date: spaces, or the " | " that joins the elements it is split into.
_GAP = r"(?:\s|\s\|\s)+"
_PATTERNS = (
    re.compile(rf"\b{_MONTH}{_GAP}{_DAY},?{_GAP}{_YEAR}", re.IGNORECASE),
    re.compile(rf"\b{_DAY}{_GAP}(?:of\s+)?{_MONTH},?{_GAP}{_YEAR}", re.IGNORECASE),
    re.compile(
        r"(?<!\d)(?P<year>(?:19|20)\d{2})([-/.])(?P<month_number>\d{1,2})\2(?P<day>\d{1,2})(?!\d)"
    ),
    # 03/04/2025 is March 4th in the US and 3 April elsewhere: both days are kept.
    re.compile(rf"(?<![\d/.-])(?P<first>\d{{1,2}})([/.-])(?P<second>\d{{1,2}})\2{_YEAR}"),
)

# Bylines and datelines run to some 60 characters ("By Ann Lee, Senior Editor | Updated
# Dec. 19, 2025, 1:06 PM EST"); longer lines are prose.
_MAX_LINE_CHARS = 80

# The word before a date says what it is; the last such word within this many characters
# before it counts ("Published May 1 | Updated May 5": the second is an update).
_LOOKBACK_CHARS = 40
_LABEL = re.compile(
    r"(updated|modified|revised|edited|refreshed)|(published|posted|written|created|released)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ShownDate:
    """A date in the visible text: one day, or the two readings of an ambiguous numeric
    date; `is_update` when the page labels it as the time of a change."""

    days: tuple[date, ...]
    is_update: bool


def shown_dates(lines: list[str]) -> list[ShownDate]:
    """The dates written in `lines` (the texts of consecutive elements), in their order.
    Dates in prose ("the deadline is April 15, 2025") are not the page's date: only runs
    of lines as short as a byline or a dateline are read."""
    shown: list[ShownDate] = []
    for run in _short_runs(lines):
        # Joined, since pages split a date ("Dec" | "18" | "2025") or put its label
        # ("Last updated:" | "Aug 19, 2025") into elements of their own.
        text = " | ".join(run)
        found: list[tuple[int, ShownDate]] = []
        for pattern in _PATTERNS:
            for match in pattern.finditer(text):
                days = tuple(day for day in _days(match) if is_plausible(day))
                if days:
                    found.append((match.start(), ShownDate(days, _is_update(text, match.start()))))
        shown += [date for _, date in sorted(found, key=lambda item: item[0])]
    return shown


def _short_runs(lines: list[str]) -> Iterator[list[str]]:
    run: list[str] = []
    for line in lines:
        if len(line) <= _MAX_LINE_CHARS:
            run.append(line)
        elif run:
            yield run
            run = []
    if run:
        yield run


def _days(match: re.Match[str]) -> list[date]:
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("first"):
        first, second = int(groups["first"]), int(groups["second"])
        readings = {(first, second), (second, first)}
    elif groups.get("month_number"):
        readings = {(int(groups["month_number"]), int(groups["day"]))}
    else:
        readings = {(_MONTHS[groups["month"].lower()], int(groups["day"]))}
    days = []
    for month, day in sorted(readings):
        try:
            days.append(date(year, month, day))
        except ValueError:
            continue
    return days


def _is_update(text: str, start: int) -> bool:
    labels = list(_LABEL.finditer(text, max(0, start - _LOOKBACK_CHARS), start))
    return bool(labels) and labels[-1].group(1) is not None
