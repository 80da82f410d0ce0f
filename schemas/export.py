"""One line of `stories export` (and one webhook payload): a story, or the tombstone of a
story merged into another.

A story that a later article showed to be part of another is folded into it: its articles
move there and it stops being exported as a story. Consumers that mirrored it learn so from
its tombstone, which carries a new version like any change: drop the story `id`, its
articles are in `merged_into` (itself perhaps merged further on: follow its tombstone).
"""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, TypeAdapter

from schemas.story import ExportedStory


class MergedStory(BaseModel):
    """The tombstone of a story merged into another."""

    model_config = ConfigDict(extra="forbid")

    id: str
    version: int
    merged_into: str
    updated_at: datetime


# Either shape forbids the other's fields, so a line matches exactly one.
ExportLine = ExportedStory | MergedStory
EXPORT_LINE: TypeAdapter[ExportLine] = TypeAdapter(ExportLine)


def export_line_schema() -> dict[str, object]:
    """The JSON Schema of an export line, from the models as they are now: the contract."""
    schema = EXPORT_LINE.json_schema()
    schema["title"] = "newsfold story export line"
    return schema
