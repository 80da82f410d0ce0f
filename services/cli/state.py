"""What every CLI command shares: settings loaded once, and clients made on first use."""

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

import click
from redis import Redis
from sqlalchemy import Engine

from schemas.settings import Settings
from services.runtime.redis_server import redis_url_for
from services.storage.db import create_database_engine, create_schema


@dataclass
class CliState:
    """Per-invocation state; `--json` switches every command to machine-readable output."""

    settings: Settings
    as_json: bool = False
    _engine: Engine | None = field(default=None, repr=False)

    def engine(self) -> Engine:
        """The database engine, with newsfold's tables created if missing."""
        if self._engine is None:
            self._engine = create_database_engine(self.settings.effective_database_url)
            create_schema(self._engine)
        return self._engine

    @contextmanager
    def redis(self, *, private: bool = False) -> Iterator[Redis]:
        """A Redis client per the embedded default (see services.runtime.redis_server)."""
        configured = self.settings.redis_url
        with ExitStack() as stack:
            url = stack.enter_context(
                redis_url_for(
                    configured.get_secret_value() if configured else None,
                    self.settings.data_dir,
                    private=private,
                )
            )
            client = Redis.from_url(url)
            stack.callback(client.close)
            yield client


pass_state = click.make_pass_decorator(CliState)
