"""`answerable reports update`: reports on a (fictional) publication listing that the catalogue
lacks become catalogue entries with their title, date and the listing as their source."""

from __future__ import annotations

import datetime as dt

import yaml
from click.testing import CliRunner

from answerable.collect import update_reports
from answerable.collect.listing import parse_listing
from collect_sites import Resource, html

LISTING = html("Publications", """
<ul>
 <li><a href="/publications/safer-at-night-a-fictional-inspection/">Safer at night: a fictional inspection of night-time policing</a>
     <time datetime="2031-03-04">4 March 2031</time></li>
 <li><article><h3><a href="/publications/fictional-peel-2031-33-borsetshire/">PEEL 2031-33: an inspection of Borsetshire Police</a></h3>
     <p>Published: 12 April 2031</p></article></li>
 <li><a href="/publications/both-sides-of-the-coin/">Both sides of the coin: The police and National Crime Agency's response to vulnerable people in 'county lines' drug offending</a> 10 January 2020</li>
 <li><a href="/publications/safer-at-night-annex-a/">Safer at night: annex A data tables</a> 4 March 2031</li>
 <li><a href="/publications/undated-thing/">A report with no date beside it</a></li>
 <li><a href="/about-us/">About us</a> 1 January 2030</li>
</ul>""")


def test_the_listing_gives_each_reports_title_date_and_page():
    listed, skipped = parse_listing(LISTING.body, "https://inspectorate.example/publications/")
    found = {r.title: (r.published, r.url) for r in listed}
    assert found["Safer at night: a fictional inspection of night-time policing"] == (
        dt.date(2031, 3, 4), "https://inspectorate.example/publications/safer-at-night-a-fictional-inspection/")
    assert found["PEEL 2031-33: an inspection of Borsetshire Police"][0] == dt.date(2031, 4, 12)
    assert len(listed) == 3
    assert "https://inspectorate.example/publications/safer-at-night-annex-a/" in skipped  # an annex
    assert "https://inspectorate.example/publications/undated-thing/" in skipped  # no date seen


def test_update_adds_only_what_the_catalogue_lacks_over_http(site, settings, tmp_path):
    site.routes["/publications/"] = LISTING
    site.routes["/robots.txt"] = Resource(b"User-agent: *\nAllow: /\n", "text/plain")
    out = tmp_path / "catalogue"
    settings = settings.model_copy(update={"catalogue_dir": out})
    result = update_reports(site.url("/publications/"), out_dir=out, settings=settings)
    assert [r.id for r in result.added] == ["safer-at-night-a-fictional-inspection-of-night-time-policing",
                                           "peel-2031-33-an-inspection-of-borsetshire-police"]
    assert result.known == 1  # Both sides of the coin is bundled
    entry = yaml.safe_load((out / "peel-2031-33-an-inspection-of-borsetshire-police.yaml").read_text())
    assert entry["published"] in ("2031-04-12", dt.date(2031, 4, 12)) and entry["kind"] == "peel"
    assert entry["sources"] == [site.url("/publications/")] and entry["recommendations_known"] is False
    again = update_reports(site.url("/publications/"), out_dir=out, settings=settings)
    assert again.added == [] and again.known == 3


def test_reports_update_on_the_command_line(site, settings, tmp_path, monkeypatch):
    from answerable.cli import cli
    from answerable.settings import get_settings

    site.routes["/publications/"] = LISTING
    monkeypatch.setenv("ANSWERABLE_COLLECT_DELAY", "0")
    monkeypatch.setenv("ANSWERABLE_CATALOGUE_DIR", str(tmp_path))
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["reports", "update", site.url("/publications/"), "--out", str(tmp_path)])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "reports update: 2 new, 1 already catalogued" in result.stdout


def test_an_unreachable_listing_is_one_clear_error(settings):
    import socket

    from answerable import errors

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    try:
        update_reports(f"http://127.0.0.1:{port}/publications/", settings=settings.model_copy(
            update={"collect_retries": 0}))
    except errors.CollectError as exc:
        assert str(exc).startswith(f"cannot read the publication listing http://127.0.0.1:{port}/publications/: "
                                   "robots.txt could not be fetched (cannot connect")
    else:
        raise AssertionError("no error")
