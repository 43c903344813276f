"""One error shape for every error: {"error": {"code", "message", "detail"}} — for library errors,
unknown URLs, wrong methods, invalid requests, oversized bodies and unexpected failures."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from serve_helpers import make_settings


def assert_error_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "detail"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and len(body["error"]["message"]) > 20
    assert isinstance(body["error"]["detail"], dict)
    return body["error"]


def test_unknown_api_url_is_404_not_found(client):
    error = assert_error_shape(client.get("/api/v1/nothing-here"), 404, "not_found")
    assert error["detail"]["path"] == "/api/v1/nothing-here"


def test_wrong_method_is_405_with_the_method_named(client):
    error = assert_error_shape(client.delete("/api/v1/reports"), 405, "method_not_allowed")
    assert error["detail"]["method"] == "DELETE"


def test_validation_error_is_422_with_each_problem_located(client):
    error = assert_error_shape(client.get("/api/v1/responses", params={"limit": "0", "year": "soon"}),
                               422, "invalid_request")
    locations = sorted(tuple(e["location"]) for e in error["detail"]["errors"])
    assert locations == [("query", "limit"), ("query", "year")]
    assert "limit" in error["message"] and "year" in error["message"]


def test_library_error_keeps_its_code_and_detail(client):
    error = assert_error_shape(client.get("/api/v1/reports/no-such-report/compare"), 404, "unknown_report")
    assert error["detail"]["report_id"] == "no-such-report"


def test_malformed_json_is_400(client):
    error = assert_error_shape(client.post("/api/v1/audit", content=b"{not json",
                                           headers={"content-type": "application/json"}), 400, "bad_request")
    assert "JSON" in error["message"]


def test_json_without_text_names_the_field(client):
    error = assert_error_shape(client.post("/api/v1/audit", json={"letter": "x"}), 400, "bad_request")
    assert error["detail"]["field"] == "text"


def test_body_over_the_limit_is_413_before_it_is_read(served):
    from answerable.serve import create_app

    app = create_app(served["url"], make_settings(upload_max_bytes=1000))
    with TestClient(app, raise_server_exceptions=False) as client:
        big = b"a" * (1000 + 300 * 1024)
        error = assert_error_shape(client.post("/api/v1/audit", files={"file": ("big.txt", big, "text/plain")}),
                                   413, "file_too_large")
        assert error["detail"]["limit_bytes"] > 1000


def test_upload_over_the_draft_limit_is_413_with_its_size(served):
    from answerable.serve import create_app

    app = create_app(served["url"], make_settings(upload_max_bytes=1000))
    with TestClient(app, raise_server_exceptions=False) as client:
        error = assert_error_shape(client.post("/api/v1/audit", files={"file": ("d.txt", b"b" * 5000, "text/plain")}),
                                   413, "file_too_large")
        assert error["detail"] == {"size_bytes": 1001, "limit_bytes": 1000}


def test_binary_upload_is_415(client):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    error = assert_error_shape(client.post("/api/v1/audit", files={"file": ("letter.txt", png, "text/plain")}),
                               415, "unsupported_format")
    assert "pdf" in error["detail"]["allowed"]


def test_unexpected_failure_is_500_in_the_shape_without_a_traceback(served):
    from answerable.serve import create_app

    app = create_app(served["url"], make_settings())

    def explode():
        raise RuntimeError("secret internals")

    app.add_api_route("/api/v1/explode", explode)
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/api/v1/explode")
        error = assert_error_shape(r, 500, "internal_error")
        assert "secret internals" not in r.text and "Traceback" not in r.text


def test_pages_answer_errors_as_html_with_the_same_code(client):
    r = client.get("/responses/999999", headers={"accept": "text/html"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert 'data-code="not_found"' in r.text
    assert "no response with id 999999" in r.text


def test_pages_answer_json_errors_to_api_clients(client):
    assert_error_shape(client.get("/responses/999999", headers={"accept": "application/json"}), 404, "not_found")


def test_chunked_body_over_the_limit_is_cut_off_with_413(served):
    from answerable.serve import create_app

    app = create_app(served["url"], make_settings(upload_max_bytes=1000))

    def chunks():
        for _ in range(100):
            yield b"x" * 10_000

    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.post("/api/v1/audit", content=chunks(), headers={"content-type": "application/json"})
        assert r.request.headers.get("transfer-encoding") == "chunked"
        assert_error_shape(r, 413, "file_too_large")
