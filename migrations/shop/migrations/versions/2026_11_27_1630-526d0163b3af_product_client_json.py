"""product client json: each product's API representation kept beside its row

Revision ID: 526d0163b3af
Revises: 64ef34caadc0
Created: 2026-11-27 16:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "526d0163b3af"
down_revision: str | None = "64ef34caadc0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Encoding 50 rows as JSON was most of PostgreSQL's work for a catalogue page; stored, the
    # JSON is made once per write, and a page only joins it. IMMUTABLE (which a generated
    # column requires) holds: json_build_object and row_to_json are only STABLE because some
    # types print by session settings (dates, times); uuid, text, integers and booleans do not.
    op.execute(
        """
        CREATE FUNCTION product_client_json(
            id uuid, sku text, name text, description text, price_minor integer,
            currency text, stock integer, active boolean, version integer
        ) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN (
            SELECT row_to_json(product)::text
            FROM (
                SELECT id AS id, sku AS sku, name AS name, description AS description,
                       price_minor AS price_minor, currency AS currency, stock AS stock,
                       stock > 0 AS in_stock, active AS active, version AS version
            ) AS product
        )
        """
    )
    # Rewrites the table once (a new stored column); every later write recomputes it.
    op.add_column(
        "products",
        sa.Column(
            "client_json",
            sa.Text(),
            sa.Computed(
                "product_client_json(id, sku, name, description, price_minor, currency, "
                "stock, active, version)",
                persisted=True,
            ),
            nullable=False,
        ),
    )


# No downgrade(): the schema only moves forward. Undo a change with a new revision.
