"""Labelled articles through the real pipeline, and the stories it makes scored against gold.

The articles are written as a small web (`bench.article_site`), served on 127.0.0.1, followed
as one feed per outlet and ingested with `run_once`: rq workers in their own processes on a
private redis-server, the same stages and settings as production (fetches to loopback
allowed), NEWSFOLD_* variables applying as usual (so `NEWSFOLD_FOLD__...` thresholds can be
tried). The stories are read back as `stories export` writes them, and each exported URL is
mapped back to its labelled article.

An article missing from the output is scored as a story of its own.
"""

import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pydantic import SecretStr

from bench.article_site import write_site
from bench.clustering_metrics import Scores, adjusted_rand_index, bcubed, pairwise
from bench.eval_data import LabelledArticle
from schemas.settings import HttpSettings, Settings
from schemas.story import ExportedStory, ExportedVariant
from services.demo.server import serve_content
from services.runner.once import run_once
from services.runtime.redis_server import private_redis
from services.storage.db import create_database_engine
from services.storage.export import iter_exported_stories
from services.storage.feeds import add_feed
from services.storage.schema import ensure_schema


@dataclass
class FoldCount:
    """Variants folded one way, and how many of them share their canonical's gold story."""

    articles: int = 0
    right: int = 0


@dataclass
class FoldTally:
    """How the labelled articles were placed: as canonical articles, or as variants by
    tier and by relation ("none" for a variant without a recorded tier)."""

    canonical: int = 0
    tiers: dict[str, FoldCount] = field(default_factory=dict)
    relations: dict[str, FoldCount] = field(default_factory=dict)

    def add_variant(self, variant: ExportedVariant, right: bool) -> None:
        """Count a variant; `right` when its gold story is its canonical article's."""
        for counts, key in (
            (self.tiers, variant.tier.value if variant.tier else "none"),
            (self.relations, variant.relation.value),
        ):
            count = counts.setdefault(key, FoldCount())
            count.articles += 1
            count.right += right


@dataclass(frozen=True)
class StoryScores:
    """The exported stories scored against the gold stories."""

    ingested: int  # labelled articles found in the output
    missing: int  # labelled articles not in the output
    duplicated: int  # labelled articles found more than once (the first place counts)
    unexpected: int  # articles in the output that were not labelled
    predicted_stories: int  # stories holding labelled articles
    gold_stories: int
    largest_predicted: int  # labelled articles in the largest predicted story
    largest_gold: int
    bcubed: Scores
    pairwise: Scores
    adjusted_rand: float
    folds: FoldTally


@dataclass(frozen=True)
class ArticlesReport:
    """What one articles-mode run measured."""

    articles: int
    feeds: int
    workers: int
    pipeline_seconds: float  # run_once: first poll to empty queues
    wall_seconds: float  # everything, from writing the site to reading the stories back
    failed_jobs: int
    scores: StoryScores

    @property
    def articles_per_second(self) -> float:
        """Labelled articles ingested per second of the pipeline run."""
        return self.scores.ingested / self.pipeline_seconds if self.pipeline_seconds else 0.0


def score_stories(
    stories: Iterable[ExportedStory], article_of_url: dict[str, str], gold: dict[str, str]
) -> StoryScores:
    """Score `stories` against `gold` (article id -> gold story); `article_of_url` maps an
    exported URL to its labelled article id."""
    predicted: dict[str, str] = {}
    folds = FoldTally()
    duplicated = unexpected = 0
    for story in stories:
        canonical_id = article_of_url.get(story.canonical.url)
        for exported in [story.canonical, *story.variants]:
            article_id = article_of_url.get(exported.url)
            if article_id is None:
                unexpected += 1
            elif article_id in predicted:
                duplicated += 1
            else:
                predicted[article_id] = story.id
                if isinstance(exported, ExportedVariant):
                    right = canonical_id is not None and gold[canonical_id] == gold[article_id]
                    folds.add_variant(exported, right)
                else:
                    folds.canonical += 1
    # A lost article is a story of its own: it was folded with nothing.
    labels = {article_id: predicted.get(article_id, f"missing:{article_id}") for article_id in gold}
    return StoryScores(
        ingested=len(predicted),
        missing=len(gold) - len(predicted),
        duplicated=duplicated,
        unexpected=unexpected,
        predicted_stories=len(set(predicted.values())),
        gold_stories=len(set(gold.values())),
        largest_predicted=max(Counter(predicted.values()).values(), default=0),
        largest_gold=max(Counter(gold.values()).values(), default=0),
        bcubed=bcubed(labels, gold),
        pairwise=pairwise(labels, gold),
        adjusted_rand=adjusted_rand_index(labels, gold),
        folds=folds,
    )


def _settings(data_dir: Path, redis_url: str, database_url: str, feed_bytes: int) -> Settings:
    # A feed is read whole or not at all; the outlet with the most articles must fit.
    max_feed_bytes = max(HttpSettings().max_feed_bytes, 2 * feed_bytes)
    return Settings(
        allow_private_networks=True,
        log_level="warning",
        data_dir=data_dir,
        redis_url=SecretStr(redis_url),
        database_url=SecretStr(database_url),
        http=HttpSettings(max_feed_bytes=max_feed_bytes),
    )


def evaluate_articles(
    articles: list[LabelledArticle],
    *,
    workers: int,
    database_url: str | None = None,
    redis_url: str | None = None,
) -> ArticlesReport:
    """Ingest `articles` through the pipeline and score the stories it stores. Without a
    `database_url` a temporary SQLite file is used, without a `redis_url` a private
    redis-server; either given should be empty."""
    started = time.monotonic()
    with ExitStack() as stack:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cluster-eval-")))
        site = write_site(articles, data_dir / "site")
        if redis_url is None:
            redis_url = stack.enter_context(private_redis(data_dir / "redis", appendonly=False))
        settings = _settings(
            data_dir,
            redis_url,
            database_url or f"sqlite:///{data_dir / 'newsfold.db'}",
            max(site.feed_bytes.values(), default=0),
        )
        served = stack.enter_context(serve_content(site.directory))
        engine = create_database_engine(settings.effective_database_url)
        stack.callback(engine.dispose)
        ensure_schema(engine)
        for url in served.feed_urls:
            add_feed(engine, url, datetime.now(UTC))
        result = run_once(settings, redis_url, engine, workers=workers)
        article_of_url = {
            served.url(path): article for path, article in site.article_of_path.items()
        }
        gold = {article.id: article.story for article in articles}
        scores = score_stories(iter_exported_stories(engine), article_of_url, gold)
    return ArticlesReport(
        articles=len(articles),
        feeds=len(site.feed_bytes),
        workers=workers,
        pipeline_seconds=result.seconds,
        wall_seconds=round(time.monotonic() - started, 2),
        failed_jobs=result.failed_jobs,
        scores=scores,
    )
