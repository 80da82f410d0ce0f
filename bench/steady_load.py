"""Poll-to-database latency of new articles under steady load (the performance issue's
"p95 <= 2 s for one new article").

    python -m bench.steady_load [--rate 2] [--outlets 20] [--minutes 10] [--workers 2]
                                [--min-interval 5] [--warmup 30] [--latency 0.02,0.08]
                                [--no-embeddings] [--database-url URL]

Outlets on loopback (`bench.steady_server`, a child process, one port per outlet, every
response `--latency` seconds late) publish `--rate` articles a second between them, pages
from the corpus generator, for `--minutes`; `--warmup` seconds' worth were published before
the start, so every feed's interval is learnt at its first poll. The real daemon,
`newsfold run --workers W`, runs as a subprocess on a private redis-server and SQLite (or
`--database-url`, emptied first), configured through NEWSFOLD_* variables as an operator
would: feeds polled as often as `poll.min_interval_seconds` allows, without jitter.

Printed: poll-to-database (from the server sending the first feed document that held the
entry to its row being visible in the database) and publication-to-database, p50/p95/p99/
max, over the articles published after the warm-up; the wait from publication to that poll
and the commit lag (row seen minus its `stored_at`); articles stored per second; the queues'
depths every 10 s; each process's peak RSS; and whether every published article is stored
exactly once. Everything runs on 127.0.0.1; child processes are stopped on exit and Ctrl-C.
"""

import argparse
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from redis import Redis
from rq.registry import FailedJobRegistry

from bench.corpus_plan import CorpusSpec
from bench.corpus_server import DEFAULT_LATENCY
from bench.steady_daemon import process_roles, running_daemon, wait_for_workers
from bench.steady_figures import Figures, figures
from bench.steady_server import ServedStream, Stream, serve_stream
from bench.steady_watch import Watched, watch
from services.runtime.queues import WORK_ORDER, stage_queue
from services.runtime.redis_server import private_redis
from services.storage.db import create_database_engine
from services.storage.feeds import add_feed
from services.storage.schema import drop_schema, ensure_schema

# After publishing stops, how long stragglers may take to be stored.
_DRAIN_SECONDS = 120.0
_WORKER_START_SECONDS = 300.0
_PRINT_QUEUES_EVERY = 5  # samples (10 s)
_MARKS = "·▁▂▃▄▅▆▇█"


def main(argv: list[str]) -> int:
    """Run the benchmark and print its figures."""
    args = _arguments(argv)
    # Unwound like Ctrl-C, so the daemon, the server and Redis are stopped; a shell starting
    # the bench in the background hands it SIGINT ignored, hence the explicit handler.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    backlog = round(args.rate * args.warmup)
    articles = backlog + round(args.rate * args.minutes * 60)
    stream = Stream(CorpusSpec(articles=articles, outlets=args.outlets), args.rate, backlog)
    print(
        f"{args.rate:g} articles/s over {args.outlets} outlets for {args.minutes:g} min"
        f" ({articles} articles, {backlog} before the start), {args.workers} worker(s),"
        f" embeddings {'off' if args.no_embeddings else 'on'}, poll every"
        f" {args.min_interval} s at the most, latency"
        f" {args.latency[0] * 1000:.0f}-{args.latency[1] * 1000:.0f} ms;"
        f" load average {os.getloadavg()[0]:.2f}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        fetch_log = directory / "fetches.log"
        with (
            serve_stream(stream, fetch_log, args.latency) as served,
            private_redis(directory / "redis", appendonly=False) as redis_url,
        ):
            result = _run(args, served, directory, redis_url, fetch_log)
    _print(result)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    return 0


def _run(
    args: argparse.Namespace,
    served: ServedStream,
    directory: Path,
    redis_url: str,
    fetch_log: Path,
) -> Figures:
    database_url = args.database_url or f"sqlite:///{directory / 'bench.db'}"
    engine = create_database_engine(database_url)
    drop_schema(engine)
    ensure_schema(engine)
    redis = Redis.from_url(redis_url)
    environment = _environment(args, directory, database_url, redis_url)
    try:
        with running_daemon(environment, args.workers, directory / "daemon.log") as pid:
            waited = wait_for_workers(redis_url, args.workers, pid, _WORKER_START_SECONDS)
            print(f"workers ready after {waited:.1f} s")
            started = time.time()
            served.start(started)
            for url in served.feed_urls:
                add_feed(engine, url, datetime.now(UTC))
            ended = started + args.minutes * 60
            watched = watch(
                engine, redis, lambda: process_roles(pid), _finished(served, ended), Watched()
            )
            _print_queues(watched, started)
            _print_memory(watched)
            _print_failures(redis)
        return figures(served, started, args.warmup, ended, watched, fetch_log)
    except BaseException:
        print(f"daemon log: {(directory / 'daemon.log').read_text()[-3000:]}", file=sys.stderr)
        raise
    finally:
        redis.close()
        engine.dispose()


def _environment(
    args: argparse.Namespace, directory: Path, database_url: str, redis_url: str
) -> dict[str, str]:
    environment = {
        "NEWSFOLD_DATA_DIR": str(directory),
        "NEWSFOLD_DATABASE_URL": database_url,
        "NEWSFOLD_REDIS_URL": redis_url,
        "NEWSFOLD_ALLOW_PRIVATE_NETWORKS": "true",
        "NEWSFOLD_LOG_LEVEL": "warning",
        "NEWSFOLD_LOG_FORMAT": "json",
        # A new feed's first interval too, though the backlog's dates set it at once.
        "NEWSFOLD_POLL_INTERVAL_SECONDS": str(args.min_interval),
        "NEWSFOLD_POLL__MIN_INTERVAL_SECONDS": str(args.min_interval),
        "NEWSFOLD_POLL__JITTER": "0",
    }
    if args.no_embeddings:
        environment["NEWSFOLD_FOLD__EMBEDDING_MODEL"] = "none"
    return environment


def _finished(served: ServedStream, ended: float) -> Callable[[Watched], bool]:
    published = served.stream.spec.articles

    def done(watched: Watched) -> bool:
        now = time.time()
        return now >= ended and (len(watched.rows) >= published or now >= ended + _DRAIN_SECONDS)

    return done


def _print_queues(watched: Watched, started: float) -> None:
    samples = watched.queues[::_PRINT_QUEUES_EVERY]
    span = samples[-1].at - started if samples else 0.0
    print(f"jobs waiting per queue, one mark every 10 s from +0 s to {span:+.0f} s:")
    for stage in WORK_ORDER:
        depths = [sample.waiting[stage] for sample in watched.queues]
        shown = _sparkline([sample.waiting[stage] for sample in samples])
        print(
            f"  {stage.value:8} max {max(depths, default=0):4}  mean {_mean(depths):6.2f}  {shown}"
        )


def _sparkline(values: list[int]) -> str:
    """One mark per value, its height relative to the largest (a dot for none waiting)."""
    top = max(values, default=0)
    if top == 0:
        return _MARKS[0] * len(values)
    return "".join(_MARKS[0 if v == 0 else 1 + (v * (len(_MARKS) - 2)) // top] for v in values)


def _print_memory(watched: Watched) -> None:
    print("peak RSS per process:")
    for pid, (name, peak) in sorted(watched.peak_rss.items()):
        print(f"  {pid:7} {peak:6.0f} MB  {name}")


def _print_failures(redis: Redis) -> None:
    failed = {
        stage.value: FailedJobRegistry(queue=stage_queue(redis, stage)).count
        for stage in WORK_ORDER
    }
    print(f"failed jobs: {failed}")


def _print(result: Figures) -> None:
    print(f"poll-to-database:         {result.poll_to_db}")
    print(f"publication-to-database:  {result.publish_to_db}")
    print(f"  publication to poll:    {result.publish_to_poll}")
    print(f"  commit lag (seen - stored_at): {result.commit_lag}")
    print(f"articles stored per second after the warm-up: {result.ingested_per_second:.2f}")
    print(
        f"exactly once: {result.published} published, {result.stored} rows;"
        f" {result.missing} missing, {result.duplicated} stored more than once,"
        f" {result.foreign} rows of unpublished URLs, {result.unpolled} stored unpolled"
    )


def _mean(values: list[int]) -> float:
    return sum(values) / len(values) if values else 0.0


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.steady_load", description=__doc__)
    parser.add_argument("--rate", type=float, default=2.0, help="articles per second")
    parser.add_argument("--outlets", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--min-interval", type=int, default=5, help="poll.min_interval_seconds")
    parser.add_argument("--warmup", type=float, default=30.0, help="seconds left out")
    parser.add_argument("--latency", type=_seconds, default=DEFAULT_LATENCY, help="low,high s")
    parser.add_argument("--no-embeddings", action="store_true")
    parser.add_argument("--database-url", help="a database to empty and use (default: SQLite)")
    return parser.parse_args(argv)


def _seconds(text: str) -> tuple[float, float]:
    low, high = (float(part) for part in text.split(","))
    return low, high


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
