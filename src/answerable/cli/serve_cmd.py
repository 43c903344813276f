"""`answerable serve`, `answerable users …` and `answerable demo`: thin wrappers over
:func:`answerable.serve.create_app` and the store's user functions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from answerable.batch import LETTER_EXTENSIONS
from answerable.errors import ConfigError

DB_HELP = "Database URL (sqlite:///file.db or postgresql://…); default: ANSWERABLE_DATABASE_URL or a file in the data directory."
CORPUS_SUFFIXES = frozenset(LETTER_EXTENSIONS)
GRACE_SECONDS = 3  # how long requests in flight may finish after SIGTERM before they are cancelled


LOG_LEVELS = ("debug", "info", "warning", "error")


def configure_logging(level: str) -> None:
    """Log lines on standard error at ``level``: ``info`` shows one line per request
    (``answerable.access``), ``warning`` only problems."""
    import logging

    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    logging.getLogger("answerable").setLevel(level.upper())


def _run_server(db: Optional[str], host: str, port: int, log_level: str = "warning") -> None:
    import uvicorn

    from answerable.serve import create_app

    configure_logging(log_level)
    app = create_app(db)
    click.echo(f"answerable: serving on http://{host}:{port}/ (API docs: http://{host}:{port}/api/v1/docs); "
               "press Ctrl+C to stop", err=True)
    try:
        # proxy headers are read by the app, and only from proxies in `forwarded_allow_ips`
        # on SIGTERM/Ctrl+C, requests get a few seconds to finish, then are cancelled (an upload's
        # audit child process is killed with its request: answerable.serve.worker)
        uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False,
                    proxy_headers=False, server_header=False, timeout_graceful_shutdown=GRACE_SECONDS)
    except OSError as exc:  # port in use, address not available
        raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror or exc}): choose another "
                          "address with --host/--port") from None


_LOG_LEVEL = click.option("--log-level", type=click.Choice(LOG_LEVELS), default="warning", show_default=True,
                          help="info logs every request (method, path, status, time, client); "
                               "warning only problems.")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--db", default=None, metavar="URL", help=DB_HELP)
@_LOG_LEVEL
def serve(host: str, port: int, db: Optional[str], log_level: str) -> None:
    """Serve the web pages and the REST API (/api/v1) over the store.

    Reading is open to everyone; changes need a user made with `answerable users add`.
    Behind a reverse proxy, set ANSWERABLE_FORWARDED_ALLOW_IPS to the proxy's address so the
    client's address is taken from X-Forwarded-For.
    """
    _run_server(db, host, port, log_level)


# --- users ------------------------------------------------------------------------------------
@click.group()
def users() -> None:
    """Manage the accounts that may change things (editors, admins) and their API tokens."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["editor", "admin"]), default="editor", show_default=True,
              help="editor: may change commitments and keep drafts; admin: the same, and manages users.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--db", default=None, metavar="URL", help=DB_HELP)
def users_add(name: str, role: str, password_stdin: bool, db: Optional[str]) -> None:
    """Create user NAME with a password (prompted for, twice, unless --password-stdin)."""
    from answerable.store import open_store

    password = _read_password(password_stdin)
    with open_store(db) as store:
        user = store.add_user(name, role, password)
    click.echo(f"added {user.name} ({user.role})")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of standard input.")
@click.option("--db", default=None, metavar="URL", help=DB_HELP)
def users_password(name: str, password_stdin: bool, db: Optional[str]) -> None:
    """Give user NAME a new password (prompted for, twice, unless --password-stdin).

    Every web session NAME has is ended: browsers signed in as NAME must sign in again.
    """
    from answerable.store import open_store

    password = _read_password(password_stdin)
    with open_store(db) as store:
        user = store.set_password(name, password)
    click.echo(f"changed the password of {user.name}; their web sessions have ended")


@users.command("token")
@click.argument("name")
@click.option("--db", default=None, metavar="URL", help=DB_HELP)
def users_token(name: str, db: Optional[str]) -> None:
    """Print a new API token for user NAME (send it as `Authorization: Bearer <token>`).

    The token is shown only once; keep it secret.
    """
    from answerable.store import open_store

    with open_store(db) as store:
        click.echo(store.create_token(name))


# --- demo -------------------------------------------------------------------------------------
def corpus_roots() -> list[Path]:
    """Where the demo's letters come from, the same from a checkout and from an installed wheel:
    the labelled fictional dev set (``tests/fixtures/devset`` in a checkout, bundled in the
    wheel as ``data/corpus/devset``), plus the real seed letters from ``../shared/corpus/seeds``
    when that folder is beside the checkout (they are third-party texts: never bundled)."""
    from importlib import resources

    package = Path(str(resources.files("answerable")))
    checkout = package.parent.parent
    roots = [package / "data" / "corpus" / "devset"]
    if (checkout / "tests" / "fixtures" / "devset").is_dir():
        roots = [checkout / "tests" / "fixtures" / "devset"]
    shared_seeds = checkout.parent / "shared" / "corpus" / "seeds"
    if shared_seeds.is_dir():
        roots.append(shared_seeds)
    return roots


def corpus_files(roots: Optional[list[Path]] = None) -> list[Path]:
    """Every letter in the demo corpus, in a stable order (one copy of each file name)."""
    found: dict[str, Path] = {}
    for root in roots if roots is not None else corpus_roots():
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix.lower() in CORPUS_SUFFIXES and not path.name.startswith(("README", ".")):
                found.setdefault(path.name, path)
    return sorted(found.values(), key=lambda p: p.name)


def demo_database_url() -> str:
    from answerable.settings import default_data_dir

    return f"sqlite:///{default_data_dir() / 'demo.db'}"


@click.command()
@click.option("--db", default=None, metavar="URL", help="Where to build the demo database (default: demo.db in the data directory).")
@click.option("--no-serve", is_flag=True, help="Only build the database; do not start the server.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 16), help="Ingest worker processes.")
@_LOG_LEVEL
def demo(db: Optional[str], no_serve: bool, host: str, port: int, workers: int, log_level: str) -> None:
    """Build the demo database from the bundled corpus, then serve it.

    Ingests the bundled fictional dev set (and, in a checkout beside ../shared, the real seed
    letters; again only what changed) into a SQLite file in the data directory (or --db),
    then starts `answerable serve` on it.
    """
    from answerable.store import open_store

    url = db or demo_database_url()
    files = corpus_files()
    if not files:
        raise ConfigError("the bundled dev set is missing (answerable/data/corpus/devset): reinstall answerable")
    with open_store(url) as store:
        summary = store.ingest(files, workers=workers)
    click.echo(f"demo: {len(files)} files: {summary.line()} -> {url}", err=True)
    for path, message in summary.failed:
        click.echo(f"demo: could not ingest {path}: {message}", err=True)
    if not no_serve:
        _run_server(url, host, port, log_level)
