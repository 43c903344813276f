"""Collect test fixtures: a guard that fails any connection to an address other than
127.0.0.1, fixture sites, and settings with no politeness delay."""

from __future__ import annotations

import socket

import pytest

from answerable.settings import Settings
from collect_sites import Site

ALLOWED_HOSTS = {"127.0.0.1"}


class NetworkGuardError(AssertionError):
    pass


def _check(address) -> None:
    host = address[0] if isinstance(address, tuple) else address
    if host not in ALLOWED_HOSTS:
        raise NetworkGuardError(f"a collect test tried to connect to {address!r}: only 127.0.0.1 is allowed")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Every connection from a collect test goes to 127.0.0.1, or the test fails."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


@pytest.fixture
def site():
    made = Site().start()
    yield made
    made.stop()


@pytest.fixture
def make_site():
    made: list[Site] = []

    def make() -> Site:
        made.append(Site().start())
        return made[-1]

    yield make
    for s in made:
        s.stop()


@pytest.fixture
def settings(tmp_path):
    return Settings(database_url=f"sqlite:///{tmp_path / 'store.db'}", collect_delay=0, collect_timeout=5,
                    collect_retries=2, collect_contact="tests@example.invalid")


@pytest.fixture
def pg_url(postgres_url):
    """A URL whose connections use a brand-new PostgreSQL schema (dropped afterwards)."""
    import uuid
    from urllib.parse import quote

    import psycopg

    schema = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in postgres_url else "?"
    yield f"{postgres_url}{sep}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
