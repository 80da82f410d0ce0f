"""Deterministic identifiers: the same feed URL or article URL always gives the same id.

Ids double as rq job ids, so an entry that two polls discover at once is only in flight once.
"""

import hashlib
from urllib.parse import urlsplit, urlunsplit

# Query parameters that only track the click and never select different content.
_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid")


def normalize_url(url: str) -> str:
    """Return the URL in a canonical spelling: lower-case scheme and host, no fragment,
    no default port, no tracking parameters, no trailing slash on a non-root path."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = "&".join(
        pair
        for pair in parts.query.split("&")
        if pair and not pair.lower().startswith(_TRACKING_PREFIXES)
    )
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/")
    return urlunsplit((scheme, host, path, query, ""))


def stable_id(value: str) -> str:
    """A short, stable hex digest of a string (80 bits: collisions are negligible at
    billions of items and the id stays readable in logs and URLs)."""
    return hashlib.blake2b(value.encode("utf-8"), digest_size=10).hexdigest()


def feed_id(url: str) -> str:
    """Id of a feed: a digest of its normalized URL."""
    return stable_id("feed:" + normalize_url(url))


def article_id(url: str) -> str:
    """Id of an article: a digest of its normalized (canonical) URL."""
    return stable_id("article:" + normalize_url(url))
