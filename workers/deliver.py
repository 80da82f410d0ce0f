"""The deliver stage's rq job: POST a story's current line to one webhook endpoint.

The job loads the story's newest state when it runs, whatever version enqueued it, and
skips what the endpoint already has: a delivery of a version no newer than the last one
delivered there is coalesced away. Deliveries of one story to one endpoint take turns (a
Redis lock), so an older state never arrives after a newer one. A failed attempt raises,
and rq retries it after the configured intervals; the last attempt's failure is kept as a
dead letter instead (`newsfold webhooks dead-letters`, `webhooks redeliver`).

Events: `story.created` (the first delivery of a story to this endpoint), `story.updated`,
`story.merged` (the body is the tombstone of a story folded into another).
"""

import time
import uuid
from datetime import UTC, datetime

import structlog
from redis import Redis
from rq import get_current_job

from schemas.export import ExportLine, MergedStory
from schemas.webhooks import WebhookEndpoint
from services.delivery import signature
from services.delivery.post import Answer, post, webhook_client
from services.runtime.context import WorkerContext, current
from services.runtime.queues import Stage
from services.runtime.stage_stats import measured
from services.storage.changes import story_line
from services.storage.dead_letters import DeadLetter, record_dead_letter

log = structlog.get_logger(__name__)

# What an endpoint has of each story is remembered this long after its last delivery.
DELIVERED_TTL_SECONDS = 90 * 24 * 3600
# Beyond the request's own deadline, for the Redis and database round trips around it.
LOCK_MARGIN_SECONDS = 30


class DeliveryFailed(Exception):
    """An attempt the receiver did not accept; rq retries the job."""


@measured(Stage.DELIVER)
def deliver_story(endpoint_id: str, story_id: str, version: int) -> None:
    """rq job: deliver the story's newest state to the endpoint (`version` prompted it)."""
    context = current()
    job = get_current_job()
    retries = len(context.settings.webhooks.retry_intervals_seconds)
    left = 0 if job is None else job.retries_left or 0
    run_delivery(context, endpoint_id, story_id, attempt=retries - left + 1, last=left == 0)


def run_delivery(
    context: WorkerContext, endpoint_id: str, story_id: str, *, attempt: int, last: bool
) -> Answer | None:
    """One attempt: the answer of the POST, None when nothing needed sending. Raises
    DeliveryFailed on a failed attempt that is not the `last`."""
    settings = context.settings.webhooks
    bound = log.bind(stage="deliver", endpoint_id=endpoint_id, story_id=story_id, attempt=attempt)
    endpoint = settings.endpoint(endpoint_id)
    if endpoint is None:
        bound.warning("webhook endpoint no longer configured; delivery dropped")
        return None
    lock = context.redis.lock(
        f"nf:webhook:lock:{endpoint_id}:{story_id}",
        timeout=settings.total_timeout + LOCK_MARGIN_SECONDS,
        blocking_timeout=settings.total_timeout + LOCK_MARGIN_SECONDS,
    )
    if not lock.acquire():
        raise DeliveryFailed(f"another delivery of story {story_id} to {endpoint.url} is stuck")
    try:
        line = story_line(context.engine, story_id)
        delivered = _delivered_version(context.redis, endpoint_id, story_id)
        if line is None or (delivered is not None and line.version <= delivered):
            bound.info("nothing to deliver", delivered_version=delivered)
            return None
        event = _event(line, delivered)
        bound = bound.bind(version=line.version, event=event)
        answer = _send(context, endpoint, line, event)
        if answer.ok:
            context.redis.set(
                _delivered_key(endpoint_id, story_id), line.version, ex=DELIVERED_TTL_SECONDS
            )
            bound.info("webhook delivered", status=answer.status)
            return answer
    finally:
        lock.release()
    if not last:
        bound.warning("webhook delivery failed; will retry", error=answer.describe())
        raise DeliveryFailed(f"{endpoint.url}: {answer.describe()}")
    letter = DeadLetter(
        endpoint_url=endpoint.url,
        story_id=story_id,
        version=line.version,
        event=event,
        attempts=attempt,
        last_status=answer.status,
        last_error=answer.describe(),
        failed_at=datetime.now(UTC),
    )
    letter_id = record_dead_letter(context.engine, letter)
    bound.error("webhook delivery given up", error=answer.describe(), dead_letter_id=letter_id)
    return answer


def _send(
    context: WorkerContext, endpoint: WebhookEndpoint, line: ExportLine, event: str
) -> Answer:
    settings = context.settings.webhooks
    body = line.model_dump_json().encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        signature.HEADER: signature.sign(endpoint.secret.get_secret_value(), timestamp, body),
        "Newsfold-Event": event,
        # The same for every attempt at one version: a receiver can drop repeats by it.
        "Newsfold-Delivery": str(
            uuid.uuid5(uuid.NAMESPACE_URL, f"{endpoint.url}#{line.id}@{line.version}")
        ),
    }
    with webhook_client(settings, context.settings.http.user_agent) as client:
        return post(client, endpoint.url, body, headers, settings.max_response_bytes)


def _event(line: ExportLine, delivered: int | None) -> str:
    if isinstance(line, MergedStory):
        return "story.merged"
    return "story.created" if delivered is None else "story.updated"


def _delivered_key(endpoint_id: str, story_id: str) -> str:
    return f"nf:webhook:delivered:{endpoint_id}:{story_id}"


def _delivered_version(redis: Redis, endpoint_id: str, story_id: str) -> int | None:
    value = redis.get(_delivered_key(endpoint_id, story_id))
    return None if value is None else int(value)
