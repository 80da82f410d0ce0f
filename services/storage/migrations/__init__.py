"""Alembic's migration environment for newsfold's database (services/storage/schema.py)."""
