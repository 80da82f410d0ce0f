"""`GET /`: a server-rendered page of recent stories with their variants and relations.

Plain HTML and a GET form; no script at all. Every value from a fetched page goes through
Jinja's autoescaping, and a URL becomes a link only when it is http(s) (a `javascript:` URL
from a hostile page stays text).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment
from sqlalchemy import Engine

from schemas.story import ExportedArticle, ExportedStory, ExportedVariant, Relation
from services.api.params import StoryQuery
from services.storage.search import search_stories

PATH = "/"
# Words of the canonical article shown under a story's title when it has no summary.
LEAD_WORDS = 40
# Entities and keywords shown per story, the most shared first.
SHOWN_TERMS = 8

router = APIRouter()


@dataclass(frozen=True)
class ArticleView:
    """An article as one row of the page."""

    title: str
    href: str | None  # None unless the URL is http(s)
    url: str
    outlet: str
    published_at: str
    language: str
    relation: str  # "canonical" for the canonical article
    similarity: str


@dataclass(frozen=True)
class StoryView:
    """A story as one block of the page."""

    id: str
    title: str
    outlets: list[str]
    languages: list[str]
    counts: list[tuple[str, int]]  # (relation, articles), canonical first
    entities: list[tuple[str, str, int]]  # (name, kind, articles mentioning it)
    keywords: list[str]
    first_published_at: str
    last_published_at: str
    updated_at: str
    version: int
    lead: str  # the canonical article's summary, or its opening words
    articles: list[ArticleView]


@router.get(PATH, response_class=HTMLResponse)
def story_page(request: Request, query: Annotated[StoryQuery, Query()]) -> HTMLResponse:
    """Recent stories matching the form's filters, a page at a time."""
    engine: Engine = request.app.state.engine
    with engine.connect() as connection:
        page = search_stories(connection, query.story_filter(), query.limit, query.cursor)
    filters = query.model_dump(exclude={"cursor"}, exclude_none=True, mode="json")
    older = None
    if page.next_cursor is not None:
        older = PATH + "?" + urlencode({**filters, "cursor": page.next_cursor})
    templates: Environment = request.app.state.templates
    body = templates.get_template("stories.html").render(
        stories=[story_view(story) for story in page.stories],
        form={name: "" if value is None else str(value) for name, value in filters_all(query)},
        older=older,
    )
    return HTMLResponse(body)


def filters_all(query: StoryQuery) -> list[tuple[str, object]]:
    """Every filter field with its value (None when unset), for the form."""
    return list(query.story_filter().model_dump(mode="json").items())


def story_view(story: ExportedStory) -> StoryView:
    """What the page shows of `story`: its record's aggregates, most shared first."""
    articles = [_article_view(story.canonical, None), *map(_variant_view, story.variants)]
    counts = Counter(variant.relation for variant in story.variants)
    return StoryView(
        id=story.id,
        title=story.title or "(untitled)",
        outlets=[outlet.site_name or outlet.domain for outlet in story.outlets],
        languages=[language.language for language in story.languages],
        counts=[("canonical", 1)]
        + [(relation.value, counts[relation]) for relation in Relation if counts[relation]],
        entities=[
            (entity.name, entity.kind.value, entity.articles)
            for entity in story.entities[:SHOWN_TERMS]
        ],
        keywords=[keyword.keyword for keyword in story.keywords[:SHOWN_TERMS]],
        first_published_at=_when(story.first_published_at),
        last_published_at=_when(story.last_published_at),
        updated_at=_when(story.updated_at),
        version=story.version,
        lead=story.canonical.summary or _lead(story.canonical.text),
        articles=articles,
    )


def _variant_view(variant: ExportedVariant) -> ArticleView:
    return _article_view(variant, variant)


def _article_view(article: ExportedArticle, variant: ExportedVariant | None) -> ArticleView:
    return ArticleView(
        title=article.title or "(untitled)",
        href=article.url if is_web_url(article.url) else None,
        url=article.url,
        outlet=article.site_name or article.outlet or "-",
        published_at=_when(article.published_at),
        language=article.language or "-",
        relation="canonical" if variant is None else variant.relation.value,
        similarity="" if variant is None else f"{variant.similarity:.2f}",
    )


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host: the only kind the page links to."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def _lead(text: str) -> str:
    words = text.split()
    if len(words) <= LEAD_WORDS:
        return " ".join(words)
    return " ".join(words[:LEAD_WORDS]) + " …"


def _when(moment: datetime | None) -> str:
    return "-" if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")
