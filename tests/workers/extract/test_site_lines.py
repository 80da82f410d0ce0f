"""Site lines learnt on a real redis-server: a local paper's articles share its theme's lines,
which go once enough of its articles have shown them, while every article's own text stays;
through the extract job, a Redis error leaves the text whole."""

from datetime import UTC, datetime, timedelta

import pytest
from redis import Redis

from schemas.feed import FeedEntry
from schemas.ids import article_id, feed_id
from services.demo.server import DemoSite
from services.runtime.context import WorkerContext
from tests.plugins.logs import LogLines
from workers.extract.job import run_extract
from workers.extract.site_lines import SiteLines, site_of, without_site_lines

NOW = datetime(2024, 3, 14, 9, tzinfo=UTC)
SITE = "harbor-ledger.example"
MIN_PAGES = 5

# What the Harbor Ledger's theme prints in every article's container, in its own words: no
# general rule of `boilerplate` knows these.
SITE_LINES = [
    "Support local reporting: the Harbor Ledger is free to read, funded by its readers.",
    "Photos by Harbor Ledger staff unless noted.",
    "Got a tip? Write to the newsdesk.",
]
TOWNS = ["Valmere", "Eastbrook", "Corran Bay", "Millhaven", "Stoke Harrow", "Denby", "Lorne"]
TOPICS = ["a new ferry timetable", "the harbour wall repairs", "a school merger"]


def _article(town: str) -> list[str]:
    """An article's own paragraphs, different for every town."""
    return [
        f"Councillors in {town} voted on Tuesday to go ahead with {topic}, after a debate "
        f"that ran past midnight and drew more residents of {town} than the hall could seat."
        for topic in TOPICS
    ]


def _text(town: str) -> str:
    return "\n\n".join([*_article(town), *SITE_LINES])


@pytest.fixture
def lines(redis: Redis) -> SiteLines:
    """Site lines counted on the test Redis, five articles to learn a line."""
    return SiteLines(redis, min_pages=MIN_PAGES, window_days=7)


def _extracted(lines: SiteLines, town: str, *, site: str = SITE, url_suffix: str = "") -> str:
    url = f"https://{site}/news/{town.lower().replace(' ', '-')}{url_suffix}"
    return without_site_lines(
        lines, site=site, article_id=article_id(url), text=_text(town), now=NOW
    )


def test_a_sites_first_pages_keep_every_line(lines: SiteLines) -> None:
    for town in TOWNS[: MIN_PAGES - 1]:
        assert _extracted(lines, town) == _text(town)


def test_lines_on_enough_articles_of_the_site_go_and_the_articles_stay(
    lines: SiteLines,
) -> None:
    for town in TOWNS[: MIN_PAGES - 1]:
        _extracted(lines, town)
    for town in TOWNS[MIN_PAGES - 1 :]:
        assert _extracted(lines, town) == "\n\n".join(_article(town))


def test_an_article_extracted_again_is_counted_once(lines: SiteLines) -> None:
    for _ in range(MIN_PAGES + 2):
        assert _extracted(lines, TOWNS[0]) == _text(TOWNS[0])


def test_lines_are_learnt_per_site(lines: SiteLines) -> None:
    for town in TOWNS[:MIN_PAGES]:
        _extracted(lines, town)
    assert _extracted(lines, TOWNS[-1], site="other-paper.example") == _text(TOWNS[-1])


def test_one_article_under_many_urls_keeps_its_text(lines: SiteLines) -> None:
    # A syndicated story copied under several addresses: its own lines recur too.
    for copy in range(MIN_PAGES + 1):
        assert _extracted(lines, TOWNS[0], url_suffix=f"?copy={copy}") == _text(TOWNS[0])


def test_lines_of_an_earlier_window_still_count_and_older_ones_expire(
    lines: SiteLines, redis: Redis
) -> None:
    for town in TOWNS[: MIN_PAGES - 1]:
        _extracted(lines, town)
    next_week = NOW + timedelta(days=7)
    text = without_site_lines(
        lines, site=SITE, article_id=article_id("https://x/1"), text=_text("Lorne"), now=next_week
    )
    assert text == "\n\n".join(_article("Lorne"))
    assert all(0 < redis.ttl(key) <= 14 * 86_400 for key in redis.keys("nf:site-lines:*"))


def test_site_of_a_url_is_its_host_without_www() -> None:
    assert site_of("https://www.harbor-ledger.example/news/a?b=1") == SITE
    assert site_of("not a url") is None


def _page(town: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in [*_article(town), *SITE_LINES])
    return (
        f"<html><head><title>{town} council decides | Harbor Ledger</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f"<article><h1>{town} council decides</h1>{paragraphs}</article>"
        "<footer>© Harbor Ledger</footer></body></html>"
    )


def _entry(demo_site: DemoSite, town: str) -> FeedEntry:
    url = demo_site.add_route(f"/site-lines/{town.lower().replace(' ', '-')}.html", _page(town))
    return FeedEntry(
        article_id=article_id(url),
        feed_id=feed_id(demo_site.url("/site-lines/feed.xml")),
        url=url,
        discovered_at=NOW,
    )


def test_the_extract_job_drops_the_sites_lines_from_its_fifth_article(
    context: WorkerContext, demo_site: DemoSite
) -> None:
    texts = []
    for town in TOWNS[:MIN_PAGES]:
        article = run_extract(context, _entry(demo_site, town))
        assert article is not None
        texts.append(article.text)
    assert all(SITE_LINES[0] in text for text in texts[:-1])
    assert texts[-1] == "\n\n".join(_article(TOWNS[MIN_PAGES - 1]))


def test_a_redis_error_leaves_the_text_as_extracted(
    context: WorkerContext, demo_site: DemoSite, redis: Redis, log_lines: LogLines
) -> None:
    # This week's count of lines, a key of the wrong type: reading it fails in the server.
    window = int(datetime.now(UTC).timestamp() // (7 * 86_400))
    redis.hset(f"nf:site-lines:127.0.0.1:{window}:size", "not", "a count")
    article = run_extract(context, _entry(demo_site, TOWNS[0]))
    assert article is not None
    assert article.text == _text(TOWNS[0])
    [warning] = [log for log in log_lines() if "site lines" in log["event"]]
    assert warning["level"] == "warning"
    assert warning["article_id"] == article.id


def test_a_windows_lines_are_small_hashes_in_compact_encoding(
    lines: SiteLines, redis: Redis
) -> None:
    for town in TOWNS[:MIN_PAGES]:
        _extracted(lines, town)
    counts = [key for key in redis.keys("nf:site-lines:*") if b"seen" not in key]
    assert len(counts) > 10
    assert all(
        redis.object("encoding", key) == b"listpack" for key in counts if redis.type(key) == b"hash"
    )
