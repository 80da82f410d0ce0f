"""The JSON API: `GET /api/stories` (search, paged) and `GET /api/stories/{id}`.

A story here is exactly a line of `newsfold stories export` (schemas.story.ExportedStory).
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine

from schemas.story import ExportedStory
from services.api.errors import error_response
from services.api.params import StoryQuery
from services.storage.search import search_stories
from services.storage.stories import get_story

router = APIRouter(prefix="/api")


class StoryList(BaseModel):
    """A page of `GET /api/stories`; pass `next_cursor` as `cursor` for the next page."""

    model_config = ConfigDict(extra="forbid")

    stories: list[ExportedStory]
    next_cursor: str | None


@router.get("/stories", response_model=StoryList)
def list_stories(request: Request, query: Annotated[StoryQuery, Query()]) -> Response:
    """Stories matching the filters, most recently updated first."""
    engine: Engine = request.app.state.engine
    with engine.connect() as connection:
        page = search_stories(connection, query.story_filter(), query.limit, query.cursor)
    body = StoryList(stories=page.stories, next_cursor=page.next_cursor)
    return Response(body.model_dump_json(), media_type="application/json")


@router.get(
    "/stories/{story_id}",
    response_model=ExportedStory,
    responses={404: {"description": "No such story, or its canonical article is not stored"}},
)
def show_story(request: Request, story_id: str) -> Response:
    """One story with every variant; a merged story's id gives the story it merged into."""
    story = get_story(request.app.state.engine, story_id)
    if story is None:
        return error_response(request, 404, "not found", [f"no story {story_id}"])
    return Response(story.model_dump_json(), media_type="application/json")
