"""What the poll job's tests share: a sample feed served on 127.0.0.1 and readers of what
a poll left behind (the extract queue, the feed's row)."""

from redis import Redis

from schemas.feed import Feed, FeedEntry
from services.runtime.context import WorkerContext
from services.runtime.queues import Stage, stage_queue
from services.storage.feeds import get_feed
from tests.services.poller.feeds import RSS

STORM = "/2024/05/storm?utm_source=rss"
MARKETS = "/2024/05/markets"

# The sample RSS with both article links relative, so they resolve onto the test server.
LOCAL_RSS = RSS.replace(b"https://news.example/2024/05/markets", MARKETS.encode())


def extract_jobs(redis: Redis) -> dict[str, FeedEntry]:
    """The queued extract jobs by job id, with the entries they carry."""
    queue = stage_queue(redis, Stage.EXTRACT)
    jobs = {}
    for identifier in queue.job_ids:
        job = queue.fetch_job(identifier)
        assert job is not None and job.func_name == "workers.extract.job.extract_entry"
        jobs[identifier] = FeedEntry.model_validate(job.args[0])
    return jobs


def stored_feed(context: WorkerContext, feed_id: str) -> Feed:
    """The feed's row as the poll left it."""
    feed = get_feed(context.engine, feed_id)
    assert feed is not None
    return feed
