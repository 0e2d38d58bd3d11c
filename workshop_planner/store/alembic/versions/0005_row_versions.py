"""row versions for optimistic concurrency

Every editable row gets ``version`` (SQLAlchemy's ``version_id_col``): an
edit based on an older version is refused instead of overwriting a newer one.
Existing rows start at 1.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: the tables of :class:`~workshop_planner.domain.models.Tracked` rows
VERSIONED = (
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
    # A plain ADD COLUMN (no batch rebuild): SQLite adds a NOT NULL column with
    # a default in place, and rebuilding a parent table would cascade deletes.
    for table in VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    # Native DROP COLUMN (SQLite 3.35+) for the same reason: no table rebuild.
    for table in VERSIONED:
        op.drop_column(table, "version")
