"""Alembic environment for the store. The store runs migrations itself on open
(:func:`answerable.store.db.migrate`), handing the open connection in ``config.attributes``;
``alembic`` on the command line works too with ``-x url=...``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from answerable.store.schema import metadata

config = context.config


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # pragma: no cover - command-line use
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    with create_engine(url).connect() as conn:
        _run(conn)
