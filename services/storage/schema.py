"""The database schema's version, managed by Alembic (services/storage/migrations/).

    SchemaError
    ├── SchemaOutdated        the database needs `newsfold db upgrade`
    └── SchemaTooNew          the database was upgraded by a newer release

Processes that use the database call `ensure_schema` at start: an empty database is given
today's schema at once (tables created from the metadata and stamped with the newest
revision, Alembic's advice for new databases: migrations replayed from the first would end
in the same place, which tests/services/storage/test_migrations.py checks), a current one is
used as it is, and any other is refused with what to do. Only `newsfold db upgrade`
(`upgrade`) migrates a database that holds data: an operator runs it once, before starting
the new release.

A database created by a release from before the migrations (tables, no `alembic_version`)
is adopted by `upgrade`: the tables, columns and indexes it lacks next to today's tables are
added, then it is stamped with the newest revision. (Stamping the first revision and
migrating on would add the later revisions' tables a second time.)
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import structlog
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Connection, Engine, inspect, text

from services.storage.tables import Base

log = structlog.get_logger(__name__)

_MIGRATIONS = Path(__file__).with_name("migrations")
# PostgreSQL advisory lock held while creating or migrating, so processes starting at
# once against an empty database do not create the tables twice.
_LOCK_KEY = 0x6E66_5F73  # "nf_s"


class SchemaError(RuntimeError):
    """The database's schema is not the one this release works with."""


class SchemaOutdated(SchemaError):
    """The database needs migrating (`newsfold db upgrade`)."""


class SchemaTooNew(SchemaError):
    """The database's revision is unknown to this release: a newer one migrated it."""


def head_revision() -> str:
    """The newest revision this release knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def current_revision(engine: Engine) -> str | None:
    """The database's revision; None when it has none (empty, or from before migrations)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def ensure_schema(engine: Engine) -> None:
    """Give an empty database today's schema; raise SchemaError unless it has it already."""
    with _locked(engine) as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        head = head_revision()
        if revision == head:
            return
        if revision is None and not inspect(connection).get_table_names():
            Base.metadata.create_all(connection)
            command.stamp(_config(connection), head)
            log.info("database schema created", revision=head)
            return
    raise _refusal(revision, head)


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Migrate the database to the newest revision (adopting one from before migrations);
    returns the revisions it was at and is at now."""
    head = head_revision()
    with _locked(engine) as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        if revision is not None and revision not in _known_revisions():
            raise _refusal(revision, head)
        if revision is None and inspect(connection).get_table_names():
            _adopt(connection)
            command.stamp(_config(connection), head)
        else:
            command.upgrade(_config(connection), "head")
    log.info("database schema upgraded", previous=revision, revision=head)
    return revision, head


def new_revision(engine: Engine, message: str) -> list[Path]:
    """Write a migration from the database (at the newest revision) to `tables.py`'s
    metadata, for a developer to review; returns the files written."""
    with engine.connect() as connection:
        scripts = command.revision(_config(connection), message=message, autogenerate=True)
    written = scripts if isinstance(scripts, list) else [scripts]
    return [Path(script.path) for script in written if script is not None]


def _refusal(revision: str | None, head: str) -> SchemaError:
    if revision is not None and revision not in _known_revisions():
        return SchemaTooNew(
            f"database schema is at revision {revision}, newer than this release ({head}):"
            " run the release that upgraded it"
        )
    at = f"revision {revision}" if revision else "a release from before migrations"
    return SchemaOutdated(
        f"database schema is at {at}, this release needs {head}: run `newsfold db upgrade`"
    )


def _known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def _adopt(connection: Connection) -> None:
    """Bring tables made by `create_all` of an earlier release to today's: add the tables,
    columns and indexes they lack. Columns added to existing rows take their
    default, or NULL."""
    inspector = inspect(connection)
    existing = set(inspector.get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in existing:
            table.create(connection)
            continue
        present = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                _add_column(connection, table.name, column)
        indexed = {index["name"] for index in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in indexed:
                index.create(connection)


def _add_column(connection: Connection, table: str, column: Column[object]) -> None:
    kind = column.type.compile(dialect=connection.dialect)
    default = column.default.arg if column.default is not None else None  # type: ignore[attr-defined]
    clause = ""
    if isinstance(default, bool | int | float):
        clause = f" NOT NULL DEFAULT {int(default) if isinstance(default, bool) else default}"
    connection.execute(text(f'ALTER TABLE {table} ADD COLUMN "{column.name}" {kind}{clause}'))
    log.info("column added to a database from before migrations", table=table, column=column.name)


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that holds the schema lock until it ends: PostgreSQL's
    advisory lock, SQLite's write lock (BEGIN IMMEDIATE; a second process waits for it up
    to the busy timeout, then finds the schema made)."""
    with engine.connect() as connection, connection.begin():
        if connection.dialect.name == "sqlite":
            # pysqlite itself begins a transaction only before a data change, DDL excepted.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        yield connection


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def drop_schema(engine: Engine) -> None:
    """Drop newsfold's tables and its revision record: an empty database again, for
    benchmarks and tests."""
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
