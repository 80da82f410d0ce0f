"""A loopback news farm for fault tests: generated outlets' feeds and article pages served by
a real HTTP server on 127.0.0.1, and what newsfold must have stored from them.

All outlets live on one server under /s<n>/ (their own "sites"); pages can be served slowly,
so that a fault lands while jobs are running.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler

from sqlalchemy import Engine, func, select

from bench.corpus import Corpus, feed_url, make_corpus
from bench.corpus_plan import CorpusSpec
from services.storage.export import iter_exported_stories
from services.storage.tables import ArticleRow, StoryMemberRow
from tests.plugins.local_server import LocalServer, Reply


@dataclass(frozen=True)
class Farm:
    """The served corpus: where its feeds are and which article URLs it publishes."""

    corpus: Corpus
    feed_urls: list[str]
    article_urls: set[str]


def serve_farm(
    server: LocalServer, *, articles: int, outlets: int, page_delay: float = 0.0, seed: int = 7
) -> Farm:
    """Serve a generated corpus on `server`, each article page `page_delay` seconds late."""
    spec = CorpusSpec(articles=articles, outlets=outlets, seed=seed, now=datetime.now(UTC))
    sites = [server.url(f"/s{number}") for number in range(outlets)]
    corpus = make_corpus(spec, sites)
    prefix = len(server.url(""))
    for feed in corpus.feeds:
        server.routes[feed.url[prefix:]] = Reply(
            200, feed.document, {"Content-Type": "application/rss+xml; charset=utf-8"}
        )
    for article in corpus.articles:
        server.routes[article.url[prefix:]] = _slow_page(article.html, page_delay)
    return Farm(
        corpus,
        [feed_url(spec, number, site) for number, site in enumerate(sites)],
        {article.url for article in corpus.articles},
    )


def _slow_page(html: bytes, delay: float) -> Callable[[BaseHTTPRequestHandler], Reply]:
    def reply(_handler: BaseHTTPRequestHandler) -> Reply:
        time.sleep(delay)
        return Reply(200, html, {"Content-Type": "text/html; charset=utf-8"})

    return reply


def stored_urls(engine: Engine) -> list[str]:
    """The URL of every stored article, duplicates included."""
    with engine.connect() as connection:
        return list(connection.scalars(select(ArticleRow.url)))


def exactly_once_problems(engine: Engine, urls: set[str]) -> list[str]:
    """What is wrong with the database's copy of the articles at `urls`: missing, stored
    twice, not in exactly one story, exported other than once. Empty when all is well."""
    problems = []
    stored = stored_urls(engine)
    if missing := urls - set(stored):
        problems.append(f"{len(missing)} articles never stored, e.g. {sorted(missing)[:3]}")
    if len(stored) != len(set(stored)):
        problems.append(f"{len(stored) - len(set(stored))} articles stored twice")
    with engine.connect() as connection:
        articles = connection.scalar(select(func.count()).select_from(ArticleRow))
        members = connection.scalar(select(func.count()).select_from(StoryMemberRow))
    if articles != members:
        problems.append(f"{articles} articles stored but {members} story memberships")
    exported = [
        article.id
        for story in iter_exported_stories(engine)
        for article in (story.canonical, *story.variants)
    ]
    if len(exported) != len(set(exported)) or len(exported) != articles:
        problems.append(f"{len(exported)} exported articles ({len(set(exported))} distinct)")
    return problems


def wait_for(condition: Callable[[], bool], timeout: float, every: float = 0.5) -> bool:
    """Whether `condition` held within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()
