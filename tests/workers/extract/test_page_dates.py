"""The publication date: declared metadata checked against the URL and the date shown by the
headline, on small pages shaped like real ones."""

from datetime import UTC, date, datetime

import lxml.html
import pytest

from workers.extract.metadata import read_metadata
from workers.extract.shown_dates import shown_dates
from workers.extract.url_dates import date_in_url


def _published(head: str, body: str, url: str = "https://news.example/a/b") -> datetime | None:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return read_metadata(lxml.html.document_fromstring(html), url).published_at


_DECLARED = (
    '<meta property="article:published_time" content="2024-02-21T11:54:45+00:00">'
    '<meta property="article:modified_time" content="2025-10-26T18:41:45+00:00">'
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/2021/05/06/slug", date(2021, 5, 6)),
        ("https://a.example/news/2021/5/6/", date(2021, 5, 6)),
        ("https://a.example/2021-05-06-slug.html", date(2021, 5, 6)),
        ("https://a.example/2021/05/", None),
        ("https://a.example/2021/05/0612/", None),
        ("https://a.example/2021/13/01/slug", None),
        ("https://a.example/p?date=2021/05/06", None),
    ],
)
def test_date_in_url_path(url: str, expected: date | None) -> None:
    assert date_in_url(url) == expected


def test_shown_dates_read_split_and_labelled_dates_but_not_prose() -> None:
    prose = "The filing deadline this year, the agency says, is April 15, 2025, for most people."
    dates = shown_dates(
        ["Dec", "18", "2025", "By Ann Lee", "Last updated:", "Aug. 19th, 2025", "03/04/2025", prose]
    )
    assert [(d.days, d.is_update) for d in dates] == [
        ((date(2025, 12, 18),), False),
        ((date(2025, 8, 19),), True),
        ((date(2025, 3, 4), date(2025, 4, 3)), True),
    ]


def test_shown_date_confirmed_by_the_declared_publication_gives_its_time() -> None:
    body = "<article><h1>Data trends</h1><p class='meta'>Feb 21, 2024</p><p>Text</p></article>"
    assert _published(_DECLARED, body) == datetime(2024, 2, 21, 11, 54, 45, tzinfo=UTC)


def test_shown_update_day_does_not_replace_a_declared_publication() -> None:
    body = "<h1>Data trends</h1><div>By Ann Lee</div><div>Updated October 26, 2025</div>"
    assert _published(_DECLARED, body) == datetime(2024, 2, 21, 11, 54, 45, tzinfo=UTC)


def test_shown_update_day_stands_when_only_a_modification_is_declared() -> None:
    head = '<meta property="article:modified_time" content="2025-10-26T18:41:45-04:00">'
    body = "<h1>Data trends</h1><div>Last updated:</div><div>October 26, 2025</div>"
    assert _published(head, body) == datetime(2025, 10, 26, 22, 41, 45, tzinfo=UTC)


def test_url_day_when_nothing_is_declared() -> None:
    url = "https://blog.example/2021/05/06/a-post/"
    assert _published("", "<h1>A post</h1><p>Hello</p>", url) == datetime(2021, 5, 6, tzinfo=UTC)


def test_date_shown_by_the_headline_alone() -> None:
    body = (
        "<header class='site'><a href='/'>Home</a></header><main><h1>A post</h1>"
        "<span>Jane Roe</span><span>·</span><span>12 March 2023</span><p>Body text.</p></main>"
    )
    assert _published("", body) == datetime(2023, 3, 12, tzinfo=UTC)


def test_ambiguous_numeric_date_alone_is_refused() -> None:
    assert _published("", "<h1>A post</h1><p>03/04/2023</p>") is None


def test_related_list_dates_are_not_the_articles() -> None:
    body = (
        "<h1>A post</h1><div class='related-posts'><a>Other story</a> <span>May 2, 2023"
        "</span></div><p>Body text.</p>"
    )
    assert _published("", body) is None
