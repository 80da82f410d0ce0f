"""Which entry of a feed is which, from one poll to the next.

An entry is known by its GUID when the feed's GUIDs can be trusted, else by its link. Links
are no good identity on their own (they change when a headline's slug is corrected, or gain
tracking parameters), and GUIDs are no good when a feed repeats them: some give every entry
the channel's URL as its GUID, or one GUID per day. So a document where two entries share a
GUID is identified by links throughout.

A GUID that is a URL is compared by its path and query only, so moving a site from http to
https or to a new domain does not make its whole feed new again.

Every entry has a link (`parse_feed` skips link-less entries, which have nothing to extract,
and keeps entries sharing a link once), so a link-less identity, a digest of title and date,
is never needed here.
"""

from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlsplit

from schemas.feed import FeedEntry
from schemas.ids import normalize_url, stable_id


def entry_keys(entries: Sequence[FeedEntry]) -> list[str]:
    """The identity key of each entry of one feed document, in the same order.

    Keys are stable digests, distinct for a GUID and a link that spell the same text.
    """
    trusted = not shared_guids(entries)
    return [_key(entry, trusted) for entry in entries]


def shared_guids(entries: Sequence[FeedEntry]) -> int:
    """How many entries of the document share their GUID with another (0: GUIDs usable)."""
    counts = Counter(_guid_identity(entry.guid) for entry in entries if entry.guid)
    return sum(count for count in counts.values() if count > 1)


def _key(entry: FeedEntry, trust_guid: bool) -> str:
    if trust_guid and entry.guid:
        return stable_id("entry-guid:" + _guid_identity(entry.guid))
    return stable_id("entry-link:" + normalize_url(entry.url))


def _guid_identity(guid: str) -> str:
    parts = urlsplit(guid)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return guid  # an opaque GUID (urn:uuid:..., tag:..., a CMS's number) as written
    canonical = urlsplit(normalize_url(guid))
    return canonical.path + (f"?{canonical.query}" if canonical.query else "")
