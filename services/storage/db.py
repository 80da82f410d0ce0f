"""Engine creation (the schema is services/storage/schema.py's)."""

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url


def create_database_engine(url: str, *, connect_timeout: float | None = None) -> Engine:
    """An engine for `url`; for SQLite, the file's directory is created and WAL mode turned
    on so readers (the CLI) do not block the sink while it writes. `connect_timeout` bounds
    a connection attempt to a database server (health checks), else the driver's default."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # The psycopg (3) driver is the one newsfold installs.
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    connect_args = {} if connect_timeout is None else {"connect_timeout": round(connect_timeout)}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
