"""The schema's migrations on SQLite and PostgreSQL: from nothing they build exactly the
tables of `tables.py`; a database from before migrations is adopted with its rows; an
outdated or unknown revision is refused with what to do."""

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import Engine, inspect, select, text

from services.cli.main import cli
from services.storage.db import create_database_engine
from services.storage.feeds import add_feed
from services.storage.schema import (
    SchemaOutdated,
    SchemaTooNew,
    current_revision,
    ensure_schema,
    head_revision,
    new_revision,
    upgrade,
)
from services.storage.tables import Base, FeedRow


@pytest.fixture
def empty(database_url: str) -> Iterator[Engine]:
    engine = create_database_engine(database_url)
    yield engine
    engine.dispose()


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_migrations_from_nothing_build_exactly_the_tables_of_the_code(empty: Engine) -> None:
    # Fails when tables.py changes without a migration: add one (README, Development).
    assert upgrade(empty) == (None, head_revision())
    assert _differences(empty) == []
    assert current_revision(empty) == head_revision()


def test_an_empty_database_is_given_the_schema_at_start(empty: Engine) -> None:
    ensure_schema(empty)
    assert current_revision(empty) == head_revision()
    assert _differences(empty) == []
    ensure_schema(empty)  # a current schema is used as it is


def test_upgrading_twice_changes_nothing(empty: Engine) -> None:
    upgrade(empty)
    assert upgrade(empty) == (head_revision(), head_revision())


def test_a_database_from_before_migrations_is_refused_then_adopted_with_its_rows(
    empty: Engine,
) -> None:
    # An earlier release's tables: made by create_all, without the newest columns.
    Base.metadata.create_all(empty)
    feed = add_feed(empty, "https://example.com/feed", datetime.now(UTC))
    with empty.begin() as connection:
        connection.execute(text("ALTER TABLE feeds DROP COLUMN redirect_seen"))
        connection.execute(text("DROP INDEX ix_articles_stored_at"))
    with pytest.raises(SchemaOutdated, match=r"from before migrations.*newsfold db upgrade"):
        ensure_schema(empty)
    upgrade(empty)
    assert _differences(empty) == []
    with empty.connect() as connection:
        assert connection.execute(select(FeedRow.id, FeedRow.redirect_seen)).all() == [(feed.id, 0)]
    ensure_schema(empty)


def test_an_older_or_unknown_revision_is_refused(empty: Engine) -> None:
    upgrade(empty)
    with empty.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    with pytest.raises(SchemaTooNew, match="newer than this release"):
        ensure_schema(empty)
    with pytest.raises(SchemaTooNew):
        upgrade(empty)


def test_processes_starting_at_once_on_an_empty_database_create_it_once(
    empty: Engine, database_url: str
) -> None:
    errors: list[BaseException] = []

    def start() -> None:
        engine = create_database_engine(database_url)
        try:
            ensure_schema(engine)
        except BaseException as exc:  # handed to the test thread
            errors.append(exc)
        finally:
            engine.dispose()

    starters = [threading.Thread(target=start) for _ in range(4)]
    for starter in starters:
        starter.start()
    for starter in starters:
        starter.join(timeout=60)
    assert errors == []
    assert _differences(empty) == []
    assert "alembic_version" in inspect(empty).get_table_names()


def test_the_cli_refuses_an_outdated_database_and_db_upgrade_fixes_it(
    empty: Engine, database_url: str, tmp_path: object
) -> None:
    Base.metadata.create_all(empty)
    env = {"NEWSFOLD_DATABASE_URL": database_url, "NEWSFOLD_DATA_DIR": str(tmp_path)}
    runner = CliRunner()
    refused = runner.invoke(cli, ["feeds", "list"], env=env)
    assert refused.exit_code == 1
    assert "run `newsfold db upgrade`" in refused.output
    upgraded = runner.invoke(cli, ["--json", "db", "upgrade"], env=env)
    assert upgraded.exit_code == 0, upgraded.output
    assert json.loads(upgraded.stdout)["current"] == head_revision()
    assert runner.invoke(cli, ["feeds", "list"], env=env).exit_code == 0
    current = runner.invoke(cli, ["db", "current"], env=env)
    assert "up to date" in current.output


def test_a_revision_is_written_from_what_the_code_adds_to_the_database(empty: Engine) -> None:
    _, head = upgrade(empty)
    with empty.begin() as connection:
        connection.execute(text("DROP INDEX ix_articles_stored_at"))
    written = new_revision(empty, "index stored_at")
    try:
        assert len(written) == 1
        script = written[0].read_text()
        assert f"down_revision = {head!r}" in script
        assert "ix_articles_stored_at" in script
    finally:
        for path in written:
            path.unlink()
    assert head_revision() == head
