"""The query parameters of the story listings, JSON and HTML alike."""

from pydantic import Field

from services.storage.search import StoryFilter

MAX_LIMIT = 100


class StoryQuery(StoryFilter):
    """A filter plus the page wanted. Unknown parameters are refused (a misspelt filter
    would otherwise silently match every story)."""

    limit: int = Field(default=20, ge=1, le=MAX_LIMIT)
    cursor: str | None = None  # `next_cursor` of the previous page

    def story_filter(self) -> StoryFilter:
        """The filter alone, without the paging fields."""
        return StoryFilter(**self.model_dump(exclude={"limit", "cursor"}))
