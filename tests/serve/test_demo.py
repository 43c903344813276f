"""`answerable demo --no-serve` builds a store from the bundled corpus, and every page of it
renders: each real or fictional letter's text comes back whole, with its statements marked."""

from __future__ import annotations

import html
import re

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from answerable.cli import cli
from serve_helpers import make_settings


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    result = CliRunner().invoke(cli, ["demo", "--no-serve", "--db", url, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.output
    return url


@pytest.fixture(scope="module")
def demo_client(demo_url):
    from answerable.serve import create_app

    with TestClient(create_app(demo_url, make_settings()), raise_server_exceptions=False) as client:
        yield client


def test_demo_holds_both_seed_letters(demo_client):
    forces = {r["force"] for r in demo_client.get("/api/v1/responses", params={"limit": 500}).json()["items"]}
    assert {"Cheshire", "Dorset"} <= forces


def test_demo_again_skips_what_it_already_has(demo_url):
    result = CliRunner().invoke(cli, ["demo", "--no-serve", "--db", demo_url, "--workers", "1"])
    assert result.exit_code == 0 and "0 new, 0 changed" in result.output


def test_every_response_page_renders_its_whole_letter(demo_client):
    items = demo_client.get("/api/v1/responses", params={"limit": 500}).json()["items"]
    assert len(items) >= 2
    for item in items:
        stored = demo_client.get(f"/api/v1/responses/{item['id']}").json()
        page = demo_client.get(f"/responses/{item['id']}", headers={"accept": "text/html"})
        assert page.status_code == 200, (item["path"], page.text[:300])
        letter = re.search(r'<div class="letter" id="letter">(.*?)</div>\n  </article>', page.text, re.S).group(1)
        assert html.unescape(re.sub(r"</?mark[^>]*>", "", letter)) == stored["record"]["text"]
        assert letter.count("<mark") >= len(stored["record"]["statements"])


def test_cheshire_seed_report_page_and_dashboard_render(demo_client):
    page = demo_client.get("/reports/both-sides-of-the-coin", headers={"accept": "text/html"})
    assert page.status_code == 200 and ">Cheshire</a>" in page.text and ">Dorset</a>" in page.text
    dash = demo_client.get("/", headers={"accept": "text/html"})
    assert dash.status_code == 200 and "<svg" in dash.text
