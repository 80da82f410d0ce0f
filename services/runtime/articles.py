"""Articles in flight between stages, kept in Redis under their id.

Jobs carry ids, not articles (a Miniflux habit): extraction stores the article here and every
later stage reloads it; the sink forgets it once stored, since Redis memory is what bounds
the fold window. Entries expire after a week so an abandoned article cannot pin memory.
"""

from redis import Redis

from schemas.article import Article

ARTICLE_TTL_SECONDS = 7 * 24 * 3600


def _key(article_id: str) -> str:
    return f"nf:article:{article_id}"


class ArticleNotFound(LookupError):
    """The article expired from Redis or was never stored."""


def save_article(redis: Redis, article: Article) -> None:
    """Store (or replace) an article in flight."""
    redis.set(_key(article.id), article.model_dump_json(), ex=ARTICLE_TTL_SECONDS)


def load_article(redis: Redis, article_id: str) -> Article:
    """Load an article in flight; raises ArticleNotFound if it is gone."""
    raw = redis.get(_key(article_id))
    if raw is None:
        raise ArticleNotFound(article_id)
    return Article.model_validate_json(raw)


def forget_article(redis: Redis, article_id: str) -> None:
    """Drop an article in flight once it is stored."""
    redis.delete(_key(article_id))
