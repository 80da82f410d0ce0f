"""Story snapshots in flight from the dedupe stage to the sink.

The dedupe stage writes the whole membership of a story after every decision, with a version
that only grows; the sink stores a snapshot only if it is newer than what it has, so sink
jobs may run in any order and still converge.
"""

from redis import Redis

from schemas.story import StorySnapshot

SNAPSHOT_TTL_SECONDS = 7 * 24 * 3600


def _key(story_id: str) -> str:
    return f"nf:snapshot:{story_id}"


def save_snapshot(redis: Redis, snapshot: StorySnapshot) -> None:
    """Store the newest snapshot of a story."""
    redis.set(_key(snapshot.id), snapshot.model_dump_json(), ex=SNAPSHOT_TTL_SECONDS)


def load_snapshot(redis: Redis, story_id: str) -> StorySnapshot | None:
    """The newest snapshot of a story, or None if it expired."""
    raw = redis.get(_key(story_id))
    return None if raw is None else StorySnapshot.model_validate_json(raw)
