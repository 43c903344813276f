"""Accounts on the web: signed HttpOnly/SameSite session cookies, CSRF on every form, sign-in
rate limiting, bearer tokens for the API, and refusal once signed out."""

from __future__ import annotations

import re

import pytest

from answerable.serve.auth import RateLimiter, SessionCodec, load_secret_key
from answerable.serve.errors import RateLimitedError
from serve_helpers import EDITOR, PASSWORD

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def csrf_of(client, url: str = "/login") -> str:
    return CSRF.search(client.get(url).text).group(1)


def sign_in(client, name=EDITOR, password=PASSWORD, next_url="/commitments"):
    token = csrf_of(client)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": next_url},
                       follow_redirects=False)


def dorset_commitment(client) -> dict:
    return client.get("/api/v1/commitments", params={"force": "Dorset"}).json()["items"][0]


def test_session_cookie_is_signed_httponly_and_samesite_lax(client):
    r = client.get("/login")
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("answerable_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")


def test_sign_in_redirects_to_a_local_page_and_shows_the_user(client):
    r = sign_in(client)
    assert r.status_code == 303 and r.headers["location"] == "/commitments"
    page = client.get("/commitments").text
    assert f"Signed in as <strong>{EDITOR}</strong>" in page
    assert 'class="edit-commitment"' in page


def test_sign_in_never_redirects_to_another_site(client):
    r = sign_in(client, next_url="//evil.example/steal")
    assert r.headers["location"] == "/"


def test_wrong_password_is_refused_with_a_message(client):
    r = sign_in(client, password="not the password")
    assert r.status_code == 401
    assert "Wrong user name or password" in r.text
    assert "Signed in as" not in client.get("/").text


def test_login_without_csrf_token_is_403(client):
    client.get("/login")
    r = client.post("/login", data={"name": EDITOR, "password": PASSWORD}, headers={"accept": "application/json"})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "csrf_failed"


def test_sixth_sign_in_attempt_in_a_minute_is_429_even_with_the_right_password(client):
    for _ in range(5):
        assert sign_in(client, password="wrong password!").status_code == 401
    token = csrf_of(client)
    r = client.post("/login", data={"name": EDITOR, "password": PASSWORD, "csrf_token": token},
                    headers={"accept": "application/json"})
    assert r.status_code == 429
    assert r.headers["retry-after"] == "60"
    assert r.json()["error"]["code"] == "rate_limited"
    html = client.post("/login", data={"name": EDITOR, "password": PASSWORD, "csrf_token": token},
                       headers={"accept": "text/html"})
    assert html.status_code == 429 and 'data-code="rate_limited"' in html.text


def test_rate_limit_is_per_user_name(client):
    for _ in range(5):
        sign_in(client, name="someone-else", password="wrong password!")
    assert sign_in(client).status_code == 303


def test_rate_limiter_forgets_attempts_after_the_window():
    limiter = RateLimiter(limit=2, window=60)
    limiter.hit("k", now=0)
    limiter.hit("k", now=1)
    with pytest.raises(RateLimitedError) as info:
        limiter.hit("k", now=30)
    assert info.value.detail["retry_after_seconds"] == 31
    limiter.hit("k", now=61)  # the first attempt has left the window


def test_editor_changes_a_commitment_through_the_form(client):
    sign_in(client)
    cid = dorset_commitment(client)["id"]
    token = csrf_of(client, "/commitments")
    r = client.post(f"/commitments/{cid}", data={"status": "done", "note": "lamps counted", "csrf_token": token,
                                                 "target_date": "2099-01-31", "next": "/commitments"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/commitments#c{cid}"
    changed = dorset_commitment(client)
    assert changed["status"] == "done" and changed["target_date"] == "2099-01-31"
    assert f"{EDITOR}: open → done — lamps counted" in client.get("/commitments").text  # its history
    client.post(f"/commitments/{cid}", data={"status": "open", "csrf_token": token})


def test_form_post_with_a_stale_csrf_token_is_refused(client):
    sign_in(client)
    cid = dorset_commitment(client)["id"]
    r = client.post(f"/commitments/{cid}", data={"status": "done", "csrf_token": "forged"},
                    headers={"accept": "application/json"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    assert dorset_commitment(client)["status"] == "open"


def test_signed_out_user_is_refused(client):
    sign_in(client)
    token = csrf_of(client, "/commitments")
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    page = client.get("/commitments").text
    assert 'class="edit-commitment"' not in page and "Sign in" in page
    cid = dorset_commitment(client)["id"]
    r = client.post(f"/commitments/{cid}", data={"status": "done", "csrf_token": csrf_of(client, "/commitments")},
                    headers={"accept": "application/json"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_authenticated"
    assert dorset_commitment(client)["status"] == "open"


def test_api_write_with_a_session_needs_the_csrf_header(client):
    sign_in(client)
    cid = dorset_commitment(client)["id"]
    r = client.patch(f"/api/v1/commitments/{cid}", json={"status": "done"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    token = csrf_of(client, "/commitments")
    ok = client.patch(f"/api/v1/commitments/{cid}", json={"status": "in_progress"}, headers={"X-CSRF-Token": token})
    assert ok.status_code == 200 and ok.json()["status"] == "in_progress"
    client.patch(f"/api/v1/commitments/{cid}", json={"status": "open"}, headers={"X-CSRF-Token": token})


def test_forged_session_cookie_is_ignored(client):
    codec = SessionCodec("some other key")
    from answerable.serve.auth import Session, WebUser

    forged = codec.dump(Session(csrf="x", user=WebUser(EDITOR, "admin")))
    client.cookies.set("answerable_session", forged)
    assert "Signed in as" not in client.get("/").text


def test_secret_key_is_generated_once_into_the_data_dir(tmp_path):
    first = load_secret_key(None, tmp_path)
    assert len(first) >= 40
    assert load_secret_key(None, tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert load_secret_key("configured", tmp_path) == "configured"


def test_form_with_a_bad_target_date_is_refused_naming_the_field(client):
    sign_in(client)
    cid = dorset_commitment(client)["id"]
    r = client.post(f"/commitments/{cid}", data={"status": "done", "target_date": "next spring",
                                                 "csrf_token": csrf_of(client, "/commitments")},
                    headers={"accept": "application/json"})
    assert r.status_code == 400
    assert r.json()["error"]["detail"] == {"field": "target_date"} and "YYYY-MM-DD" in r.json()["error"]["message"]
    assert dorset_commitment(client)["status"] == "open"
