"""Opening a store: defaults, migrations, and a clear error for every bad database."""

from __future__ import annotations

import os
import sqlite3

import pytest
from click.testing import CliRunner

from answerable.cli import cli
from answerable.errors import (
    ConfigError, DatabaseUnreachableError, ReadOnlyDatabaseError, SchemaTooNewError, StoreError,
)
from answerable.store import open_store, schema


def test_a_new_store_has_every_table_empty_and_records_its_schema_version(store):
    counts = store.counts()
    assert counts["documents"] == 0 and counts["responses"] == 0 and counts["commitments"] == 0
    with store.engine.connect() as conn:
        version = conn.exec_driver_sql("SELECT value FROM store_meta WHERE key = 'schema_version'").scalar()
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == str(schema.SCHEMA_VERSION)
    assert revision == schema.HEAD_REVISION


def test_reopening_a_store_keeps_its_rows(store_url):
    first = open_store(store_url)
    first.add_user("reopen-check", "editor", "long enough")
    first.close()
    again = open_store(store_url)
    assert again.get_user("reopen-check").role == "editor"
    again.close()


def test_the_sqlite_file_and_its_missing_folders_are_created(tmp_path):
    target = tmp_path / "deep" / "er" / "answerable.db"
    open_store(f"sqlite:///{target}").close()
    assert target.is_file()


def test_a_database_from_a_newer_schema_is_refused_with_the_fix(store_url):
    store = open_store(store_url)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE store_meta SET value = '99' WHERE key = 'schema_version'")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    store.close()
    with pytest.raises(SchemaTooNewError) as caught:
        open_store(store_url)
    assert "newer than this answerable" in str(caught.value)
    assert "upgrade answerable" in str(caught.value)


def test_an_unreachable_postgresql_server_names_host_port_and_cause():
    with pytest.raises(DatabaseUnreachableError) as caught:
        open_store("postgresql://nobody@127.0.0.1:1/none")
    message = str(caught.value)
    assert "127.0.0.1:1" in message
    assert "refused" in message.lower()
    assert "check that the server is running" in message.lower()


def test_a_read_only_sqlite_file_is_refused_with_the_fix(tmp_path):
    path = tmp_path / "locked.db"
    open_store(f"sqlite:///{path}").close()
    os.chmod(path, 0o444)
    with pytest.raises(ReadOnlyDatabaseError) as caught:
        open_store(f"sqlite:///{path}")
    assert "read-only" in str(caught.value) and "chmod u+w" in str(caught.value)


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are notes, not a database\n" * 100)
    with pytest.raises(StoreError) as caught:
        open_store(f"sqlite:///{path}")
    assert "not an answerable database" in str(caught.value)


@pytest.mark.parametrize("url", ["mysql://root@localhost/db", "not a url at all"])
def test_unsupported_database_urls_say_which_urls_work(url):
    with pytest.raises(ConfigError) as caught:
        open_store(url)
    assert "sqlite:///" in str(caught.value) and "postgresql://" in str(caught.value)


def test_the_cli_prints_a_one_line_error_for_an_unreachable_database():
    result = CliRunner().invoke(cli, ["responses", "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert result.exit_code == 1
    assert result.output.startswith("answerable: error: cannot reach the PostgreSQL server 127.0.0.1:1")
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_the_default_database_is_the_settings_url(tmp_path, monkeypatch):
    from answerable.settings import get_settings

    target = tmp_path / "from-settings.db"
    monkeypatch.setenv("ANSWERABLE_DATABASE_URL", f"sqlite:///{target}")
    get_settings.cache_clear()
    try:
        open_store().close()
    finally:
        get_settings.cache_clear()
    assert sqlite3.connect(target).execute("SELECT count(*) FROM responses").fetchone() == (0,)


def test_the_migrations_make_exactly_the_tables_the_code_expects(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    # full-text search lives beside the tables (FTS5 tables on SQLite, tsv columns on PostgreSQL)
    unexpected = [d for d in diff if "fts" not in str(d) and "tsv" not in str(d)]
    assert unexpected == []
