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
listpack encoding; a field of the term's id alone (term_array.py) counts its chunks
("full" once saturated).
"""

import heapq
import math
from collections.abc import Callable

from redis import Redis
from redis.client import Pipeline

from workers.dedupe.lsh_buckets import (
    DAY_SECONDS,
    LUA_EACH_FIELD,
    decode_frame,
    encode_id,
    pack_fields,
    split_frames,
    window_days,
)
from workers.dedupe.term_array import TermArray

_PREFIX = "nf:fold:terms:"
_SHARDS = 16_384
# Terms an article posts its story under, and looks stories up by: on AllSides, 24 lost a
# few joins (B-cubed F1 0.955 against 0.957).
TERMS_INDEXED = 48
# A term's record in a packed argument: 2 bytes of shard, the term's 4.
_FIELD_WIDTH = 6
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

    def post(self, pipe: Pipeline, story_id: str, terms: TermArray) -> None:
        """Queue on `pipe` the posting of `story_id` under the heaviest of `terms`."""
        heaviest = terms.heaviest(TERMS_INDEXED)
        if not heaviest:
            return
        today = window_days(self.ttl, self.clock())[-1]
        self._post(
            args=[
                _PREFIX,
                _FIELD_WIDTH,
                pack_fields([_shard_field(term) for term, _ in heaviest]),
                today,
                self.ttl + DAY_SECONDS,
                encode_id(story_id),
                _CHUNK_BYTES,
                _MAX_CHUNKS,
            ],
            client=pipe,
        )

    def candidates(self, terms: TermArray, limit: int) -> list[str]:
        """Up to `limit` stories sharing the heaviest of `terms`, most shared weight first:
        each shared term counts its weight in `terms` times its rarity among the stories
        found (an inverse document frequency), once per story."""
        heaviest = terms.heaviest(TERMS_INDEXED)
        if not heaviest:
            return []
        days = window_days(self.ttl, self.clock())
        fields = pack_fields([_shard_field(term) for term, _ in heaviest])
        values = self._lookup(args=[_PREFIX, _FIELD_WIDTH, fields, *days])
        # Stories as their framed ids, decoded once chosen: a lookup reads thousands.
        postings = [
            (weight, set(split_frames(value)))
            for (_, weight), value in zip(heaviest, values, strict=True)
            if value
        ]
        found = len(set().union(*(stories for _, stories in postings)))
        shared: dict[bytes, float] = {}
        for weight, stories in postings:
            weight *= math.log(1 + found / len(stories))
            for story in stories:
                shared[story] = shared.get(story, 0.0) + weight
        return [
            decode_frame(story) for story in heapq.nlargest(limit, shared, key=shared.__getitem__)
        ]


def _shard_field(term: int) -> tuple[int, bytes]:
    # The id is a hash already: its low bits pick the shard, all of it names the field.
    return term % _SHARDS, term.to_bytes(4, "little")


# Post the framed story id ARGV[6] under the term of every record of ARGV[3] (pack_fields,
# ARGV[2] bytes each) in the hashes of day ARGV[4] (prefix ARGV[1]), and keep each hash
# ARGV[5] seconds from now. The term's field holds its chunk count; chunk k is the field
# followed by the byte k, of up to ARGV[7] bytes. A story already in the newest chunk is not
# posted again (a story's members come in runs); a term that would need more than ARGV[8]
# chunks is marked full and takes no more.
_POST_SCRIPT = (
    LUA_EACH_FIELD
    + """
local prefix, day, ttl, id = ARGV[1], ARGV[4], ARGV[5], ARGV[6]
local chunk_bytes, max_chunks = tonumber(ARGV[7]), tonumber(ARGV[8])
each_field(ARGV[3], tonumber(ARGV[2]), function(shard, term)
  local key = prefix .. day .. ':' .. shard
  local count = redis.call('HGET', key, term)
  if count == 'full' then return end
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
  redis.call('EXPIRE', key, ttl)
end)
return 0
"""
)

# For the term of every record of ARGV[3] (pack_fields, ARGV[2] bytes each): its chunks in the
# hashes of every day ARGV[4..] (prefix ARGV[1]) concatenated, or false where it has none
# (a day where it is full adds nothing).
_LOOKUP_SCRIPT = (
    LUA_EACH_FIELD
    + """
local values = {}
each_field(ARGV[3], tonumber(ARGV[2]), function(shard, term)
  local chunks = {}
  for d = 4, #ARGV do
    local key = ARGV[1] .. ARGV[d] .. ':' .. shard
    local count = redis.call('HGET', key, term)
    if count and count ~= 'full' then
      for k = 0, tonumber(count) - 1 do
        chunks[#chunks + 1] = redis.call('HGET', key, term .. string.char(k)) or ''
      end
    end
  end
  values[#values + 1] = #chunks > 0 and table.concat(chunks) or false
end)
return values
"""
)
