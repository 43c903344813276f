"""Store fixtures: every store test runs against a fresh SQLite file AND a fresh schema on the
real PostgreSQL server named by ANSWERABLE_TEST_POSTGRES_URL (scripts/test starts one)."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from urllib.parse import quote

import psycopg
import pytest

from answerable.models import DateRef, ForceRef, Record, ReportRef, Source, Statement
from answerable.store import open_store


def _pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture
def pg_url(postgres_url):
    """A URL whose connections use a brand-new, empty PostgreSQL schema (dropped afterwards)."""
    schema = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield _pg_schema_url(postgres_url, schema)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url):
    opened = open_store(store_url)
    yield opened
    opened.close()


def make_record(text: str, *, force: str | None = None, date: dt.date | None = None,
                title: str | None = None, published: dt.date | None = None,
                statements: list[tuple[str, str]] = (), path: str | None = None) -> Record:
    """A record of a fictional letter with statements located by their words in ``text``."""
    found = []
    for kind, words in statements:
        start = text.index(words)
        found.append(Statement(kind=kind, text=words, span=(start, start + len(words)), actor="author"))
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Record(
        source=Source(path=path, sha256=sha, format="text"), text=text,
        force=ForceRef(name=force, span=(text.index(force), text.index(force) + len(force)) if force and force in text else None),
        date=DateRef(value=date), report=ReportRef(title=title, published=published),
        statements=found, extractor_version="test",
    )
