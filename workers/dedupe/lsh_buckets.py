"""Article ids as LSH bucket values, the days whose buckets are in the window, and buckets
packed as one script argument.

Ids as values: each id framed by a length byte, so a bucket is the
plain concatenation of its ids and appending one is a string append in Redis.

Article ids are 20 hex digits (`schemas.ids`): they are stored as their 10 bytes, flagged
by the length byte's high bit; any other id is stored as UTF-8. A bucket entry of one
article thus takes 11 bytes instead of 20.
"""

import math
import re

_HEX_ID = re.compile(r"(?:[0-9a-f]{2})+")
_PACKED = 0x80
_MAX_LENGTH = 0x7F
# The frame of a newsfold article id: its length byte (flagged packed) and its 10 bytes.
_PACKED_HEAD = bytes([_PACKED | 10])
_PACKED_FRAME_BYTES = 11
DAY_SECONDS = 86_400


def encode_id(article_id: str) -> bytes:
    """`article_id` framed for a bucket value."""
    if _HEX_ID.fullmatch(article_id):
        payload, flag = bytes.fromhex(article_id), _PACKED
    else:
        payload, flag = article_id.encode(), 0
    if len(payload) > _MAX_LENGTH:
        raise ValueError(f"article id too long for an LSH bucket: {article_id!r}")
    return bytes([flag | len(payload)]) + payload


def split_frames(value: bytes) -> list[bytes]:
    """The framed ids of a bucket value, undecoded, in the order they were appended: cheap
    to compare and count (a lookup reads thousands), decoded by `decode_frame` once chosen."""
    count = len(value) // _PACKED_FRAME_BYTES
    if count * _PACKED_FRAME_BYTES == len(value) and value[::_PACKED_FRAME_BYTES] == (
        _PACKED_HEAD * count
    ):
        # Only newsfold's own ids, all of one width: sliced without walking the lengths.
        return [
            value[start : start + _PACKED_FRAME_BYTES]
            for start in range(0, len(value), _PACKED_FRAME_BYTES)
        ]
    frames = []
    position = 0
    while position < len(value):
        end = position + 1 + (value[position] & _MAX_LENGTH)
        frames.append(value[position:end])
        position = end
    return frames


def decode_frame(frame: bytes) -> str:
    """The id of one framed id."""
    payload = frame[1:]
    return payload.hex() if frame[0] & _PACKED else payload.decode()


def window_days(ttl_seconds: int, now: float) -> range:
    """The days (since the epoch) whose per-day keys of a `ttl_seconds` lifetime may still
    exist at `now` (seconds since the epoch); the last is today."""
    today = int(now) // DAY_SECONDS
    return range(today - math.ceil(ttl_seconds / DAY_SECONDS), today + 1)


def pack_fields(shard_fields: list[tuple[int, bytes]]) -> bytes:
    """(shard, field) pairs, fields of one length, as one argument for the fold index's
    scripts: per pair, the shard as 2 bytes big-endian, then the field. Hundreds of keys
    and fields as separate arguments cost redis-py more to encode and send (~0.3 ms a
    call) than Redis takes to run the script."""
    return b"".join(shard.to_bytes(2, "big") + field for shard, field in shard_fields)


# Lua: iterate the records of pack_fields in `records`, each `width` bytes, calling
# visit(shard, field). Scripts name the keys they build from a prefix, a day and a shard
# instead of declaring them: fine on a single Redis, as newsfold's fold index needs.
LUA_EACH_FIELD = """
local function each_field(records, width, visit)
  for r = 1, #records, width do
    visit(string.byte(records, r) * 256 + string.byte(records, r + 1),
          string.sub(records, r + 2, r + width - 1))
  end
end
"""
