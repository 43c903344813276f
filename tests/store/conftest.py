"""Store fixtures: every store test runs against a fresh SQLite file AND a fresh schema on the
real PostgreSQL server named by ANSWERABLE_TEST_POSTGRES_URL (scripts/test starts one)."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import psycopg
import pytest

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
