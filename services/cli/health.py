"""`newsfold health`: exit 0 when healthy, 1 when not, for Docker's HEALTHCHECK."""

import json
import sys

import click

from services.cli.state import CliState, json_option, pass_state
from services.runtime.health import Component, check_health


@click.command()
@click.option(
    "--component",
    type=click.Choice([component.value for component in Component]),
    default=Component.ALL.value,
    show_default=True,
    help="What this process runs: the scheduler (`run --workers 0`), a worker "
    "(`worker`, checked on this host), or both (`run`).",
)
@json_option
@pass_state
def health(state: CliState, component: str, as_json: bool) -> None:
    """Check Redis, the database, the scheduler's heartbeat and the workers; exit 1 if any
    check fails. Needs `redis_url` set: a health check never starts a Redis of its own."""
    configured = state.settings.redis_url
    if configured is None:
        raise click.UsageError("set redis_url (NEWSFOLD_REDIS_URL): newsfold health checks it")
    checks = check_health(
        configured.get_secret_value(),
        state.settings.effective_database_url,
        Component(component),
    )
    healthy = all(check.ok for check in checks)
    if state.as_json or as_json:
        click.echo(
            json.dumps(
                {
                    "healthy": healthy,
                    "checks": [
                        {"name": check.name, "ok": check.ok, "detail": check.detail}
                        for check in checks
                    ],
                }
            )
        )
    else:
        for check in checks:
            click.echo(f"{check.name:<10} {'ok' if check.ok else 'FAIL':<5} {check.detail}")
    sys.exit(0 if healthy else 1)
