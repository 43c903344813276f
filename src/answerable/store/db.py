"""Opening a database: URL rules, engine set-up, clear errors, and migrations on open.

* ``sqlite:///path`` (the default, from settings) — the parent folder is created; WAL mode.
* ``postgresql://…`` — rewritten to the psycopg 3 driver (``postgresql+psycopg://``).

Every failure a user can cause becomes a :class:`~answerable.errors.StoreError` subclass with a
one-line message that names the cause and the fix.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from answerable import errors
from answerable.store import schema

MIGRATIONS = Path(__file__).with_name("migrations")


def normalise_url(url: str) -> URL:
    """Parse ``url`` and pick our drivers; refuse schemes we do not support."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise errors.ConfigError(
            f"{url!r} is not a database URL: use sqlite:///path/to/file.db or "
            "postgresql://user:password@host:port/dbname"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed.set(drivername="sqlite")
    raise errors.ConfigError(
        f"database {backend!r} is not supported: use sqlite:///path/to/file.db or "
        "postgresql://user:password@host:port/dbname"
    )


def describe(url: URL) -> str:
    """Where a URL points, for messages (never the password)."""
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database or ':memory:'}"
    return f"PostgreSQL server {url.host or 'localhost'}:{url.port or 5432} database {url.database!r}"


def _prepare_sqlite_file(url: URL, create: bool = True) -> None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database).expanduser()
    if not create and not path.exists():
        raise errors.DatabaseMissingError(
            f"there is no database at {path}: check the --db path, or make one first with "
            "`answerable ingest FILES --db sqlite:///PATH` (or `answerable demo`)"
        )
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
        if not mode & 0o222 or not os.access(path, os.W_OK):
            raise errors.ReadOnlyDatabaseError(
                f"the database file {path} is read-only: make it writable "
                f"(chmod u+w {path}) or copy it to a writable place and pass --db sqlite:///COPY"
            )
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise errors.DatabaseUnreachableError(
            f"cannot create the folder {path.parent} for the SQLite database ({exc.strerror}): "
            "pass --db with a writable location"
        ) from None


_ID_MAX = {"postgresql": 2**31 - 1}  # INTEGER columns; SQLite's are 64-bit


def id_fits(engine: Engine, value: int) -> bool:
    """Whether ``value`` can be a row id in this database (a larger number would make the
    driver fail instead of finding nothing: callers treat it as "no such row")."""
    top = _ID_MAX.get(engine.dialect.name, 2**63 - 1)
    return -top - 1 <= int(value) <= top


def writer(engine: Engine) -> Engine:
    """The engine for write transactions: on SQLite they start with BEGIN IMMEDIATE, so a
    writer waits (busy_timeout) for another instead of failing with "database is locked"
    when it upgrades a read to a write. Same engine and pool; no effect on PostgreSQL."""
    return engine.execution_options(sqlite_begin="IMMEDIATE")


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('sqlite_begin', 'DEFERRED')}")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # SQLAlchemy emits BEGIN itself (see _sqlite_begin), so the driver must not
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str, *, create: bool = True) -> Engine:
    """An engine for ``url`` whose first connection has been tried (so errors surface here).
    ``create=False`` (read commands) refuses a SQLite file that does not exist yet."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_file(parsed, create)
        engine = create_engine(parsed, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(parsed, pool_pre_ping=True,
                               connect_args={"connect_timeout": 5})
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        engine.dispose()
        raise connection_error(parsed, exc) from None
    return engine


def _cause(exc: BaseException) -> str:
    """The first line of the driver's message, without psycopg's "connection to … failed:"."""
    orig = getattr(exc, "orig", exc)
    lines = str(orig).strip().splitlines()
    if not lines:
        return type(orig).__name__
    return " ".join(lines[0].rsplit("failed: ", 1)[-1].split())


def connection_error(url: URL, exc: BaseException) -> errors.StoreError:
    """The store error for a failed connection or statement."""
    cause = _cause(exc)
    low = cause.lower()
    if "readonly" in low or "read-only" in low or "read only" in low:
        return errors.ReadOnlyDatabaseError(
            f"{describe(url)} is read-only ({cause}): make it writable or use another --db"
        )
    if "not a database" in low or "malformed" in low:
        return errors.StoreError(
            f"{describe(url)} is not an answerable database ({cause}): "
            "pass --db with a new or existing answerable database file"
        )
    if url.get_backend_name() == "sqlite":
        return errors.DatabaseUnreachableError(
            f"cannot open {describe(url)} ({cause}): check the path and its permissions"
        )
    return errors.DatabaseUnreachableError(
        f"cannot reach the {describe(url)}: {cause}. Check that the server is running and "
        "the URL's host, port, user and password are right (--db or ANSWERABLE_DATABASE_URL)"
    )


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine) -> None:
    """Bring the database up to the newest schema; refuse one newer than this code knows."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = _alembic_config()
    script = ScriptDirectory.from_config(config)
    known = {rev.revision for rev in script.walk_revisions()}
    url = engine.url
    try:
        with writer(engine).begin() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            _refuse_newer(conn, current, known, url)
            if current == script.get_current_head():
                return
            if engine.dialect.name == "postgresql":  # one migrator at a time
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(5505505)")
            config.attributes["connection"] = conn
            from alembic import command

            command.upgrade(config, "head")
            _write_version(conn)
    except OperationalError as exc:
        raise connection_error(url, exc) from None


def _refuse_newer(conn, current: str | None, known: set[str], url: URL) -> None:
    stored = None
    if conn.dialect.has_table(conn, "store_meta"):
        value = conn.execute(
            select(schema.store_meta.c.value).where(schema.store_meta.c.key == "schema_version")
        ).scalar()
        stored = int(value) if value and value.isdigit() else None
    if (current is not None and current not in known) or (stored or 0) > schema.SCHEMA_VERSION:
        raise errors.SchemaTooNewError(
            f"{describe(url)} has schema version {stored or current}, newer than this answerable "
            f"understands (version {schema.SCHEMA_VERSION}): upgrade answerable "
            "(pip install -U answerable) or use another --db"
        )


def _write_version(conn) -> None:
    table = schema.store_meta
    conn.execute(table.delete().where(table.c.key == "schema_version"))
    conn.execute(table.insert().values(key="schema_version", value=str(schema.SCHEMA_VERSION)))
