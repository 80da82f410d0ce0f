"""Worker processes per stage: `workers` on every stage, `stage_workers` on one each."""

import time
from pathlib import Path

from redis import Redis
from rq import Worker

from schemas.settings import Settings
from services.runner.daemon import Supervisor, worker_slots
from services.runtime.queues import WORK_ORDER, Stage, queue_name


def test_dedicated_workers_follow_the_all_stage_ones() -> None:
    settings = Settings(stage_workers={"extract": 2, "dedupe": 1})
    assert worker_slots(settings, 1) == [
        WORK_ORDER,
        (Stage.DEDUPE,),
        (Stage.EXTRACT,),
        (Stage.EXTRACT,),
    ]
    assert worker_slots(Settings(), 0) == []


def test_a_dedicated_worker_listens_on_its_stage_alone(
    tmp_path: Path, redis: Redis, redis_url: str
) -> None:
    settings = Settings(
        data_dir=tmp_path,
        workers=0,
        stage_workers={"sink": 1},
        fold={"embedding_model": "none"},
    )
    supervisor = Supervisor(settings, redis, redis_url, worker_slots(settings, 1))
    supervisor.tend()
    try:
        deadline = time.monotonic() + 60
        listening: list[list[str]] = []
        while time.monotonic() < deadline and len(listening) < 2:
            listening = sorted(worker.queue_names() for worker in Worker.all(connection=redis))
            time.sleep(0.2)
        assert listening == sorted(
            [[queue_name(stage) for stage in WORK_ORDER], [queue_name(Stage.SINK)]]
        )
    finally:
        supervisor.stop(force=False)
        supervisor.join(timeout=30)
