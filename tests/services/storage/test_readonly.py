"""The read-only engine of `newsfold serve`: it reads, and the database refuses its writes."""

import pytest
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import DBAPIError

from services.storage.readonly import create_read_only_engine
from services.storage.tables import StoryRow
from tests.services.storage.builders import T0, make_article, make_snapshot, store


def test_a_read_only_engine_reads_and_cannot_write(engine: Engine, database_url: str) -> None:
    store(engine, [make_article("a1")], [make_snapshot("s1", 1, "a1", [])])
    read_only = create_read_only_engine(database_url)
    try:
        with read_only.connect() as connection:
            assert connection.execute(select(func.count()).select_from(StoryRow)).scalar() == 1
        with pytest.raises(DBAPIError, match=r"(?i)read.?only"), read_only.begin() as connection:
            connection.execute(
                insert(StoryRow).values(
                    id="s2", version=1, canonical_id="a1", created_at=T0, updated_at=T0
                )
            )
    finally:
        read_only.dispose()
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(StoryRow)).scalar() == 1
