"""How often the poll job comes back to a feed, and what an unchanged feed costs: scripted
responses from a real server on 127.0.0.1."""

from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler

import pytest

from services.runtime.context import WorkerContext
from services.storage.feeds import add_feed
from tests.plugins.local_server import LocalServer, Reply
from tests.workers.polling import LOCAL_RSS, extract_jobs, stored_feed
from workers.poll import PollStatus, run_poll

NOW = datetime(2024, 5, 3, 8, 0, tzinfo=UTC)
# The sample feed's two entries give it a 12-hour interval at NOW (test_poll).
LEARNT = timedelta(hours=12)


def _rss_with(channel_extra: bytes) -> bytes:
    return LOCAL_RSS.replace(
        b"<title>Example News</title>", b"<title>Example News</title>" + channel_extra
    )


def test_max_age_longer_than_the_interval_is_obeyed(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/feed.xml"] = Reply(
        body=LOCAL_RSS, headers={"Cache-Control": "max-age=172800"}
    )
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    run_poll(context, feed.id, NOW)
    assert stored_feed(context, feed.id).next_poll_at == NOW + timedelta(days=2)


def test_expires_and_rss_ttl_are_obeyed(context: WorkerContext, http_server: LocalServer) -> None:
    http_server.routes["/expires.xml"] = Reply(
        body=LOCAL_RSS,
        headers={
            "Date": "Fri, 03 May 2024 08:00:00 GMT",
            "Expires": "Sat, 04 May 2024 08:00:00 GMT",
        },
    )
    http_server.routes["/ttl.xml"] = Reply(body=_rss_with(b"<ttl>1440</ttl>"))
    for path in ("/expires.xml", "/ttl.xml"):
        feed = add_feed(context.engine, http_server.url(path), NOW)
        run_poll(context, feed.id, NOW)
        assert stored_feed(context, feed.id).next_poll_at == NOW + timedelta(days=1), path


def test_a_short_max_age_does_not_shorten_the_learnt_interval(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/feed.xml"] = Reply(body=LOCAL_RSS, headers={"Cache-Control": "max-age=60"})
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    run_poll(context, feed.id, NOW)
    assert stored_feed(context, feed.id).next_poll_at == NOW + LEARNT


@pytest.mark.parametrize(
    ("status", "code", "wait"), [(503, "http_5xx", "7200"), (429, "http_4xx", "3600")]
)
def test_retry_after_on_503_and_429_sets_the_next_poll(
    context: WorkerContext, http_server: LocalServer, status: int, code: str, wait: str
) -> None:
    http_server.routes["/feed.xml"] = Reply(status, headers={"Retry-After": wait})
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    assert run_poll(context, feed.id, NOW).error_code == code
    assert stored_feed(context, feed.id).next_poll_at == NOW + timedelta(seconds=int(wait))


def test_the_same_body_without_validators_costs_a_hash_not_a_parse(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/feed.xml"] = Reply(body=LOCAL_RSS)
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    assert run_poll(context, feed.id, NOW).status is PollStatus.POLLED
    extract_jobs(context.redis)  # two entries queued
    context.redis.flushdb()  # were the body parsed again, its entries would be queued again
    assert run_poll(context, feed.id, NOW + LEARNT).status is PollStatus.NOT_MODIFIED
    assert extract_jobs(context.redis) == {}
    http_server.routes["/feed.xml"] = Reply(body=LOCAL_RSS.replace(b"Markets calm", b"Markets up"))
    assert run_poll(context, feed.id, NOW + 2 * LEARNT).status is PollStatus.POLLED


def test_validators_are_left_out_now_and_then(
    context: WorkerContext, feed_server: LocalServer
) -> None:
    feed = add_feed(context.engine, feed_server.url("/feed.xml"), NOW)
    run_poll(context, feed.id, NOW)
    assert run_poll(context, feed.id, NOW + LEARNT).status is PollStatus.NOT_MODIFIED
    assert feed_server.requests[-1].headers.get("if-none-match") == '"v1"'
    # A day after the last full body, the validators are not sent: the server must answer
    # with the body, in case its ETag is stuck.
    later = NOW + timedelta(seconds=context.settings.poll.unconditional_every_seconds)
    run_poll(context, feed.id, later)
    assert "if-none-match" not in feed_server.requests[-1].headers
    assert stored_feed(context, feed.id).last_full_fetch_at == later


def test_an_etag_change_brings_the_new_body(
    context: WorkerContext, http_server: LocalServer
) -> None:
    version = {"etag": '"v1"', "body": LOCAL_RSS}

    def feed_route(handler: BaseHTTPRequestHandler) -> Reply:
        if handler.headers.get("If-None-Match") == version["etag"]:
            return Reply(304, headers={"ETag": str(version["etag"])})
        return Reply(body=bytes(version["body"]), headers={"ETag": str(version["etag"])})

    http_server.routes["/feed.xml"] = feed_route
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    run_poll(context, feed.id, NOW)
    version.update(etag='"v2"', body=LOCAL_RSS.replace(b"/2024/05/markets", b"/2024/05/rates"))
    outcome = run_poll(context, feed.id, NOW + LEARNT)
    assert (outcome.status, outcome.enqueued) == (PollStatus.POLLED, 1)
    assert stored_feed(context, feed.id).etag == '"v2"'


def test_the_charset_of_the_header_decodes_the_feed(
    context: WorkerContext, http_server: LocalServer
) -> None:
    latin = _rss_with(b"").replace(b"Example News", "Café Nouvelles".encode("latin-1"))
    latin = latin.replace(b'encoding="utf-8"', b"")
    http_server.routes["/feed.xml"] = Reply(
        body=latin, headers={"Content-Type": "application/rss+xml; charset=iso-8859-1"}
    )
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    run_poll(context, feed.id, NOW)
    assert stored_feed(context, feed.id).title == "Café Nouvelles"
