"""outbox trace context: the W3C trace context of the request that wrote an event

Revision ID: b8e21f4c6d07
Revises: 526d0163b3af
Created: 2026-11-30 09:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "b8e21f4c6d07"
down_revision: str | None = "526d0163b3af"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable with no default: adding it rewrites nothing, and events written with tracing
    # off (or before this release) simply start a trace of their own in the worker.
    op.add_column("outbox_events", sa.Column("trace_context", postgresql.JSONB(), nullable=True))
