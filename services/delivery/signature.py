"""The `Newsfold-Signature` header: HMAC-SHA256 over the timestamp and the body.

The header reads `t=<unix seconds>,v1=<hex digest>`, the digest of `<t>.<body>` under the
endpoint's secret (Stripe's scheme, which receivers' libraries know). Signing the timestamp
with the body lets a receiver refuse a captured request replayed later: it checks the
digest, then that `t` is recent.
"""

import hashlib
import hmac

HEADER = "Newsfold-Signature"
# A receiver should refuse signatures older than this (clocks a little apart allowed).
DEFAULT_TOLERANCE_SECONDS = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The header value for `body` sent at `timestamp`."""
    return f"t={timestamp},v1={_digest(secret, timestamp, body)}"


def verify(
    secret: str,
    header: str,
    body: bytes,
    now: float,
    tolerance: float = DEFAULT_TOLERANCE_SECONDS,
) -> bool:
    """Whether `header` signs `body` under `secret` within `tolerance` seconds of `now`:
    what a receiver checks (README, Webhooks, has the same in a few lines)."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(fields.get("v1", ""), _digest(secret, timestamp, body))


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
