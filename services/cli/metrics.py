"""`newsfold metrics`: the Prometheus exposition `newsfold run` serves, printed once."""

import click
from prometheus_client import generate_latest

from services.cli.state import CliState, pass_state
from services.runtime.metrics import metrics_registry


@click.command()
@pass_state
def metrics(state: CliState) -> None:
    """Print the deployment's metrics in Prometheus's text format (what /metrics serves)."""
    with state.redis() as redis:
        click.echo(generate_latest(metrics_registry(redis)).decode(), nl=False)
