"""Alembic environment: migrations run on the connection services/storage/schema.py hands
over, against newsfold's table metadata (for autogenerate)."""

from alembic import context

from services.storage.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite alters a table by copying it: batch mode does that for later migrations.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
