"""The extract stage's rq job: fetch an entry's page, extract its article, hand it to dedupe.

A page is fetched politely: only if its site's robots.txt lets newsfold (`robots`), in one
of its host's slots shared by all workers, no sooner than the site's Crawl-delay after the
host's last request started, and a 429 or 503 holds the whole host back for its Retry-After
(`host_gate`, both in `services.http`). Waiting for robots.txt and then for the page's host
takes at most two `host_wait_seconds` plus two `total_timeout`s and a few seconds (some
2 min by default), within the job's timeout.

A page's text loses the lines its site prints on many of its articles (`site_lines`, learnt
in Redis; on a Redis error the text is kept as extracted). A page that cannot be fetched (any
`FetchError`: timeout, 404, 429, blocked address, robots.txt...) or is not HTML leaves the
feed entry's own content as the article's text; an entry with neither is dropped with a
warning. Any other exception propagates, so rq retries or fails the job.

One FetchError propagates too: HostBusy, when the host stays closed for longer than
`http.host_wait_seconds`. Nothing is wrong with that page, newsfold is only being polite, so
storing the feed's summary instead would lose the article's text for no reason: rq retries
the job (the `retry_intervals_seconds` setting: by default 5 s to 10 min apart), and one
still busy after the last retry stays in the failed registry for `newsfold jobs requeue
--failed`.
"""

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import structlog
from redis.exceptions import RedisError
from structlog.contextvars import bound_contextvars

from schemas.article import Article
from schemas.feed import FeedEntry
from services.http.errors import FetchError, HostBusy, RobotsDisallowed
from services.http.fetch import Fetched
from services.http.host_gate import gated_fetch
from services.http.robots import RobotsTxt
from services.runtime.articles import save_article
from services.runtime.context import WorkerContext, current
from services.runtime.counters import count
from services.runtime.queues import Stage
from services.runtime.stage_stats import measured
from workers.extract.article import build_article, not_article_reason
from workers.extract.header_date import dated_by_header
from workers.extract.page import PageExtraction, extract_page
from workers.extract.site_lines import SiteLines, site_of, without_site_lines

log = structlog.get_logger(__name__)

# Content types worth handing to an HTML extractor; a PDF or an image link is not.
_PAGE_TYPES = ("html", "xml")


@measured(Stage.EXTRACT)
def extract_entry(entry: dict[str, Any]) -> None:
    """rq job: extract the entry the poller found (a `FeedEntry` as JSON)."""
    run_extract(current(), FeedEntry.model_validate(entry))


def run_extract(context: WorkerContext, entry: FeedEntry) -> Article | None:
    """Extract `entry`'s article, store it for the next stages and enqueue its dedupe.
    Returns the article, or None when the entry had no text anywhere and was dropped."""
    # Bound for every log line of the job, those of the modules it calls (limits) included.
    with bound_contextvars(article_id=entry.article_id, feed_id=entry.feed_id, stage="extract"):
        return _extract(context, entry)


def _extract(context: WorkerContext, entry: FeedEntry) -> Article | None:
    page, final_url = _fetch_page(context, entry)
    article = build_article(entry, page, fetched_at=datetime.now(UTC), final_url=final_url)
    # Why the page's text was not taken (None: it was, or the page was never had).
    page_rejected = not_article_reason(page.text) if page is not None else None
    if article is None:
        log.warning(
            "entry dropped: neither its page nor its feed entry has text",
            url=entry.url,
            page_rejected=page_rejected,
        )
        return None
    save_article(context.redis, article)
    context.enqueue(Stage.DEDUPE, article.id, article.id)
    log.info(
        "extracted",
        text_source=article.text_source.value,
        page_rejected=page_rejected,
        date_source=article.date_source.value,
        chars=len(article.text),
    )
    return article


def _fetch_page(
    context: WorkerContext, entry: FeedEntry
) -> tuple[PageExtraction | None, str | None]:
    """The extracted page and the URL it was finally fetched from, or (None, None)."""
    try:
        fetched = _fetch_politely(context, entry.url)
    except HostBusy as exc:
        log.warning(
            "host busy; the job is left to rq's retries",
            code=exc.code,
            error=str(exc),
            retry_at=exc.retry_at.isoformat(),
        )
        raise
    except FetchError as exc:
        log.warning("page not fetched; using the feed's content", code=exc.code, error=str(exc))
        count("page_fetches", outcome="failed")
        count("errors", stage=Stage.EXTRACT.value, code=exc.code)
        return None, None
    content_type = fetched.headers.get("content-type", "").lower()
    if content_type and not any(kind in content_type for kind in _PAGE_TYPES):
        log.warning("page is not HTML; using the feed's content", content_type=content_type)
        count("page_fetches", outcome="not_html")
        return None, fetched.url
    count("page_fetches", outcome="fetched")
    page = extract_page(fetched.content, fetched.url, entry=entry, encoding=fetched.encoding)
    page = dated_by_header(page, fetched.headers, datetime.now(UTC))
    return _without_site_lines(context, entry, page, fetched.url), fetched.url


def _fetch_politely(context: WorkerContext, url: str) -> Fetched:
    """`url`'s page, if its site's robots.txt allows it, fetched in one of its host's slots."""
    settings = context.settings.http
    gate = context.host_gate()
    crawl_delay = 0.0
    if settings.respect_robots:
        robots = RobotsTxt(
            context.redis,
            context.http,
            gate,
            settings,
            allow_private=context.settings.allow_private_networks,
        )
        rules = robots.rules(url)
        if not rules.allows(url):
            raise RobotsDisallowed(f"robots.txt ({rules.verdict.value}) disallows it", url=url)
        crawl_delay = min(rules.crawl_delay, settings.max_crawl_delay_seconds)
    return gated_fetch(
        gate,
        context.http,
        url,
        wait_seconds=settings.host_wait_seconds,
        min_gap=crawl_delay,
        max_bytes=settings.max_page_bytes,
        allow_private=context.settings.allow_private_networks,
    )


def _without_site_lines(
    context: WorkerContext,
    entry: FeedEntry,
    page: PageExtraction,
    url: str,
) -> PageExtraction:
    """`page` without the lines its site prints on many articles (`site_lines`). Learning
    is an improvement, not a dependency: on a Redis error the page is kept as extracted."""
    site = site_of(url)
    if site is None or not page.text:
        return page
    settings = context.settings.extract
    lines = SiteLines(context.redis, settings.site_line_pages, settings.site_line_window_days)
    try:
        text = without_site_lines(
            lines, site=site, article_id=entry.article_id, text=page.text, now=datetime.now(UTC)
        )
    except RedisError as exc:
        log.warning("site lines not learnt: redis error; text kept whole", error=str(exc))
        return page
    if len(text) < len(page.text):
        log.debug("site lines removed", site=site, chars=len(page.text) - len(text))
    return replace(page, text=text)
