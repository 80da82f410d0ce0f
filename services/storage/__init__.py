"""The database: SQLAlchemy tables, one module per table's reads and writes."""
