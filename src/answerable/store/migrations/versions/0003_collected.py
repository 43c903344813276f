"""Collect: the web sources (``collect_sources``: last run, status) and every page and document
fetched from them (``collected``: URL, linking page, HTTP status, ETag / Last-Modified, content
hash, the raw bytes, and whether the document went through ingest).

Revision ID: 0003_collected
Revises: 0002_pg_recency_buckets
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_collected"
down_revision = "0002_pg_recency_buckets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "collect_sources",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("name", sa.Text),
        sa.Column("force", sa.String(100)),
        sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("status", sa.String(16)),
        sa.Column("message", sa.Text),
        sa.Column("pages", sa.Integer, nullable=False, server_default="0"),
        sa.Column("documents", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "collected",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text, nullable=False, unique=True),
        sa.Column("source_id", sa.String(100)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("linked_from", sa.Text),
        sa.Column("link_text", sa.Text),
        sa.Column("status", sa.Integer),
        sa.Column("fetched_at", sa.DateTime(timezone=True)),
        sa.Column("changed_at", sa.DateTime(timezone=True)),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("content_type", sa.String(200)),
        sa.Column("format", sa.String(16)),
        sa.Column("sha256", sa.String(64)),
        sa.Column("size", sa.Integer),
        sa.Column("content", sa.LargeBinary),
        sa.Column("ingest_status", sa.String(16)),
        sa.Column("message", sa.Text),
    )
    op.create_index("ix_collected_source", "collected", ["source_id"])
    op.create_index("ix_collected_sha256", "collected", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_collected_sha256", "collected")
    op.drop_index("ix_collected_source", "collected")
    op.drop_table("collected")
    op.drop_table("collect_sources")
