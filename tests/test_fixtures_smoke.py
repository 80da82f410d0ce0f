"""The private servers the other tests rely on really are private and really answer."""

from redis import Redis
from sqlalchemy import Engine, text

from services.runtime.redis_server import DEFAULT_LOCAL_URL


def test_redis_fixture_is_a_private_server(redis: Redis, redis_url: str) -> None:
    assert redis_url != DEFAULT_LOCAL_URL
    assert not redis_url.endswith(":6379/0")
    redis.set("probe", "1")
    assert redis.get("probe") == b"1"


def test_engine_fixture_has_newsfold_tables(engine: Engine) -> None:
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM stories")).scalar_one()
    assert count == 0
