"""What every CLI command shares: settings loaded once, and clients made on first use."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import click
from redis import Redis
from sqlalchemy import Engine

from schemas.settings import Settings
from services.runtime.redis_server import RedisUnavailable, redis_url_for
from services.storage.db import create_database_engine
from services.storage.schema import SchemaError, ensure_schema


@dataclass
class CliState:
    """Per-invocation state; `--json` switches every command to machine-readable output."""

    settings: Settings
    as_json: bool = False
    _engine: Engine | None = field(default=None, repr=False)

    def engine(self, *, check_schema: bool = True) -> Engine:
        """The database engine; an empty database is given newsfold's schema, and one whose
        schema is not this release's stops the command (unless not `check_schema`: the
        commands that migrate it)."""
        if self._engine is None:
            self._engine = create_database_engine(self.settings.effective_database_url)
            context = click.get_current_context(silent=True)
            if context is not None:
                # Pooled connections close with the command, sparing PostgreSQL idle sessions.
                context.call_on_close(self._engine.dispose)
            if check_schema:
                try:
                    ensure_schema(self._engine)
                except SchemaError as exc:
                    raise click.ClickException(str(exc)) from exc
        return self._engine

    @contextmanager
    def redis_url(self, *, private: bool = False) -> Iterator[str]:
        """The Redis URL per the embedded default (see services.runtime.redis_server); a
        private server started for it lives until the block exits."""
        configured = self.settings.redis_url
        try:
            with redis_url_for(
                configured.get_secret_value() if configured else None,
                self.settings.data_dir,
                private=private,
            ) as url:
                yield url
        except RedisUnavailable as exc:
            raise click.ClickException(str(exc)) from exc

    @contextmanager
    def redis(self, *, private: bool = False) -> Iterator[Redis]:
        """A Redis client per the embedded default."""
        with self.redis_url(private=private) as url:
            client = Redis.from_url(url)
            try:
                yield client
            finally:
                client.close()


pass_state = click.make_pass_decorator(CliState)

# `--json` on a subcommand, for those who put it after the command name.
json_option = click.option(
    "--json", "as_json", is_flag=True, help="Machine-readable JSON output (as `newsfold --json`)."
)
