"""POST /api/v1/audit: a pasted or uploaded draft is audited at once and kept only when asked."""

from __future__ import annotations

import io

from serve_helpers import REPORT_ID

FICTIONAL_DRAFT = """Office of the Police and Crime Commissioner for Kent

2 February 2024

Dear Home Secretary

This fictional draft responds to The Lamplight Review (fictional). I welcome the review and I
will ask the Chief Constable to keep a lantern log.

Yours sincerely

Ada Lumen
Police and Crime Commissioner for Kent
"""


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for para in text.split("\n\n"):
        document.add_paragraph(para)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_pasted_seed_letter_is_audited_on_day_56(client, cheshire_path):
    r = client.post("/api/v1/audit", json={"text": cheshire_path.read_text(encoding="utf-8")})
    assert r.status_code == 200, r.text
    audit = r.json()["audit"]
    assert audit["report"]["id"] == "both-sides-of-the-coin"
    assert audit["deadline"]["day"] == 56 and audit["deadline"]["status"] == "on_time"
    assert audit["record"]["force"]["name"] == "Cheshire"
    assert r.json()["stored"] is None


def test_uploaded_docx_draft_is_audited_against_the_chosen_report(client):
    r = client.post("/api/v1/audit", files={"file": ("my draft.docx", _docx(FICTIONAL_DRAFT))},
                    data={"report_id": REPORT_ID})
    assert r.status_code == 200, r.text
    audit = r.json()["audit"]
    assert audit["report"]["id"] == REPORT_ID
    assert audit["record"]["source"]["format"] == "docx"
    assert audit["record"]["source"]["path"] == "draft.docx"  # never the user's file name
    assert {f["requirement"] for f in audit["findings"]} >= {"deadline"}


def test_pasted_path_is_read_as_text_not_opened(client):
    r = client.post("/api/v1/audit", json={"text": "/etc/passwd"})
    assert r.status_code == 200, r.text
    assert r.json()["audit"]["record"]["text"] == "/etc/passwd"
    assert "root:" not in r.text


def test_empty_text_is_refused(client):
    r = client.post("/api/v1/audit", json={"text": "   "})
    assert r.status_code == 422 and r.json()["error"]["code"] == "empty_document"


def test_keeping_a_draft_needs_an_editor(client):
    r = client.post("/api/v1/audit?store=true", json={"text": FICTIONAL_DRAFT})
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_authenticated"


def test_editor_keeps_a_draft_and_can_read_it_back(client, auth):
    r = client.post("/api/v1/audit?store=true", json={"text": FICTIONAL_DRAFT, "report_id": REPORT_ID}, headers=auth)
    assert r.status_code == 200, r.text
    response_id = r.json()["stored"]["response_id"]
    stored = client.get(f"/api/v1/responses/{response_id}").json()
    assert stored["record"]["text"] == r.json()["audit"]["record"]["text"]
    assert stored["audit"]["report"]["id"] == REPORT_ID


def test_check_page_shows_the_audit_of_pasted_text(client):
    import re

    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', client.get("/check").text).group(1)
    r = client.post("/check", data={"text": FICTIONAL_DRAFT, "report_id": REPORT_ID, "csrf_token": token})
    assert r.status_code == 200, r.text
    assert 'id="result"' in r.text and 'class="finding status-' in r.text
    assert "lantern log" in r.text


def test_check_page_shows_an_unreadable_upload_error_on_the_form(client):
    import re

    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', client.get("/check").text).group(1)
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    r = client.post("/check", data={"csrf_token": token}, files={"file": ("letter.pdf", png, "application/pdf")})
    assert r.status_code == 415
    assert 'data-code="unsupported_format"' in r.text and 'id="check-form"' in r.text
