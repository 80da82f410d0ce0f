"""`newsfold demo`: the whole pipeline on the bundled sample feeds, end to end.

It serves the sample feeds and pages on a loopback HTTP server, ingests them with the real
stages (rq on a private redis-server, a SQLite database under `<data dir>/demo`), and prints
the canonical stories with their variants. Each run starts from an empty demo directory.
"""

import shutil
from datetime import UTC, datetime

import click

from services.cli.run import execute_once
from services.cli.state import CliState, pass_state
from services.cli.stories import echo_stories
from services.demo.server import serve_content
from services.runtime.logging import configure_logging
from services.storage.feeds import add_feed


@click.command()
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True)
@pass_state
def demo(state: CliState, workers: int) -> None:
    """Ingest the bundled sample feeds and print the stories they fold into."""
    # The demo's output is its stories; per-job log lines would bury them.
    quiet = "log_level" not in state.settings.model_fields_set
    log_level = "warning" if quiet else state.settings.log_level
    configure_logging(log_level, state.settings.log_format)
    demo_dir = state.settings.data_dir / "demo"
    shutil.rmtree(demo_dir, ignore_errors=True)
    demo_state = CliState(
        settings=state.settings.model_copy(
            update={
                "data_dir": demo_dir,
                "database_url": None,
                # The sample site is on 127.0.0.1, which newsfold refuses by default.
                "allow_private_networks": True,
                "log_level": log_level,
            }
        ),
        as_json=state.as_json,
    )
    with serve_content() as site, demo_state.redis_url(private=True) as redis_url:
        for url in site.feed_urls:
            add_feed(demo_state.engine(), url, datetime.now(UTC))
        click.echo(f"serving {len(site.feed_urls)} sample feeds at {site.base_url}", err=True)
        result = execute_once(demo_state, redis_url, workers)
    click.echo(f"ingested in {result.seconds}s with {workers} workers", err=True)
    echo_stories(demo_state)
