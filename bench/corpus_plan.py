"""What the generated corpus holds, before a word of it is written: for every article its
outlet, event, kind (original, exact copy, spun copy, rewrite), publication time and path.

The plan is cheap (a few seconds for 100,000 articles) and made from the spec alone, so the
server's process and the benchmark's each make their own rather than pass it across.
"""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache

from bench.corpus_events import category_of
from bench.corpus_outlets import layout_of

# A fixed "now", so a spec's corpus is the same whenever it is made; a benchmark that needs
# entries recent by the clock passes its own.
DEFAULT_NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
# Copies appear minutes to hours after the original, well inside the fold window (72 h).
_COPY_DELAY_MINUTES = (5.0, 12 * 60.0)


class Kind(StrEnum):
    """How an article relates to its event's original."""

    ORIGINAL = "original"
    EXACT = "exact"  # the original's text on another outlet's page
    SPUN = "spun"  # the original's text with words swapped for synonyms
    REWRITE = "rewrite"  # new sentences about the same event


@dataclass(frozen=True)
class CorpusSpec:
    """The corpus to generate: sizes, the share of each kind of copy (the rest are
    originals, one per event) and how hard spun copies are spun (`spin_rate`: the share of
    the words with a synonym that are swapped; 0.6 changes about a fifth of a text's words
    and leaves ~45% of its word bigrams, as the seeds' spun copy does)."""

    articles: int = 300
    outlets: int = 10
    seed: int = 1
    exact_share: float = 0.1
    spun_share: float = 0.1
    rewrite_share: float = 0.1
    spin_rate: float = 0.6
    now: datetime = DEFAULT_NOW
    span_hours: float = 48.0

    def __post_init__(self) -> None:
        copies = self.exact_share + self.spun_share + self.rewrite_share
        if self.articles < 1 or self.outlets < 1:
            raise ValueError("a corpus needs at least one article and one outlet")
        if min(self.exact_share, self.spun_share, self.rewrite_share) < 0 or copies >= 1:
            raise ValueError("copy shares must be non-negative and leave room for originals")

    def count(self, kind: Kind) -> int:
        """How many articles of `kind` the corpus has."""
        copies = {
            Kind.EXACT: round(self.articles * self.exact_share),
            Kind.SPUN: round(self.articles * self.spun_share),
            Kind.REWRITE: round(self.articles * self.rewrite_share),
        }
        if kind is Kind.ORIGINAL:
            return self.articles - sum(copies.values())
        return copies[kind]


@dataclass(frozen=True)
class Planned:
    """One article of the plan: `event` is its gold story label."""

    index: int
    id: str
    outlet: int
    event: int
    kind: Kind
    published_at: datetime
    path: str


@lru_cache(maxsize=4)
def plan(spec: CorpusSpec) -> tuple[Planned, ...]:
    """Every article of the corpus, in index order (which is shuffled: copies are not next
    to their originals)."""
    rng = random.Random(f"{spec.seed}:plan")
    originals = spec.count(Kind.ORIGINAL)
    rows: list[tuple[int, int, Kind, datetime]] = []
    for event in range(originals):
        age = timedelta(hours=rng.uniform(0, spec.span_hours))
        rows.append((rng.randrange(spec.outlets), event, Kind.ORIGINAL, spec.now - age))
    for kind in (Kind.EXACT, Kind.SPUN, Kind.REWRITE):
        for _ in range(spec.count(kind)):
            # Squared, so some events are copied widely and most rarely, as syndication goes.
            source = rows[int(originals * rng.random() ** 2)]
            outlet = _other_outlet(rng, spec.outlets, source[0])
            # Never after `now`: a copy of a very recent original follows it sooner.
            latest = min(_COPY_DELAY_MINUTES[1], (spec.now - source[3]).total_seconds() / 60)
            delay = rng.uniform(min(_COPY_DELAY_MINUTES[0], latest), latest)
            published = source[3] + timedelta(minutes=delay)
            rows.append((outlet, source[1], kind, published))
    rng.shuffle(rows)
    return tuple(
        _planned(spec.seed, index, outlet, event, kind, published.replace(second=0, microsecond=0))
        for index, (outlet, event, kind, published) in enumerate(rows)
    )


@lru_cache(maxsize=4)
def by_outlet(spec: CorpusSpec) -> tuple[tuple[Planned, ...], ...]:
    """The plan's articles of each outlet, by outlet number."""
    groups: list[list[Planned]] = [[] for _ in range(spec.outlets)]
    for planned in plan(spec):
        groups[planned.outlet].append(planned)
    return tuple(tuple(group) for group in groups)


def _other_outlet(rng: random.Random, outlets: int, taken: int) -> int:
    if outlets == 1:
        return taken
    return (taken + rng.randrange(1, outlets)) % outlets


def _planned(
    seed: int, index: int, outlet: int, event: int, kind: Kind, published: datetime
) -> Planned:
    id = f"a{index:06d}"
    section = category_of(seed, event)
    path = layout_of(outlet).page_path.format(section=section, date=published, id=id)
    return Planned(index, id, outlet, event, kind, published, path)
