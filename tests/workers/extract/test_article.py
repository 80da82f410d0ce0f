"""From a page's extraction and its feed entry to the article: the fallback to feed content."""

from datetime import UTC, datetime

from structlog.testing import capture_logs

from schemas.article import DateSource, TextSource
from schemas.feed import FeedEntry
from schemas.ids import article_id, feed_id
from workers.extract.article import MAX_ARTICLE_CHARS, build_article
from workers.extract.feed_text import feed_text
from workers.extract.page import PageExtraction

URL = "https://news.example/2022/02/03/strike.html"
NOW = datetime(2022, 2, 3, 15, tzinfo=UTC)
PARAGRAPHS = [
    "Container traffic at the Port of Valmere came to a standstill on Thursday after more "
    "than 1,800 dockworkers walked off the job in protest at a plan to automate cranes.",
    "The union said the 48-hour stoppage began at 6 a.m., when the morning shift at Terminal "
    "4 refused to clock in, and pickets formed at all three of the port's main gates.",
]


def _entry(**fields: object) -> FeedEntry:
    values: dict[str, object] = {
        "article_id": article_id(URL),
        "feed_id": feed_id("https://news.example/feed.xml"),
        "url": URL,
        "title": "Dockworkers walk out",
        "authors": ["admin"],
        "published_at": datetime(2022, 2, 3, 9, 40, tzinfo=UTC),
        "discovered_at": NOW,
    }
    values.update(fields)
    return FeedEntry.model_validate(values)


def test_feed_content_becomes_paragraphs_without_its_footer() -> None:
    html = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    html += "<p>The post Dockworkers walk out appeared first on Harbor Ledger.</p>"
    assert feed_text(_entry(content_html=html)) == "\n\n".join(PARAGRAPHS)


def test_longer_of_content_and_summary_is_used() -> None:
    entry = _entry(summary_html=f"<p>{PARAGRAPHS[0]}</p>", content_html="<p>Short.</p>")
    assert feed_text(entry) == PARAGRAPHS[0]


def test_article_from_an_unfetched_page_uses_the_feed() -> None:
    entry = _entry(content_html="".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    article = build_article(entry, None, fetched_at=NOW)
    assert article is not None
    assert article.text_source is TextSource.FEED
    assert article.text == "\n\n".join(PARAGRAPHS)
    assert article.title == "Dockworkers walk out"
    assert article.authors == []
    assert article.published_at == entry.published_at
    assert article.date_source is DateSource.FEED
    assert article.id == entry.article_id


def test_page_text_wins_when_it_is_article_like() -> None:
    page = PageExtraction(text="\n\n".join(PARAGRAPHS), title="Page title")
    entry = _entry(content_html="<p>A teaser.</p>")
    article = build_article(entry, page, fetched_at=NOW, final_url=URL + "?amp=1")
    assert article is not None
    assert article.text_source is TextSource.PAGE
    assert article.title == "Page title"
    assert article.canonical_url == URL + "?amp=1"


def test_short_page_text_gives_way_to_the_feed() -> None:
    page = PageExtraction(text="Watch the video.")
    article = build_article(_entry(summary_html=f"<p>{PARAGRAPHS[1]}</p>"), page, fetched_at=NOW)
    assert article is not None
    assert article.text_source is TextSource.FEED
    assert article.text == PARAGRAPHS[1]


def test_entry_with_no_text_anywhere_is_dropped() -> None:
    assert build_article(_entry(), PageExtraction(text="Watch the video."), fetched_at=NOW) is None
    assert build_article(_entry(), None, fetched_at=NOW) is None


def test_a_text_past_the_cap_keeps_the_paragraphs_within_it() -> None:
    paragraph = PARAGRAPHS[0]
    count = MAX_ARTICLE_CHARS // len(paragraph) + 10
    page = PageExtraction(text="\n\n".join([paragraph] * count))
    with capture_logs() as logs:
        article = build_article(_entry(), page, fetched_at=NOW)
    assert article is not None
    assert len(article.text) <= MAX_ARTICLE_CHARS
    assert article.text.split("\n\n") == [paragraph] * article.text.count(paragraph)
    assert len(article.text) > MAX_ARTICLE_CHARS - len(paragraph) - 2
    [cut] = logs
    assert cut["code"] == "text_too_long"


def test_one_paragraph_past_the_cap_keeps_its_first_characters() -> None:
    page = PageExtraction(text="word " * MAX_ARTICLE_CHARS)
    article = build_article(_entry(), page, fetched_at=NOW)
    assert article is not None
    assert len(article.text) == MAX_ARTICLE_CHARS
