"""Folding at scale: what a fold costs, and what the window holds in Redis, as 1k, 10k and
100k articles accumulate in the fold window.

    python -m bench.fold_scale --articles 100000
    python -m bench.fold_scale --articles 2000 --embeddings

Articles of the generated corpus (bench/corpus.py: exact, spun and rewritten copies of
events over `--hours`, 72 by default: the whole fold window) are folded straight into
`Folder` in publication order against a private redis-server, the index's day taken from
each article's time, as one dedupe worker would. Printed at each checkpoint, over the
articles since the previous one: the fingerprint's CPU ms per article (MinHash, terms and,
with `--embeddings`, the sentence embedding: computed outside the fold lock), the fold
decision's CPU ms per article (the tiers' lookups, scoring, and the writes, under the lock),
Redis commands per fold, and Redis memory per article in the window; at the end, the
stories against the corpus's events (B-cubed) and Redis memory by kind of key.
"""

import argparse
import hashlib
import tempfile
import time
from datetime import UTC, timedelta
from pathlib import Path

from redis import Redis

from bench.clustering_metrics import bcubed
from bench.corpus import story_of
from bench.corpus_plan import CorpusSpec, plan
from bench.redis_memory import memory_by_kind
from schemas.article import Article
from schemas.settings import FoldSettings
from services.runtime.redis_server import private_redis
from workers.dedupe.fold import Folder

_CHECKPOINTS = (1_000, 10_000, 100_000, 1_000_000)


def corpus_articles(spec: CorpusSpec) -> list[tuple[Article, int]]:
    """The corpus's articles in publication order, each with its event (the gold story).
    Ids are 20 hex digits like newsfold's own, so the index stores them as it would."""
    planned = sorted(plan(spec), key=lambda p: (p.published_at, p.index))
    articles = []
    for item in planned:
        story = story_of(spec, item.index)
        published = item.published_at.astimezone(UTC)
        articles.append(
            (
                Article(
                    id=hashlib.blake2b(item.id.encode(), digest_size=10).hexdigest(),
                    feed_id=f"outlet-{item.outlet}",
                    url=f"https://outlet{item.outlet}.example{item.path}",
                    title=story.title,
                    text=story.text,
                    language="en",
                    published_at=published,
                    fetched_at=published,
                ),
                item.event,
            )
        )
    return articles


class Clock:
    """The simulated time the fold index reads its day from."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--outlets", type=int, default=50)
    parser.add_argument("--hours", type=float, default=72.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--embeddings", action="store_true", help="embed English articles")
    args = parser.parse_args()

    spec = CorpusSpec(
        articles=args.articles, outlets=args.outlets, seed=args.seed, span_hours=args.hours
    )
    started = time.perf_counter()
    articles = corpus_articles(spec)
    print(f"corpus: {len(articles)} articles in {time.perf_counter() - started:.0f} s")
    settings = FoldSettings() if args.embeddings else FoldSettings(embedding_model="none")
    clock = Clock()
    with (
        tempfile.TemporaryDirectory() as directory,
        private_redis(Path(directory), appendonly=False) as url,
    ):
        redis = Redis.from_url(url)
        folder = Folder(redis, settings, clock=clock)
        base_memory = int(redis.info("memory")["used_memory"])
        print(
            f"{'articles':>9} {'fingerprint ms':>15} {'fold ms':>8} {'commands':>9}"
            f" {'bytes/article':>14} {'stories':>8}"
        )
        segment_start, analyse_cpu, fold_cpu = 0, 0.0, 0.0
        commands = int(redis.info("stats")["total_commands_processed"])
        stories: dict[str, str] = {}
        for count, (article, _event) in enumerate(articles, start=1):
            moment = article.published_at or article.fetched_at
            clock.now = moment.timestamp()
            cpu = time.process_time()
            analysed = folder.analyse(article)
            analyse_cpu += time.process_time() - cpu
            cpu = time.process_time()
            snapshot = folder.fold(article, moment + timedelta(seconds=1), analysed)
            fold_cpu += time.process_time() - cpu
            stories[article.id] = snapshot.id
            if count in _CHECKPOINTS or count == len(articles):
                done = count - segment_start
                now_commands = int(redis.info("stats")["total_commands_processed"])
                memory = int(redis.info("memory")["used_memory"]) - base_memory
                print(
                    f"{count:>9} {1000 * analyse_cpu / done:>15.2f}"
                    f" {1000 * fold_cpu / done:>8.2f} {(now_commands - commands) / done:>9.1f}"
                    f" {memory / count:>14.0f} {len(set(stories.values())):>8}"
                )
                segment_start, analyse_cpu, fold_cpu = count, 0.0, 0.0
                commands = int(redis.info("stats")["total_commands_processed"])
        # Merged stories: an article's story is the one it ends in.
        final = {
            article_id: folder.index.story_of(article_id) or sid
            for article_id, sid in stories.items()
        }
        gold = {article.id: event for article, event in articles}
        scores = bcubed(final, gold)
        print(
            f"stories {len(set(final.values()))} (events {len(set(gold.values()))}),"
            f" B-cubed P {scores.precision:.3f} R {scores.recall:.3f} F1 {scores.f1:.3f}"
        )
        sizes = memory_by_kind(redis, "nf:fold:*")
        total = sum(sizes.values())
        print("Redis memory by key kind, bytes per article (MEMORY USAGE):")
        for kind, size in sizes.most_common():
            print(f"  {kind:<16} {size / len(articles):>7.0f}")
        print(f"  {'all':<16} {total / len(articles):>7.0f}")


if __name__ == "__main__":
    main()
