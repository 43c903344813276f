"""Export the store: one file per table as CSV, JSON (an array of objects) or Parquet, or a
single SQLite file that opens in Datasette with full-text search working (FTS5 tables
``documents_fts`` / ``statements_fts`` made with ``content=[table]``, as sqlite-utils does).

Users, API tokens and statement vectors are never exported. Rows are copied in chunks, so the
export of a large store does not hold it in memory.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from answerable import errors
from answerable.store import schema

FORMATS = ("csv", "json", "parquet", "sqlite")
CHUNK = 2000
EXPORTED = [schema.documents, schema.reports, schema.recommendations, schema.responses,
            schema.statements, schema.matches, schema.findings, schema.commitments,
            schema.commitment_history]
_SKIP_COLUMNS = {"embedding"}


def _columns(table):
    return [c for c in table.columns if c.name not in _SKIP_COLUMNS]


def _chunks(engine: Engine, table) -> Iterator[list[dict]]:
    query = select(*_columns(table)).order_by(*table.primary_key.columns)
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=CHUNK).execute(query)
        for part in result.mappings().partitions(CHUNK):
            yield [dict(row) for row in part]


def _flat(rows: list[dict], table) -> pd.DataFrame:
    """A DataFrame with JSON columns as JSON text (CSV and Parquet have no nested cells)."""
    frame = pd.DataFrame(rows, columns=[c.name for c in _columns(table)])
    for column in _columns(table):
        if column.type.__class__.__name__ == "JSON":
            frame[column.name] = frame[column.name].map(lambda v: json.dumps(v, ensure_ascii=False))
    return frame


def _csv(engine: Engine, table, path: Path) -> None:
    first = True
    for rows in _chunks(engine, table):
        _flat(rows, table).to_csv(path, mode="w" if first else "a", header=first, index=False)
        first = False
    if first:
        _flat([], table).to_csv(path, index=False)


def _json(engine: Engine, table, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        sep = "\n"
        for rows in _chunks(engine, table):
            for row in rows:
                out.write(sep + json.dumps(row, default=str, ensure_ascii=False))
                sep = ",\n"
        out.write("\n]\n")


def _parquet(engine: Engine, table, path: Path) -> None:
    writer = None
    schema_ = None
    for rows in _chunks(engine, table):
        frame = _flat(rows, table)
        batch = pa.Table.from_pandas(frame, preserve_index=False, schema=schema_)
        if writer is None:
            schema_ = batch.schema
            writer = pq.ParquetWriter(path, schema_)
        writer.write_table(batch)
    if writer is None:
        pq.write_table(pa.Table.from_pandas(_flat([], table), preserve_index=False), path)
    else:
        writer.close()


def _sqlite(engine: Engine, out: Path) -> Path:
    from answerable.store.db import make_engine, migrate

    path = out / "answerable.db"
    if path.exists():
        path.unlink()
    target = make_engine(f"sqlite:///{path}")
    try:
        migrate(target)  # the same tables, FTS5 tables and triggers as a store
        for table in EXPORTED:
            for rows in _chunks(engine, table):
                with target.begin() as conn:
                    conn.execute(insert(table), rows)
        with target.begin() as conn:
            for fts in ("documents_fts", "statements_fts"):
                conn.exec_driver_sql(f"INSERT INTO [{fts}]([{fts}]) VALUES('optimize')")
    finally:
        target.dispose()
    plain = sqlite3.connect(path)  # one file, no -wal beside it
    try:
        plain.execute("PRAGMA journal_mode=DELETE")
    finally:
        plain.close()
    return path


def export(engine: Engine, fmt: str, out_dir: str | Path) -> list[Path]:
    """Write the store to ``out_dir`` in ``fmt``; returns the files written."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise errors.QueryError(f"{fmt!r} is not an export format: use one of {', '.join(FORMATS)}")
    out = Path(out_dir).expanduser()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise errors.InputError(f"cannot create the export folder ({exc.strerror}): choose another --out",
                                path=str(out)) from None
    if fmt == "sqlite":
        return [_sqlite(engine, out)]
    write = {"csv": _csv, "json": _json, "parquet": _parquet}[fmt]
    written = []
    for table in EXPORTED:
        path = out / f"{table.name}.{fmt}"
        write(engine, table, path)
        written.append(path)
    return written
