"""The fold index in Redis, shared by every dedupe worker.

Keys (all expire after the fold window, so memory stays bounded):
  nf:fold:exact:<digest>          article id of the first article with that normalized text
  nf:fold:lsh:<day>:<shard>       LSH buckets written that day (below)
  nf:fold:fp:<article id>         the article's signature, term vector and embedding, packed
  nf:fold:of:<article id>         the story the article was folded into
  nf:fold:story:<story id>        the story's members, canonical article, version (JSON, zlib)
  nf:fold:profile:<story id>      the story's span and centroids, packed (story_profile.py)
  nf:fold:terms:<day>:<shard>     stories posted under their members' telling terms
                                  (story_terms.py: the story-similarity tier's candidates)

LSH buckets: an article's signature falls into one bucket per band (42 at the default
threshold). A key per bucket cost some 215 bytes each, 9 KB per article; instead a bucket is
a field of a small hash (field: band number and 3 bytes of the band's hash; value: the ids
of the articles in it), the hashes sharded by 2 more bytes of that hash and made per day, so
that a whole day expires at once. Small hashes keep Redis's compact listpack encoding (up
to 128 fields of values up to 64 bytes, its defaults), some 18 bytes a bucket entry: with
16,384 shards a day that holds to about 50,000 articles a day. Two buckets of a shard share
a field once in 16.7 million: the articles of both become candidates, which verification
(the estimated Jaccard) sorts out. A lookup reads the bucket
in every day still inside the window, in one round trip.

datasketch's own Redis-backed LSH is not used: its keys never expire and it opens its own
connection from parameters, where newsfold needs a bounded window and the worker's client.
"""

import hashlib
import time
import zlib
from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

import numpy as np
import structlog
from datasketch import MinHashLSH
from redis import Redis
from redis.client import Pipeline

from schemas.story import Member
from workers.dedupe.fingerprint import Fingerprint
from workers.dedupe.fingerprint_codec import (
    UnknownFormat,
    pack_fingerprint,
    unpack_fingerprint,
    unpack_signature,
)
from workers.dedupe.lsh_buckets import (
    DAY_SECONDS,
    LUA_EACH_FIELD,
    decode_frame,
    encode_id,
    pack_fields,
    split_frames,
    window_days,
)
from workers.dedupe.story_profile import (
    StoryProfile,
    UnknownProfileFormat,
    pack_profile,
    unpack_profile,
)
from workers.dedupe.story_state import StoryState
from workers.dedupe.story_terms import StoryTerms

log = structlog.get_logger(__name__)

_PREFIX = "nf:fold:"
_SHARDS = 16_384
_LSH_PREFIX = _PREFIX + "lsh:"
# A bucket's record in a packed argument: 2 bytes of shard, a band byte, 3 of its hash.
_FIELD_WIDTH = 6
T = TypeVar("T")
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
            digest = hashlib.blake2b(chunk, digest_size=5).digest()
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
        days = window_days(self.ttl, self.clock())
        # One script call rather than some 200 pipelined HGETs (42 bands in each of 5
        # days): Redis does the same lookups, without parsing and answering each apart.
        found = self._lookup(
            args=[_LSH_PREFIX, _FIELD_WIDTH, pack_fields(self._buckets(signature)), *days]
        )
        return {decode_frame(frame) for frame in set(split_frames(found))}

    def fingerprints(self, article_ids: Iterable[str]) -> dict[str, Fingerprint]:
        """Stored fingerprints of the given articles (expired ones are missing)."""
        return self._unpacked(article_ids, unpack_fingerprint)

    def signatures(self, article_ids: Iterable[str]) -> dict[str, np.ndarray]:
        """The MinHash signatures of the given articles (expired ones are missing)."""
        return self._unpacked(article_ids, unpack_signature)

    def _unpacked(self, article_ids: Iterable[str], unpack: Callable[[bytes], T]) -> dict[str, T]:
        ids = list(article_ids)
        raw = self.redis.mget([f"{_PREFIX}fp:{article_id}" for article_id in ids]) if ids else []
        found = {}
        for article_id, value in zip(ids, raw, strict=True):
            if not isinstance(value, bytes):
                continue  # expired (the clients here return bytes)
            try:
                found[article_id] = unpack(value)
            except UnknownFormat:
                # An entry of an older release, as good as expired: it is gone within a window.
                log.info("fingerprint of another format skipped", article_id=article_id)
        return found

    def load_stories(self, story_ids: Iterable[str]) -> dict[str, StoryState]:
        """The states of the given stories with their profiles (expired ones are missing)."""
        ids = list(story_ids)
        raw = self.redis.mget([f"{_PREFIX}story:{story_id}" for story_id in ids]) if ids else []
        profiles = self.load_profiles(ids)
        stories = {}
        for story_id, value in zip(ids, raw, strict=True):
            if isinstance(value, bytes) and story_id in profiles:
                story = StoryState.model_validate_json(zlib.decompress(value))
                story.profile = profiles[story_id]
                stories[story_id] = story
        return stories

    def load_profiles(self, story_ids: Iterable[str]) -> dict[str, StoryProfile]:
        """The profiles of the given stories (expired ones are missing)."""
        ids = list(story_ids)
        raw = self.redis.mget([f"{_PREFIX}profile:{story_id}" for story_id in ids]) if ids else []
        found = {}
        for story_id, value in zip(ids, raw, strict=True):
            if not isinstance(value, bytes):
                continue
            try:
                found[story_id] = unpack_profile(value)
            except UnknownProfileFormat:
                # A story of an older release, as good as expired: gone within a window.
                log.info("story profile of another format skipped", story_id=story_id)
        return found

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
            args=[
                _LSH_PREFIX,
                _FIELD_WIDTH,
                pack_fields(buckets),
                today,
                self.ttl + DAY_SECONDS,
                encode_id(article_id),
            ],
            client=pipe,
        )
        pipe.set(f"{_PREFIX}fp:{article_id}", pack_fingerprint(fingerprint), ex=self.ttl)
        pipe.set(f"{_PREFIX}of:{article_id}", story.id, ex=self.ttl)
        self.story_terms.post(pipe, story.id, fingerprint.terms)
        self.save_story(pipe, story)

    def withdraw_copy(self, article_id: str, fingerprint: Fingerprint) -> None:
        """Take the article out of the exact and LSH indexes, as their expiry would: for
        simulations whose clock is not Redis's. `fingerprint` is the article's as analysed
        (a stored one keeps too little of its signature to find its buckets). Its stored
        fingerprint and story stay."""
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
        pipe.delete(f"{_PREFIX}story:{loser.id}", f"{_PREFIX}profile:{loser.id}")
        self.story_terms.post(pipe, survivor_id, loser.profile.terms)

    def save_story(self, pipe: Pipeline, story: StoryState) -> None:
        """Queue the write of a story's state and profile."""
        # Fields at their defaults left out and the rest compressed: a story of one
        # member takes 145 bytes instead of 323.
        packed = zlib.compress(story.model_dump_json(exclude_defaults=True).encode(), 1)
        pipe.set(f"{_PREFIX}story:{story.id}", packed, ex=self.ttl)
        pipe.set(f"{_PREFIX}profile:{story.id}", pack_profile(story.profile), ex=self.ttl)


def _bucket_key(day: int, shard: int) -> str:
    return f"{_LSH_PREFIX}{day}:{shard}"


# Append the encoded id ARGV[6] to the bucket of every record of ARGV[3] (pack_fields,
# ARGV[2] bytes each) in the hashes of day ARGV[4] (prefix ARGV[1]), and keep each hash for
# ARGV[5] seconds from now.
_APPEND_SCRIPT = (
    LUA_EACH_FIELD
    + """
local prefix, day, ttl, id = ARGV[1], ARGV[4], ARGV[5], ARGV[6]
each_field(ARGV[3], tonumber(ARGV[2]), function(shard, field)
  local key = prefix .. day .. ':' .. shard
  redis.call('HSET', key, field, (redis.call('HGET', key, field) or '') .. id)
  redis.call('EXPIRE', key, ttl)
end)
return 0
"""
)

# The values of the bucket of every record of ARGV[3] (pack_fields, ARGV[2] bytes each) in
# the hashes of every day ARGV[4..] (prefix ARGV[1]), concatenated: one reply to parse.
_LOOKUP_SCRIPT = (
    LUA_EACH_FIELD
    + """
local values = {}
for d = 4, #ARGV do
  each_field(ARGV[3], tonumber(ARGV[2]), function(shard, field)
    values[#values + 1] = redis.call('HGET', ARGV[1] .. ARGV[d] .. ':' .. shard, field) or ''
  end)
end
return table.concat(values)
"""
)

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
