"""Story snapshots in flight from the dedupe stage to the sink.

The dedupe stage writes the whole membership of a story after every decision, with a version
that only grows; the sink stores a snapshot only if it is newer than what it has, so sink
jobs may run in any order and still converge. Once stored, a snapshot leaves Redis unless a
newer one replaced it meanwhile: a later sink job of the story finds the newest stored.
"""

from redis import Redis

from schemas.story import StorySnapshot

SNAPSHOT_TTL_SECONDS = 7 * 24 * 3600


def _key(story_id: str) -> str:
    return f"nf:snapshot:{story_id}"


def save_snapshot(redis: Redis, snapshot: StorySnapshot) -> None:
    """Store the newest snapshot of a story, also under the ids of the stories merged into
    it, so a sink job still naming a merged story stores the story that absorbed it."""
    payload = snapshot.model_dump_json()
    with redis.pipeline(transaction=True) as pipe:
        for story_id in (snapshot.id, *snapshot.merged_ids):
            pipe.set(_key(story_id), payload, ex=SNAPSHOT_TTL_SECONDS)
        pipe.execute()


def load_snapshot(redis: Redis, story_id: str) -> StorySnapshot | None:
    """The newest snapshot of a story (of the story it merged into, if it did), or None if
    it expired."""
    raw = redis.get(_key(story_id))
    return None if raw is None else StorySnapshot.model_validate_json(raw)


def forget_snapshot(redis: Redis, snapshot: StorySnapshot) -> None:
    """Delete the snapshot of `snapshot`'s story (and of the stories merged into it) where
    it is still this version: the database has it."""
    keys = [_key(story_id) for story_id in (snapshot.id, *snapshot.merged_ids)]
    redis.eval(_FORGET_SCRIPT, len(keys), *keys, snapshot.version)


# Delete each key whose snapshot is still version ARGV[1] (a newer one must stay for its
# sink job).
_FORGET_SCRIPT = """
for _, key in ipairs(KEYS) do
  local payload = redis.call('GET', key)
  if payload and cjson.decode(payload)['version'] == tonumber(ARGV[1]) then
    redis.call('DEL', key)
  end
end
return 0
"""
