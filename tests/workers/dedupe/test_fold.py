"""Folding against the real Redis fold index: the seeds in any order become one story."""

import itertools
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from redis import Redis

from schemas.article import Article
from schemas.settings import FoldSettings
from schemas.story import Relation, StorySnapshot, Tier
from services.runtime.articles import save_article
from workers.dedupe.fold import Folder

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
SEED_TIME = datetime(2022, 1, 28, 12, 0, tzinfo=UTC)


def seed_articles() -> dict[str, Article]:
    """The seed texts (junk included: folding must hold up to it) as articles, 000 first."""
    articles = {}
    for position, path in enumerate(sorted(SEEDS.glob("0*.txt"))):
        key = path.name[:3]
        articles[key] = Article(
            id=f"seed{key}",
            feed_id="feed",
            url=f"https://example.org/{key}",
            text=path.read_text(),
            published_at=SEED_TIME + timedelta(minutes=30 * position),
            fetched_at=SEED_TIME,
        )
    return articles


def fold_all(redis: Redis, articles: list[Article]) -> StorySnapshot:
    folder = Folder(redis, FoldSettings())
    snapshot = None
    for article in articles:
        snapshot = folder.fold(article, datetime.now(UTC))
    assert snapshot is not None
    return snapshot


ORDERS = [
    list(order)
    for order in itertools.islice(
        (random.Random(seed).sample(["000", "001", "002", "003", "004"], 5) for seed in range(8)), 8
    )
]


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(order) for order in ORDERS])
def test_seeds_fold_into_one_story_in_any_order(redis: Redis, order: list[str]) -> None:
    articles = seed_articles()
    snapshot = fold_all(redis, [articles[key] for key in order])
    assert {m.article_id for m in snapshot.members} == {f"seed{key}" for key in articles}
    assert snapshot.canonical_id == "seed000"
    relations = {m.article_id: m.relation for m in snapshot.members}
    assert relations["seed000"] is None
    assert relations["seed001"] == Relation.NEAR_DUPLICATE
    for key in ("002", "003", "004"):
        assert relations[f"seed{key}"] in {Relation.REWRITE, Relation.TRANSLATION}


def test_exact_copy_is_labelled_exact_by_the_hash_tier(redis: Redis) -> None:
    original = seed_articles()["000"]
    copy = original.model_copy(
        update={
            "id": "copy",
            "url": "https://mirror.example/x",
            "text": original.text.upper(),
            "published_at": SEED_TIME + timedelta(hours=3),
        }
    )
    snapshot = fold_all(redis, [original, copy])
    member = next(m for m in snapshot.members if m.article_id == "copy")
    assert (member.relation, member.tier, member.similarity) == (
        Relation.EXACT,
        Tier.EXACT_HASH,
        1.0,
    )


def test_folding_twice_changes_nothing(redis: Redis) -> None:
    articles = list(seed_articles().values())
    first = fold_all(redis, articles)
    again = fold_all(redis, articles)
    assert again.version == first.version
    assert again.members == first.members


def test_unrelated_article_opens_its_own_story(redis: Redis) -> None:
    seeds = seed_articles()
    unrelated = Article(
        id="other",
        feed_id="feed",
        url="https://example.org/weather",
        text=(
            "Heavy snowfall closed mountain passes across the Alps on Tuesday, stranding "
            "hundreds of skiers in Swiss and Austrian resorts. Avalanche warnings reached "
            "the highest level in parts of Tyrol, and rail services between Innsbruck and "
            "Bolzano were suspended while crews cleared the tracks."
        ),
        published_at=SEED_TIME,
        fetched_at=SEED_TIME,
    )
    fold_all(redis, [seeds["000"]])
    snapshot = fold_all(redis, [unrelated])
    assert snapshot.id == "other"
    assert [m.article_id for m in snapshot.members] == ["other"]


def test_a_spun_copy_published_first_is_not_canonical(redis: Redis) -> None:
    seeds = seed_articles()
    # The spinner was faster than the aggregator that republished the original.
    spun = seeds["001"].model_copy(update={"published_at": SEED_TIME - timedelta(hours=2)})
    original = seeds["000"]
    for article in (spun, original):
        save_article(redis, article)  # the fold reads the matched copy's text from here
    snapshot = fold_all(redis, [spun, original])

    assert snapshot.canonical_id == original.id
    member = next(m for m in snapshot.members if m.article_id == spun.id)
    assert (member.relation, member.spun_from) == (Relation.NEAR_DUPLICATE, original.id)


def test_a_stored_copy_no_longer_in_flight_is_read_for_the_spin_check(redis: Redis) -> None:
    seeds = seed_articles()
    original, spun = seeds["000"], seeds["001"]
    # The original has been stored and left Redis; only the database has its text.
    stored = {original.id: original.text}
    folder = Folder(redis, FoldSettings(), stored_text=stored.get)
    folder.fold(original, datetime.now(UTC))
    snapshot = folder.fold(spun, datetime.now(UTC))
    member = next(m for m in snapshot.members if m.article_id == spun.id)
    assert (member.relation, member.spun_from) == (Relation.NEAR_DUPLICATE, original.id)


def test_a_story_outliving_its_first_fingerprint_still_takes_articles(redis: Redis) -> None:
    seeds = seed_articles()
    fold_all(redis, [seeds["000"]])
    redis.delete("nf:fold:fp:seed000")  # expired: the story lives on, its first print does not
    snapshot = fold_all(redis, [seeds["001"]])

    assert {m.article_id for m in snapshot.members} == {"seed000", "seed001"}
    assert snapshot.canonical_id == "seed000"
    member = next(m for m in snapshot.members if m.article_id == "seed001")
    assert member.relation == Relation.REWRITE
    assert member.similarity == member.join_score
