"""field stamps, tombstones and the workspace clock

Every editable row gets ``clock`` (hybrid-logical-clock stamps of its last
changes, field by field), deleted rows leave a tombstone, and the workspace
keeps its clock (a device id made here, and the newest stamp it has seen).
Existing rows get no clock: their fields are as new as their ``updated_at``.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: the tables of :class:`~workshop_planner.domain.models.Tracked` rows
TRACKED = (
    "organisations",
    "people",
    "events",
    "participants",
    "sessions",
    "themes",
    "notes",
    "partners",
    "contacts",
)


def upgrade() -> None:
    # plain ADD COLUMN (no batch rebuild, which would cascade deletes on SQLite)
    for table in TRACKED:
        op.add_column(table, sa.Column("clock", sa.JSON(), nullable=True))
    op.create_table(
        "tombstones",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("collection", sa.String(40), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=True),
        sa.Column("stamp", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tombstones"),
    )
    op.create_index("ix_tombstones_event_id", "tombstones", ["event_id"])
    clock = op.create_table(
        "clock_state",
        sa.Column("device", sa.String(64), nullable=False),
        sa.Column("high", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("device", name="pk_clock_state"),
    )
    # made once here, so concurrent first writers never race to create it
    op.bulk_insert(clock, [{"device": str(uuid.uuid4()), "high": ""}])


def downgrade() -> None:
    op.drop_table("clock_state")
    op.drop_index("ix_tombstones_event_id", table_name="tombstones")
    op.drop_table("tombstones")
    for table in TRACKED:
        op.drop_column(table, "clock")
