"""Fixtures for the web server: a real SQLite store filled with FICTIONAL letters to a FICTIONAL
report, a user with a password and an API token, and a FastAPI TestClient over the real app."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from serve_helpers import build_store, make_settings


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A filled SQLite store: ``{"url", "ids": {"kent", "dorset"}, "token"}``."""
    path = tmp_path_factory.mktemp("serve") / "serve.db"
    url = f"sqlite:///{path}"
    return {"url": url, **build_store(url)}


@pytest.fixture(scope="module")
def app(served):
    from answerable.serve import create_app

    return create_app(served["url"], make_settings())


@pytest.fixture
def client(app):
    app.state.ctx.limiter.clear()
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def auth(served):
    return {"Authorization": f"Bearer {served['token']}"}
