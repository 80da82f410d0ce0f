"""The same feeds polled by two schedulers at once (two daemons started by mistake): no
entry is processed twice."""

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from redis import Redis

from services.storage.db import create_database_engine
from services.storage.feeds import add_feed
from services.storage.schema import ensure_schema
from tests.faults.daemon import log_events, newsfold_env, start, stop
from tests.faults.farm import exactly_once_problems, serve_farm, stored_urls, wait_for
from tests.plugins.local_server import LocalServer


def _events(path: Path, name: str) -> list[dict[str, object]]:
    return [event for event in log_events(path) if event.get("event") == name]


def _polls(path: Path) -> int:
    """Feed fetches the daemon's workers made (a poll of an unchanged feed included)."""
    return sum(
        str(event.get("job_id", "")).startswith("poll-") for event in _events(path, "fetched")
    )


def test_two_daemons_on_the_same_feeds_process_each_entry_once(
    tmp_path: Path, redis: Redis, redis_url: str, database_url: str, http_server: LocalServer
) -> None:
    farm = serve_farm(http_server, articles=24, outlets=4, page_delay=0.2)
    engine = create_database_engine(database_url)
    ensure_schema(engine)
    for url in farm.feed_urls:
        add_feed(engine, url, datetime.now(UTC))
    # Feeds due again every 2 s: both schedulers keep enqueuing their polls all along.
    env = newsfold_env(
        tmp_path,
        redis_url,
        database_url,
        poll__min_interval_seconds="2",
        poll__max_interval_seconds="2",
        poll__jitter="0",
    )
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    daemons = [
        start(["run", "--workers", "2"], env | {"NEWSFOLD_METRICS_PORT": "0"}, log) for log in logs
    ]
    try:
        assert wait_for(lambda: set(stored_urls(engine)) >= farm.article_urls, timeout=120), (
            f"{len(set(stored_urls(engine)))} of {len(farm.article_urls)} articles stored"
        )
        # Polls go on for a while after the last article is in.
        assert wait_for(
            lambda: sum(_polls(log) for log in logs) >= 4 * len(farm.feed_urls), timeout=60
        ), f"polls: {[_polls(log) for log in logs]}"
        exit_codes = [stop(daemon) for daemon in daemons]
    finally:
        for daemon in daemons:
            if daemon.poll() is None:
                daemon.kill()
    assert exit_codes == [0, 0]
    assert exactly_once_problems(engine, farm.article_urls) == []
    engine.dispose()
    polls_by_daemon = [_polls(log) for log in logs]
    assert all(polls_by_daemon), f"a daemon polled nothing: {polls_by_daemon}"
    extracted = Counter(
        str(event["article_id"]) for log in logs for event in _events(log, "extracted")
    )
    assert len(extracted) == len(farm.article_urls)
    assert [article for article, runs in extracted.items() if runs > 1] == []
