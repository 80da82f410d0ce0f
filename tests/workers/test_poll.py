"""The poll job end to end: a real feed on 127.0.0.1, the private Redis, each database."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler

import pytest
from redis import Redis
from sqlalchemy import Engine

from schemas.article import Article
from schemas.feed import Feed, FeedEntry
from schemas.ids import article_id
from schemas.settings import HttpSettings, Settings
from services.http.client import build_client
from services.poller.scheduler import enqueue_due_feeds
from services.runner.worker import make_worker
from services.runtime.context import WorkerContext, bind
from services.runtime.queues import Stage, job_id, stage_queue
from services.storage.articles import upsert_article
from services.storage.feeds import add_feed, get_feed
from tests.plugins.local_server import LocalServer, Reply
from tests.plugins.logs import LogLines
from tests.services.poller.feeds import HTML_PAGE, RSS
from workers.poll import PollStatus, run_poll

NOW = datetime(2024, 5, 3, 8, 0, tzinfo=UTC)
STORM = "/2024/05/storm?utm_source=rss"
MARKETS = "/2024/05/markets"


# The sample RSS with both article links relative, so they resolve onto the test server.
LOCAL_RSS = RSS.replace(b"https://news.example/2024/05/markets", MARKETS.encode())


@pytest.fixture
def context(redis: Redis, engine: Engine) -> Iterator[WorkerContext]:
    """A worker context as a worker process builds it, allowed to reach 127.0.0.1."""
    settings = Settings(allow_private_networks=True, http=HttpSettings(total_timeout=5.0))
    with build_client(settings.http, allow_private=True) as http:
        yield WorkerContext(settings=settings, redis=redis, engine=engine, http=http)


@pytest.fixture
def feed_server(http_server: LocalServer) -> LocalServer:
    """Serves the sample feed at /feed.xml with an ETag, answering 304 when it matches."""

    def feed(handler: BaseHTTPRequestHandler) -> Reply:
        if handler.headers.get("If-None-Match") == '"v1"':
            return Reply(304, headers={"ETag": '"v1"'})
        return Reply(
            body=LOCAL_RSS,
            headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'},
        )

    http_server.routes["/feed.xml"] = feed
    return http_server


def _extract_jobs(redis: Redis) -> dict[str, FeedEntry]:
    queue = stage_queue(redis, Stage.EXTRACT)
    jobs = {}
    for identifier in queue.job_ids:
        job = queue.fetch_job(identifier)
        assert job is not None and job.func_name == "workers.extract.job.extract_entry"
        jobs[identifier] = FeedEntry.model_validate(job.args[0])
    return jobs


def _feed(context: WorkerContext, feed_id: str) -> Feed:
    feed = get_feed(context.engine, feed_id)
    assert feed is not None
    return feed


def test_new_entries_are_enqueued_for_extraction_under_their_article_ids(
    context: WorkerContext, feed_server: LocalServer
) -> None:
    feed = add_feed(context.engine, feed_server.url("/feed.xml"), NOW)
    outcome = run_poll(context, feed.id, NOW)
    assert (outcome.status, outcome.entries, outcome.new, outcome.enqueued) == (
        PollStatus.POLLED,
        2,
        2,
        2,
    )
    storm_id = article_id(feed_server.url(STORM))
    jobs = _extract_jobs(context.redis)
    assert set(jobs) == {
        job_id(Stage.EXTRACT, storm_id),
        job_id(Stage.EXTRACT, article_id(feed_server.url(MARKETS))),
    }
    storm = jobs[job_id(Stage.EXTRACT, storm_id)]
    assert (storm.feed_id, storm.url, storm.title) == (
        feed.id,
        feed_server.url(STORM),
        "Storm reaches the coast",
    )
    polled = _feed(context, feed.id)
    assert (polled.title, polled.etag, polled.error_count) == ("Example News", '"v1"', 0)
    assert polled.last_polled_at == NOW
    assert polled.next_poll_at == NOW + timedelta(seconds=context.settings.poll_interval_seconds)


def test_a_second_poll_sends_the_etag_and_enqueues_nothing(
    context: WorkerContext, feed_server: LocalServer
) -> None:
    feed = add_feed(context.engine, feed_server.url("/feed.xml"), NOW)
    run_poll(context, feed.id, NOW)
    outcome = run_poll(context, feed.id, NOW + timedelta(minutes=15))
    assert outcome.status is PollStatus.NOT_MODIFIED
    assert feed_server.requests[-1].headers["if-none-match"] == '"v1"'
    assert len(_extract_jobs(context.redis)) == 2
    assert _feed(context, feed.id).etag == '"v1"'


def test_entries_in_flight_are_not_enqueued_twice(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/feed.xml"] = Reply(body=LOCAL_RSS)  # no validators
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    run_poll(context, feed.id, NOW)
    outcome = run_poll(context, feed.id, NOW + timedelta(minutes=15))
    assert (outcome.status, outcome.new, outcome.enqueued) == (PollStatus.POLLED, 2, 0)
    assert len(_extract_jobs(context.redis)) == 2


def test_an_article_already_stored_is_not_enqueued(
    context: WorkerContext, feed_server: LocalServer
) -> None:
    feed = add_feed(context.engine, feed_server.url("/feed.xml"), NOW)
    stored_id = article_id(feed_server.url(STORM))
    with context.engine.begin() as connection:
        upsert_article(
            connection,
            Article(
                id=stored_id,
                feed_id=feed.id,
                url=feed_server.url(STORM),
                text="Stored.",
                fetched_at=NOW,
            ),
            NOW,
        )
    outcome = run_poll(context, feed.id, NOW)
    assert (outcome.entries, outcome.new, outcome.enqueued) == (2, 1, 1)
    assert set(_extract_jobs(context.redis)) == {
        job_id(Stage.EXTRACT, article_id(feed_server.url(MARKETS)))
    }


@pytest.mark.parametrize(
    ("reply", "code"),
    [
        (Reply(503, headers={"Retry-After": "7200"}), "http_5xx"),
        (Reply(body=HTML_PAGE, headers={"Content-Type": "text/html"}), "not_a_feed"),
        (Reply(301, headers={"Location": "file:///etc/passwd"}), "bad_scheme"),
    ],
)
def test_a_broken_feed_is_recorded_with_its_code_and_the_job_succeeds(
    context: WorkerContext, http_server: LocalServer, reply: Reply, code: str
) -> None:
    http_server.routes["/feed.xml"] = reply
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    outcome = run_poll(context, feed.id, NOW)
    assert (outcome.status, outcome.error_code) == (PollStatus.FAILED, code)
    failed = _feed(context, feed.id)
    assert failed.error_count == 1
    assert failed.last_error is not None and failed.last_error.startswith(f"{code}: ")
    assert failed.next_poll_at is not None and failed.next_poll_at > NOW
    assert _extract_jobs(context.redis) == {}


def test_failures_back_off_and_honour_retry_after(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/feed.xml"] = Reply(500)
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    interval = timedelta(seconds=context.settings.poll_interval_seconds)
    run_poll(context, feed.id, NOW)
    assert _feed(context, feed.id).next_poll_at == NOW + interval
    run_poll(context, feed.id, NOW)
    assert _feed(context, feed.id).next_poll_at == NOW + 2 * interval
    http_server.routes["/feed.xml"] = Reply(429, headers={"Retry-After": "86400"})
    run_poll(context, feed.id, NOW)
    failed = _feed(context, feed.id)
    assert (failed.error_count, failed.next_poll_at) == (3, NOW + timedelta(hours=24))


def test_a_removed_feed_is_skipped(context: WorkerContext) -> None:
    assert run_poll(context, "0" * 20, NOW).status is PollStatus.SKIPPED


def test_the_fetch_summary_line_carries_the_feed_id(
    context: WorkerContext, feed_server: LocalServer, log_lines: LogLines
) -> None:
    feed = add_feed(context.engine, feed_server.url("/feed.xml"), NOW)
    run_poll(context, feed.id, NOW)
    [fetched] = [line for line in log_lines() if line["event"] == "fetched"]
    assert (fetched["feed_id"], fetched["status"], fetched["url"]) == (
        feed.id,
        200,
        feed_server.url("/feed.xml"),
    )
    assert fetched["bytes"] == len(LOCAL_RSS) and "ms" in fetched


def test_the_rq_job_polls_a_scheduled_feed(
    context: WorkerContext, feed_server: LocalServer
) -> None:
    feed = add_feed(context.engine, feed_server.url("/feed.xml"), NOW)
    assert enqueue_due_feeds(context.engine, context.redis, NOW, job_timeout=30) == 1
    bind(context)
    worker = make_worker(context, [Stage.POLL])
    assert worker.work(burst=True)
    assert stage_queue(context.redis, Stage.POLL).count == 0
    assert len(_extract_jobs(context.redis)) == 2
    assert _feed(context, feed.id).etag == '"v1"'
