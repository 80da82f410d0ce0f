"""Why a story holds the articles it holds: the data behind `newsfold stories explain`."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine, func, select

from services.storage.stories import resolve_story_id
from services.storage.tables import ArticleRow, StoryMemberRow, StoryRow


class MemberEvidence(BaseModel):
    """One article of a story and what folded it there."""

    model_config = ConfigDict(extra="forbid")

    article_id: str
    url: str
    title: str | None
    site_name: str | None
    published_at: datetime | None
    text_length: int
    canonical: bool
    relation: str | None
    similarity: float
    tier: str | None
    join_score: float | None
    joined_via: str | None
    spun_from: str | None


class StoryEvidence(BaseModel):
    """A story's members with their evidence, and the stories merged into it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    version: int
    members: list[MemberEvidence]
    merged_ids: list[str]


def explain_story(engine: Engine, story_id: str) -> StoryEvidence | None:
    """The evidence of a story (following merges), canonical article first, then variants
    by publication; None if the story is unknown."""
    story_id = resolve_story_id(engine, story_id)
    with engine.connect() as connection:
        story = connection.execute(
            select(StoryRow.version, StoryRow.canonical_id).where(StoryRow.id == story_id)
        ).first()
        if story is None:
            return None
        rows = connection.execute(
            select(
                StoryMemberRow.article_id,
                ArticleRow.url,
                ArticleRow.title,
                ArticleRow.site_name,
                ArticleRow.published_at,
                func.length(ArticleRow.text).label("text_length"),
                StoryMemberRow.relation,
                StoryMemberRow.similarity,
                StoryMemberRow.tier,
                StoryMemberRow.join_score,
                StoryMemberRow.joined_via,
                StoryMemberRow.spun_from,
            )
            .join(ArticleRow, ArticleRow.id == StoryMemberRow.article_id)
            .where(StoryMemberRow.story_id == story_id)
        ).mappings()
        members = [
            MemberEvidence(**row, canonical=row["article_id"] == story.canonical_id) for row in rows
        ]
        merged = connection.execute(
            select(StoryRow.id).where(StoryRow.merged_into == story_id).order_by(StoryRow.id)
        ).scalars()
        merged_ids = list(merged)
    members.sort(key=lambda m: (not m.canonical, m.published_at is None, m.published_at or 0))
    return StoryEvidence(id=story_id, version=story.version, members=members, merged_ids=merged_ids)
