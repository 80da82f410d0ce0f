"""Lines an outlet prints under many of its articles, learnt from the stream itself.

A site's theme or plugins put the same short lines in every article's container ("Source
link", a share prompt, a paywall note, a newsletter box in the outlet's own words), and no
per-page extractor can tell them from the article. Across pages they stand out: a line found
in the texts of `min_pages` distinct articles of one site is the site's, not the article's.

Redis keeps, per site and per time window, the number of distinct articles whose text had
each normalized line, by an 8-byte digest of the line; a window's counts expire after two
windows, so lines a site stopped printing are forgotten. Most lines are an article's own and
seen once, so the counts are fields of 256 small hashes per site and window (the digest's
first byte picks the hash, its other 7 bytes name the field), which Redis keeps in its
compact listpack encoding: some 12 bytes a line instead of ~70 in one big hash. Bounds: only
lines of at most `MAX_LINE_CHARS`, at most `MAX_LINES_PER_PAGE` per page (from both ends of
the text, where sites put theirs), at most `MAX_LINES_PER_WINDOW` lines per site and window.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from redis import Redis

# Longer lines are prose. Site boilerplate longer than this (a republishing policy, a cookie
# notice) is left to the extractors; an article's own paragraph must never be learnt.
MAX_LINE_CHARS = 300

# Lines counted per page: the first and last half of this many.
MAX_LINES_PER_PAGE = 64

# A busy site's window: 1,000 articles of 64 new lines each would be 64,000 fields.
MAX_LINES_PER_WINDOW = 20_000

# When more than this share of the text's characters would go, the text is kept whole: the
# same article under several URLs (a syndicated story) would otherwise lose itself.
MAX_REMOVED_SHARE = 0.5

_PREFIX = "nf:site-lines"


@dataclass(frozen=True)
class SiteLines:
    """Where and how site lines are counted: lines seen on `min_pages` distinct articles of
    a site within the last one or two windows of `window_days` are the site's."""

    redis: Redis
    min_pages: int
    window_days: int


def site_of(url: str) -> str | None:
    """The site a URL belongs to (its host without "www."), or None."""
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def without_site_lines(
    lines: SiteLines, *, site: str, article_id: str, text: str, now: datetime
) -> str:
    """`text` (paragraphs apart by a blank line, lines by a newline) without the lines its
    site prints on many articles; the text's lines are counted first, once per article.
    Redis errors propagate: the caller keeps the text as it was."""
    candidates = _candidate_lines(text)
    if not candidates:
        return text
    counts = _count_pages(lines, site, article_id, [_digest(key) for key in candidates], now)
    common = {
        key for key, count in zip(candidates, counts, strict=True) if count >= lines.min_pages
    }
    if not common:
        return text
    kept = _text_without(text, common)
    if len(text) - len(kept) > MAX_REMOVED_SHARE * len(text):
        return text
    return kept


def _normalized(line: str) -> str:
    return " ".join(line.casefold().split())


def _digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()


def _candidate_lines(text: str) -> list[str]:
    keys = dict.fromkeys(
        _normalized(line) for line in text.split("\n") if 0 < len(line.strip()) <= MAX_LINE_CHARS
    )
    unique = list(keys)
    half = MAX_LINES_PER_PAGE // 2
    return unique if len(unique) <= MAX_LINES_PER_PAGE else unique[:half] + unique[-half:]


def _window_prefixes(lines: SiteLines, site: str, now: datetime) -> tuple[str, str]:
    window = int(now.timestamp() // (lines.window_days * 86_400))
    return f"{_PREFIX}:{site}:{window}:", f"{_PREFIX}:{site}:{window - 1}:"


def _count_pages(
    lines: SiteLines, site: str, article_id: str, digests: Sequence[bytes], now: datetime
) -> list[int]:
    """How many distinct articles of `site` had each line, this one included."""
    current, previous = _window_prefixes(lines, site, now)
    ttl = 2 * lines.window_days * 86_400
    # An article extracted again (a retried job, a re-polled entry) is counted once.
    first_time = lines.redis.set(f"{_PREFIX}:seen:{site}:{article_id}", 1, nx=True, ex=ttl)
    counts = lines.redis.eval(
        _COUNT_SCRIPT,
        0,
        current,
        previous,
        b"".join(digests),
        1 if first_time else 0,
        MAX_LINES_PER_WINDOW,
        ttl,
    )
    return [int(count) for count in counts]


def _text_without(text: str, common: set[str]) -> str:
    paragraphs = []
    for paragraph in text.split("\n\n"):
        kept = [line for line in paragraph.split("\n") if _normalized(line) not in common]
        if kept:
            paragraphs.append("\n".join(kept))
    return "\n\n".join(paragraphs)


# For each 8-byte digest of ARGV[3]: the count of its line in the window of prefix ARGV[1]
# (plus one for this article if ARGV[4] is 1, unless the window already holds ARGV[5] lines
# and not this one: a full window still counts the lines it holds, so known boilerplate
# stays known) and in the previous window, prefix ARGV[2]. Counted windows live ARGV[6] s.
_COUNT_SCRIPT = """
local current, previous, digests = ARGV[1], ARGV[2], ARGV[3]
local count_this, cap, ttl = ARGV[4] == '1', tonumber(ARGV[5]), ARGV[6]
local size = tonumber(redis.call('GET', current .. 'size') or '0')
local counts = {}
for r = 1, #digests, 8 do
  local shard, field = string.byte(digests, r), string.sub(digests, r + 1, r + 7)
  local here = tonumber(redis.call('HGET', current .. shard, field) or '0')
  if count_this and (here > 0 or size < cap) then
    here = redis.call('HINCRBY', current .. shard, field, 1)
    if here == 1 then size = size + 1 end
    redis.call('EXPIRE', current .. shard, ttl)
  end
  counts[#counts + 1] = here + tonumber(redis.call('HGET', previous .. shard, field) or '0')
end
if count_this then redis.call('SET', current .. 'size', size, 'EX', ttl) end
return counts
"""
