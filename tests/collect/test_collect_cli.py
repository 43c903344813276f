"""`answerable collect`, `sources list` and `reports update` from the command line."""

from __future__ import annotations

import json

from click.testing import CliRunner

from answerable.cli import cli
from collect_sites import Resource, html, letter_text, pdf_bytes


def _env(settings):
    return {"ANSWERABLE_COLLECT_DELAY": "0", "ANSWERABLE_COLLECT_TIMEOUT": "5", "ANSWERABLE_COLLECT_RETRIES": "0"}


def test_collect_prints_one_line_per_failure_and_a_summary_and_exits_1(site, settings, monkeypatch):
    from answerable.settings import get_settings

    for key, value in _env(settings).items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    site.routes["/"] = html("HMICFRS responses", "<a href='/response-1.pdf'>PCC response to HMICFRS</a>"
                                                 "<a href='/response-gone.pdf'>PCC response (old)</a>")
    site.routes["/response-1.pdf"] = Resource(pdf_bytes(letter_text("Kent", 1)), "application/pdf")
    result = CliRunner().invoke(cli, ["collect", site.url("/"), "--db", settings.database_url, "--workers", "1"])
    get_settings.cache_clear()
    assert result.exit_code == 1, result.output
    assert f"failed: {site.url('/response-gone.pdf')}: HTTP 404 Not Found" in result.stderr
    assert result.stdout.startswith("collect: 1 source(s)") and "1 new" in result.stdout and "1 stored" in result.stdout


def test_collect_json_summary_and_sources_list_show_the_run(site, settings, monkeypatch):
    from answerable.settings import get_settings

    for key, value in _env(settings).items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    site.routes["/"] = html("HMICFRS responses", "<a href='/response-1.pdf'>PCC response to HMICFRS</a>")
    site.routes["/response-1.pdf"] = Resource(pdf_bytes(letter_text("Kent", 1)), "application/pdf")
    runner = CliRunner()
    result = runner.invoke(cli, ["collect", site.url("/"), "--db", settings.database_url, "--format", "json"])
    listed = runner.invoke(cli, ["sources", "list", "--db", settings.database_url, "--format", "json"])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["new"], summary["stored"], summary["failed"]) == (1, 1, [])
    items = {s["id"]: s for s in json.loads(listed.stdout)["items"]}
    assert len([s for s in items.values() if not s["id"].startswith("url:")]) == 43
    ours = items["url:127.0.0.1:%d" % site.server.server_address[1]]
    assert ours["status"] == "ok" and ours["documents"] == 1 and ours["finished"] is True


def test_a_bad_url_or_an_unknown_body_is_one_error_line(settings):
    runner = CliRunner()
    bad = runner.invoke(cli, ["collect", "ftp://example.org/x", "--db", settings.database_url])
    assert bad.exit_code == 1
    assert bad.stderr.strip() == ("answerable: error: 'ftp://example.org/x' is not an http(s) URL: give a page or "
                                  "sitemap like https://example.org/hmicfrs-responses/")
    unknown = runner.invoke(cli, ["collect", "--body", "borsetshire", "--db", settings.database_url])
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("answerable: error: no single source named 'borsetshire'.")


def test_a_body_with_no_known_website_says_how_to_add_one(settings):
    result = CliRunner().invoke(cli, ["collect", "--body", "thames-valley", "--db", settings.database_url])
    assert result.exit_code == 1
    assert "no website is known for Local policing body for Thames Valley: add one to your sources file" in result.stderr
