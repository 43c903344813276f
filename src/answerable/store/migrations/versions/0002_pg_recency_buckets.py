"""PostgreSQL: a recency-bucket lexeme in every ``tsv`` (``xn`` + id >> 12), so search can ask
the GIN index for the newest matches one bucket at a time instead of reading every match.

A word in 90% of 100,000 letters used to cost a scan and sort of 90,000 rows to find the newest
2,000 to rank; with one bucket token ANDed in, GIN's fast scan skips along the common word's
posting tree and reads about 4,096 rows per bucket (see ``store.search``).

The tsvector now stays in its row (STORAGE MAIN: out of line only past ~8 kB) where 0001 sent
it to TOAST: once candidates come a bucket at a time, ranking 2,000 of them is what costs, and
a TOAST lookup per row made that 10-20 ms (3 ms in the row). Where the server has LZ4
(PostgreSQL 14+ built with it, as Debian's is) the tsvector is compressed with it. SQLite is
unchanged: FTS5 reads its index newest first already.

Revision ID: 0002_pg_recency_buckets
Revises: 0001_initial
"""

from __future__ import annotations

from alembic import op

revision = "0002_pg_recency_buckets"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

TABLES = ("documents", "statements")
BUCKET_BITS = 12  # frozen here; store.search.BUCKET_BITS must stay equal


def _tsv(bucket: bool) -> str:
    words = "to_tsvector('english', left(text, 500000)) || to_tsvector('simple', coalesce(facets, ''))"
    if bucket:
        words += f" || to_tsvector('simple', 'xn' || ((id >> {BUCKET_BITS})::text))"
    return words


def _has_lz4() -> bool:
    """Whether this server can compress with LZ4 (tried in a savepoint that is then rolled
    back, so the setting does not outlive the probe: an old or LZ4-less server refuses it)."""
    bind = op.get_bind()
    probe = bind.begin_nested()
    try:
        bind.exec_driver_sql("SET LOCAL default_toast_compression = 'lz4'")
        return True
    except Exception:  # noqa: BLE001 - "unrecognized parameter" / "invalid value": no LZ4
        return False
    finally:
        probe.rollback()


def _rebuild(bucket: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    compression = " COMPRESSION lz4" if bucket and _has_lz4() else ""
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN tsv")  # drops ix_{table}_tsv with it
        # one ALTER: the rewrite that fills the column runs after both changes, so every row is
        # stored the new way at once
        storage = ", ALTER COLUMN tsv SET STORAGE MAIN" if bucket else ""
        op.execute(f"ALTER TABLE {table} ADD COLUMN tsv tsvector{compression} "
                   f"GENERATED ALWAYS AS ({_tsv(bucket)}) STORED{storage}")
        op.execute(f"CREATE INDEX ix_{table}_tsv ON {table} USING GIN (tsv)")


def upgrade() -> None:
    _rebuild(bucket=True)


def downgrade() -> None:
    _rebuild(bucket=False)
