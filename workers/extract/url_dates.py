"""The publication day an article's URL path carries, as in `/2021/05/06/slug`.

CMSs that put the date in the path (WordPress permalinks, most newspaper systems) write the
day the article was first published, and never change it when the article is updated.
"""

import re
from datetime import date
from urllib.parse import urlsplit

from workers.extract.dates import is_plausible

# Year, month and day as consecutive path segments, or joined by hyphens in one segment
# ("/2021-05-06/"). A bare year and month ("/2021/05/") names no day and is not read.
_PATH_DATE = re.compile(r"/((?:19|20)\d{2})([/-])(\d{1,2})\2(\d{1,2})(?!\d)")


def date_in_url(url: str | None) -> date | None:
    """The day in `url`'s path, or None when the path names none (or an impossible one)."""
    if not url:
        return None
    match = _PATH_DATE.search(urlsplit(url).path)
    if match is None:
        return None
    try:
        day = date(int(match[1]), int(match[3]), int(match[4]))
    except ValueError:
        return None
    return day if is_plausible(day) else None
