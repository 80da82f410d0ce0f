"""What Redis holds, by kind of key: for the benchmarks' memory figures."""

from collections import Counter

from redis import Redis


def key_kind(key: str) -> str:
    """A key's kind: its prefix up to the first part that names one thing (an id, a day):
    `nf:fold:lsh:20415:77` is `nf:fold:lsh`, `rq:job:abc` is `rq:job`."""
    parts = key.split(":")
    return ":".join(parts[:3] if key.startswith("nf:fold:") else parts[:2])


def memory_by_kind(redis: Redis, match: str = "*") -> Counter[str]:
    """Bytes held per kind of key (MEMORY USAGE of every key matching `match`)."""
    sizes: Counter[str] = Counter()
    for key in redis.scan_iter(match=match, count=1000):
        name = key.decode() if isinstance(key, bytes) else str(key)
        sizes[key_kind(name)] += int(redis.memory_usage(key, samples=0) or 0)
    return sizes
