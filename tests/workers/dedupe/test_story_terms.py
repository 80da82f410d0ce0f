"""Story candidates by shared telling terms (workers/dedupe/story_terms.py)."""

from datetime import UTC, datetime, timedelta

from redis import Redis

from schemas.article import Article
from schemas.settings import FoldSettings
from tests.workers.dedupe.test_fold import seed_articles
from workers.dedupe.fold import Folder
from workers.dedupe.lsh_buckets import DAY_SECONDS
from workers.dedupe.story_profile import StoryProfile
from workers.dedupe.story_state import StoryState
from workers.dedupe.story_terms import StoryTerms
from workers.dedupe.term_array import TermArray

_TTL = 4 * DAY_SECONDS
_NOW = 1_800_000_000.0


def _post(redis: Redis, terms: StoryTerms, story_id: str, words: dict[str, float]) -> None:
    with redis.pipeline() as pipe:
        terms.post(pipe, story_id, TermArray.of(words))
        pipe.execute()


def test_stories_rank_by_the_weight_of_the_terms_they_share(redis: Redis) -> None:
    terms = StoryTerms(redis, _TTL, lambda: _NOW)
    _post(redis, terms, "a" * 20, {"kremlin": 0.7, "macron": 0.7})
    _post(redis, terms, "b" * 20, {"kremlin": 0.7, "elysee": 0.7})
    _post(redis, terms, "c" * 20, {"harvest": 1.0})
    ranked = terms.candidates(TermArray.of({"elysee": 0.5, "kremlin": 0.3, "putin": 0.8}), limit=10)
    assert ranked == ["b" * 20, "a" * 20]
    assert terms.candidates(TermArray.of({"elysee": 0.5, "kremlin": 0.3}), limit=1) == ["b" * 20]


def test_a_term_in_many_stories_is_chunked_then_dropped_as_common(redis: Redis) -> None:
    terms = StoryTerms(redis, _TTL, lambda: _NOW)
    story_ids = [f"{n:020x}" for n in range(300)]
    for story_id in story_ids[:150]:
        _post(redis, terms, story_id, {"ukraine": 1.0})
    # Chunks of a few ids keep the day's hash in Redis's compact encoding.
    [key] = redis.keys("nf:fold:terms:*")
    assert redis.object("encoding", key) == b"listpack"
    assert set(terms.candidates(TermArray.of({"ukraine": 1.0}), limit=1000)) == set(story_ids[:150])
    for story_id in story_ids[150:]:
        _post(redis, terms, story_id, {"ukraine": 1.0})
    # Posted by more stories than its chunks hold: it tells nothing apart any more.
    assert terms.candidates(TermArray.of({"ukraine": 1.0}), limit=1000) == []


def test_a_story_is_posted_once_per_term_however_many_members_repeat_it(redis: Redis) -> None:
    terms = StoryTerms(redis, _TTL, lambda: _NOW)
    for _ in range(10):
        _post(redis, terms, "a" * 20, {"kremlin": 1.0})
    [key] = redis.keys("nf:fold:terms:*")
    assert redis.hlen(key) == 2  # the chunk count and one chunk
    assert terms.candidates(TermArray.of({"kremlin": 1.0}), limit=10) == ["a" * 20]


def test_postings_of_days_past_the_window_are_not_read(redis: Redis) -> None:
    clock = {"now": _NOW}
    terms = StoryTerms(redis, _TTL, lambda: clock["now"])
    _post(redis, terms, "a" * 20, {"kremlin": 1.0})
    clock["now"] += 3 * DAY_SECONDS
    assert terms.candidates(TermArray.of({"kremlin": 1.0}), limit=10) == ["a" * 20]
    clock["now"] += 3 * DAY_SECONDS
    assert terms.candidates(TermArray.of({"kremlin": 1.0}), limit=10) == []


def test_a_rewrite_finds_its_story_among_the_candidates(redis: Redis) -> None:
    seeds = seed_articles()
    folder = Folder(redis, FoldSettings(embedding_model=None))
    now = datetime.now(UTC)
    folder.fold(seeds["000"], now)
    _, features = folder.analyse(seeds["003"])
    assert folder.index.story_terms.candidates(features.terms, 5)[0] == "seed000"


def test_a_story_outside_the_window_is_not_joined(redis: Redis) -> None:
    seeds = seed_articles()
    settings = FoldSettings(embedding_model=None, window_hours=24)
    folder = Folder(redis, settings)
    first = seeds["000"]
    folder.fold(first, datetime.now(UTC))
    published = (first.published_at or first.fetched_at) + timedelta(hours=30)
    later: Article = seeds["003"].model_copy(update={"published_at": published})
    snapshot = folder.fold(later, datetime.now(UTC))
    assert snapshot.id == later.id


def test_a_merged_story_is_found_by_its_loser_s_terms(redis: Redis) -> None:
    folder = Folder(redis, FoldSettings(embedding_model=None))
    loser = StoryState(
        id="b" * 20,
        canonical_id="b" * 20,
        profile=StoryProfile(members=1, terms=TermArray.of({"donbass": 2.0})),
    )
    with redis.pipeline() as pipe:
        folder.index.story_terms.post(pipe, loser.id, loser.profile.terms)
        folder.index.retire(pipe, loser, "a" * 20)
        pipe.execute()
    assert "a" * 20 in folder.index.story_terms.candidates(TermArray.of({"donbass": 1.0}), 5)
