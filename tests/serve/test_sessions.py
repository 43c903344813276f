"""Server-side sessions: signing out or changing the password ends the session for every copy
of the cookie; sign-in limits per address (X-Forwarded-For believed only from a configured
proxy), per user name and per both."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from answerable.cli import cli
from answerable.serve.auth import client_address, parse_proxies
from answerable.errors import ConfigError
from serve_helpers import EDITOR, PASSWORD, build_store, make_settings

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def csrf_of(client, url: str = "/login") -> str:
    return CSRF.search(client.get(url).text).group(1)


def sign_in(client, name=EDITOR, password=PASSWORD, headers=None):
    token = csrf_of(client)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": "/"},
                       headers=headers or {}, follow_redirects=False)


def edit(client, cookie: str, csrf: str, status: str):
    """POST the commitment form with a given cookie, as a copied cookie would be replayed."""
    client.cookies.clear()
    client.cookies.set("answerable_session", cookie)
    cid = client.get("/api/v1/commitments", params={"force": "Kent"}).json()["items"][0]["id"]
    return client.post(f"/commitments/{cid}", data={"status": status, "csrf_token": csrf},
                       headers={"accept": "application/json"}, follow_redirects=False)


@pytest.fixture
def fresh(tmp_path):
    """Its own store and app, so sessions and limits start empty."""
    url = f"sqlite:///{tmp_path / 's.db'}"
    build_store(url)

    def make(**settings):
        from answerable.serve import create_app

        return TestClient(create_app(url, make_settings(**settings)), raise_server_exceptions=False)

    make.url = url
    return make


def test_a_cookie_saved_before_logout_no_longer_changes_anything(fresh):
    with fresh() as client:
        assert sign_in(client).status_code == 303
        saved, csrf = client.cookies["answerable_session"], csrf_of(client, "/commitments")
        assert edit(client, saved, csrf, "in_progress").status_code == 303  # the session works
        client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
        replayed = edit(client, saved, csrf, "done")
        assert replayed.status_code == 401 and replayed.json()["error"]["code"] == "not_authenticated"
        client.cookies.clear()
        client.cookies.set("answerable_session", saved)
        assert "Signed in as" not in client.get("/").text
        assert client.get("/api/v1/commitments", params={"force": "Kent"}).json()["items"][0]["status"] == "in_progress"


def test_a_password_change_ends_every_session_of_that_user(fresh):
    with fresh() as client:
        sign_in(client)
        saved, csrf = client.cookies["answerable_session"], csrf_of(client, "/commitments")
        result = CliRunner().invoke(cli, ["users", "password", EDITOR, "--password-stdin", "--db", fresh.url],
                                    input="a brand new password\n")
        assert result.exit_code == 0, result.output
        assert f"changed the password of {EDITOR}; their web sessions have ended" in result.output
        assert edit(client, saved, csrf, "done").status_code == 401
        client.cookies.clear()
        assert sign_in(client).status_code == 401  # the old password is gone
        assert sign_in(client, password="a brand new password").status_code == 303


def test_users_password_for_an_unknown_user_or_a_short_password_is_a_clear_error(fresh):
    unknown = CliRunner().invoke(cli, ["users", "password", "nobody", "--password-stdin", "--db", fresh.url],
                                 input="long enough password\n")
    assert unknown.exit_code == 1 and "no user named 'nobody'" in unknown.output
    short = CliRunner().invoke(cli, ["users", "password", EDITOR, "--password-stdin", "--db", fresh.url],
                               input="short\n")
    assert short.exit_code == 1 and "at least 8 characters" in short.output


def test_the_cookie_holds_no_user_name_or_role_only_a_session_id(fresh):
    import base64
    import json

    with fresh() as client:
        sign_in(client)
        payload = client.cookies["answerable_session"].split(".")[0]
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        assert set(data) == {"csrf", "sid"} and EDITOR not in json.dumps(data)


# --- rate limits -----------------------------------------------------------------------------
# The counting attempts send an empty password: counted like any other, but without the argon2
# check a real wrong password costs (which would make these tests take a minute).
def test_rotating_x_forwarded_for_does_not_escape_the_limit_by_default(fresh):
    with fresh() as client:
        codes = [sign_in(client, password="", headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code
                 for i in range(7)]
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]


def test_a_configured_proxy_is_believed_and_limits_follow_the_real_client(fresh):
    with fresh(forwarded_allow_ips="*") as client:  # TestClient's peer is "testclient"
        codes = [sign_in(client, password="", headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code
                 for i in range(7)]
        assert codes == [401] * 7  # seven different clients behind the proxy, one try each
        for _ in range(5):
            sign_in(client, password="", headers={"X-Forwarded-For": "198.51.100.9"})
        assert sign_in(client, headers={"X-Forwarded-For": "198.51.100.9"}).status_code == 429
        assert sign_in(client, headers={"X-Forwarded-For": "198.51.100.10"}).status_code == 303


def test_many_user_names_from_one_address_are_limited(fresh):
    with fresh() as client:
        codes = [sign_in(client, name=f"guess{i}", password="").status_code for i in range(22)]
        assert codes[:20] == [401] * 20 and codes[20] == 429
        answer = client.post("/login", data={"name": "guess99", "password": "x", "csrf_token": csrf_of(client)},
                             headers={"accept": "application/json"})
        assert answer.status_code == 429
        assert "too many sign-in attempts from your address" in answer.json()["error"]["message"]


def test_one_user_name_from_many_addresses_is_limited(fresh):
    with fresh(forwarded_allow_ips="*") as client:
        codes = [sign_in(client, password="", headers={"X-Forwarded-For": f"192.0.2.{i}"}).status_code
                 for i in range(21)]
        assert codes[:20] == [401] * 20 and codes[20] == 429


class _Req:
    def __init__(self, peer: str, xff: str | None):
        from starlette.requests import Request

        headers = [(b"x-forwarded-for", xff.encode())] if xff else []
        self.request = Request({"type": "http", "client": (peer, 1234), "headers": headers})


@pytest.mark.parametrize("setting,peer,xff,expected", [
    (None, "127.0.0.1", "203.0.113.5", "127.0.0.1"),                 # not configured: the peer
    ("10.0.0.0/8", "192.0.2.1", "203.0.113.5", "192.0.2.1"),         # peer is not a trusted proxy
    ("10.0.0.0/8", "10.1.2.3", "203.0.113.5", "203.0.113.5"),        # trusted proxy: its client
    ("10.0.0.0/8", "10.1.2.3", "6.6.6.6, 203.0.113.5, 10.9.9.9", "203.0.113.5"),  # spoofed left part ignored
    ("*", "192.0.2.1", "203.0.113.5", "203.0.113.5"),
])
def test_client_address_believes_x_forwarded_for_only_from_trusted_proxies(setting, peer, xff, expected):
    assert client_address(_Req(peer, xff).request, parse_proxies(setting)) == expected


def test_a_bad_forwarded_allow_ips_value_names_the_setting():
    with pytest.raises(ConfigError) as info:
        parse_proxies("10.0.0.0/8, proxy.example")
    assert "ANSWERABLE_FORWARDED_ALLOW_IPS" in str(info.value) and "'proxy.example'" in str(info.value)
