"""Reps record what the camera saw: confirmed or not, its measured hold, its fault codes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite rebuilds the table; existing reps get camera = false and nulls
    with op.batch_alter_table("reps") as batch:
        batch.add_column(sa.Column("camera", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("camera_hold_s", sa.Float, nullable=True))
        batch.add_column(sa.Column("faults_json", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reps") as batch:
        batch.drop_column("faults_json")
        batch.drop_column("camera_hold_s")
        batch.drop_column("camera")
