"""The steady-load benchmark's figures, from what the server logged and the database showed.

Per published article: poll-to-database, from the moment the server finished sending the
first feed document that held the entry to the moment the bench first saw its row; and
publication-to-database, which adds the wait for that poll. Latencies count only articles
published after the warm-up (the backlog's burst and the first polls are over by then); the
exactly-once check counts every article.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.corpus_plan import plan
from bench.steady_server import ServedStream
from bench.steady_watch import Watched


@dataclass(frozen=True)
class Spread:
    """Percentiles of latencies, in seconds."""

    count: int
    p50: float
    p95: float
    p99: float
    max: float

    def __str__(self) -> str:
        return (
            f"p50 {self.p50:5.2f} s  p95 {self.p95:5.2f} s  p99 {self.p99:5.2f} s"
            f"  max {self.max:5.2f} s  (n={self.count})"
        )


@dataclass(frozen=True)
class Figures:
    """The run's results; `missing`/`duplicated` count published articles stored zero or
    several times, `foreign` rows whose URL was never published."""

    poll_to_db: Spread | None
    publish_to_db: Spread | None
    publish_to_poll: Spread | None
    commit_lag: Spread | None
    ingested_per_second: float
    published: int
    stored: int
    missing: int
    duplicated: int
    foreign: int
    unpolled: int


def spread(values: list[float]) -> Spread | None:
    """p50/p95/p99/max of `values`; None when there are fewer than two."""
    if len(values) < 2:
        return None
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return Spread(len(values), cuts[49], cuts[94], cuts[98], max(values))


def feed_fetches(log_path: Path) -> dict[int, list[tuple[float, int]]]:
    """The server's log: outlet -> (served at, newest article index held), in time order."""
    fetches: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for line in log_path.read_text().splitlines():
        outlet, served_at, _status, newest = line.split()
        fetches[int(outlet)].append((float(served_at), int(newest)))
    for entries in fetches.values():
        entries.sort()
    return fetches


def figures(
    served: ServedStream, started: float, warmup: float, ended: float, watched: Watched, log: Path
) -> Figures:
    """The figures of a run that published from `started` to `ended` (Unix seconds)."""
    stream = served.stream
    fetches = feed_fetches(log)
    by_url: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for url, seen_at, stored_at in watched.rows.values():
        by_url[url].append((seen_at, stored_at))
    poll_to_db, publish_to_db, publish_to_poll, commit_lag = [], [], [], []
    copies: Counter[int] = Counter()
    unpolled = 0
    for planned in plan(stream.spec):
        rows = by_url.get(served.article_url(planned.index), [])
        copies[len(rows)] += 1
        published = stream.published_at(planned.index, started)
        if not rows or published < started + warmup:
            continue
        seen_at, stored_at = min(rows)
        polled = next(
            (at for at, newest in fetches[planned.outlet] if newest >= planned.index), None
        )
        if polled is None:
            unpolled += 1
            continue
        poll_to_db.append(seen_at - polled)
        publish_to_db.append(seen_at - published)
        publish_to_poll.append(polled - published)
        commit_lag.append(seen_at - stored_at)
    urls = {served.article_url(index) for index in range(stream.spec.articles)}
    in_window = [seen for _, seen, _ in watched.rows.values() if started + warmup <= seen <= ended]
    return Figures(
        poll_to_db=spread(poll_to_db),
        publish_to_db=spread(publish_to_db),
        publish_to_poll=spread(publish_to_poll),
        commit_lag=spread(commit_lag),
        ingested_per_second=len(in_window) / max(ended - started - warmup, 1e-9),
        published=stream.spec.articles,
        stored=len(watched.rows),
        missing=copies[0],
        duplicated=sum(count for copies_of, count in copies.items() if copies_of > 1),
        foreign=sum(len(rows) for url, rows in by_url.items() if url not in urls),
        unpolled=unpolled,
    )
