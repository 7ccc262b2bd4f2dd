"""listing indexes: orders by (created_at, id), products by (name, id)

Revision ID: 3c9d51e2a7f0
Revises: 7a3f0c1e9b42
Created: 2026-11-27 12:10:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3c9d51e2a7f0"
down_revision: str | None = "7a3f0c1e9b42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The keyset orders of the order list, the export and the catalogue: an index walk instead
    # of a sort of the whole table for every page.
    op.create_index(op.f("ix_orders_created_at_id"), "orders", ["created_at", "id"], unique=False)
    op.create_index(op.f("ix_products_name_id"), "products", ["name", "id"], unique=False)
