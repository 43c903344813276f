"""The same app over a real PostgreSQL store (ANSWERABLE_TEST_POSTGRES_URL; scripts/test starts one)."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from serve_helpers import KENT_TEXT, REPORT_ID, build_store, make_settings

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_served(postgres_url):
    import psycopg

    schema = "serve_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in postgres_url else "?"
    url = f"{postgres_url}{sep}options={quote(f'-csearch_path={schema}')}"
    yield {"url": url, **build_store(url)}
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(scope="module")
def pg_client(pg_served):
    from answerable.serve import create_app

    with TestClient(create_app(pg_served["url"], make_settings()), raise_server_exceptions=False) as client:
        yield client


def test_response_json_and_page_over_postgres(pg_client, pg_served):
    kent = pg_served["ids"]["kent"]
    body = pg_client.get(f"/api/v1/responses/{kent}").json()
    assert body["record"]["text"] == KENT_TEXT
    page = pg_client.get(f"/responses/{kent}", headers={"accept": "text/html"}).text
    assert '<mark class="ev kind-commitment' in page


def test_search_compare_and_commitment_update_over_postgres(pg_client, pg_served):
    hits = pg_client.get("/api/v1/search", params={"q": "lantern"}).json()["items"]
    assert [h["force"] for h in hits][:1] == ["Kent"]
    rows = pg_client.get(f"/api/v1/reports/{REPORT_ID}/compare").json()["rows"]
    assert sorted(r["force"] for r in rows) == ["Dorset", "Kent"]
    cid = pg_client.get("/api/v1/commitments", params={"force": "Kent"}).json()["items"][0]["id"]
    r = pg_client.patch(f"/api/v1/commitments/{cid}", json={"status": "done"},
                        headers={"Authorization": f"Bearer {pg_served['token']}"})
    assert r.status_code == 200 and r.json()["status"] == "done"
    assert pg_client.get("/api/v1/commitments", params={"status": "done"}).json()["count"] == 1


def test_a_session_ended_by_logout_is_refused_over_postgres(pg_client):
    import re

    from serve_helpers import EDITOR, PASSWORD

    def csrf(url: str) -> str:
        return re.search(r'name="csrf-token" content="([^"]+)"', pg_client.get(url).text).group(1)

    pg_client.app.state.ctx.limiter.clear()
    pg_client.post("/login", data={"name": EDITOR, "password": PASSWORD, "csrf_token": csrf("/login")},
                   follow_redirects=False)
    saved, token = pg_client.cookies["answerable_session"], csrf("/commitments")
    assert "Signed in as" in pg_client.get("/").text
    assert pg_client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    pg_client.cookies.clear()
    pg_client.cookies.set("answerable_session", saved)
    assert "Signed in as" not in pg_client.get("/").text
    cid = pg_client.get("/api/v1/commitments").json()["items"][0]["id"]
    refused = pg_client.patch(f"/api/v1/commitments/{cid}", json={"status": "dropped"},
                              headers={"X-CSRF-Token": token})
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "not_authenticated"
    pg_client.cookies.clear()


def test_lists_carry_total_and_next_over_postgres(pg_client):
    body = pg_client.get("/api/v1/responses", params={"limit": 1}).json()
    assert body["total"] == 2 and body["next"].endswith("/api/v1/responses?limit=1&offset=1")
