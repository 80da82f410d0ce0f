"""Labelled article pairs decided by the dedupe stage's own folding code.

For each pair the fold state is emptied (`FLUSHDB` on a Redis of our own), the first article
is folded, then the second; the pair is called the same story when the second article's
story holds the first. Both articles get the same publication time, so the time window
never separates them, and the language the pair states (else the detected one).
"""

import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from redis import Redis

from bench.clustering_metrics import Scores, binary_scores
from bench.eval_data import Label, LabelledPair
from schemas.article import Article
from schemas.settings import FoldSettings, Settings
from schemas.story import Relation, StorySnapshot, Tier
from services.runtime.redis_server import private_redis
from workers.dedupe.fold import Folder

# Any fixed time does: both articles of a pair share it.
PAIR_TIME = datetime(2022, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PairDecision:
    """What folding made of one pair: whether the two were folded together, and if so the
    variant's relation to the canonical article and the tier that joined the second; or the
    error folding raised (the pair is then left out of the scores)."""

    pair: LabelledPair
    folded: bool
    relation: Relation | None = None
    tier: Tier | None = None
    error: str | None = None


@dataclass(frozen=True)
class PairCounts:
    """Same/different calls on the labelled pairs of a group, and the scores they give."""

    pairs: int  # the group's decided pairs with a label (left-out pairs are not counted)
    same: int
    true_positives: int
    false_positives: int
    false_negatives: int
    errors: int  # pairs that folding failed on

    @property
    def scores(self) -> Scores:
        """Precision, recall and F1 of the "same story" calls."""
        return binary_scores(self.true_positives, self.false_positives, self.false_negatives)


def count(decisions: Iterable[PairDecision]) -> PairCounts:
    """Tally the decisions on labelled pairs (left-out pairs are skipped)."""
    pairs = same = tp = fp = fn = errors = 0
    for decision in decisions:
        if decision.pair.label is Label.UNSURE:
            continue
        if decision.error is not None:
            errors += 1
            continue
        is_same = decision.pair.label is Label.SAME
        pairs += 1
        same += is_same
        tp += is_same and decision.folded
        fp += not is_same and decision.folded
        fn += is_same and not decision.folded
    return PairCounts(pairs, same, tp, fp, fn, errors)


@dataclass(frozen=True)
class PairsReport:
    """Every pair's decision and how long deciding took."""

    decisions: list[PairDecision]
    seconds: float

    @property
    def pairs_per_second(self) -> float:
        """Pairs decided per second (two folds and a flush each)."""
        return len(self.decisions) / self.seconds if self.seconds else 0.0


def _article(pair: LabelledPair, number: int) -> Article:
    text, title, language = (
        (pair.text1, pair.title1, pair.lang1)
        if number == 1
        else (pair.text2, pair.title2, pair.lang2)
    )
    return Article(
        id=f"{pair.id}-{number}",
        feed_id="labelled-pairs",
        url=f"https://pairs.invalid/{pair.id}/{number}",
        title=title,
        text=text,
        published_at=PAIR_TIME,
        language=language,
        fetched_at=PAIR_TIME,
    )


def _decision(
    pair: LabelledPair, first: Article, second: Article, story: StorySnapshot
) -> PairDecision:
    members = {member.article_id: member for member in story.members}
    if first.id not in members:
        return PairDecision(pair, folded=False)
    # The relation is stated for whichever of the two is not the canonical article.
    variant = next(member for member in members.values() if member.article_id != story.canonical_id)
    return PairDecision(pair, True, variant.relation, members[second.id].tier)


def decide(folder: Folder, redis: Redis, pair: LabelledPair) -> PairDecision:
    """Fold the pair's two articles into an empty fold state and say what came of it."""
    redis.flushdb()
    first, second = _article(pair, 1), _article(pair, 2)
    try:
        folder.fold(first, PAIR_TIME)
        story = folder.fold(second, PAIR_TIME)
    except Exception as exc:
        # What would fail the dedupe job in production (a missing tokenizer for a language,
        # say) is counted per language pair rather than ending the measurement.
        return PairDecision(pair, folded=False, error=f"{type(exc).__name__}: {exc}")
    return _decision(pair, first, second, story)


def _decisions(
    pairs: list[LabelledPair], redis_url: str, fold: FoldSettings
) -> Iterator[PairDecision]:
    redis = Redis.from_url(redis_url)
    try:
        folder = Folder(redis, fold)
        for pair in pairs:
            yield decide(folder, redis, pair)
    finally:
        redis.close()


def evaluate_pairs(
    pairs: list[LabelledPair], *, fold: FoldSettings | None = None, redis_url: str | None = None
) -> PairsReport:
    """Decide every pair with the fold settings (NEWSFOLD_FOLD__* or the defaults) on a
    private redis-server, or on the Redis at `redis_url`, whose database is flushed."""
    fold = fold or Settings().fold
    with ExitStack() as stack:
        if redis_url is None:
            directory = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pairs-eval-")))
            redis_url = stack.enter_context(private_redis(directory, appendonly=False))
        started = time.monotonic()
        decisions = list(_decisions(pairs, redis_url, fold))
        seconds = round(time.monotonic() - started, 2)
    return PairsReport(decisions, seconds)
