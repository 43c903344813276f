"""Every /api/v1 route against a real SQLite store of fictional letters."""

from __future__ import annotations

import pytest

from serve_helpers import REPORT_ID


def test_responses_lists_both_letters_with_pagination(client):
    body = client.get("/api/v1/responses").json()
    assert {r["force"] for r in body["items"]} == {"Kent", "Dorset"}
    page = client.get("/api/v1/responses", params={"limit": 1, "offset": 1}).json()
    assert page["count"] == 1 and page["limit"] == 1 and page["offset"] == 1
    assert page["items"][0]["id"] == body["items"][1]["id"]


def test_responses_filter_by_force(client):
    body = client.get("/api/v1/responses", params={"force": "Dorset"}).json()
    assert [r["force"] for r in body["items"]] == ["Dorset"]
    assert body["items"][0]["author"] == "Bram Wick"


def test_response_by_id_has_record_text_and_audit(client, served):
    body = client.get(f"/api/v1/responses/{served['ids']['kent']}").json()
    assert body["record"]["force"]["name"] == "Kent"
    start, end = body["record"]["date"]["span"]
    assert body["record"]["text"][start:end] == "4 February 2024"
    assert body["audit"]["deadline"]["status"] == "on_time"
    assert [v["verdict"] for v in body["audit"]["recommendations"]] == ["action_taken", "action_proposed", "not_addressed"]


def test_unknown_response_is_404_in_the_error_shape(client):
    r = client.get("/api/v1/responses/999999")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"
    assert "999999" in r.json()["error"]["message"]


def test_reports_list_counts_responses(client):
    items = client.get("/api/v1/reports").json()["items"]
    assert [(r["id"], r["responses"]) for r in items] == [(REPORT_ID, 2)]


def test_report_and_its_recommendations(client):
    report = client.get(f"/api/v1/reports/{REPORT_ID}").json()
    assert report["title"].startswith("The Lamplight Review (fictional)")
    recs = client.get(f"/api/v1/reports/{REPORT_ID}/recommendations").json()
    assert [r["id"] for r in recs["items"]] == ["R1", "R2", "R3"]
    assert recs["recommendations_known"] is True


def test_unknown_report_suggests_a_near_id(client):
    r = client.get("/api/v1/reports/both-sides-of-the-con")
    assert r.status_code == 404
    error = r.json()["error"]
    assert error["code"] == "unknown_report"
    assert "both-sides-of-the-coin" in error["detail"]["suggestions"]


def test_compare_rows_per_force(client):
    body = client.get(f"/api/v1/reports/{REPORT_ID}/compare").json()
    rows = {r["force"]: r for r in body["rows"]}
    assert rows["Kent"]["recs_answered"] == 2 and rows["Kent"]["day"] == 26
    assert rows["Dorset"]["recs_answered"] == 0
    assert "Kent" not in body["not_answered"]


def test_search_finds_words_and_filters_by_kind(client):
    body = client.get("/api/v1/search", params={"q": "lantern"}).json()
    assert body["count"] >= 1 and body["items"][0]["force"] == "Kent"
    none = client.get("/api/v1/search", params={"q": "lantern", "force": "Dorset"}).json()
    assert none["count"] == 0


def test_search_needs_a_query(client):
    r = client.get("/api/v1/search")
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"
    assert "q" in r.json()["error"]["message"]


def test_commitments_filters(client):
    all_items = client.get("/api/v1/commitments").json()["items"]
    assert {c["force"] for c in all_items} == {"Kent", "Dorset"}
    overdue = client.get("/api/v1/commitments", params={"overdue": "true"}).json()["items"]
    assert [c["force"] for c in overdue] == ["Kent"]
    assert overdue[0]["target_date"] == "2024-03-31"
    dorset = client.get("/api/v1/commitments", params={"force": "Dorset"}).json()["items"]
    assert [c["text"] for c in dorset] == ["We will publish lamp counts from 2099."]


def test_commitments_reject_an_unknown_status(client):
    r = client.get("/api/v1/commitments", params={"status": "finished"})
    assert r.status_code == 422
    assert r.json()["error"]["detail"]["errors"][0]["location"] == ["query", "status"]


def _dorset_commitment(client) -> dict:
    return client.get("/api/v1/commitments", params={"force": "Dorset"}).json()["items"][0]


def test_patch_commitment_with_a_token_changes_status_and_records_who(client, auth):
    cid = _dorset_commitment(client)["id"]
    r = client.patch(f"/api/v1/commitments/{cid}", json={"status": "in_progress", "note": "asked for a plan"},
                     headers=auth)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "in_progress"
    again = client.get("/api/v1/commitments", params={"force": "Dorset", "status": "in_progress"}).json()["items"]
    assert [c["id"] for c in again] == [cid]
    client.patch(f"/api/v1/commitments/{cid}", json={"status": "open"}, headers=auth)


def test_patch_commitment_without_a_token_is_401(client):
    cid = _dorset_commitment(client)["id"]
    r = client.patch(f"/api/v1/commitments/{cid}", json={"status": "done"})
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.json()["error"]["code"] == "not_authenticated"
    assert _dorset_commitment(client)["status"] == "open"


def test_patch_commitment_with_a_wrong_token_is_401(client):
    cid = _dorset_commitment(client)["id"]
    r = client.patch(f"/api/v1/commitments/{cid}", json={"status": "done"},
                     headers={"Authorization": "Bearer not-a-real-token"})
    assert r.status_code == 401
    assert "users token" in r.json()["error"]["message"]


def test_patch_unknown_commitment_is_404(client, auth):
    r = client.patch("/api/v1/commitments/424242", json={"status": "done"}, headers=auth)
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"


def test_patch_commitment_rejects_unknown_fields(client, auth):
    cid = _dorset_commitment(client)["id"]
    r = client.patch(f"/api/v1/commitments/{cid}", json={"status": "done", "owner": "me"}, headers=auth)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"


def test_openapi_lists_every_route(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/responses", "/api/v1/responses/{response_id}", "/api/v1/reports",
            "/api/v1/reports/{report_id}", "/api/v1/reports/{report_id}/recommendations",
            "/api/v1/search", "/api/v1/reports/{report_id}/compare", "/api/v1/commitments",
            "/api/v1/commitments/{commitment_id}", "/api/v1/audit"} <= set(spec["paths"])
    assert "ErrorResponse" in spec["components"]["schemas"]


def test_api_docs_page_is_served_without_external_scripts(client):
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    assert "GET /api/v1/responses/{response_id}" in r.text
    assert "cdn" not in r.text.lower()


def test_timestamps_carry_a_utc_offset(client, served):
    import datetime as dt

    body = client.get(f"/api/v1/responses/{served['ids']['kent']}").json()
    assert dt.datetime.fromisoformat(body["ingested_at"]).utcoffset() is not None
    commitment = client.get("/api/v1/commitments").json()["items"][0]
    assert dt.datetime.fromisoformat(commitment["created_at"]).utcoffset() is not None
