"""What a page of `GET /api/stories` costs in the database as stories accumulate, per filter.

    python -m bench.api_search --stories 20000
    python -m bench.api_search --stories 20000 --database-url postgresql://...
    python -m bench.api_search --stories 20000 --database-url postgresql://... --trigram

Fills an empty database (a temporary SQLite file by default; a PostgreSQL URL must name an
empty database, which is left filled) with N stories of three articles each (the canonical
article and two variants, ~500 words of English each from wordfreq's commonest words, three
entities each from a pool of 2,000 names, one of 50 outlets, one of 5 languages), then times
`search_stories` (services/storage/search.py) through the read-only engine, 20 stories a page,
for each filter: the median and slowest of `--repeat` runs, in ms. `--trigram` (PostgreSQL)
adds pg_trgm GIN indexes on articles' title and text first, to compare the text filter with
and without them.
"""

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text
from wordfreq import top_n_list

from schemas.article import Article, ArticleEntity, EntityKind
from schemas.story import Member, Relation, StorySnapshot
from services.storage.articles import upsert_article
from services.storage.db import create_database_engine
from services.storage.readonly import create_read_only_engine
from services.storage.schema import ensure_schema
from services.storage.search import StoryFilter, search_stories
from services.storage.stories import apply_snapshot

T0 = datetime(2026, 1, 1, tzinfo=UTC)
PAGE = 20
BATCH = 1_000
LANGUAGES = ("en", "fr", "de", "es", "it")


def fill(engine: Engine, stories: int, seed: int = 7) -> None:
    """`stories` stories of three stored articles each, written as the sink writes them, in
    batches of stories."""
    rng = random.Random(seed)
    words = top_n_list("en", 3_000)
    names = [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(2_000)]
    for start in range(0, stories, BATCH):
        with engine.begin() as connection:
            for index in range(start, min(start + BATCH, stories)):
                articles, snapshot = _story(index, rng, words, names)
                for article in articles:
                    upsert_article(connection, article, article.fetched_at)
                apply_snapshot(connection, snapshot, snapshot.updated_at)


def _story(
    index: int, rng: random.Random, words: list[str], names: list[str]
) -> tuple[list[Article], StorySnapshot]:
    published = T0 + timedelta(minutes=10 * index)
    story_id = f"s{index:07d}"
    articles = []
    for member in range(3):
        outlet = f"outlet{rng.randrange(50)}.example"
        article_id = f"{story_id}a{member}"
        articles.append(
            Article(
                id=article_id,
                feed_id=f"feed-{outlet}",
                url=f"https://{outlet}/{article_id}",
                title=" ".join(rng.choices(words, k=10)).capitalize(),
                text=" ".join(rng.choices(words, k=rng.randint(350, 650))),
                published_at=published + timedelta(hours=member),
                language=rng.choice(LANGUAGES),
                outlet=outlet,
                fetched_at=published,
                entities=[
                    ArticleEntity(name=name, kind=EntityKind.PERSON, mentions=1)
                    for name in rng.sample(names, 3)
                ],
            )
        )
    members = [
        Member(
            article_id=article.id,
            relation=None if member == 0 else Relation.REWRITE,
            similarity=1.0 if member == 0 else 0.5,
            published_at=article.published_at,
        )
        for member, article in enumerate(articles)
    ]
    snapshot = StorySnapshot(
        id=story_id,
        version=1,
        canonical_id=articles[0].id,
        members=members,
        updated_at=published + timedelta(hours=2),
    )
    return articles, snapshot


def cases(stories: int) -> list[tuple[str, StoryFilter, bool]]:
    """(label, filter, deep): deep cases start from the cursor of the 10th page."""
    middle = T0 + timedelta(minutes=5 * stories)
    return [
        ("no filter", StoryFilter(), False),
        ("no filter, 10th page (cursor)", StoryFilter(), True),
        (
            "updated_since (last 10%)",
            StoryFilter(updated_since=T0 + timedelta(minutes=9 * stories)),
            False,
        ),
        (
            "published window (1 day)",
            StoryFilter(published_since=middle, published_until=middle + timedelta(days=1)),
            False,
        ),
        ("language=fr", StoryFilter(language="fr"), False),
        ("outlet", StoryFilter(outlet="outlet7.example"), False),
        ("entity (whole key)", StoryFilter(entity=_some_entity()), False),
        ("entity (one word)", StoryFilter(entity=_some_entity().split()[0]), False),
        ("text, common word", StoryFilter(text="people"), False),
        ("text, rare phrase (few matches)", StoryFilter(text="zebra crossing quietly"), False),
    ]


def _some_entity() -> str:
    rng = random.Random(7)
    words = top_n_list("en", 3_000)
    return f"{rng.choice(words)} {rng.choice(words)}"


def timed(run: Callable[[], int], repeat: int) -> tuple[float, float, int]:
    """Median and slowest ms of `run`, and what it returned the last time."""
    times = []
    found = 0
    for _ in range(repeat):
        started = time.perf_counter()
        found = run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), found


def measure(url: str, stories: int, repeat: int) -> None:
    """Print one line per filter."""
    engine = create_read_only_engine(url)
    print(f"{'filter':<36} {'median ms':>10} {'max ms':>8} {'stories':>8}")
    with engine.connect() as connection:
        for label, story_filter, deep in cases(stories):
            cursor = None
            if deep:
                for _ in range(9):
                    cursor = search_stories(connection, story_filter, PAGE, cursor).next_cursor

            def run(story_filter: StoryFilter = story_filter, cursor: str | None = cursor) -> int:
                return len(search_stories(connection, story_filter, PAGE, cursor).stories)

            median, slowest, found = timed(run, repeat)
            print(f"{label:<36} {median:>10.1f} {slowest:>8.1f} {found:>8}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=20_000)
    parser.add_argument(
        "--database-url", default=None, help="an empty database (default: temporary SQLite)"
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--trigram", action="store_true", help="PostgreSQL: pg_trgm indexes first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        url = args.database_url or f"sqlite:///{Path(directory) / 'bench.db'}"
        engine = create_database_engine(url)
        ensure_schema(engine)
        started = time.perf_counter()
        fill(engine, args.stories)
        elapsed = time.perf_counter() - started
        print(f"filled {args.stories} stories ({3 * args.stories} articles) in {elapsed:.0f} s")
        if args.trigram:
            with engine.begin() as connection:
                connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
                for column in ("title", "text"):
                    connection.execute(
                        text(
                            f"CREATE INDEX bench_articles_{column}_trgm ON articles"
                            f" USING gin ({column} gin_trgm_ops)"
                        )
                    )
                connection.execute(text("ANALYZE"))
        elif engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.execute(text("ANALYZE"))
        engine.dispose()
        measure(url, args.stories, args.repeat)


if __name__ == "__main__":
    main()
