"""The poll job end to end: a real feed on 127.0.0.1, the private Redis, each database."""

from datetime import UTC, datetime, timedelta

import pytest

from schemas.article import Article
from schemas.ids import article_id
from services.poller.scheduler import enqueue_due_feeds
from services.runner.worker import make_worker
from services.runtime.context import WorkerContext, bind
from services.runtime.queues import Stage, job_id, stage_queue
from services.storage.articles import upsert_article
from services.storage.feeds import add_feed
from tests.plugins.local_server import LocalServer, Reply
from tests.plugins.logs import LogLines
from tests.services.poller.feeds import HTML_PAGE
from tests.workers.polling import LOCAL_RSS, MARKETS, STORM, extract_jobs, stored_feed
from workers.poll import PollStatus, run_poll

NOW = datetime(2024, 5, 3, 8, 0, tzinfo=UTC)


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
    jobs = extract_jobs(context.redis)
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
    polled = stored_feed(context, feed.id)
    assert (polled.title, polled.etag, polled.error_count) == ("Example News", '"v1"', 0)
    assert polled.last_polled_at == NOW
    # Two entries in the 48 hours before NOW: a gap of 24 hours, polled every 12.
    assert polled.poll_interval_seconds == 12 * 3600
    assert polled.next_poll_at == NOW + timedelta(hours=12)


def test_a_second_poll_sends_the_etag_and_enqueues_nothing(
    context: WorkerContext, feed_server: LocalServer
) -> None:
    feed = add_feed(context.engine, feed_server.url("/feed.xml"), NOW)
    run_poll(context, feed.id, NOW)
    outcome = run_poll(context, feed.id, NOW + timedelta(minutes=15))
    assert outcome.status is PollStatus.NOT_MODIFIED
    assert feed_server.requests[-1].headers["if-none-match"] == '"v1"'
    assert len(extract_jobs(context.redis)) == 2
    assert stored_feed(context, feed.id).etag == '"v1"'


def test_entries_in_flight_are_not_enqueued_twice(
    context: WorkerContext, http_server: LocalServer
) -> None:
    # Two feeds with the same articles: new to each feed, but already queued by the first.
    http_server.routes["/feed.xml"] = Reply(body=LOCAL_RSS)
    http_server.routes["/copy.xml"] = Reply(body=LOCAL_RSS)
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    copy = add_feed(context.engine, http_server.url("/copy.xml"), NOW)
    run_poll(context, feed.id, NOW)
    outcome = run_poll(context, copy.id, NOW)
    assert (outcome.status, outcome.new, outcome.enqueued) == (PollStatus.POLLED, 2, 0)
    assert len(extract_jobs(context.redis)) == 2


def test_entries_a_feed_showed_before_are_not_new(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/feed.xml"] = Reply(body=LOCAL_RSS)  # no validators
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    run_poll(context, feed.id, NOW)
    # Changed, though not in its entries: the body's hash does not spare the parse.
    http_server.routes["/feed.xml"] = Reply(body=LOCAL_RSS + b"\n")
    outcome = run_poll(context, feed.id, NOW + timedelta(minutes=15))
    assert (outcome.status, outcome.entries, outcome.new) == (PollStatus.POLLED, 2, 0)


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
    assert set(extract_jobs(context.redis)) == {
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
    failed = stored_feed(context, feed.id)
    assert failed.error_count == 1
    assert failed.last_error is not None and failed.last_error.startswith(f"{code}: ")
    assert failed.next_poll_at is not None and failed.next_poll_at > NOW
    assert extract_jobs(context.redis) == {}


def test_failures_back_off_and_honour_retry_after(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/feed.xml"] = Reply(500)
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    interval = timedelta(seconds=context.settings.poll_interval_seconds)
    run_poll(context, feed.id, NOW)
    assert stored_feed(context, feed.id).next_poll_at == NOW + interval
    run_poll(context, feed.id, NOW)
    assert stored_feed(context, feed.id).next_poll_at == NOW + 2 * interval
    http_server.routes["/feed.xml"] = Reply(429, headers={"Retry-After": "86400"})
    run_poll(context, feed.id, NOW)
    failed = stored_feed(context, feed.id)
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
    assert len(extract_jobs(context.redis)) == 2
    assert stored_feed(context, feed.id).etag == '"v1"'
