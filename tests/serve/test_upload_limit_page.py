"""A body over the upload limit sent by a browser's form comes back as the HTML error page (the
same code and message as the JSON shape API clients get)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from serve_helpers import make_settings


def test_a_browser_form_over_the_limit_gets_the_html_error_page(served):
    from answerable.serve import create_app

    app = create_app(served["url"], make_settings(upload_max_bytes=1000))
    big = b"a" * (1000 + 300 * 1024)
    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.post("/check", files={"file": ("big.txt", big, "text/plain")},
                           headers={"accept": "text/html,application/xhtml+xml"})
        assert page.status_code == 413
        assert page.headers["content-type"].startswith("text/html")
        assert "larger than the limit of" in page.text and "ANSWERABLE_UPLOAD_MAX_BYTES" in page.text
        assert page.headers["connection"] == "close"
        api = client.post("/api/v1/audit", files={"file": ("big.txt", big, "text/plain")},
                          headers={"accept": "text/html"})  # the API answers JSON whatever it is asked
        assert api.status_code == 413 and api.json()["error"]["code"] == "file_too_large"
