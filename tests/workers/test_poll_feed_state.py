"""Where a feed lives and whether it is still polled: permanent and temporary redirects,
410 Gone, and a long run of failures, scripted on a real server on 127.0.0.1."""

from datetime import UTC, datetime, timedelta

from services.runtime.context import WorkerContext
from services.storage.feeds import add_feed
from tests.plugins.local_server import LocalServer, Reply
from tests.workers.polling import LOCAL_RSS, stored_feed
from workers.poll import PollStatus, run_poll

NOW = datetime(2024, 5, 3, 8, 0, tzinfo=UTC)


def _polls(context: WorkerContext, feed_id: str, count: int) -> list[PollStatus]:
    return [
        run_poll(context, feed_id, NOW + timedelta(days=index)).status for index in range(count)
    ]


def test_a_permanent_redirect_moves_the_feed_only_once_seen_repeatedly(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/old.xml"] = Reply(301, headers={"Location": "/new.xml"})
    http_server.routes["/new.xml"] = Reply(body=LOCAL_RSS)
    feed = add_feed(context.engine, http_server.url("/old.xml"), NOW)
    trust_after = context.settings.poll.permanent_redirect_after
    _polls(context, feed.id, trust_after - 1)
    watched = stored_feed(context, feed.id)
    assert (watched.url, watched.redirect_url, watched.redirect_seen) == (
        http_server.url("/old.xml"),
        http_server.url("/new.xml"),
        trust_after - 1,
    )
    run_poll(context, feed.id, NOW + timedelta(days=trust_after))
    moved = stored_feed(context, feed.id)
    assert (moved.id, moved.url, moved.redirect_url) == (feed.id, http_server.url("/new.xml"), None)
    http_server.requests.clear()
    run_poll(context, feed.id, NOW + timedelta(days=trust_after + 1))
    assert [request.path for request in http_server.requests] == ["/new.xml"]
    # Adding the new URL finds the moved feed rather than following it twice.
    assert add_feed(context.engine, http_server.url("/new.xml"), NOW).id == feed.id


def test_a_permanent_redirect_that_stops_starts_over(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/feed.xml"] = Reply(301, headers={"Location": "/elsewhere.xml"})
    http_server.routes["/elsewhere.xml"] = Reply(body=LOCAL_RSS)
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    run_poll(context, feed.id, NOW)
    http_server.routes["/feed.xml"] = Reply(body=LOCAL_RSS)
    run_poll(context, feed.id, NOW + timedelta(days=1))
    assert (
        stored_feed(context, feed.id).redirect_url,
        stored_feed(context, feed.id).redirect_seen,
    ) == (
        None,
        0,
    )


def test_temporary_redirects_never_change_the_stored_url(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/feed.xml"] = Reply(302, headers={"Location": "/today.xml"})
    http_server.routes["/today.xml"] = Reply(307, headers={"Location": "/now.xml"})
    http_server.routes["/now.xml"] = Reply(body=LOCAL_RSS)
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    statuses = _polls(context, feed.id, 5)
    assert statuses[0] is PollStatus.POLLED
    kept = stored_feed(context, feed.id)
    assert (kept.url, kept.redirect_url, kept.redirect_seen) == (
        http_server.url("/feed.xml"),
        None,
        0,
    )


def test_only_the_permanent_hops_before_a_temporary_one_count(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/a.xml"] = Reply(308, headers={"Location": "/b.xml"})
    http_server.routes["/b.xml"] = Reply(302, headers={"Location": "/c.xml"})
    http_server.routes["/c.xml"] = Reply(body=LOCAL_RSS)
    feed = add_feed(context.engine, http_server.url("/a.xml"), NOW)
    _polls(context, feed.id, context.settings.poll.permanent_redirect_after)
    assert stored_feed(context, feed.id).url == http_server.url("/b.xml")


def test_a_feed_moving_onto_a_followed_feed_is_disabled_as_its_duplicate(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/old.xml"] = Reply(301, headers={"Location": "/main.xml"})
    http_server.routes["/main.xml"] = Reply(body=LOCAL_RSS)
    main = add_feed(context.engine, http_server.url("/main.xml"), NOW)
    old = add_feed(context.engine, http_server.url("/old.xml"), NOW)
    _polls(context, old.id, context.settings.poll.permanent_redirect_after)
    duplicate = stored_feed(context, old.id)
    assert not duplicate.enabled
    assert duplicate.disabled_reason is not None and main.id in duplicate.disabled_reason
    assert stored_feed(context, main.id).enabled


def test_gone_disables_the_feed_at_once(context: WorkerContext, http_server: LocalServer) -> None:
    http_server.routes["/feed.xml"] = Reply(410)
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    assert _polls(context, feed.id, 2) == [PollStatus.FAILED, PollStatus.SKIPPED]
    gone = stored_feed(context, feed.id)
    assert (gone.enabled, gone.last_error_code) == (False, "http_4xx")
    assert gone.disabled_reason is not None and "410" in gone.disabled_reason
    assert len(http_server.requests) == 1


def test_a_long_run_of_failures_disables_the_feed(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/feed.xml"] = Reply(500)
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    limit = context.settings.poll.disable_after_errors
    statuses = _polls(context, feed.id, limit + 1)
    assert statuses[:limit] == [PollStatus.FAILED] * limit
    assert statuses[limit] is PollStatus.SKIPPED
    failing = stored_feed(context, feed.id)
    assert (failing.enabled, failing.error_count, failing.last_error_code) == (
        False,
        limit,
        "http_5xx",
    )
    assert failing.disabled_reason is not None and failing.disabled_reason.startswith("failing")


def test_a_success_resets_the_run_of_failures(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/feed.xml"] = Reply(500)
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    _polls(context, feed.id, context.settings.poll.disable_after_errors - 1)
    http_server.routes["/feed.xml"] = Reply(body=LOCAL_RSS)
    run_poll(context, feed.id, NOW + timedelta(days=30))
    healthy = stored_feed(context, feed.id)
    assert (healthy.enabled, healthy.error_count, healthy.last_error_code) == (True, 0, None)


def test_a_busy_host_defers_the_poll_without_counting_a_failure(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/feed.xml"] = Reply(body=LOCAL_RSS)
    feed = add_feed(context.engine, http_server.url("/feed.xml"), NOW)
    context.host_gate().slow_down(feed.url, 600)
    assert run_poll(context, feed.id, NOW).status is PollStatus.DEFERRED
    deferred = stored_feed(context, feed.id)
    assert (deferred.error_count, deferred.last_polled_at, http_server.requests) == (0, None, [])
    # The host's own clock, not the test's NOW: ten minutes from the real time.
    assert deferred.next_poll_at is not None
    assert deferred.next_poll_at > datetime.now(UTC) + timedelta(minutes=9)


def test_a_429_on_one_feed_holds_back_every_feed_of_its_host(
    context: WorkerContext, http_server: LocalServer
) -> None:
    http_server.routes["/limited.xml"] = Reply(429, headers={"Retry-After": "600"})
    http_server.routes["/other.xml"] = Reply(body=LOCAL_RSS)
    limited = add_feed(context.engine, http_server.url("/limited.xml"), NOW)
    other = add_feed(context.engine, http_server.url("/other.xml"), NOW)
    assert run_poll(context, limited.id, NOW).error_code == "http_4xx"
    assert run_poll(context, other.id, NOW).status is PollStatus.DEFERRED
    assert [request.path for request in http_server.requests] == ["/limited.xml"]


def test_a_feed_redirecting_to_a_metadata_address_is_refused_and_recorded(
    context: WorkerContext, http_server: LocalServer
) -> None:
    # Private networks refused, as in production; the feed is reached by name, which the
    # client resolves to loopback, so it is built with private addresses allowed for names.
    settings = context.settings.model_copy(update={"allow_private_networks": False})
    guarded = WorkerContext(
        settings=settings, redis=context.redis, engine=context.engine, http=context.http
    )
    http_server.routes["/feed.xml"] = Reply(
        302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    feed = add_feed(context.engine, f"http://localhost:{http_server.port}/feed.xml", NOW)
    outcome = run_poll(guarded, feed.id, NOW)
    assert (outcome.status, outcome.error_code) == (PollStatus.FAILED, "blocked_address")
    assert stored_feed(context, feed.id).last_error_code == "blocked_address"
