"""`newsfold queues` and `newsfold jobs`: queue depths and the failed-job registry."""

import json
from datetime import datetime

import click
from rq.exceptions import NoSuchJobError
from rq.job import Job
from rq.registry import FailedJobRegistry
from rq.serializers import JSONSerializer

from services.cli.state import CliState, pass_state
from services.runner.progress import queue_states
from services.runtime.failed_jobs import failed_jobs
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
    """Inspect failed jobs and requeue them."""


def _stages(stage: str | None) -> list[Stage]:
    return [Stage(stage)] if stage else list(WORK_ORDER)


@jobs.command("failed")
@click.option("--stage", type=click.Choice([s.value for s in Stage]), default=None)
@pass_state
def failed(state: CliState, stage: str | None) -> None:
    """List failed jobs with the last line of their error, the most recent first."""
    with state.redis() as redis:
        rows = [
            {"id": job.id, "stage": job.stage.value, "args": job.args, "error": job.error}
            for job in failed_jobs(redis, _stages(stage))
        ]
    if state.as_json:
        click.echo(json.dumps(rows))
        return
    for row in rows:
        click.echo(f"{row['id']}  {row['error']}")
    click.echo(f"{len(rows)} failed jobs")


@jobs.command("show")
@click.argument("job_id")
@pass_state
def show(state: CliState, job_id: str) -> None:
    """One job: its stage, status, input (the feed or article it was for), tries left, and
    the full traceback of its last failure."""
    with state.redis() as redis:
        try:
            job = Job.fetch(job_id, connection=redis, serializer=JSONSerializer)
        except NoSuchJobError as exc:
            raise click.ClickException(f"no job {job_id!r} (finished jobs are not kept)") from exc
        result = job.latest_result()
        record = {
            "id": job.id,
            "queue": job.origin,
            "status": job.get_status().value,
            "function": job.func_name,
            "args": list(job.args),
            "enqueued_at": _iso(job.enqueued_at),
            "ended_at": _iso(job.ended_at),
            "retries_left": job.retries_left,
            "traceback": result.exc_string if result else None,
        }
    if state.as_json:
        click.echo(json.dumps(record))
        return
    for name, value in record.items():
        if name != "traceback":
            click.echo(f"{name + ':':<13} {value}")
    click.echo(record["traceback"] or "no failure recorded")


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@jobs.command("requeue")
@click.argument("job_ids", nargs=-1)
@click.option("--failed", "requeue_failed", is_flag=True, help="Requeue every failed job.")
@click.option("--stage", type=click.Choice([s.value for s in Stage]), default=None)
@pass_state
def requeue(
    state: CliState, job_ids: tuple[str, ...], requeue_failed: bool, stage: str | None
) -> None:
    """Put failed jobs back on their queues: the given ones, or all with --failed."""
    if bool(job_ids) == requeue_failed:
        raise click.UsageError("give failed job ids, or --failed for all of them")
    count = 0
    with state.redis() as redis:
        for each in _stages(stage):
            registry = FailedJobRegistry(queue=stage_queue(redis, each))
            for job_id in registry.get_job_ids():
                if requeue_failed or job_id in job_ids:
                    registry.requeue(job_id)
                    count += 1
    if job_ids and count < len(set(job_ids)):
        click.echo(f"{len(set(job_ids)) - count} of the given jobs are not failed", err=True)
    click.echo(json.dumps({"requeued": count}) if state.as_json else f"requeued {count} jobs")
