"""The extract job against the real demo server, a real redis-server and newsfold's own HTTP
client: the article is stored and sent to dedupe, and a page that cannot be had falls back to
the feed entry's content."""

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from redis import Redis

from schemas.article import DateSource, TextSource
from schemas.feed import FeedEntry
from schemas.ids import article_id, feed_id
from services.demo.server import CONTENT, DemoSite
from services.http.errors import HostBusy
from services.runner.worker import make_worker
from services.runtime import context as runtime_context
from services.runtime.articles import load_article
from services.runtime.context import WorkerContext
from services.runtime.queues import Stage, enqueue, job_id, stage_queue
from tests.plugins.local_server import LocalServer, Reply
from tests.plugins.logs import LogLines
from workers.extract.job import run_extract

CENTRAL_TRIBUNE = (
    "central-tribune/politics/"
    "in-call-with-macron-putin-slams-west-for-ignoring-russias-fundamental-concerns.html"
)
FEED_PARAGRAPHS = [
    "Thousands of port workers in Valmere downed tools on Thursday, paralysing the city's "
    "container terminals in a row over plans to automate cargo handling.",
    "Pickets blocked the gates of the Port of Valmere from early morning, and by the "
    "afternoon a queue of container ships had built up offshore, harbour officials said.",
]
FEED_HTML = "".join(f"<p>{paragraph}</p>" for paragraph in FEED_PARAGRAPHS)


def _entry(url: str, **fields: object) -> FeedEntry:
    values: dict[str, object] = {
        "article_id": article_id(url),
        "feed_id": feed_id("http://127.0.0.1/feeds/world.rss"),
        "url": url,
        "title": "Feed title",
        "published_at": datetime(2022, 1, 28, 15, tzinfo=UTC),
        "discovered_at": datetime(2022, 1, 28, 16, tzinfo=UTC),
    }
    values.update(fields)
    return FeedEntry.model_validate(values)


def _dedupe_jobs(redis: Redis) -> list[str]:
    return stage_queue(redis, Stage.DEDUPE).job_ids


def test_page_is_extracted_stored_and_sent_to_dedupe(
    context: WorkerContext, demo_site: DemoSite
) -> None:
    entry = _entry(demo_site.url(CENTRAL_TRIBUNE))
    article = run_extract(context, entry)
    assert article is not None
    assert article.text_source is TextSource.PAGE
    assert article.text.startswith("Russian President Vladimir Putin used a phone call")
    assert article.published_at == datetime(2022, 1, 28, 14, 52, tzinfo=UTC)
    assert article.date_source is DateSource.PAGE_METADATA
    assert article.canonical_url == demo_site.url(CENTRAL_TRIBUNE)
    assert article.feed_id == entry.feed_id
    assert load_article(context.redis, entry.article_id) == article
    assert _dedupe_jobs(context.redis) == [job_id(Stage.DEDUPE, entry.article_id)]


def test_missing_page_falls_back_to_the_feed_content(
    context: WorkerContext, demo_site: DemoSite, log_lines: LogLines
) -> None:
    entry = _entry(demo_site.url("extract-tests/missing.html"), content_html=FEED_HTML)
    article = run_extract(context, entry)
    logs = log_lines()
    assert article is not None
    assert article.text_source is TextSource.FEED
    assert article.text == "\n\n".join(FEED_PARAGRAPHS)
    assert article.title == "Feed title"
    assert article.date_source is DateSource.FEED
    [failure] = [log for log in logs if log["event"].startswith("page not fetched")]
    assert failure["code"] == "http_4xx"
    assert (failure["article_id"], failure["feed_id"]) == (entry.article_id, entry.feed_id)
    assert _dedupe_jobs(context.redis) == [job_id(Stage.DEDUPE, entry.article_id)]


def test_page_that_is_not_html_falls_back_to_the_feed_content(
    context: WorkerContext, demo_site: DemoSite
) -> None:
    url = demo_site.add_route(
        "/extract-tests/report.pdf", b"%PDF-1.4\n%\xe2\xe3", content_type="application/pdf"
    )
    article = run_extract(context, _entry(url, summary_html=FEED_HTML))
    assert article is not None
    assert article.text_source is TextSource.FEED


def test_entry_with_no_text_anywhere_is_dropped_with_a_warning(
    context: WorkerContext, demo_site: DemoSite, log_lines: LogLines
) -> None:
    entry = _entry(demo_site.url("extract-tests/also-missing.html"))
    assert run_extract(context, entry) is None
    [dropped] = [log for log in log_lines() if "dropped" in log["event"]]
    assert (dropped["level"], dropped["article_id"]) == ("warning", entry.article_id)
    assert context.redis.keys("nf:article:*") == []
    assert _dedupe_jobs(context.redis) == []


def test_log_lines_of_the_modules_the_job_calls_carry_its_article_id(
    context: WorkerContext, demo_site: DemoSite, log_lines: LogLines
) -> None:
    # Over the element limit: limits.py logs the cut without knowing the article.
    cells = "".join(f"<span>{n}</span>" for n in range(12_000))
    page = f"<html><body><article><p>{FEED_PARAGRAPHS[0]}</p>{cells}</article></body></html>"
    url = demo_site.add_route("/extract-tests/huge.html", page.encode())
    entry = _entry(url, summary_html=FEED_HTML)
    run_extract(context, entry)
    [cut] = [line for line in log_lines() if line.get("code") == "too_many_elements"]
    assert (cut["article_id"], cut["feed_id"], cut["stage"]) == (
        entry.article_id,
        entry.feed_id,
        "extract",
    )
    assert all(line.get("article_id") == entry.article_id for line in log_lines())


def test_rq_worker_runs_the_job_from_its_json_arguments(
    context: WorkerContext, demo_site: DemoSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = _entry(demo_site.url(CENTRAL_TRIBUNE))
    monkeypatch.setattr(runtime_context, "_bound", context)
    assert enqueue(context.redis, Stage.EXTRACT, entry.article_id, entry.model_dump(mode="json"))
    assert make_worker(context, [Stage.EXTRACT]).work(burst=True)
    assert stage_queue(context.redis, Stage.EXTRACT).failed_job_registry.count == 0
    assert load_article(context.redis, entry.article_id).text_source is TextSource.PAGE
    assert _dedupe_jobs(context.redis) == [job_id(Stage.DEDUPE, entry.article_id)]


# Politeness: robots.txt and the per-host gate, against a server of the test's own.

ARTICLE_PAGE = (CONTENT / CENTRAL_TRIBUNE).read_bytes()


def _with_http(context: WorkerContext, **fields: object) -> WorkerContext:
    settings = context.settings
    http = settings.http.model_copy(update=fields)
    return replace(context, settings=settings.model_copy(update={"http": http}))


def _paths(server: LocalServer) -> list[str]:
    return [seen.path for seen in server.requests]


def test_page_disallowed_by_robots_txt_is_never_fetched_and_the_feed_content_is_used(
    context: WorkerContext, http_server: LocalServer, log_lines: LogLines
) -> None:
    http_server.routes["/robots.txt"] = Reply(body=b"User-agent: newsfold\nDisallow: /news/\n")
    http_server.routes["/news/1"] = Reply(body=ARTICLE_PAGE)
    entry = _entry(http_server.url("/news/1"), content_html=FEED_HTML)
    article = run_extract(context, entry)
    assert article is not None
    assert article.text_source is TextSource.FEED
    assert _paths(http_server) == ["/robots.txt"]
    [refused] = [line for line in log_lines() if line.get("code") == "robots_disallowed"]
    assert (refused["level"], refused["article_id"]) == ("warning", entry.article_id)
    assert _dedupe_jobs(context.redis) == [job_id(Stage.DEDUPE, entry.article_id)]


def test_robots_txt_is_fetched_once_for_many_pages_of_a_site(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/robots.txt"] = Reply(body=b"User-agent: *\nDisallow: /private/\n")
    for number in range(3):
        http_server.routes[f"/news/{number}"] = Reply(body=ARTICLE_PAGE)
        article = run_extract(context, _entry(http_server.url(f"/news/{number}")))
        assert article is not None and article.text_source is TextSource.PAGE
    assert _paths(http_server) == ["/robots.txt", "/news/0", "/news/1", "/news/2"]


def test_robots_txt_is_not_asked_for_when_robots_are_not_respected(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/news/1"] = Reply(body=ARTICLE_PAGE)
    run_extract(_with_http(context, respect_robots=False), _entry(http_server.url("/news/1")))
    assert _paths(http_server) == ["/news/1"]


@pytest.mark.parametrize("target", ["169.254.169.254", "127.0.0.1"])
def test_a_robots_txt_redirecting_to_a_private_address_leaves_the_page_unfetched(
    context: WorkerContext, http_server: LocalServer, log_lines: LogLines, target: str
) -> None:
    # Private networks not allowed: the site is reached by name (the test client may connect
    # to loopback, as to any public site), its robots.txt redirects to a private literal.
    guarded = replace(
        context, settings=context.settings.model_copy(update={"allow_private_networks": False})
    )
    http_server.routes["/robots.txt"] = Reply(
        301, headers={"Location": f"http://{target}:{http_server.port}/robots.txt"}
    )
    http_server.routes["/news/1"] = Reply(body=ARTICLE_PAGE)
    entry = _entry(f"http://localhost:{http_server.port}/news/1", summary_html=FEED_HTML)
    article = run_extract(guarded, entry)
    assert article is not None and article.text_source is TextSource.FEED
    assert _paths(http_server) == ["/robots.txt"]
    codes = [line.get("code") for line in log_lines()]
    assert "blocked_address" in codes
    assert "robots_disallowed" in codes


def test_crawl_delay_spaces_the_page_fetches_of_a_site(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/robots.txt"] = Reply(body=b"User-agent: *\nCrawl-delay: 0.3\n")
    http_server.routes["/news/1"] = Reply(body=ARTICLE_PAGE)
    http_server.routes["/news/2"] = Reply(body=ARTICLE_PAGE)
    run_extract(context, _entry(http_server.url("/news/1")))
    started = time.monotonic()
    article = run_extract(context, _entry(http_server.url("/news/2")))
    assert 0.2 < time.monotonic() - started < 1.5
    assert article is not None and article.text_source is TextSource.PAGE


def test_a_429_on_a_page_holds_its_host_back_for_the_next_jobs(
    context: WorkerContext, http_server: LocalServer
) -> None:
    polite = _with_http(context, host_wait_seconds=0.5)
    http_server.routes["/news/1"] = Reply(429, headers={"Retry-After": "120"})
    http_server.routes["/news/2"] = Reply(body=ARTICLE_PAGE)
    first = run_extract(polite, _entry(http_server.url("/news/1"), summary_html=FEED_HTML))
    assert first is not None and first.text_source is TextSource.FEED
    started = time.monotonic()
    with pytest.raises(HostBusy) as caught:
        run_extract(polite, _entry(http_server.url("/news/2"), summary_html=FEED_HTML))
    assert time.monotonic() - started < 0.4  # 120 s is past the wait: no point waiting
    assert caught.value.retry_at > datetime.now(UTC) + timedelta(seconds=100)
    assert _paths(http_server) == ["/robots.txt", "/news/1"]


def test_a_busy_host_leaves_the_job_to_rq_retries_and_stores_nothing(
    context: WorkerContext, http_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    polite = _with_http(context, host_wait_seconds=0.2)
    polite.host_gate().slow_down(http_server.url("/"), 60)
    http_server.routes["/news/1"] = Reply(body=ARTICLE_PAGE)
    entry = _entry(http_server.url("/news/1"), summary_html=FEED_HTML)
    monkeypatch.setattr(runtime_context, "_bound", polite)
    assert enqueue(polite.redis, Stage.EXTRACT, entry.article_id, entry.model_dump(mode="json"))
    make_worker(polite, [Stage.EXTRACT]).work(burst=True)
    queue = stage_queue(polite.redis, Stage.EXTRACT)
    assert queue.scheduled_job_registry.get_job_ids() == [job_id(Stage.EXTRACT, entry.article_id)]
    assert queue.failed_job_registry.count == 0
    assert polite.redis.keys("nf:article:*") == []
    assert http_server.requests == []
