"""Offline simulation of the dedupe stage: labelled articles straight into `Folder`.

    python -m bench.fold_sim stories ../shared/eval/allsides_roundups.jsonl
    python -m bench.fold_sim pairs ../shared/eval/semeval2022_train_pairs.jsonl

`stories` folds articles with a gold `story` label one by one in publication order (ties in
a seeded random order) against a private redis-server, as one dedupe worker would, and scores
the stories it ends with: B-cubed and pairwise precision, recall and F1. `--jitter-hours H`
moves each article by up to H hours, for corpora whose copies of a story share one time.

`pairs` folds the two articles of each SemEval-2022 Task 8 pair into an empty index at the
same time and counts a pair as folded when both land in one story; ratings <= 1.5 are the
same story, >= 3 a different one, the rest are left out. Scores per language-pair group.

Keys of the fold index expire in simulated time, as Redis would expire them in real time.
`--set name=value` overrides a fold setting (repeatable); `--grid name=v1,v2,...` runs every
combination. Embeddings are computed once per text and reused across runs, and across
invocations with `--embedding-cache FILE.npz`.
"""

import argparse
import hashlib
import itertools
import random
import tempfile
from collections import defaultdict, deque
from collections.abc import Iterator
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from redis import Redis

from bench.clustering_metrics import Scores, bcubed, pairwise
from bench.eval_data import Label, LabelledArticle, LabelledPair, read_articles, read_pairs
from bench.pairs_eval import PairCounts, PairDecision, count, decide
from schemas.article import Article
from schemas.settings import FoldSettings
from services.runtime.redis_server import private_redis
from workers.dedupe.fingerprint import Fingerprint
from workers.dedupe.fold import Folder
from workers.text.embedding import TextEmbedder, embedder_for


class CachedEmbedder(TextEmbedder):
    """An embedder that embeds each (title, text) once, kept in an .npz file if given."""

    def __init__(self, inner: TextEmbedder, path: Path | None) -> None:
        super().__init__(inner.session, inner.tokenizer, inner.name, inner.pooling)
        self.path = path
        self.cache: dict[str, np.ndarray] = {}
        if path is not None and path.exists():
            with np.load(path) as stored:
                self.cache = {key: stored[key] for key in stored.files}

    def embed(self, title: str | None, text: str) -> np.ndarray:
        key = hashlib.blake2b(f"{self.name}\0{title}\0{text}".encode(), digest_size=16)
        if key.hexdigest() not in self.cache:
            self.cache[key.hexdigest()] = super().embed(title, text)
        return self.cache[key.hexdigest()]

    def save(self) -> None:
        if self.path is not None:
            np.savez(self.path, **self.cache)  # type: ignore[arg-type]  # numpy stubs


def row(scores: Scores) -> str:
    """Precision, recall and F1 on one line."""
    return "  ".join(
        f"{name} {value:.3f}" if value is not None else f"{name} -"
        for name, value in (("P", scores.precision), ("R", scores.recall), ("F1", scores.f1))
    )


# --- corpora -------------------------------------------------------------------------------


def story_articles(
    labelled: list[LabelledArticle], jitter_hours: float, seed: int
) -> list[Article]:
    """Labelled articles as articles in arrival order: publication time, ties shuffled."""
    rng = random.Random(seed)
    articles = []
    for item in labelled:
        if item.published_at is None or item.text is None:
            raise ValueError(f"article {item.id}: the simulation needs a time and a text")
        published = item.published_at.astimezone(UTC)
        published += timedelta(hours=rng.uniform(0, jitter_hours))
        articles.append(
            Article(
                id=item.id,
                feed_id=item.outlet,
                url=item.url or f"https://example.org/{item.id}",
                title=item.title,
                text=item.text,
                language=item.language,
                published_at=published,
                fetched_at=published,
            )
        )
    order = {article.id: rng.random() for article in articles}
    return sorted(articles, key=lambda a: (a.published_at or a.fetched_at, order[a.id]))


def fold_stories(
    redis: Redis, settings: FoldSettings, embedder: TextEmbedder | None, articles: list[Article]
) -> dict[str, str]:
    """Fold the articles in order into an empty index; the story each one ends in."""
    redis.flushdb()
    folder = Folder(redis, settings, embedder)
    lifetime = timedelta(seconds=folder.index.ttl)
    folded: deque[tuple[Article, Fingerprint]] = deque()
    for article in articles:
        while folded and folded[0][0].fetched_at < article.fetched_at - lifetime:
            expired, features = folded.popleft()
            expire(folder, expired.id, features)
        analysed = folder.analyse(article)
        folder.fold(article, article.fetched_at, analysed)
        folded.append((article, analysed[1]))
    return {a.id: folder.index.story_of(a.id) or a.id for a in articles}


def expire(folder: Folder, article_id: str, features: Fingerprint) -> None:
    """What Redis expiry does to finding an article as a copy once the fold index's TTL has
    passed, in simulated time (Redis's own clock does not move here): without it, a template
    text (weekly jobless claims) is a near duplicate of one months older. The fingerprint
    stays, as it would for a story still receiving articles."""
    folder.index.withdraw_copy(article_id, features)


def pair_group(lang1: str, lang2: str) -> str:
    if lang1 == lang2:
        return "en-en" if lang1 == "en" else "same language, not en"
    return "cross-lingual, en-xx" if "en" in (lang1, lang2) else "cross-lingual, other"


def fold_pairs(
    redis: Redis, settings: FoldSettings, embedder: TextEmbedder | None, pairs: list[LabelledPair]
) -> dict[str, PairCounts]:
    """Decide each labelled pair as `bench.pairs_eval` does; the counts per group."""
    folder = Folder(redis, settings, embedder)
    groups: dict[str, list[PairDecision]] = defaultdict(list)
    for pair in pairs:
        if pair.label is Label.UNSURE:
            continue
        decision = decide(folder, redis, pair)
        for group in (pair_group(pair.lang1 or "?", pair.lang2 or "?"), "all"):
            groups[group].append(decision)
    return {group: count(decisions) for group, decisions in groups.items()}


def describe(counts: PairCounts) -> str:
    folded = f"{counts.true_positives} + {counts.false_positives}"
    return f"same {counts.same}, different {counts.pairs - counts.same}, folded {folded}"


# --- runs ----------------------------------------------------------------------------------


def settings_runs(overrides: list[str], grid: list[str]) -> Iterator[dict[str, Any]]:
    """Every combination of the grid's values, each with the fixed overrides."""
    fixed = dict(parse_assignment(item) for item in overrides)
    axes = [(name, values.split(",")) for name, values in map(parse_assignment, grid)]
    for combination in itertools.product(*(values for _, values in axes)):
        yield {**fixed, **{name: value for (name, _), value in zip(axes, combination, strict=True)}}


def parse_assignment(item: str) -> tuple[str, str]:
    name, _, value = item.partition("=")
    return name.strip(), value.strip()


def label(changes: dict[str, Any]) -> str:
    return " ".join(f"{name}={value}" for name, value in changes.items()) or "defaults"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["stories", "pairs"])
    parser.add_argument("path", type=Path)
    parser.add_argument("--set", dest="overrides", action="append", default=[])
    parser.add_argument("--grid", action="append", default=[])
    parser.add_argument("--jitter-hours", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--embedding-cache", type=Path, help="an .npz file of embeddings")
    args = parser.parse_args()

    embedders: dict[str | None, CachedEmbedder | None] = {}
    with (
        tempfile.TemporaryDirectory() as directory,
        private_redis(Path(directory), appendonly=False) as url,
    ):
        redis = Redis.from_url(url)
        for changes in settings_runs(args.overrides, args.grid):
            settings = FoldSettings(**changes)
            name = settings.embedding_model
            if name not in embedders:
                loaded = embedder_for(name)
                embedders[name] = CachedEmbedder(loaded, args.embedding_cache) if loaded else None
            embedder = embedders[name]
            print(label(changes), flush=True)
            if args.mode == "stories":
                report_stories(redis, settings, embedder, args)
            else:
                report_pairs(redis, settings, embedder, args.path)
            if embedder is not None:
                embedder.save()
        redis.close()


def report_stories(
    redis: Redis, settings: FoldSettings, embedder: TextEmbedder | None, args: argparse.Namespace
) -> None:
    labelled = read_articles(args.path)
    articles = story_articles(labelled, args.jitter_hours, args.seed)
    predicted = fold_stories(redis, settings, embedder, articles)
    gold = {item.id: item.story for item in labelled}
    print(f"  B-cubed   {row(bcubed(predicted, gold))}")
    print(f"  pairwise  {row(pairwise(predicted, gold))}")
    print(
        f"  stories   {len(set(predicted.values()))} (gold {len(set(gold.values()))})", flush=True
    )


def report_pairs(
    redis: Redis, settings: FoldSettings, embedder: TextEmbedder | None, path: Path
) -> None:
    pairs = read_pairs(path, same_max=1.5, different_min=3.0)
    for group, counts in sorted(fold_pairs(redis, settings, embedder, pairs).items()):
        print(f"  {group:24} {row(counts.scores)}  ({describe(counts)})", flush=True)


if __name__ == "__main__":
    main()
