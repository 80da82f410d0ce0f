"""The article extraction hands on: the page's text and metadata, or the feed's.

A page whose extraction is shorter than `MIN_ARTICLE_CHARS` is a video page, a listing, a
consent wall or a failed extraction; the feed entry's own content then stands in for its text
when it has more to say.
"""

from datetime import datetime

from schemas.article import Article, TextSource
from schemas.feed import FeedEntry
from workers.extract.feed_text import feed_text
from workers.extract.page import PageExtraction, from_entry

# The shortest news items (a wire brief of two sentences) run to about 250 characters;
# below 200, what extraction found is a caption or a teaser, not an article.
MIN_ARTICLE_CHARS = 200


def build_article(
    entry: FeedEntry,
    page: PageExtraction | None,
    *,
    fetched_at: datetime,
    final_url: str | None = None,
) -> Article | None:
    """The article of `entry`, from its extracted `page` (None if the page could not be
    fetched) and, failing that, its feed content; None when neither has any text.
    `final_url` is where the page's redirects ended."""
    if page is None:
        page = from_entry(entry)
    text, source = page.text, TextSource.PAGE
    if len(text) < MIN_ARTICLE_CHARS:
        fallback = feed_text(entry)
        if len(fallback) > len(text):
            text, source = fallback, TextSource.FEED
    if not text:
        return None
    redirected = final_url if final_url and final_url != entry.url else None
    return Article(
        id=entry.article_id,
        feed_id=entry.feed_id,
        url=entry.url,
        canonical_url=page.canonical_url or redirected,
        title=page.title,
        text=text,
        authors=page.authors,
        published_at=page.published_at,
        date_source=page.date_source,
        site_name=page.site_name,
        language=page.language,
        image_url=page.image_url,
        text_source=source,
        fetched_at=fetched_at,
    )
