"""The enrichment stage's rq job: complete an article, then hand it to the sink."""

from datetime import UTC
from typing import Any

import structlog

from schemas.article import Article, ArticleEntity
from schemas.settings import EnrichSettings
from services.runtime.articles import ArticleNotFound, load_article, save_article
from services.runtime.context import WorkerContext, current
from services.runtime.queues import Stage
from services.runtime.stage_stats import measured
from workers.enrich.entities import find_entities
from workers.enrich.keywords import keywords
from workers.enrich.length import reading_time_seconds, word_count
from workers.enrich.ner_models import load_ner, model_name
from workers.enrich.outlet import outlet_domain
from workers.enrich.summary import lead_summary
from workers.text.language import detect_language, primary_subtag

log = structlog.get_logger(__name__)


@measured(Stage.ENRICH)
def enrich_article(article_id: str, story_id: str) -> None:
    """rq job: enrich the article and enqueue its storage."""
    run_enrich(current(), article_id, story_id)


def enrich(article: Article, settings: EnrichSettings) -> Article:
    """The article with its language (detected, with confidence; the page's declared
    language is kept when the text agrees or is too short to tell), its publication time in
    UTC, its outlet domain and site name (the outlet's domain when the page names none), and
    what is read from its text: lead summary, length, keywords and named entities."""
    detected, confidence = detect_language(article.text)
    declared = primary_subtag(article.language)
    language = detected or declared
    published = article.published_at.astimezone(UTC) if article.published_at else None
    # The outlet is the site this version was fetched from: a syndicated copy's canonical
    # link often names the original publisher.
    outlet = outlet_domain(article.url)
    return article.model_copy(
        update={
            "language": language,
            "language_confidence": round(confidence, 4) if detected else None,
            "published_at": published,
            "outlet": outlet,
            "site_name": article.site_name or outlet,
            **_text_fields(article, language, settings),
        }
    )


def _text_fields(
    article: Article, language: str | None, settings: EnrichSettings
) -> dict[str, Any]:
    """Summary, word count, reading time, keywords and entities of the article's text."""
    words = word_count(article.text)
    return {
        "summary": lead_summary(article.text, article.title, language, settings.summary_characters),
        "word_count": words,
        "reading_time_seconds": reading_time_seconds(words, settings.words_per_minute),
        "keywords": keywords(f"{article.title or ''}\n{article.text}", language, settings.keywords),
        "entities": _entities(article, language, settings),
    }


def _entities(
    article: Article, language: str | None, settings: EnrichSettings
) -> list[ArticleEntity] | None:
    """The article's entities; None where no NER model reads its language."""
    name = model_name(settings.ner_models, language)
    nlp = load_ner(name) if name else None
    if nlp is None:
        log.debug("no NER model for the language; no entities", language=language, model=name)
        return None
    return find_entities(nlp, article.title, article.text)


def run_enrich(context: WorkerContext, article_id: str, story_id: str) -> Article | None:
    """Enrich the stored article and enqueue the sink job for it."""
    bound = log.bind(article_id=article_id, story_id=story_id, stage="enrich")
    try:
        article = load_article(context.redis, article_id)
    except ArticleNotFound:
        bound.warning("article expired before enrichment; dropped")
        return None
    enriched = enrich(article, context.settings.enrich)
    save_article(context.redis, enriched)
    bound.info(
        "enriched",
        language=enriched.language,
        outlet=enriched.outlet,
        words=enriched.word_count,
        entities=None if enriched.entities is None else len(enriched.entities),
    )
    context.enqueue(Stage.SINK, article_id, article_id, story_id)
    return enriched
