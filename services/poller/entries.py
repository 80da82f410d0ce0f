"""Which entries of a polled feed are new to that feed, and remembering those it showed.

The poller asks `unseen_entries` before enqueuing and calls `remember_entries` once the new
ones are enqueued, so an entry is never remembered without having been handed on. Each takes
the document's entries with their identity keys (`shown_entries`), computed once per poll.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import structlog
from sqlalchemy import Engine

from schemas.feed import FeedEntry
from services.poller.entry_identity import entry_keys, shared_guids
from services.storage.feed_entries import (
    forget_entries,
    known_entry_articles,
    known_entry_keys,
    record_entries,
)

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class ShownEntries:
    """The entries of one feed document and their identity keys, in document order."""

    entries: Sequence[FeedEntry]
    keys: list[str]


def shown_entries(entries: Sequence[FeedEntry]) -> ShownEntries:
    """The document's entries with their keys (entry_identity.entry_keys)."""
    return ShownEntries(entries, entry_keys(entries))


def unseen_entries(engine: Engine, feed_id: str, shown: ShownEntries) -> list[FeedEntry]:
    """The entries of one feed document that this feed never showed, in document order.

    An entry is not new when its identity was seen, even if its link changed since (a
    corrected slug), nor when its link was seen under another identity (the feed changed
    its GUIDs, or stopped repeating them and so switched from link to GUID identities).
    """
    if sharing := shared_guids(shown.entries):
        log.warning(
            "feed repeats GUIDs; its entries are identified by link",
            feed_id=feed_id,
            entries=len(shown.entries),
            sharing=sharing,
        )
    keyed = list(zip(shown.entries, shown.keys, strict=True))
    known = known_entry_keys(engine, feed_id, [key for _, key in keyed])
    moved = [entry for entry, key in keyed if key in known and known[key] != entry.article_id]
    _log_skipped("entries whose link changed since first seen; not taken as new", feed_id, moved)
    candidates = [entry for entry, key in keyed if key not in known]
    seen = known_entry_articles(engine, feed_id, [entry.article_id for entry in candidates])
    renamed = [entry for entry in candidates if entry.article_id in seen]
    _log_skipped("entries seen before under another identity; not taken as new", feed_id, renamed)
    return [entry for entry in candidates if entry.article_id not in seen]


def remember_entries(engine: Engine, feed_id: str, shown: ShownEntries, now: datetime) -> None:
    """Record every entry of the document as shown by the feed (those already recorded keep
    their first sighting)."""
    record_entries(
        engine,
        feed_id,
        {key: entry.article_id for key, entry in zip(shown.keys, shown.entries, strict=True)},
        now,
    )


def forget_departed_entries(
    engine: Engine, feed_id: str, shown: ShownEntries, *, seen_before: datetime
) -> int:
    """Forget the entries first seen before `seen_before` that the document no longer
    shows; returns how many. An entry that comes back later is checked against stored
    articles only."""
    forgotten = forget_entries(engine, feed_id, keep=shown.keys, seen_before=seen_before)
    if forgotten:
        log.info("old entries no longer in the feed forgotten", feed_id=feed_id, count=forgotten)
    return forgotten


def _log_skipped(event: str, feed_id: str, entries: list[FeedEntry]) -> None:
    if entries:
        log.info(event, feed_id=feed_id, count=len(entries), example=entries[0].url)
