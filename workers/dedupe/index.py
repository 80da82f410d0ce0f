"""The fold index in Redis, shared by every dedupe worker.

Keys (all expire after the fold window, so memory stays bounded):
  nf:fold:exact:<digest>          article id of the first article with that normalized text
  nf:fold:lsh:<day>:<shard>       LSH buckets written that day (below)
  nf:fold:fp:<article id>         the article's signature, term vector and embedding, packed
  nf:fold:of:<article id>         the story the article was folded into
  nf:fold:story:<story id>        the story's state (members, centroids, version), zlib
  nf:fold:terms:<day>:<shard>     stories posted under their members' telling terms
                                  (story_terms.py: the story-similarity tier's candidates)

LSH buckets: an article's signature falls into one bucket per band (42 at the default
threshold). A key per bucket cost some 215 bytes each, 9 KB per article; instead a bucket is
a field of a small hash (field: band number and 7 bytes of the band's hash; value: the ids
of the articles in it), the hashes sharded by 2 more bytes of that hash and made per day, so
that a whole day expires at once. Small hashes keep Redis's compact listpack encoding (up
to 128 fields of values up to 64 bytes, its defaults), some 20 bytes a bucket entry: with
16,384 shards a day that holds to about 50,000 articles a day. A lookup reads the bucket
in every day still inside the window, in one round trip.

datasketch's own Redis-backed LSH is not used: its keys never expire and it opens its own
connection from parameters, where newsfold needs a bounded window and the worker's client.
"""

import hashlib
import time
import zlib
from collections.abc import Callable, Iterable
from functools import cache

import numpy as np
import structlog
from datasketch import MinHashLSH
from redis import Redis
from redis.client import Pipeline

from schemas.story import Member
from workers.dedupe.fingerprint import Fingerprint
from workers.dedupe.fingerprint_codec import UnknownFormat, pack_fingerprint, unpack_fingerprint
from workers.dedupe.lsh_buckets import DAY_SECONDS, decode_ids, encode_id, window_days
from workers.dedupe.story_state import StoryState
from workers.dedupe.story_terms import StoryTerms

log = structlog.get_logger(__name__)

_PREFIX = "nf:fold:"
_SHARDS = 16_384
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

    def __init__(
        self,
        redis: Redis,
        *,
        ttl_seconds: int,
        bands: int,
        rows: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.redis = redis
        # What day it is for the per-day keys: Redis's expiry clock, unless a simulation
        # folds articles of other days.
        self.clock = clock
        self.ttl = ttl_seconds
        self.bands = bands
        self.rows = rows
        self._append = redis.register_script(_APPEND_SCRIPT)
        self._remove = redis.register_script(_REMOVE_SCRIPT)
        self._lookup = redis.register_script(_LOOKUP_SCRIPT)
        self.story_terms = StoryTerms(redis, ttl_seconds, clock)

    def _buckets(self, signature: np.ndarray) -> list[tuple[int, bytes]]:
        """The article's bucket in every band: (shard, field)."""
        buckets = []
        for band in range(self.bands):
            chunk = signature[band * self.rows : (band + 1) * self.rows].tobytes()
            digest = hashlib.blake2b(chunk, digest_size=9).digest()
            shard = int.from_bytes(digest[:2], "little") % _SHARDS
            buckets.append((shard, bytes([band]) + digest[2:]))
        return buckets

    def story_of(self, article_id: str) -> str | None:
        """The story an article was already folded into, if any."""
        return _text(self.redis.get(f"{_PREFIX}of:{article_id}"))

    def exact_match(self, digest: str) -> str | None:
        """The first article with the same normalized text."""
        return _text(self.redis.get(f"{_PREFIX}exact:{digest}"))

    def lsh_candidates(self, signature: np.ndarray) -> set[str]:
        """Articles sharing at least one LSH band with `signature`."""
        buckets = self._buckets(signature)
        days = window_days(self.ttl, self.clock())
        keys = [_bucket_key(day, shard) for day in days for shard, _ in buckets]
        fields = [field for _ in days for _, field in buckets]
        # One script call rather than some 200 pipelined HGETs (42 bands in each of 5
        # days): Redis does the same lookups, without parsing and answering each apart.
        values = self._lookup(keys=keys, args=fields)
        return {article_id for value in values if value for article_id in decode_ids(value)}

    def fingerprints(self, article_ids: Iterable[str]) -> dict[str, Fingerprint]:
        """Stored fingerprints of the given articles (expired ones are missing)."""
        ids = list(article_ids)
        raw = self.redis.mget([f"{_PREFIX}fp:{article_id}" for article_id in ids]) if ids else []
        found = {}
        for article_id, value in zip(ids, raw, strict=True):
            if not isinstance(value, bytes):
                continue  # expired (the clients here return bytes)
            try:
                found[article_id] = unpack_fingerprint(value)
            except UnknownFormat:
                # An entry of an older release, as good as expired: it is gone within a window.
                log.info("fingerprint of another format skipped", article_id=article_id)
        return found

    def load_stories(self, story_ids: Iterable[str]) -> dict[str, StoryState]:
        """The states of the given stories (expired ones are missing)."""
        ids = list(story_ids)
        raw = self.redis.mget([f"{_PREFIX}story:{story_id}" for story_id in ids]) if ids else []
        return {
            story_id: StoryState.model_validate_json(zlib.decompress(value))
            for story_id, value in zip(ids, raw, strict=True)
            if isinstance(value, bytes)
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
        today = window_days(self.ttl, self.clock())[-1]
        buckets = self._buckets(fingerprint.signature)
        self._append(
            keys=[_bucket_key(today, shard) for shard, _ in buckets],
            args=[self.ttl + DAY_SECONDS, encode_id(article_id), *(f for _, f in buckets)],
            client=pipe,
        )
        pipe.set(f"{_PREFIX}fp:{article_id}", pack_fingerprint(fingerprint), ex=self.ttl)
        pipe.set(f"{_PREFIX}of:{article_id}", story.id, ex=self.ttl)
        self.story_terms.post(pipe, story.id, fingerprint.terms)
        self.save_story(pipe, story)

    def withdraw_copy(self, article_id: str, fingerprint: Fingerprint) -> None:
        """Take the article out of the exact and LSH indexes, as their expiry would: for
        simulations whose clock is not Redis's. Its fingerprint and story stay."""
        if self.exact_match(fingerprint.digest) == article_id:
            self.redis.delete(f"{_PREFIX}exact:{fingerprint.digest}")
        buckets = self._buckets(fingerprint.signature)
        for day in window_days(self.ttl, self.clock()):
            self._remove(
                keys=[_bucket_key(day, shard) for shard, _ in buckets],
                args=[encode_id(article_id), *(f for _, f in buckets)],
            )

    def retire(self, pipe: Pipeline, loser: StoryState, survivor_id: str) -> None:
        """Queue the writes that fold story `loser` into `survivor_id`: its articles point
        to the survivor, which is posted under the loser's telling terms (the loser's
        postings lead nowhere once its state is gone)."""
        for member in loser.members:
            pipe.set(f"{_PREFIX}of:{member.article_id}", survivor_id, ex=self.ttl)
        pipe.delete(f"{_PREFIX}story:{loser.id}")
        self.story_terms.post(pipe, survivor_id, loser.term_sums)

    def save_story(self, pipe: Pipeline, story: StoryState) -> None:
        """Queue the write of a story's state."""
        # Compressed: a story's JSON is mostly its term centroid's names and long floats,
        # and shrinks to about half (on AllSides, 1.5 KB to 0.77 KB per article) for some
        # 0.2 ms per 10 KB story written and read back.
        packed = zlib.compress(story.model_dump_json().encode(), 1)
        pipe.set(f"{_PREFIX}story:{story.id}", packed, ex=self.ttl)


def _bucket_key(day: int, shard: int) -> str:
    return f"{_PREFIX}lsh:{day}:{shard}"


# Append ARGV[2] (an encoded id) to field ARGV[2 + i] of hash KEYS[i], for every i, and keep
# each hash for ARGV[1] seconds from now.
_APPEND_SCRIPT = """
for i, key in ipairs(KEYS) do
  local field = ARGV[i + 2]
  local ids = redis.call('HGET', key, field) or ''
  redis.call('HSET', key, field, ids .. ARGV[2])
  redis.call('EXPIRE', key, ARGV[1])
end
return 0
"""

# The value of field ARGV[i] of hash KEYS[i] (false where there is none), for every i.
_LOOKUP_SCRIPT = """
local values = {}
for i, key in ipairs(KEYS) do
  values[i] = redis.call('HGET', key, ARGV[i])
end
return values
"""

# Remove the encoded id ARGV[1] from field ARGV[1 + i] of hash KEYS[i], for every i.
_REMOVE_SCRIPT = """
for i, key in ipairs(KEYS) do
  local field = ARGV[i + 1]
  local ids = redis.call('HGET', key, field)
  if ids then
    -- Walk the framed ids (lsh_buckets: a length byte, its low 7 bits the length).
    local kept, position = {}, 1
    while position <= #ids do
      local last = position + string.byte(ids, position) % 128
      local framed = string.sub(ids, position, last)
      if framed ~= ARGV[1] then table.insert(kept, framed) end
      position = last + 1
    end
    local rest = table.concat(kept)
    if rest == '' then redis.call('HDEL', key, field) else redis.call('HSET', key, field, rest) end
  end
end
return 0
"""
