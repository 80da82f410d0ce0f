"""Putting webhook deliveries on the `deliver` queue.

A job carries ids only (endpoint, story, the version that prompted it) and loads the
story's newest state when it runs, so several quick changes of one story cost one request
or a few, never an older state after a newer one (workers/deliver.py). Its id names the
version, so a sink job run twice enqueues its deliveries once.
"""

from collections.abc import Mapping

from redis import Redis

from schemas.webhooks import WebhookEndpoint, WebhookSettings
from services.runtime.queues import Stage, enqueue


def enqueue_deliveries(
    redis: Redis, settings: WebhookSettings, versions: Mapping[str, int], job_timeout: int = 180
) -> int:
    """A delivery job per configured endpoint and changed story; returns how many were
    enqueued (none without endpoints)."""
    count = 0
    for endpoint in settings.endpoints:
        for story_id, version in sorted(versions.items()):
            count += enqueue_delivery(
                redis, settings, endpoint, story_id, version, job_timeout=job_timeout
            )
    return count


def enqueue_delivery(
    redis: Redis,
    settings: WebhookSettings,
    endpoint: WebhookEndpoint,
    story_id: str,
    version: int,
    *,
    suffix: str = "",
    job_timeout: int = 180,
) -> bool:
    """Enqueue one delivery with the configured retries; False if that job is in flight.
    `suffix` tells a redelivery's job apart from the original's."""
    return enqueue(
        redis,
        Stage.DELIVER,
        f"{endpoint.id}-{story_id}-{version}{suffix}",
        endpoint.id,
        story_id,
        version,
        job_timeout=job_timeout,
        retry_intervals=settings.retry_intervals_seconds,
    )
