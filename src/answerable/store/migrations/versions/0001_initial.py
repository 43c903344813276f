"""The first schema: documents, reports, recommendations, responses, statements, matches,
findings, commitments and their history, the ingest log, users and API tokens, plus full-text
search (SQLite FTS5 tables made the sqlite-utils way; PostgreSQL tsvector columns + GIN).

Revision ID: 0001_initial
Revises:
"""

from __future__ import annotations

from alembic import op

from answerable.store import schema

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

FTS_TABLES = {"documents": "text", "statements": "text"}


def _sqlite_fts(table: str, column: str) -> list[str]:
    """FTS5 over ``table.column`` as ``sqlite-utils enable-fts --create-triggers`` makes it."""
    fts = f"{table}_fts"
    return [
        f"CREATE VIRTUAL TABLE [{fts}] USING FTS5 ([{column}], content=[{table}], "
        f"tokenize='porter unicode61')",
        f"CREATE TRIGGER [{table}_ai] AFTER INSERT ON [{table}] BEGIN "
        f"INSERT INTO [{fts}] (rowid, [{column}]) VALUES (new.rowid, new.[{column}]); END",
        f"CREATE TRIGGER [{table}_ad] AFTER DELETE ON [{table}] BEGIN "
        f"INSERT INTO [{fts}] ([{fts}], rowid, [{column}]) VALUES('delete', old.rowid, old.[{column}]); END",
        f"CREATE TRIGGER [{table}_au] AFTER UPDATE ON [{table}] BEGIN "
        f"INSERT INTO [{fts}] ([{fts}], rowid, [{column}]) VALUES('delete', old.rowid, old.[{column}]); "
        f"INSERT INTO [{fts}] (rowid, [{column}]) VALUES (new.rowid, new.[{column}]); END",
    ]


def _postgres_fts(table: str, column: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
        f"(to_tsvector('english', left({column}, 500000))) STORED",
        f"CREATE INDEX ix_{table}_tsv ON {table} USING GIN (tsv)",
    ]


def upgrade() -> None:
    bind = op.get_bind()
    # the tables of schema version 1 (a later migration alters them with op.* calls)
    schema.metadata.create_all(bind)
    make = _sqlite_fts if bind.dialect.name == "sqlite" else _postgres_fts
    for table, column in FTS_TABLES.items():
        for sql in make(table, column):
            op.execute(sql)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in FTS_TABLES:
            op.execute(f"DROP TABLE IF EXISTS [{table}_fts]")
    schema.metadata.drop_all(bind)
