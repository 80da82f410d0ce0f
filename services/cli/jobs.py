"""`newsfold queues` and `newsfold jobs`: queue depths and the failed-job registry."""

import json

import click
from rq.job import Job
from rq.registry import FailedJobRegistry
from rq.serializers import JSONSerializer

from services.cli.state import CliState, pass_state
from services.runner.progress import queue_states
from services.runtime.queues import WORK_ORDER, Stage, stage_queue


@click.command()
@pass_state
def queues(state: CliState) -> None:
    """Depth, running, retrying and failed counts per stage queue."""
    with state.redis() as redis:
        states = queue_states(redis)
    if state.as_json:
        rows = [
            {
                "queue": s.stage.value,
                "queued": s.queued,
                "started": s.started,
                "scheduled": s.scheduled,
                "failed": s.failed,
            }
            for s in states
        ]
        click.echo(json.dumps(rows))
        return
    row = "{:<8} {:>7} {:>7} {:>8} {:>7}"
    click.echo(row.format("queue", "queued", "running", "retrying", "failed"))
    for s in states:
        click.echo(row.format(s.stage.value, s.queued, s.started, s.scheduled, s.failed))


@click.group()
def jobs() -> None:
    """Inspect and requeue failed jobs."""


def _stages(stage: str | None) -> list[Stage]:
    return [Stage(stage)] if stage else list(WORK_ORDER)


@jobs.command("failed")
@click.option("--stage", type=click.Choice([s.value for s in Stage]), default=None)
@pass_state
def failed(state: CliState, stage: str | None) -> None:
    """List failed jobs with the last line of their error."""
    rows = []
    with state.redis() as redis:
        for each in _stages(stage):
            registry = FailedJobRegistry(queue=stage_queue(redis, each))
            for job in Job.fetch_many(registry.get_job_ids(), redis, serializer=JSONSerializer):
                if job is None:
                    continue
                result = job.latest_result()
                error = ((result.exc_string if result else None) or "").strip().splitlines()
                rows.append(
                    {
                        "id": job.id,
                        "stage": each.value,
                        "args": list(job.args),
                        "error": error[-1] if error else None,
                    }
                )
    if state.as_json:
        click.echo(json.dumps(rows))
        return
    for row in rows:
        click.echo(f"{row['id']}  {row['error']}")
    click.echo(f"{len(rows)} failed jobs")


@jobs.command("requeue")
@click.option(
    "--failed", "requeue_failed", is_flag=True, required=True, help="Requeue every failed job."
)
@click.option("--stage", type=click.Choice([s.value for s in Stage]), default=None)
@pass_state
def requeue(state: CliState, requeue_failed: bool, stage: str | None) -> None:
    """Put failed jobs back on their queues."""
    count = 0
    with state.redis() as redis:
        for each in _stages(stage):
            registry = FailedJobRegistry(queue=stage_queue(redis, each))
            for job_id in registry.get_job_ids():
                registry.requeue(job_id)
                count += 1
    click.echo(json.dumps({"requeued": count}) if state.as_json else f"requeued {count} jobs")
