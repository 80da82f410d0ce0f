"""An engine whose connections the database itself holds to reading (`newsfold serve`).

The HTTP API only ever SELECTs; making every session read-only on the server side turns a
mistake (or a future route that writes) into an error instead of a change to the data.
"""

from functools import partial
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url

from services.storage.db import create_database_engine

# A statement running longer is cancelled by PostgreSQL (a text search over every article
# of a large database, say) rather than holding a connection and a core for minutes.
STATEMENT_TIMEOUT_MS = 15_000


def create_read_only_engine(
    url: str,
    *,
    connect_timeout: float | None = None,
    statement_timeout_ms: int = STATEMENT_TIMEOUT_MS,
) -> Engine:
    """An engine for `url` (as services.storage.db makes them) whose sessions cannot write:
    PostgreSQL sessions default to READ ONLY transactions and cancel statements after
    `statement_timeout_ms`; SQLite connections are `query_only`."""
    engine = create_database_engine(url, connect_timeout=connect_timeout)
    if make_url(url).get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_query_only)
    else:
        event.listen(engine, "connect", partial(_postgresql_read_only, statement_timeout_ms))
    return engine


def _sqlite_query_only(connection: Any, _record: Any) -> None:
    # Registered after services.storage.db's pragmas, which set WAL mode first.
    cursor = connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _postgresql_read_only(statement_timeout_ms: int, connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.execute(f"SET statement_timeout = {int(statement_timeout_ms)}")
    cursor.close()
    # The SET ran in a transaction of its own; a session setting outlives its commit.
    connection.commit()
