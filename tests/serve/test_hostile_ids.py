"""Ids past the database's integer range and NUL characters in addresses, filters and forms
answer 404 / 422 (or the form's own refusal) in the documented error shape — never 500 — on
SQLite and on PostgreSQL (whose INTEGER is 32-bit and whose text cannot hold NUL)."""

from __future__ import annotations

import re
import uuid
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from serve_helpers import EDITOR, PASSWORD, build_store, make_settings

BIG_64 = 2**63 + 5        # past SQLite's 64-bit integers
BIG_32 = 2**31 + 5        # past PostgreSQL's INTEGER
HUGE = 10**30


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def hostile(request, tmp_path_factory):
    """(client, token) over a filled store on each backend."""
    from answerable.serve import create_app

    cleanup = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'h.db'}"
    else:
        import psycopg

        base = request.getfixturevalue("postgres_url")
        schema = "hostile_" + uuid.uuid4().hex[:12]
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        url = f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={schema}')}"

        def cleanup():
            with psycopg.connect(base, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
    built = build_store(url)
    with TestClient(create_app(url, make_settings()), raise_server_exceptions=False) as client:
        yield client, built["token"]
    if cleanup:
        cleanup()


def _shape(answer, status: int, code: str) -> dict:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert body["error"]["message"] and isinstance(body["error"]["detail"], dict)
    return body["error"]


@pytest.mark.parametrize("big", [BIG_32, BIG_64, HUGE, -BIG_64])
def test_a_response_id_past_the_integer_range_is_404(hostile, big):
    client, _ = hostile
    error = _shape(client.get(f"/api/v1/responses/{big}"), 404, "not_found")
    assert f"no response with id {big}" in error["message"]
    page = client.get(f"/responses/{big}", headers={"accept": "text/html"})
    assert page.status_code == 404 and 'data-code="not_found"' in page.text


@pytest.mark.parametrize("big", [BIG_32, HUGE])
def test_changing_a_commitment_id_past_the_range_is_404(hostile, big):
    client, token = hostile
    answer = client.patch(f"/api/v1/commitments/{big}", json={"status": "done"},
                          headers={"Authorization": f"Bearer {token}"})
    assert f"no commitment with id {big}" in _shape(answer, 404, "not_found")["message"]


@pytest.mark.parametrize("url", [
    "/api/v1/responses?force=Ke%00nt",
    "/api/v1/responses?report=a%00",
    "/api/v1/search?q=lamp%00s",
    "/api/v1/search?q=lamps&force=%00",
    "/api/v1/commitments?force=Kent%00",
    "/api/v1/reports/lamplight%00review",
    "/api/v1/reports/lamplight%00review/compare",
    "/api/v1/responses/1%00",
    "/search?q=%00",
])
def test_a_nul_in_an_address_or_filter_is_422(hostile, url):
    client, _ = hostile
    error = _shape(client.get(url, headers={"accept": "application/json"}), 422, "invalid_request")
    assert "NUL character (%00)" in error["message"]


def test_a_nul_in_a_commitment_note_is_422_naming_the_field(hostile):
    client, token = hostile
    cid = client.get("/api/v1/commitments").json()["items"][0]["id"]
    answer = client.patch(f"/api/v1/commitments/{cid}", json={"status": "done", "note": "lamps\x00counted"},
                          headers={"Authorization": f"Bearer {token}"})
    error = _shape(answer, 422, "invalid_request")
    assert error["detail"]["errors"][0]["location"] == ["body", "note"]
    assert client.get("/api/v1/commitments").json()["items"][0]["status"] == "open"


def test_a_nul_in_the_sign_in_form_is_a_wrong_password_not_a_500(hostile):
    client, _ = hostile
    client.app.state.ctx.limiter.clear()
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text).group(1)
    answer = client.post("/login", data={"name": EDITOR + "\x00", "password": PASSWORD, "csrf_token": token},
                         follow_redirects=False)
    assert answer.status_code == 401 and "Wrong user name or password" in answer.text


def test_a_nul_in_a_commitment_form_note_is_refused_in_the_error_shape(hostile):
    client, _ = hostile
    client.app.state.ctx.limiter.clear()
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"name": EDITOR, "password": PASSWORD, "csrf_token": token})
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/commitments").text).group(1)
    cid = client.get("/api/v1/commitments").json()["items"][0]["id"]
    answer = client.post(f"/commitments/{cid}", data={"status": "done", "note": "a\x00b", "csrf_token": token},
                         headers={"accept": "application/json"})
    assert "NUL character" in _shape(answer, 400, "bad_query")["message"]
    client.cookies.clear()
