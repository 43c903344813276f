"""Export: CSV, JSON and Parquet (one file per table) and a SQLite file for Datasette."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sqlite3

import pandas as pd
import pytest

from answerable.errors import QueryError
from store_helpers import make_record

LETTER = """Office of the Police and Crime Commissioner for Surrey (a fictional letter for tests)

3 February 2020

Dear Home Secretary

I welcome the report on county lines. We will open two safeguarding hubs by June 2021.

Yours sincerely

Tamsin Invented
Police and Crime Commissioner for Surrey
"""


@pytest.fixture
def one_letter(store):
    record = make_record(LETTER, force="Surrey", date=dt.date(2020, 2, 3), path="/letters/surrey.txt",
                         statements=[("commitment", "We will open two safeguarding hubs by June 2021.")])
    return store.add_record(record)


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_each_table_is_written_as_one_file(store, one_letter, tmp_path, fmt):
    written = store.export(fmt, tmp_path / fmt)
    names = {p.name for p in written}
    assert {f"responses.{fmt}", f"statements.{fmt}", f"commitments.{fmt}", f"commitment_history.{fmt}"} <= names
    assert not any(n.startswith(("users", "api_tokens")) for n in names)
    path = tmp_path / fmt / f"statements.{fmt}"
    frame = {"csv": pd.read_csv, "parquet": pd.read_parquet, "json": pd.read_json}[fmt](path)
    assert list(frame["text"]) == ["We will open two safeguarding hubs by June 2021."]
    assert "embedding" not in frame.columns
    responses = {"csv": pd.read_csv, "parquet": pd.read_parquet, "json": pd.read_json}[fmt](
        tmp_path / fmt / f"responses.{fmt}")
    assert list(responses["force"]) == ["Surrey"]


def test_json_keeps_records_as_nested_objects(store, one_letter, tmp_path):
    store.export("json", tmp_path)
    rows = json.loads((tmp_path / "responses.json").read_text())
    assert rows[0]["record"]["force"]["name"] == "Surrey"


def test_the_sqlite_export_has_full_text_search_that_datasette_finds(store, one_letter, tmp_path):
    [path] = store.export("sqlite", tmp_path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM statements_fts WHERE statements_fts MATCH 'safeguarding'").fetchone() == (1,)
    conn.close()

    from datasette.app import Datasette

    async def check():
        ds = Datasette([str(path)])
        db = ds.get_database("answerable")
        assert await db.fts_table("statements") == "statements_fts"
        assert await db.fts_table("documents") == "documents_fts"
        response = await ds.client.get("/answerable/statements.json?_search=safeguarding&_shape=array")
        return response.json()

    rows = asyncio.run(check())
    assert [r["text"] for r in rows] == ["We will open two safeguarding hubs by June 2021."]


def test_an_unknown_format_is_refused_naming_the_formats(store, tmp_path):
    with pytest.raises(QueryError, match="use one of csv, json, parquet, sqlite"):
        store.export("xlsx", tmp_path)
