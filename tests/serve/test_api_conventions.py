"""Conventions API users expect: lists with a real `total` and a `next` link, `/commitments`
paginated, short operationIds, a bearer security scheme, optional CORS, security headers on
every answer, a request log, and no server file paths for anonymous readers."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from serve_helpers import build_store, kent_record, make_settings


def test_responses_carry_the_total_and_a_next_link_to_follow(client):
    first = client.get("/api/v1/responses", params={"limit": 1}).json()
    assert (first["count"], first["total"], first["limit"], first["offset"]) == (1, 2, 1, 0)
    assert first["next"] == "http://testserver/api/v1/responses?limit=1&offset=1"
    second = client.get(first["next"]).json()
    assert second["items"][0]["id"] != first["items"][0]["id"] and second["next"] is None
    kent = client.get("/api/v1/responses", params={"force": "Kent"}).json()
    assert kent["total"] == 1 and kent["next"] is None


def test_commitments_are_paginated_with_total_and_next(client):
    everything = client.get("/api/v1/commitments").json()
    assert everything["total"] == len(everything["items"]) == 2 and everything["next"] is None
    first = client.get("/api/v1/commitments", params={"limit": 1, "force": "Kent"}).json()
    assert first["total"] == 1 and first["next"] is None
    page = client.get("/api/v1/commitments", params={"limit": 1}).json()
    assert page["count"] == 1 and page["next"].endswith("/api/v1/commitments?limit=1&offset=1")
    assert client.get(page["next"]).json()["items"][0]["id"] == everything["items"][1]["id"]


def test_reports_list_carries_its_total(client):
    body = client.get("/api/v1/reports").json()
    assert body["total"] == body["count"] == len(body["items"]) == 1


def test_operation_ids_are_short_and_writes_name_the_bearer_scheme(client):
    spec = client.get("/api/v1/openapi.json").json()
    ids = {op["operationId"] for item in spec["paths"].values() for op in item.values()}
    assert ids == {"list_responses", "get_response", "list_reports", "get_report", "get_recommendations",
                   "compare", "search", "list_commitments", "update_commitment", "audit_draft"}
    assert spec["components"]["securitySchemes"] == {"bearer": {
        "type": "http", "scheme": "bearer", "description": "An API token from `answerable users token NAME`."}}
    assert spec["paths"]["/api/v1/commitments/{commitment_id}"]["patch"]["security"] == [{"bearer": []}]
    assert {"total", "next"} <= set(spec["components"]["schemas"]["ResponseList"]["properties"])


@pytest.mark.parametrize("url", ["/api/v1/responses", "/api/v1/openapi.json", "/static/answerable.css",
                                 "/api/v1/nowhere", "/"])
def test_every_answer_has_the_security_headers(client, url):
    headers = client.get(url).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_cors_is_off_unless_origins_are_configured(served):
    from answerable.serve import create_app

    origin = {"Origin": "https://civic.example"}
    with TestClient(create_app(served["url"], make_settings())) as plain:
        assert "access-control-allow-origin" not in plain.get("/api/v1/reports", headers=origin).headers
    with TestClient(create_app(served["url"], make_settings(cors_origins="https://civic.example"))) as cors:
        assert cors.get("/api/v1/reports", headers=origin).headers["access-control-allow-origin"] == \
            "https://civic.example"
        other = cors.get("/api/v1/reports", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers
        preflight = cors.options("/api/v1/commitments/1", headers={
            **origin, "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "Authorization"})
        assert preflight.status_code == 200 and "PATCH" in preflight.headers["access-control-allow-methods"]


def test_each_request_is_logged_at_info(client, caplog):
    with caplog.at_level(logging.INFO, logger="answerable.access"):
        client.get("/api/v1/reports")
    [line] = [r.getMessage() for r in caplog.records if r.name == "answerable.access"]
    assert line.startswith("GET /api/v1/reports 200 ") and line.endswith("ms testclient")


def test_nothing_is_logged_per_request_at_warning(client, caplog):
    with caplog.at_level(logging.WARNING, logger="answerable.access"):
        client.get("/api/v1/reports")
    assert not [r for r in caplog.records if r.name == "answerable.access"]


# --- server file paths ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def pathed(tmp_path_factory):
    """A store whose letter was ingested from an absolute server path."""
    from answerable.serve import create_app
    from answerable.store import open_store

    url = f"sqlite:///{tmp_path_factory.mktemp('paths') / 'p.db'}"
    token = build_store(url)["token"]
    record, audit = kent_record()
    record = record.model_copy(update={
        "text": record.text + "\n", "source": record.source.model_copy(update={
            "path": "/srv/answerable/letters/kent-2024.txt", "sha256": "1" * 64})})
    with open_store(url) as store:
        rid = store.add_record(record, audit, path="/srv/answerable/letters/kent-2024.txt")
    with TestClient(create_app(url, make_settings())) as client:
        yield client, token, rid


def test_anonymous_readers_see_the_file_name_not_the_server_path(pathed):
    client, _, rid = pathed
    one = client.get(f"/api/v1/responses/{rid}").json()
    assert one["path"] == "kent-2024.txt" and one["record"]["source"]["path"] == "kent-2024.txt"
    listed = {r["id"]: r["path"] for r in client.get("/api/v1/responses").json()["items"]}
    assert listed[rid] == "kent-2024.txt"
    hits = client.get("/api/v1/search", params={"q": "lantern"}).json()["items"]
    assert "kent-2024.txt" in {h["path"] for h in hits}
    rows = client.get("/api/v1/reports/lamplight-review/compare").json()["rows"]
    assert all("/srv/" not in (row["path"] or "") for row in rows)
    assert "/srv/answerable" not in client.get(f"/api/v1/responses/{rid}").text


def test_signed_in_readers_see_the_full_path(pathed):
    client, token, rid = pathed
    one = client.get(f"/api/v1/responses/{rid}", headers={"Authorization": f"Bearer {token}"}).json()
    assert one["path"] == "/srv/answerable/letters/kent-2024.txt"


def test_public_path_keeps_urls_and_draft_ids():
    from answerable.serve.views import public_path

    assert public_path("https://www.example-pcc.org.uk/letters/r.pdf") == "https://www.example-pcc.org.uk/letters/r.pdf"
    assert public_path("draft:0123456789abcdef") == "draft:0123456789abcdef"
    assert public_path("C:\\letters\\kent.docx") == "kent.docx"
    assert public_path(None) is None


def test_a_stored_report_this_version_cannot_read_does_not_break_draft_audits(tmp_path, caplog):
    """A report row this version cannot read (an inspection kind it does not know) is left out
    of the drafts' catalogue with a warning; audits of drafts still answer."""
    import datetime as dt

    from sqlalchemy import insert

    from answerable.serve import create_app
    from answerable.store import open_store, schema

    url = f"sqlite:///{tmp_path / 'old.db'}"
    build_store(url)
    old = {"id": "old-kind-report", "title": "An old thematic (fictional)", "published": "2019-05-01",
           "kind": "a_kind_from_the_future", "recommendations": []}
    with open_store(url) as store, store.engine.begin() as conn:
        conn.execute(insert(schema.reports).values(id=old["id"], title=old["title"], published=dt.date(2019, 5, 1),
                                                   kind="a_kind_from_the_future", origin="imported", data=old))
    with TestClient(create_app(url, make_settings()), raise_server_exceptions=False) as client:
        with caplog.at_level(logging.WARNING, logger="answerable.serve"):
            answer = client.post("/api/v1/audit", json={"text": "Dear Home Secretary\n\nI welcome the report.\n"})
    assert answer.status_code == 200, answer.text
    assert any("'old-kind-report' left out of the draft catalogue" in r.getMessage() for r in caplog.records)
