"""`INSERT ... ON CONFLICT` in the spelling of the database at hand.

SQLite and PostgreSQL share the syntax but SQLAlchemy keeps it in each dialect's own
`insert`; both constructs offer the same `on_conflict_do_update` and `excluded`.
"""

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from services.storage.tables import Base

Upsert = sqlite.Insert | postgresql.Insert


def insert_for(connection: Connection, entity: type[Base]) -> Upsert:
    """An INSERT into `entity`'s table that takes an ON CONFLICT clause on this database."""
    name = connection.dialect.name
    if name == "postgresql":
        return postgresql.insert(entity)
    if name == "sqlite":
        return sqlite.insert(entity)
    raise NotImplementedError(f"newsfold supports SQLite and PostgreSQL, not {name}")
