"""The scheduler's heartbeat in Redis, for `newsfold health`.

Every scheduler loop (one per `newsfold run`, on any machine) records the time of its
latest tick under its host and process id in one sorted set; the freshest score says
whether some scheduler is running. Workers need no heartbeat of newsfold's: rq registers
each worker under a key that expires unless the worker keeps it alive.
"""

import os
import socket

from redis import Redis

_SCHEDULERS_KEY = "nf:heartbeat:scheduler"
# Entries of schedulers gone this long are dropped as the live ones beat.
_FORGET_AFTER_SECONDS = 86_400


def scheduler_name() -> str:
    """This process's name among schedulers: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(redis: Redis, now: float) -> None:
    """Record that this process's scheduler ticked at `now` (seconds since the epoch)."""
    with redis.pipeline(transaction=False) as pipe:
        pipe.zadd(_SCHEDULERS_KEY, {scheduler_name(): now})
        pipe.zremrangebyscore(_SCHEDULERS_KEY, "-inf", now - _FORGET_AFTER_SECONDS)
        pipe.execute()


def latest_beat(redis: Redis) -> float | None:
    """When some scheduler last ticked (seconds since the epoch), if any ever did."""
    newest = redis.zrange(_SCHEDULERS_KEY, -1, -1, withscores=True)
    return float(newest[0][1]) if newest else None
