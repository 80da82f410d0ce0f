"""A page that hangs, a feed that returns garbage, an extractor exception on one page: each
fails alone, and the rest of the feed goes on.

The hanging page's fetch times out and its article is kept from the feed entry's own text
(as any page that cannot be fetched); the garbage feed's poll records a parse error on the
feed; the page the extractor fails on is retried, then left in the failed-job registry.
"""

import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from redis import Redis
from rq.job import Job
from rq.registry import FailedJobRegistry
from rq.serializers import JSONSerializer
from sqlalchemy import select

from bench.corpus import make_corpus
from bench.corpus_feeds import FeedItem, rss_document
from bench.corpus_plan import CorpusSpec
from services.runtime.queues import Stage, queue_name
from services.storage.db import create_database_engine
from services.storage.feeds import add_feed, get_feed
from services.storage.schema import ensure_schema
from services.storage.tables import ArticleRow
from tests.faults.daemon import REPOSITORY, newsfold_env, start, stop
from tests.faults.farm import wait_for
from tests.plugins.local_server import LocalServer, Reply

FAILPOINTS = Path(__file__).with_name("failpoints")
PATHS = ["/news/1.html", "/news/2.html", "/news/3.html", "/hang/1.html", "/explode/1.html"]


def _page(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in text.split("\n\n"))
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


def _serve(server: LocalServer) -> tuple[str, str]:
    """Serve the news feed and its pages, and a garbage feed; their URLs."""
    corpus = make_corpus(CorpusSpec(articles=len(PATHS), outlets=1, seed=3, rewrite_share=0))
    now = datetime.now(UTC)
    items = []
    for number, (path, article) in enumerate(zip(PATHS, corpus.articles, strict=True)):
        server.routes[path] = Reply(
            200, _page(article.title, article.text), {"Content-Type": "text/html; charset=utf-8"}
        )
        items.append(
            FeedItem(
                guid=f"item-{number}",
                url=server.url(path),
                title=article.title,
                description=article.description,
                published_at=now - timedelta(minutes=number),
            )
        )

    def hang(_handler: BaseHTTPRequestHandler) -> None:
        server.stopping.wait(60)

    server.routes["/hang/1.html"] = hang
    server.routes["/feed.xml"] = Reply(
        200, rss_document("News", server.url("/"), items), {"Content-Type": "application/rss+xml"}
    )
    server.routes["/garbage.xml"] = Reply(
        200, b"\x00\xff\xfe<<rss garbage \x00 ]]>", {"Content-Type": "application/rss+xml"}
    )
    return server.url("/feed.xml"), server.url("/garbage.xml")


def test_a_hanging_page_a_garbage_feed_and_an_extractor_error_each_fail_alone(
    tmp_path: Path, redis: Redis, redis_url: str, database_url: str, http_server: LocalServer
) -> None:
    news_url, garbage_url = _serve(http_server)
    engine = create_database_engine(database_url)
    ensure_schema(engine)
    news = add_feed(engine, news_url, datetime.now(UTC))
    garbage = add_feed(engine, garbage_url, datetime.now(UTC))
    env = newsfold_env(
        tmp_path,
        redis_url,
        database_url,
        http__total_timeout="3",
        http__read_timeout="2",
        retry_intervals_seconds="[1, 1]",
    )
    env["PYTHONPATH"] = f"{FAILPOINTS}:{REPOSITORY}"
    failed = FailedJobRegistry(
        queue_name(Stage.EXTRACT), connection=redis, serializer=JSONSerializer
    )

    def stored_paths() -> set[str]:
        with engine.connect() as connection:
            urls = connection.scalars(select(ArticleRow.url))
            return {url.removeprefix(http_server.url("")) for url in urls}

    daemon = start(["run", "--workers", "2"], env, tmp_path / "daemon.log")
    try:
        expected = {path for path in PATHS if not path.startswith("/explode/")}
        assert wait_for(lambda: stored_paths() >= expected and failed.count == 1, timeout=90), (
            f"stored {sorted(stored_paths())}, {failed.count} failed extract jobs"
        )
        # Nothing more comes of the failed page.
        time.sleep(2)
        assert stored_paths() == expected
        exit_code = stop(daemon)
    finally:
        if daemon.poll() is None:
            daemon.kill()
    job = Job.fetch(failed.get_job_ids()[0], connection=redis, serializer=JSONSerializer)
    assert job.args[0]["url"].endswith("/explode/1.html")
    result = job.latest_result()
    assert result is not None and "injected extractor failure" in (result.exc_string or "")
    with engine.connect() as connection:
        hung = connection.execute(
            select(ArticleRow.text_source, ArticleRow.text).where(
                ArticleRow.url == http_server.url("/hang/1.html")
            )
        ).one()
    assert hung.text_source == "feed" and hung.text
    garbage_state, news_state = get_feed(engine, garbage.id), get_feed(engine, news.id)
    assert garbage_state is not None and garbage_state.last_error_code is not None
    assert news_state is not None and news_state.last_error_code is None
    engine.dispose()
    assert exit_code == 0
