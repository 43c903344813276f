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

FTS_TABLES = {"documents": ("text", "facets"), "statements": ("text", "facets")}


def _sqlite_fts(table: str, columns: tuple[str, ...]) -> list[str]:
    """FTS5 over ``table``'s columns as ``sqlite-utils enable-fts --create-triggers`` makes it."""
    fts = f"{table}_fts"
    cols = ", ".join(f"[{c}]" for c in columns)
    new = ", ".join(f"new.[{c}]" for c in columns)
    old = ", ".join(f"old.[{c}]" for c in columns)
    return [
        f"CREATE VIRTUAL TABLE [{fts}] USING FTS5 ({cols}, content=[{table}], "
        f"tokenize='porter unicode61')",
        f"CREATE TRIGGER [{table}_ai] AFTER INSERT ON [{table}] BEGIN "
        f"INSERT INTO [{fts}] (rowid, {cols}) VALUES (new.rowid, {new}); END",
        f"CREATE TRIGGER [{table}_ad] AFTER DELETE ON [{table}] BEGIN "
        f"INSERT INTO [{fts}] ([{fts}], rowid, {cols}) VALUES('delete', old.rowid, {old}); END",
        f"CREATE TRIGGER [{table}_au] AFTER UPDATE ON [{table}] BEGIN "
        f"INSERT INTO [{fts}] ([{fts}], rowid, {cols}) VALUES('delete', old.rowid, {old}); "
        f"INSERT INTO [{fts}] (rowid, {cols}) VALUES (new.rowid, {new}); END",
    ]


def _postgres_fts(table: str, columns: tuple[str, ...]) -> list[str]:
    return [
        f"ALTER TABLE {table} ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
        f"(to_tsvector('english', left({columns[0]}, 500000))) STORED",
        f"CREATE INDEX ix_{table}_tsv ON {table} USING GIN (tsv)",
    ]


def upgrade() -> None:
    bind = op.get_bind()
    # the tables of schema version 1 (a later migration alters them with op.* calls)
    schema.metadata.create_all(bind)
    make = _sqlite_fts if bind.dialect.name == "sqlite" else _postgres_fts
    for table, columns in FTS_TABLES.items():
        for sql in make(table, columns):
            op.execute(sql)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in FTS_TABLES:
            op.execute(f"DROP TABLE IF EXISTS [{table}_fts]")
    schema.metadata.drop_all(bind)
