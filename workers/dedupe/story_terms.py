"""Which stories share an article's telling terms: the story-similarity tier's candidates.

Scoring an article against every story of the window cost O(stories): at 10,000 articles a
fold loaded and scored thousands of stories, and the pipeline slowed from 6.5 to 2.1
articles/s as they piled up. Instead every member posts its story under the member's
heaviest terms (the rare names, places and words a rewrite of the same event repeats), an
article looks up its own heaviest terms, and only the stories sharing the most of them are
scored. A term posted by more stories in a day than `_MAX_CHUNKS` chunks hold is common
that day ("Trump", "Ukraine") and tells little: posting and looking it up stop.

Storage as the LSH buckets (index.py): fields of per-day sharded small hashes that expire a
day at once. A term's postings are chunks of framed story ids (lsh_buckets), each chunk a
field of at most `_CHUNK_BYTES` bytes so values stay under the 64 bytes of Redis's compact
listpack encoding; a field of the term's hash alone counts its chunks ("full" once
saturated).
"""

import hashlib
import math
from collections import defaultdict
from collections.abc import Callable, Mapping

from redis import Redis
from redis.client import Pipeline

from workers.dedupe.lsh_buckets import DAY_SECONDS, decode_ids, encode_id, window_days

_PREFIX = "nf:fold:terms:"
_SHARDS = 16_384
# Terms an article posts its story under and looks stories up by.
TERMS_POSTED = 48
# Listpack holds values of up to 64 bytes: 5 framed article ids of 11 bytes.
_CHUNK_BYTES = 64
_MAX_CHUNKS = 40


class StoryTerms:
    """Postings of story ids under terms, per day, in Redis."""

    def __init__(self, redis: Redis, ttl_seconds: int, clock: Callable[[], float]) -> None:
        self.redis = redis
        self.ttl = ttl_seconds
        self.clock = clock
        self._post = redis.register_script(_POST_SCRIPT)
        self._lookup = redis.register_script(_LOOKUP_SCRIPT)

    def post(self, pipe: Pipeline, story_id: str, terms: Mapping[str, float]) -> None:
        """Queue on `pipe` the posting of `story_id` under the heaviest of `terms`."""
        heaviest = _heaviest(terms)
        if not heaviest:
            return
        today = window_days(self.ttl, self.clock())[-1]
        shards_fields = [_shard_field(term) for term in heaviest]
        self._post(
            keys=[_key(today, shard) for shard, _ in shards_fields],
            args=[
                self.ttl + DAY_SECONDS,
                encode_id(story_id),
                _CHUNK_BYTES,
                _MAX_CHUNKS,
                *(field for _, field in shards_fields),
            ],
            client=pipe,
        )

    def candidates(self, terms: Mapping[str, float], limit: int) -> list[str]:
        """Up to `limit` stories sharing the heaviest of `terms`, most shared weight first
        (each shared term counts its weight in `terms` once per story)."""
        heaviest = _heaviest(terms)
        if not heaviest:
            return []
        days = window_days(self.ttl, self.clock())
        shards_fields = [_shard_field(term) for term in heaviest]
        values = self._lookup(
            keys=[_key(day, shard) for day in days for shard, _ in shards_fields],
            args=[_MAX_CHUNKS, *(field for _ in days for _, field in shards_fields)],
        )
        postings: dict[int, set[str]] = defaultdict(set)
        for position, value in enumerate(values):
            if value:
                postings[position % len(heaviest)].update(decode_ids(value))
        stories = len(set().union(*postings.values())) if postings else 0
        shared: dict[str, dict[int, float]] = defaultdict(dict)
        for index, story_ids in postings.items():
            weight = terms[heaviest[index]] * math.log(1 + stories / len(story_ids))
            for story_id in story_ids:
                shared[story_id][index] = weight
        ranked = sorted(shared, key=lambda story_id: -sum(shared[story_id].values()))
        return ranked[:limit]


def _heaviest(terms: Mapping[str, float]) -> list[str]:
    return sorted(terms, key=lambda term: -terms[term])[:TERMS_POSTED]


def _shard_field(term: str) -> tuple[int, bytes]:
    digest = hashlib.blake2b(term.encode(), digest_size=9).digest()
    return int.from_bytes(digest[:2], "little") % _SHARDS, digest[2:]


def _key(day: int, shard: int) -> str:
    return f"{_PREFIX}{day}:{shard}"


# Post ARGV[2] (a framed story id) under the term of field ARGV[4 + i] of hash KEYS[i], for
# every i, and keep each hash ARGV[1] seconds from now. The term's field holds its chunk
# count; chunk k is the field followed by the byte k, of up to ARGV[3] bytes. A story already
# in the newest chunk is not posted again (a story's members come in runs); a term that
# would need more than ARGV[4] chunks is marked full and takes no more.
_POST_SCRIPT = """
local id, chunk_bytes, max_chunks = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
for i, key in ipairs(KEYS) do
  local term = ARGV[i + 4]
  local count = redis.call('HGET', key, term)
  if count ~= 'full' then
    local chunks = tonumber(count or '0')
    local newest = chunks > 0 and redis.call('HGET', key, term .. string.char(chunks - 1)) or ''
    if not string.find(newest, id, 1, true) then
      if chunks > 0 and #newest + #id <= chunk_bytes then
        redis.call('HSET', key, term .. string.char(chunks - 1), newest .. id)
      elseif chunks < max_chunks then
        redis.call('HSET', key, term .. string.char(chunks), id, term, chunks + 1)
      else
        redis.call('HSET', key, term, 'full')
      end
    end
    redis.call('EXPIRE', key, ARGV[1])
  end
end
return 0
"""

# For every i, the concatenated chunks of the term of field ARGV[1 + i] in hash KEYS[i]
# (false where the term has none or is full).
_LOOKUP_SCRIPT = """
local values = {}
for i, key in ipairs(KEYS) do
  local term = ARGV[i + 1]
  local count = redis.call('HGET', key, term)
  values[i] = false
  if count and count ~= 'full' then
    local chunks = {}
    for k = 0, tonumber(count) - 1 do
      chunks[k + 1] = redis.call('HGET', key, term .. string.char(k)) or ''
    end
    values[i] = table.concat(chunks)
  end
end
return values
"""
