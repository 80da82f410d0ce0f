"""Reads and writes of `webhook_dead_letters`: deliveries that failed their last attempt."""

from collections.abc import Collection
from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine, delete, insert, select

from services.storage.tables import WebhookDeadLetterRow


class DeadLetter(BaseModel):
    """One delivery given up on, as `webhooks dead-letters` lists it."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    id: int | None = None  # given when stored
    endpoint_url: str
    story_id: str
    version: int
    event: str
    attempts: int
    last_status: int | None
    last_error: str | None
    failed_at: datetime


def record_dead_letter(engine: Engine, letter: DeadLetter) -> int:
    """Store `letter`; returns its id."""
    values = letter.model_dump(exclude={"id"})
    with engine.begin() as connection:
        statement = insert(WebhookDeadLetterRow).values(**values)
        return int(connection.execute(statement.returning(WebhookDeadLetterRow.id)).scalar_one())


def list_dead_letters(
    engine: Engine, limit: int | None = None, ids: Collection[int] | None = None
) -> list[DeadLetter]:
    """Dead letters (those of `ids`, if given), the most recent first."""
    statement = (
        select(WebhookDeadLetterRow)
        .order_by(WebhookDeadLetterRow.failed_at.desc(), WebhookDeadLetterRow.id.desc())
        .limit(limit)
    )
    if ids is not None:
        statement = statement.where(WebhookDeadLetterRow.id.in_(ids))
    with engine.connect() as connection:
        rows = connection.execute(statement).mappings()
        return [DeadLetter.model_validate(dict(row)) for row in rows]


def delete_dead_letters(engine: Engine, ids: Collection[int]) -> None:
    """Forget the dead letters of `ids` (redelivered: one that fails again comes back as a
    new letter)."""
    with engine.begin() as connection:
        connection.execute(delete(WebhookDeadLetterRow).where(WebhookDeadLetterRow.id.in_(ids)))
