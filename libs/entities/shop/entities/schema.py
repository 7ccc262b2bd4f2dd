"""Which database schema these entities model: the Alembic revisions they were written for.

An app built from this lib is ready only on a database at the last of them, or at a later
revision it does not know (a newer release migrated first; migrations only move forward). A
database at an earlier one, or never migrated, fails readiness with what to do. The migrations'
tests keep this list equal to the migration history, so a new revision must be added here.
"""

SCHEMA_HISTORY: tuple[str, ...] = (
    "268843b651dd",  # the shop schema
    "7a3f0c1e9b42",  # order status notifications
    "3c9d51e2a7f0",  # listing indexes
    "64ef34caadc0",  # webhooks and the worker's projections
    "526d0163b3af",  # products' client JSON
    "b8e21f4c6d07",  # outbox events' trace context
    "7c37b0b60fa8",  # retention indexes
    "d4a6f1c83e25",  # work queue indexes
)
SCHEMA_REVISION = SCHEMA_HISTORY[-1]
