"""Which entries a poll takes as new: by GUID, by link when the feed repeats its GUIDs, and
one article however many feeds or tracking parameters lead to it."""

from datetime import UTC, datetime, timedelta

from schemas.ids import article_id
from services.runtime.context import WorkerContext
from services.runtime.queues import Stage, job_id
from services.storage.feeds import add_feed
from tests.plugins.local_server import LocalServer, Reply
from tests.workers.polling import extract_jobs
from workers.poll import run_poll

NOW = datetime(2024, 5, 3, 8, 0, tzinfo=UTC)


def _rss(*items: tuple[str, str]) -> bytes:
    body = "".join(
        f"<item><title>{link}</title><link>{link}</link><guid>{guid}</guid>"
        "<pubDate>Fri, 03 May 2024 07:00:00 GMT</pubDate></item>"
        for guid, link in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'
    ).encode()


def test_an_entry_whose_link_changed_is_not_taken_again(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/feed.xml"] = Reply(body=_rss(("post-1", "/a/first-slug")))
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    assert run_poll(context, feed.id, NOW).enqueued == 1
    http_server.routes["/feed.xml"] = Reply(body=_rss(("post-1", "/a/corrected-slug")))
    outcome = run_poll(context, feed.id, NOW + timedelta(hours=1))
    assert (outcome.entries, outcome.new, outcome.enqueued) == (1, 0, 0)
    assert len(extract_jobs(context.redis)) == 1


def test_a_feed_repeating_one_guid_is_read_by_links(
    context: WorkerContext, http_server: LocalServer
) -> None:
    items = [("same", f"/a/{number}") for number in range(3)]
    http_server.routes["/feed.xml"] = Reply(body=_rss(*items))
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    assert run_poll(context, feed.id, NOW).enqueued == 3
    http_server.routes["/feed.xml"] = Reply(body=_rss(*items, ("same", "/a/3")))
    outcome = run_poll(context, feed.id, NOW + timedelta(hours=1))
    assert (outcome.new, outcome.enqueued) == (1, 1)
    assert job_id(Stage.EXTRACT, article_id(http_server.url("/a/3"))) in extract_jobs(context.redis)


def test_one_article_reached_by_two_feeds_and_tracking_links_is_fetched_once(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/one.xml"] = Reply(body=_rss(("x", "/story?utm_source=rss&id=7")))
    http_server.routes["/two.xml"] = Reply(body=_rss(("y", "/story?id=7&fbclid=abc")))
    for path in ("/one.xml", "/two.xml"):
        feed = add_feed(context.engine, http_server.url(path), NOW)
        run_poll(context, feed.id, NOW)
    assert list(extract_jobs(context.redis)) == [
        job_id(Stage.EXTRACT, article_id(http_server.url("/story?id=7")))
    ]
