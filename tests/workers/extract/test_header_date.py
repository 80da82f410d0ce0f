"""Last-Modified as the last resort for a publication time, through the real extract job
and HTTP server: taken when nothing else dates the page, refused when it only dates the
response."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from schemas.article import DateSource
from schemas.feed import FeedEntry
from schemas.ids import article_id, feed_id
from services.runtime.context import WorkerContext
from tests.plugins.local_server import LocalServer, Reply
from workers.extract.header_date import dated_by_header
from workers.extract.job import run_extract
from workers.extract.page import PageExtraction

# An article page that states no date anywhere: no metadata, no date beside its headline.
UNDATED_PAGE = (
    "<html><head><title>Port strike ends</title></head><body><article><h1>Port strike ends"
    "</h1>"
    + "".join(
        f"<p>Dock workers in Valmere returned to work on the {n}th shift after the union and "
        "the port authority agreed on a timetable for the automated cranes, officials said."
        "</p>"
        for n in range(1, 7)
    )
    + "</article></body></html>"
).encode()
MODIFIED = datetime(2022, 2, 3, 9, 30, tzinfo=UTC)


def undated_entry(url: str) -> FeedEntry:
    return FeedEntry(
        article_id=article_id(url),
        feed_id=feed_id("http://127.0.0.1/feeds/world.rss"),
        url=url,
        title="Port strike ends",
        discovered_at=datetime(2022, 2, 3, 12, tzinfo=UTC),
    )


def test_an_undated_page_takes_its_last_modified_time(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/news/1"] = Reply(
        body=UNDATED_PAGE,
        headers={"Content-Type": "text/html", "Last-Modified": format_datetime(MODIFIED, True)},
    )
    article = run_extract(context, undated_entry(http_server.url("/news/1")))
    assert article is not None
    assert (article.published_at, article.date_source) == (MODIFIED, DateSource.HTTP_HEADER)


def test_a_last_modified_time_of_the_response_itself_is_no_date(
    context: WorkerContext, http_server: LocalServer
) -> None:
    # The server stamps its Date header with now: a Last-Modified of now is the rendering.
    now = format_datetime(datetime.now(UTC), True)
    http_server.routes["/news/1"] = Reply(
        body=UNDATED_PAGE, headers={"Content-Type": "text/html", "Last-Modified": now}
    )
    article = run_extract(context, undated_entry(http_server.url("/news/1")))
    assert article is not None
    assert (article.published_at, article.date_source) == (None, DateSource.NONE)


def test_the_header_never_overrides_a_date_the_page_or_feed_gives() -> None:
    dated = PageExtraction(
        text="", published_at=MODIFIED + timedelta(days=1), date_source=DateSource.FEED
    )
    headers = {"last-modified": format_datetime(MODIFIED, True)}
    assert dated_by_header(dated, headers, MODIFIED + timedelta(days=2)) is dated
    undated = PageExtraction(text="")
    for broken in ("yesterday", ""):
        assert dated_by_header(undated, {"last-modified": broken}, MODIFIED) is undated
    # A time after the response was served is no publication time either.
    assert dated_by_header(undated, headers, MODIFIED - timedelta(hours=1)) is undated
