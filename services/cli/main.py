"""Entry point of the `newsfold` command."""

from pathlib import Path

import click

from schemas.settings import load_settings
from services.cli.db import db
from services.cli.demo import demo
from services.cli.extract import extract
from services.cli.feeds import feeds
from services.cli.health import health
from services.cli.jobs import jobs, queues
from services.cli.metrics import metrics
from services.cli.models import models
from services.cli.run import run, worker
from services.cli.schema import schema
from services.cli.serve import serve
from services.cli.state import CliState
from services.cli.status import status
from services.cli.stories import stories
from services.cli.webhooks import webhooks
from services.runtime.logging import configure_logging


@click.group()
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML settings file (also NEWSFOLD_CONFIG).",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")
@click.pass_context
def cli(ctx: click.Context, config: Path | None, as_json: bool) -> None:
    """newsfold: fold every syndicated version of a news story into one canonical story."""
    try:
        settings = load_settings(config)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    configure_logging(settings.log_level, settings.log_format)
    ctx.obj = CliState(settings=settings, as_json=as_json)


cli.add_command(demo)
cli.add_command(run)
cli.add_command(worker)
cli.add_command(queues)
cli.add_command(jobs)
cli.add_command(stories)
cli.add_command(schema)
cli.add_command(feeds)
cli.add_command(extract)
cli.add_command(models)
cli.add_command(health)
cli.add_command(status)
cli.add_command(db)
cli.add_command(metrics)
cli.add_command(serve)
cli.add_command(webhooks)


def main() -> None:
    """Console-script entry point."""
    cli()
