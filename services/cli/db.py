"""`newsfold db`: the database schema's revision, and migrating it."""

import json

import click

from services.cli.state import CliState, pass_state
from services.storage.schema import (
    SchemaError,
    current_revision,
    head_revision,
    new_revision,
    upgrade,
)


@click.group()
def db() -> None:
    """The database schema: its revision, and upgrading it to this release's."""


@db.command("upgrade")
@pass_state
def upgrade_command(state: CliState) -> None:
    """Migrate the database to this release's schema (run once before starting a new
    release; a database from before migrations is adopted)."""
    try:
        previous, current = upgrade(state.engine(check_schema=False))
    except SchemaError as exc:
        raise click.ClickException(str(exc)) from exc
    if state.as_json:
        click.echo(json.dumps({"previous": previous, "current": current}))
    elif previous == current:
        click.echo(f"database schema already at {current}")
    else:
        click.echo(f"database schema upgraded from {previous or 'none'} to {current}")


@db.command("current")
@pass_state
def current_command(state: CliState) -> None:
    """The database's schema revision and this release's."""
    revision = current_revision(state.engine(check_schema=False))
    head = head_revision()
    if state.as_json:
        click.echo(json.dumps({"current": revision, "head": head, "up_to_date": revision == head}))
    else:
        status = "up to date" if revision == head else "run `newsfold db upgrade`"
        click.echo(f"database schema at {revision or 'none'}; this release needs {head}: {status}")


@db.command("revision")
@click.argument("message")
@pass_state
def revision_command(state: CliState, message: str) -> None:
    """For developers: write a migration from the database's schema (at the newest
    revision) to the tables of the code, under services/storage/migrations/versions/."""
    for path in new_revision(state.engine(), message):
        click.echo(f"wrote {path}: review it before committing")
