"""Webhook settings: where story changes are POSTed, and how hard newsfold tries.

Each endpoint has its own secret; the body is signed with HMAC-SHA256 over the timestamp
and the body (services/delivery/signature.py), so a receiver can tell newsfold's requests
from anyone else's and refuse replays.
"""

import hashlib

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class WebhookEndpoint(BaseModel):
    """One receiver of story changes."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(pattern=r"^https?://")
    # Redacted wherever settings are printed or logged.
    secret: SecretStr = Field(min_length=16)

    @property
    def id(self) -> str:
        """A short stable name of the endpoint (its URL's digest) for job ids and Redis keys,
        unchanged when endpoints are listed in another order."""
        return hashlib.sha256(self.url.encode()).hexdigest()[:16]


class WebhookSettings(BaseModel):
    """`[webhooks]`: endpoints (none by default: no webhooks) and delivery limits."""

    model_config = ConfigDict(extra="forbid")

    endpoints: list[WebhookEndpoint] = Field(default_factory=list)
    connect_timeout: float = Field(default=5.0, gt=0)
    # The whole exchange, request sent and response read: a receiver that hangs or trickles
    # its answer fails the attempt at this.
    total_timeout: float = Field(default=10.0, gt=0)
    # Only so much of a response is read (it is logged and kept for the dead letter).
    max_response_bytes: int = Field(default=64 * 1024, ge=0)
    # Waits before each retry of a failed delivery; after the last, a dead letter. The
    # default spreads six attempts over about 2.5 hours, for a receiver's deploy or outage.
    retry_intervals_seconds: list[int] = Field(default_factory=lambda: [10, 60, 300, 1800, 7200])

    def endpoint(self, endpoint_id: str) -> WebhookEndpoint | None:
        """The configured endpoint of that id, or None once it is no longer configured."""
        return next((e for e in self.endpoints if e.id == endpoint_id), None)
