"""The embedded default's private redis-server."""

from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from services.runtime.redis_server import RedisUnavailable, private_redis, redis_url_for


def test_private_server_answers_and_stops_on_exit(tmp_path: Path) -> None:
    with private_redis(tmp_path) as url:
        client = Redis.from_url(url)
        assert client.ping()
        client.close()
    stopped = Redis.from_url(url, socket_connect_timeout=0.5)
    with pytest.raises(RedisConnectionError):
        stopped.ping()
    stopped.close()


def test_missing_binary_is_a_clear_error_naming_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with (
        pytest.raises(RedisUnavailable, match="apt-get install redis-server"),
        private_redis(tmp_path),
    ):
        pass


def test_configured_url_is_used_as_is(tmp_path: Path) -> None:
    with redis_url_for("redis://10.0.0.1:6390/2", tmp_path) as url:
        assert url == "redis://10.0.0.1:6390/2"


def test_private_is_forced_even_when_a_local_server_answers(tmp_path: Path) -> None:
    with redis_url_for(None, tmp_path, private=True) as url:
        assert not url.endswith(":6379/0")
        assert (tmp_path / "redis").is_dir()
