"""A consumer polling `newsfold stories export --since` while several sink writers commit
at once on PostgreSQL sees every story's final state, and never the same version twice.

Writers hold their transactions open for random moments before and after they write
stories, so versions are taken in one order and committed in many; the consumer polls the
whole time with the greatest version it has read, as the README says to.
"""

import random
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from schemas.export import EXPORT_LINE, ExportLine, MergedStory
from services.cli.main import cli
from services.storage.articles import upsert_article
from services.storage.db import create_database_engine
from services.storage.export import iter_exported_stories
from services.storage.schema import drop_schema, ensure_schema
from services.storage.stories import write_stories
from tests.services.storage.builders import T0, make_article, make_snapshot

WRITERS = 4
WRITES_PER_WRITER = 25
# Many stories, so that most are last written mid-run: a change missed is not hidden
# by a later write of the same story.
STORIES = 20


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    """An engine on an empty PostgreSQL database with newsfold's schema."""
    engine = create_database_engine(postgres_url)
    drop_schema(engine)
    ensure_schema(engine)
    yield engine
    engine.dispose()


class SnapshotVersions:
    """The dedupe stage's per-story snapshot versions, handed out to writers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: dict[str, int] = {}

    def written(self) -> set[str]:
        with self._lock:
            return set(self._next)

    def take(self, story_id: str) -> int:
        with self._lock:
            self._next[story_id] = self._next.get(story_id, 0) + 1
            return self._next[story_id]


def writer(
    engine: Engine, seed: int, versions: SnapshotVersions, errors: list[BaseException]
) -> Callable[[], None]:
    def work() -> None:
        rng = random.Random(seed)
        try:
            for _ in range(WRITES_PER_WRITER):
                story_id = f"s{rng.randrange(STORIES)}"
                version = versions.take(story_id)
                variants = [f"{story_id}-v{n}" for n in rng.sample(range(8), rng.randrange(4))]
                stored = [f"{story_id}-c", rng.choice(variants)] if variants else [f"{story_id}-c"]
                snapshot = make_snapshot(story_id, version, f"{story_id}-c", variants)
                with engine.begin() as connection:
                    for article_id in stored:
                        upsert_article(connection, make_article(article_id), T0)
                    time.sleep(rng.random() * 0.02)
                    write_stories(connection, snapshot, stored, T0)
                    time.sleep(rng.random() * 0.05)
        except BaseException as exc:  # handed to the test thread
            errors.append(exc)

    return work


def test_a_polling_consumer_sees_every_final_state_and_no_version_twice(
    pg_engine: Engine, postgres_url: str, tmp_path: Path
) -> None:
    env = {"NEWSFOLD_DATABASE_URL": postgres_url, "NEWSFOLD_DATA_DIR": str(tmp_path)}
    versions, errors = SnapshotVersions(), list[BaseException]()
    threads = [
        threading.Thread(target=writer(pg_engine, seed, versions, errors), daemon=True)
        for seed in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    mirror: dict[str, ExportLine] = {}
    exported_versions: list[int] = []
    polls_while_writing, since = 0, 0

    def poll() -> None:
        nonlocal since
        export = ["stories", "export", "--since", str(since)]
        result = CliRunner().invoke(cli, export, env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        for line in map(EXPORT_LINE.validate_json, result.stdout.splitlines()):
            exported_versions.append(line.version)
            assert line.id not in mirror or mirror[line.id].version < line.version
            mirror[line.id] = line
        since = max(exported_versions, default=since)

    while any(thread.is_alive() for thread in threads):
        poll()
        polls_while_writing += 1
    for thread in threads:
        thread.join(60)
    assert errors == []
    poll()

    final = {story.id: story for story in iter_exported_stories(pg_engine)}
    assert set(final) == versions.written()
    assert {key: line for key, line in mirror.items() if not isinstance(line, MergedStory)} == final
    assert len(exported_versions) == len(set(exported_versions))
    assert polls_while_writing > 3
    # Stories were written many more times than there are stories, some seen mid-way.
    assert len(exported_versions) > STORIES
