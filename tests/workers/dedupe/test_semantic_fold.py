"""The story-similarity tier with sentence embeddings, against the real Redis fold index."""

from datetime import UTC, datetime, timedelta

import numpy as np
from redis import Redis

from schemas.article import Article
from schemas.settings import FoldSettings
from schemas.story import Relation, Tier
from tests.workers.dedupe.test_fold import SEED_TIME, seed_articles
from workers.dedupe.fold import Folder

# An independent write-up of the seeds' event that names none of its people.
REWRITE = Article(
    id="rewrite",
    feed_id="feed",
    url="https://example.org/rewrite",
    title="Kremlin chief tells French leader the West brushed off his security demands",
    text=(
        "The Russian head of state complained to his French counterpart during a telephone "
        "conversation on Friday that Washington and the Western military alliance had "
        "brushed aside Moscow's main security demands, according to the Kremlin's account of "
        "the call. He said the written replies from the Americans and the alliance ignored "
        "his key concerns about the bloc moving further east and about offensive weapons "
        "near his country's borders. The two leaders agreed to keep talking."
    ),
    language="en",
    published_at=SEED_TIME + timedelta(hours=3),
    fetched_at=SEED_TIME + timedelta(hours=3),
)

# Another story about the same president in the same days.
OLYMPICS = Article(
    id="olympics",
    feed_id="feed",
    url="https://example.org/olympics",
    title="Putin to attend Beijing Winter Olympics opening and meet Xi",
    text=(
        "Russian President Vladimir Putin will travel to Beijing next week for the opening "
        "ceremony of the Winter Olympics and hold talks with Chinese leader Xi Jinping, the "
        "Kremlin said on Friday. The two leaders are expected to sign agreements on natural "
        "gas supplies and discuss trade, while several Western governments have announced a "
        "diplomatic boycott of the Games over China's human rights record."
    ),
    language="en",
    published_at=SEED_TIME + timedelta(hours=2),
    fetched_at=SEED_TIME + timedelta(hours=2),
)


def fold(redis: Redis, settings: FoldSettings, articles: list[Article]) -> Folder:
    folder = Folder(redis, settings)
    for article in articles:
        folder.fold(article, datetime.now(UTC))
    return folder


def test_a_rewrite_joins_its_story_through_the_semantic_tier(redis: Redis) -> None:
    seeds = seed_articles()
    folder = fold(redis, FoldSettings(), [seeds["000"], seeds["004"], REWRITE])
    story_id = folder.index.story_of("seed000")
    assert folder.index.story_of("rewrite") == story_id
    story = folder.index.load_stories([str(story_id)])[str(story_id)]
    member = next(m for m in story.members if m.article_id == "rewrite")
    assert (member.tier, member.relation) == (Tier.STORY_SIMILARITY, Relation.REWRITE)


def test_another_story_about_the_same_people_stays_apart(redis: Redis) -> None:
    folder = fold(redis, FoldSettings(), [*seed_articles().values(), OLYMPICS])
    assert folder.index.story_of("olympics") == "olympics"
    assert folder.index.story_of("seed000") != "olympics"


def test_stories_keep_a_compact_running_mean_embedding(redis: Redis) -> None:
    seeds = seed_articles()
    folder = fold(redis, FoldSettings(), [seeds["000"], seeds["002"]])
    story = folder.index.load_stories(["seed000"])["seed000"]
    prints = folder.index.fingerprints(["seed000", "seed002"])
    assert story.profile.embedding_count == 2
    mean = story.profile.mean_embedding()
    assert mean is not None and mean.shape == (384,)
    expected = (prints["seed000"].embedding + prints["seed002"].embedding) / 2
    assert abs(mean - expected).max() < 2e-3  # float16 storage
    stored = redis.get("nf:fold:fp:seed000")
    assert stored is not None
    # The 384 float16 values of the embedding are 768 of the packed bytes.
    assert 768 < len(stored) < 768 + 256 + 32 + 6 * len(prints["seed000"].terms.ids)


def test_articles_in_languages_the_model_does_not_read_are_scored_on_terms(
    redis: Redis,
) -> None:
    german = REWRITE.model_copy(update={"id": "german", "language": "de"})
    folder = fold(redis, FoldSettings(), [german])
    assert folder.index.fingerprints(["german"])["german"].embedding is None
    anywhere = FoldSettings(embedding_languages=["*"])
    redis.flushdb()
    folder = fold(redis, anywhere, [german])
    assert folder.index.fingerprints(["german"])["german"].embedding is not None


def test_an_exact_copy_takes_the_embedding_of_the_article_it_copies(redis: Redis) -> None:
    seeds = seed_articles()
    folder = fold(redis, FoldSettings(), [seeds["000"]])
    copy = seeds["000"].model_copy(update={"id": "copy", "title": "An unrelated headline"})
    _, copied = folder.analyse(copy)
    _, fresh = folder.analyse(copy.model_copy(update={"text": copy.text + " More."}))
    stored = folder.index.fingerprints(["seed000"])["seed000"].embedding
    assert copied.embedding is not None and stored is not None and fresh.embedding is not None
    assert np.array_equal(copied.embedding, stored)
    # Not the same text: embedded afresh, headline included.
    assert float(fresh.embedding @ stored) < 0.99
