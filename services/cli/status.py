"""`newsfold status`: one screen for an operator: feeds by state, queues, throughput, the
scheduler and workers, and the most recent errors."""

import json
import time
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

import click
from redis import Redis
from sqlalchemy import Engine

from services.cli.state import CliState, json_option, pass_state
from services.runner.progress import queue_states
from services.runtime.failed_jobs import failed_jobs
from services.runtime.health import check_scheduler, check_workers
from services.runtime.queues import WORK_ORDER
from services.storage.activity import feed_states, stored_since
from services.storage.feed_admin import feeds_by_error

_WINDOWS = {"5m": timedelta(minutes=5), "15m": timedelta(minutes=15), "1h": timedelta(hours=1)}
_RECENT_ERRORS = 5


@click.command()
@json_option
@pass_state
def status(state: CliState, as_json: bool) -> None:
    """Feeds by state, queue depths, articles stored over the last minutes, scheduler and
    workers, and the most recent errors of feeds and jobs."""
    with state.redis() as redis:
        report = _report(state.engine(), redis, datetime.now(UTC))
    if state.as_json or as_json:
        click.echo(json.dumps(report))
        return
    _print(report)


def _report(engine: Engine, redis: Redis, now: datetime) -> dict[str, Any]:
    return {
        "feeds": asdict(feed_states(engine)),
        "queues": [
            {
                "queue": queue.stage.value,
                "queued": queue.queued,
                "running": queue.started,
                "retrying": queue.scheduled,
                "failed": queue.failed,
            }
            for queue in queue_states(redis)
        ],
        "stored": dict(
            zip(_WINDOWS, stored_since(engine, now, list(_WINDOWS.values())), strict=True)
        ),
        "scheduler": check_scheduler(redis, time.time()).detail,
        "workers": check_workers(redis).detail,
        "feed_errors": [
            {
                "code": group.code,
                "feeds": group.feeds,
                "disabled": group.disabled,
                "examples": group.examples,
            }
            for group in feeds_by_error(engine, examples=2)[:_RECENT_ERRORS]
        ],
        "failed_jobs": [
            {
                "id": job.id,
                "error": job.error,
                "failed_at": job.failed_at.isoformat() if job.failed_at else None,
            }
            for job in failed_jobs(redis, WORK_ORDER)[:_RECENT_ERRORS]
        ],
    }


def _print(report: dict[str, Any]) -> None:
    feeds = report["feeds"]
    click.echo(
        f"feeds      {feeds['active']} active, {feeds['failing']} failing,"
        f" {feeds['disabled']} disabled"
    )
    click.echo(
        "queues     "
        + "   ".join(
            f"{q['queue']} {q['queued']}+{q['running']}"
            + (f" ({q['retrying']} retrying)" if q["retrying"] else "")
            + (f" [{q['failed']} failed]" if q["failed"] else "")
            for q in report["queues"]
        )
    )
    stored = report["stored"]
    per_minute = stored["5m"] / 5
    click.echo(
        f"stored     {stored['5m']} in 5 min ({per_minute:.1f}/min), {stored['15m']} in 15 min,"
        f" {stored['1h']} in 1 h"
    )
    click.echo(f"scheduler  {report['scheduler']}")
    click.echo(f"workers    {report['workers']}")
    for group in report["feed_errors"]:
        click.echo(
            f"feed error {group['code']}: {group['feeds']} feeds ({group['disabled']} disabled),"
            f" e.g. {', '.join(group['examples'])}"
        )
    for job in report["failed_jobs"]:
        click.echo(f"failed job {job['id']} at {job['failed_at']}: {job['error']}")
