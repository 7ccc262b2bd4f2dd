"""The one Alembic history of the shared PostgreSQL schema (forward only: no downgrades)."""
