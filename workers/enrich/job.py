"""The enrichment stage's rq job: complete an article, then hand it to the sink."""

from datetime import UTC

import structlog

from schemas.article import Article
from services.runtime.articles import ArticleNotFound, load_article, save_article
from services.runtime.context import WorkerContext, current
from services.runtime.queues import Stage, enqueue
from services.runtime.stage_stats import measured
from workers.enrich.outlet import outlet_domain
from workers.text.language import detect_language, primary_subtag

log = structlog.get_logger(__name__)


@measured(Stage.ENRICH)
def enrich_article(article_id: str, story_id: str) -> None:
    """rq job: enrich the article and enqueue its storage."""
    run_enrich(current(), article_id, story_id)


def enrich(article: Article) -> Article:
    """The article with its language (detected, with confidence; the page's declared
    language is kept when the text agrees or is too short to tell), its publication time in
    UTC, and its outlet domain and site name (the outlet's domain when the page names none)."""
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
        }
    )


def run_enrich(context: WorkerContext, article_id: str, story_id: str) -> Article | None:
    """Enrich the stored article and enqueue the sink job for it."""
    bound = log.bind(article_id=article_id, story_id=story_id, stage="enrich")
    try:
        article = load_article(context.redis, article_id)
    except ArticleNotFound:
        bound.warning("article expired before enrichment; dropped")
        return None
    enriched = enrich(article)
    save_article(context.redis, enriched)
    bound.info("enriched", language=enriched.language, outlet=enriched.outlet)
    enqueue(
        context.redis,
        Stage.SINK,
        article_id,
        article_id,
        story_id,
        job_timeout=context.settings.job_timeout_seconds,
    )
    return enriched
