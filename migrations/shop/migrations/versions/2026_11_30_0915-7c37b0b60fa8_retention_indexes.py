"""retention indexes: what the worker prunes, oldest first, and the dead letters it counts

Revision ID: 7c37b0b60fa8
Revises: b8e21f4c6d07
Created: 2026-11-30 09:15:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "7c37b0b60fa8"
down_revision: str | None = "b8e21f4c6d07"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Built CONCURRENTLY, outside the migration's transaction: the outbox and the deliveries
    # are written by every order, and a plain CREATE INDEX would hold their writes for the
    # length of the build on a large table.
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_outbox_events_delivered", "outbox_events", ["delivered_at"], unique=False,
            postgresql_where="delivered_at IS NOT NULL", postgresql_concurrently=True,
            if_not_exists=True,
        )  # fmt: skip
        op.create_index(
            op.f("ix_processed_events_processed_at"), "processed_events", ["processed_at"],
            unique=False, postgresql_concurrently=True, if_not_exists=True,
        )  # fmt: skip
        op.create_index(
            "ix_webhook_deliveries_dead", "webhook_deliveries", ["updated_at"], unique=False,
            postgresql_where="status = 'dead'", postgresql_concurrently=True, if_not_exists=True,
        )  # fmt: skip
        op.create_index(
            "ix_webhook_deliveries_delivered", "webhook_deliveries", ["delivered_at"],
            unique=False, postgresql_where="status = 'delivered'", postgresql_concurrently=True,
            if_not_exists=True,
        )  # fmt: skip


# No downgrade(): the schema only moves forward. Undo a change with a new revision.
