"""The fold index in Redis, shared by every dedupe worker.

Keys (all expire after the fold window, so memory stays bounded):
  nf:fold:exact:<digest>          article id of the first article with that normalized text
  nf:fold:band:<i>:<band hash>    article ids whose MinHash signature has that band (LSH)
  nf:fold:fp:<article id>         the article's signature, term vector and embedding
  nf:fold:of:<article id>         the story the article was folded into
  nf:fold:story:<story id>        the story's state (members, centroids, version)
  nf:fold:recent                  story ids scored by their latest publication time

datasketch's own Redis-backed LSH is not used: its keys never expire and it opens its own
connection from parameters, where newsfold needs a bounded window and the worker's client.
"""

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from functools import cache

import numpy as np
from datasketch import MinHashLSH
from redis import Redis
from redis.client import Pipeline

from schemas.story import Member
from workers.dedupe.fingerprint import Fingerprint, pack_vector, unpack_vector
from workers.dedupe.story_state import StoryState

_PREFIX = "nf:fold:"
RECENT_KEY = _PREFIX + "recent"
LOCK_KEY = _PREFIX + "lock"


@cache
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows per band for the near-duplicate threshold. datasketch's optimiser picks
    them; recall is weighted over precision because every candidate is verified. Cached:
    the optimiser integrates numerically (~40 ms), and every fold job asks."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.3, 0.7))
    return int(lsh.b), int(lsh.r)


def _text(value: object) -> str | None:
    """A Redis reply as text (the clients here return bytes)."""
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else str(value)


class FoldIndex:
    """Reads and writes of the fold state; callers hold the fold lock for writes."""

    def __init__(self, redis: Redis, *, ttl_seconds: int, bands: int, rows: int) -> None:
        self.redis = redis
        self.ttl = ttl_seconds
        self.bands = bands
        self.rows = rows

    def _band_keys(self, signature: np.ndarray) -> list[str]:
        keys = []
        for band in range(self.bands):
            chunk = signature[band * self.rows : (band + 1) * self.rows].tobytes()
            keys.append(f"{_PREFIX}band:{band}:{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
        return keys

    def story_of(self, article_id: str) -> str | None:
        """The story an article was already folded into, if any."""
        return _text(self.redis.get(f"{_PREFIX}of:{article_id}"))

    def exact_match(self, digest: str) -> str | None:
        """The first article with the same normalized text."""
        return _text(self.redis.get(f"{_PREFIX}exact:{digest}"))

    def lsh_candidates(self, signature: np.ndarray) -> set[str]:
        """Articles sharing at least one LSH band with `signature`."""
        pipe = self.redis.pipeline(transaction=False)
        for key in self._band_keys(signature):
            pipe.smembers(key)
        return {member.decode() for members in pipe.execute() for member in members}

    def fingerprints(self, article_ids: Iterable[str]) -> dict[str, Fingerprint]:
        """Stored fingerprints of the given articles (expired ones are missing)."""
        ids = list(article_ids)
        raw = self.redis.mget([f"{_PREFIX}fp:{article_id}" for article_id in ids]) if ids else []
        found = {}
        for article_id, value in zip(ids, raw, strict=True):
            if value is not None:
                data = json.loads(value)
                found[article_id] = Fingerprint(
                    digest=data["digest"],
                    signature=np.array(data["signature"], dtype=np.uint32),
                    terms=data["terms"],
                    embedding=unpack_vector(data.get("embedding")),
                )
        return found

    def recent_stories(self, around: datetime, window_seconds: float) -> list[str]:
        """Stories with a publication within the window around `around`."""
        at = around.timestamp()
        ids = self.redis.zrangebyscore(RECENT_KEY, at - window_seconds, at + window_seconds)
        return [str(_text(story_id)) for story_id in ids]

    def load_stories(self, story_ids: Iterable[str]) -> dict[str, StoryState]:
        """The states of the given stories (expired ones are missing)."""
        ids = list(story_ids)
        raw = self.redis.mget([f"{_PREFIX}story:{story_id}" for story_id in ids]) if ids else []
        return {
            story_id: StoryState.model_validate_json(value)
            for story_id, value in zip(ids, raw, strict=True)
            if value is not None
        }

    def record(
        self,
        pipe: Pipeline,
        member: Member,
        fingerprint: Fingerprint,
        story: StoryState,
    ) -> None:
        """Queue the writes that fold `member` into `story` on `pipe`."""
        article_id = member.article_id
        pipe.set(f"{_PREFIX}exact:{fingerprint.digest}", article_id, ex=self.ttl, nx=True)
        for key in self._band_keys(fingerprint.signature):
            pipe.sadd(key, article_id)
            pipe.expire(key, self.ttl)
        payload = {
            "digest": fingerprint.digest,
            "signature": fingerprint.signature.tolist(),
            "terms": fingerprint.terms,
            "embedding": pack_vector(fingerprint.embedding),
        }
        pipe.set(f"{_PREFIX}fp:{article_id}", json.dumps(payload), ex=self.ttl)
        pipe.set(f"{_PREFIX}of:{article_id}", story.id, ex=self.ttl)
        self.save_story(pipe, story)

    def retire(self, pipe: Pipeline, loser: StoryState, survivor_id: str) -> None:
        """Queue the writes that fold story `loser` into `survivor_id`: its articles point
        to the survivor and it leaves the recent-stories index."""
        for member in loser.members:
            pipe.set(f"{_PREFIX}of:{member.article_id}", survivor_id, ex=self.ttl)
        pipe.delete(f"{_PREFIX}story:{loser.id}")
        pipe.zrem(RECENT_KEY, loser.id)

    def save_story(self, pipe: Pipeline, story: StoryState) -> None:
        """Queue the write of a story's state and its place in the recent-stories index."""
        pipe.set(f"{_PREFIX}story:{story.id}", story.model_dump_json(), ex=self.ttl)
        if story.last_published_at is not None:
            pipe.zadd(RECENT_KEY, {story.id: story.last_published_at.timestamp()})
