"""Events counted by label across every worker process, for the metrics endpoint
(services/runtime/metrics.py): polls by outcome, page fetches by outcome, articles folded
by relation, errors by code.

`count` adds to this process's tally; the tally is written to Redis with the stage costs
(services/runtime/stage_stats.py flushes both every few seconds and as a worker exits), so
counting costs a dict update, not a round trip.
"""

from collections import Counter
from collections.abc import Mapping

from redis import Redis
from redis.client import Pipeline

_KEY = "nf:stats:events"
# A field is the event's name and its labels: `polls|outcome=not_modified`.
_SEPARATOR = "|"

# Process state, like the bound worker context: one tally per worker process.
_tally: Counter[str] = Counter()


def count(event: str, **labels: str) -> None:
    """Count one `event` with `labels` (values from a small fixed set: codes, outcomes)."""
    _tally[_field(event, labels)] += 1


def queue_tally(pipe: Pipeline) -> None:
    """Queue on `pipe` the writes of this process's unwritten counts, and forget them."""
    for name, value in _tally.items():
        pipe.hincrby(_KEY, name, value)
    _tally.clear()


def event_counts(redis: Redis) -> dict[str, list[tuple[dict[str, str], int]]]:
    """Every counted event's totals: per event, (labels, count) pairs."""
    events: dict[str, list[tuple[dict[str, str], int]]] = {}
    for raw_field, raw_value in redis.hgetall(_KEY).items():
        name, *pairs = _text(raw_field).split(_SEPARATOR)
        labels = dict(pair.split("=", 1) for pair in pairs)
        events.setdefault(name, []).append((labels, int(raw_value)))
    return events


def reset_counts(redis: Redis) -> None:
    """Forget every count, this process's unwritten ones included."""
    _tally.clear()
    redis.delete(_KEY)


def _field(event: str, labels: Mapping[str, str]) -> str:
    return _SEPARATOR.join([event, *(f"{key}={labels[key]}" for key in sorted(labels))])


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
