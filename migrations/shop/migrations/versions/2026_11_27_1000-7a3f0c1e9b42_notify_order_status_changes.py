"""notify order status changes

Revision ID: 7a3f0c1e9b42
Revises: 268843b651dd
Created: 2026-11-27 10:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "7a3f0c1e9b42"
down_revision: str | None = "268843b651dd"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In the database, so every writer (either API, a script, a manual fix) notifies listeners.
    op.execute(
        """
        CREATE FUNCTION notify_order_status() RETURNS trigger AS $$
        BEGIN
            PERFORM pg_notify(
                'order_status',
                json_build_object('order_id', NEW.id, 'status', NEW.status)::text
            );
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        """
        CREATE TRIGGER orders_status_changed
        AFTER UPDATE OF status ON orders
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
        EXECUTE FUNCTION notify_order_status()
        """
    )


# No downgrade(): the schema only moves forward. Undo a change with a new revision.
