"""`newsfold run` (the daemon, or one pass with --once) and `newsfold worker`."""

import json
import sys

import click

from services.cli.state import CliState, pass_state
from services.runner.daemon import run_daemon
from services.runner.once import OnceResult, run_once
from services.runner.progress import QueueState
from services.runner.worker import run_worker
from services.runtime.queues import WORK_ORDER, Stage
from services.storage.schema import SchemaError
from workers.text.embedding import EmbeddingUnavailable


def _progress_line(states: list[QueueState]) -> None:
    """A one-line backlog display, redrawn in place on a terminal."""
    if not sys.stderr.isatty():
        return
    parts = "  ".join(f"{s.stage.value} {s.queued}+{s.started}" for s in states)
    click.echo(f"\r\x1b[2K{parts}", nl=False, err=True)


def execute_once(state: CliState, redis_url: str, workers: int) -> OnceResult:
    """One pass over every feed; shared by `run --once` and `demo`."""
    result = run_once(
        state.settings, redis_url, state.engine(), workers=workers, on_progress=_progress_line
    )
    if sys.stderr.isatty():
        click.echo("", err=True)
    return result


@click.command()
@click.option("--once", is_flag=True, help="Poll every feed once, process until idle, exit.")
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes on every stage (default: the `workers` setting), beside those "
    "the `stage_workers` setting dedicates to one stage; 0 with no stage_workers runs the "
    "scheduler alone, for deployments whose workers are separate containers.",
)
@pass_state
def run(state: CliState, once: bool, workers: int | None) -> None:
    """Run the scheduler and workers until SIGTERM/SIGINT (or one pass with --once)."""
    count = state.settings.workers if workers is None else workers
    if once and count == 0:
        raise click.BadParameter("--once needs at least one worker", param_hint="--workers")
    with state.redis_url() as redis_url:
        if not once:
            sys.exit(run_daemon(state.settings, redis_url, state.engine(), workers=count))
        result = execute_once(state, redis_url, count)
    if state.as_json:
        click.echo(json.dumps(result.__dict__))
    else:
        click.echo(
            f"polled {result.feeds_polled} feeds in {result.seconds}s; "
            f"{result.failed_jobs} failed jobs"
        )
    if result.failed_jobs:
        click.echo("see `newsfold queues` and `newsfold jobs failed`", err=True)


@click.command()
@click.option(
    "--queues",
    "queue_names",
    default=",".join(stage.value for stage in WORK_ORDER),
    show_default=True,
    help="Comma-separated stages to work, in priority order.",
)
@click.option("--burst", is_flag=True, help="Exit once the queues are empty.")
@pass_state
def worker(state: CliState, queue_names: str, burst: bool) -> None:
    """Run one worker process on the given stages' queues (for Docker deployments)."""
    try:
        stages = [Stage(name.strip()) for name in queue_names.split(",") if name.strip()]
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--queues") from exc
    with state.redis_url() as redis_url:
        try:
            run_worker(state.settings, redis_url, stages, burst=burst)
        except (EmbeddingUnavailable, SchemaError) as exc:
            raise click.ClickException(str(exc)) from exc
