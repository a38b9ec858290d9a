"""The Alembic migration environment and its versions: the only way the schema changes."""
