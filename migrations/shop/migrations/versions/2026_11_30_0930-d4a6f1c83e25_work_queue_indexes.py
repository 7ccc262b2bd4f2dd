"""work queue indexes: each receiver's deliveries in due order; the outbox in (due, id) order

Revision ID: d4a6f1c83e25
Revises: 7c37b0b60fa8
Created: 2026-11-30 09:30:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "d4a6f1c83e25"
down_revision: str | None = "7c37b0b60fa8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # CONCURRENTLY, outside the migration's transaction: every order writes to both tables.
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_webhook_deliveries_due_per_subscription", "webhook_deliveries",
            ["subscription_id", "next_attempt_at"], unique=False,
            postgresql_where="status = 'pending'", postgresql_concurrently=True,
            if_not_exists=True,
        )  # fmt: skip
        # The relay's claim orders by (next_attempt_at, id): with the id in the index it reads
        # only the rows it takes, where ties (one transaction's events) were sorted first.
        # The new index serves older workers' identical claim too, so the old one goes now.
        op.create_index(
            "ix_outbox_events_due", "outbox_events", ["next_attempt_at", "id"], unique=False,
            postgresql_where="delivered_at IS NULL", postgresql_concurrently=True,
            if_not_exists=True,
        )  # fmt: skip
        op.drop_index(
            "ix_outbox_events_pending", table_name="outbox_events", postgresql_concurrently=True,
            if_exists=True,
        )  # fmt: skip


# No downgrade(): the schema only moves forward. Undo a change with a new revision.
