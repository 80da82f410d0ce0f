"""When a feed's stored URL follows its server's redirects.

A 301 or 308 says the feed has moved for good, but servers say it by mistake (a login wall,
a misconfigured CDN, a domain sold off): the new URL is trusted only once the same permanent
redirect has been seen on several polls in a row. A 302 or 307 never changes the stored URL,
and the validators and entries of the feed carry over either way.
"""

from dataclasses import dataclass

from schemas.feed import Feed
from services.http.fetch import Fetched


@dataclass(frozen=True)
class RedirectState:
    """What a poll learnt about where the feed lives. `move_to` is set when the feed's URL
    should change now; otherwise `pending_url` and `seen` are the redirect being watched
    (None and 0 when the feed answered at its own URL or only moved temporarily)."""

    pending_url: str | None = None
    seen: int = 0
    move_to: str | None = None


def redirect_state(feed: Feed, fetched: Fetched, trust_after: int) -> RedirectState:
    """The feed's redirect state after `fetched`, trusting a permanent redirect seen on
    `trust_after` polls in a row."""
    moved = fetched.permanent_url
    if moved is None or moved == feed.url:
        return RedirectState()
    seen = feed.redirect_seen + 1 if feed.redirect_url == moved else 1
    if seen >= trust_after:
        return RedirectState(move_to=moved)
    return RedirectState(pending_url=moved, seen=seen)
