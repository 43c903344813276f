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
