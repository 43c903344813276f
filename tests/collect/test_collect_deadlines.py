"""Deadline tracking from collection: per policing body, "response found (dated ..., day N)",
"not found on its site as of <last collect>" or "site not reachable at last collect", in
`store.compare`, `answerable compare` and the report page; a response page names its source URL."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from answerable.collect import collect, load_sources
from answerable.store import open_store
from collect_sites import Resource, html, letter_text, pdf_bytes

REPORT_ID = "both-sides-of-the-coin"


def _closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture
def collected(make_site, settings, tmp_path):
    kent, surrey = make_site(), make_site()
    kent.routes["/hmicfrs/"] = html("HMICFRS responses", "<a href='/docs/response.pdf'>PCC response to HMICFRS</a>")
    kent.routes["/docs/response.pdf"] = Resource(pdf_bytes(letter_text("Kent", 1, date="12 February 2020")),
                                                 "application/pdf")
    surrey.routes["/hmicfrs/"] = html("HMICFRS responses", "<p>Nothing published yet.</p>")
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"""bodies:
  - {{id: kent, force: Kent, name: Fictional OPCC for Kent, response_pages: ["{kent.url('/hmicfrs/')}"]}}
  - {{id: surrey, force: Surrey, name: Fictional OPCC for Surrey, response_pages: ["{surrey.url('/hmicfrs/')}"]}}
  - {{id: dorset, force: Dorset, name: Fictional OPCC for Dorset, website: "http://127.0.0.1:{_closed_port()}/"}}
""", encoding="utf-8")
    settings = settings.model_copy(update={"collect_sources": sources, "collect_retries": 0})
    with open_store(settings.database_url) as store:
        # only the fictional bodies: the bundled sources name real sites, never contacted by tests
        summary = collect(store, settings=settings, workers=1, sources=load_sources(sources, bundled=False))
    return {"settings": settings, "summary": summary, "kent": kent}


def test_compare_says_found_not_found_or_unreachable_per_body(collected):
    settings = collected["settings"]
    assert collected["summary"].sources == {"kent": "ok", "surrey": "ok", "dorset": "unreachable"}
    with open_store(settings.database_url) as store:
        result = store.compare(REPORT_ID)
    status = {c.force: c for c in result.collection}
    assert status["Kent"].status == "found"
    assert status["Kent"].text == "response found (dated 12 February 2020, day 34)"
    assert status["Kent"].url == collected["kent"].url("/docs/response.pdf")
    assert status["Surrey"].status == "not_found"
    assert status["Surrey"].text == f"not found on its site as of {status['Surrey'].last_collect:%Y-%m-%d %H:%M}"
    assert status["Dorset"].status == "unreachable"
    assert status["Dorset"].text.startswith("site not reachable at last collect (")
    assert status["Essex"].status == "not_collected"
    assert len(status) == 43


def test_answerable_compare_prints_what_each_site_showed(collected):
    from answerable.cli import cli

    result = CliRunner().invoke(cli, ["compare", REPORT_ID, "--db", collected["settings"].database_url])
    assert result.exit_code == 0, result.output
    assert "  Kent: response found (dated 12 February 2020, day 34)" in result.stdout
    assert "  Surrey: not found on its site as of " in result.stdout
    assert "  Dorset: site not reachable at last collect (" in result.stdout


def test_report_page_and_response_page_show_the_collection_and_the_source_url(collected):
    from fastapi.testclient import TestClient

    from answerable.serve import create_app

    settings = collected["settings"]
    url = collected["kent"].url("/docs/response.pdf")
    app = create_app(settings.database_url, settings.model_copy(update={"secret_key": "x" * 32}))
    with TestClient(app) as client:
        page = client.get(f"/reports/{REPORT_ID}").text
        with open_store(settings.database_url) as store:
            response_id = store.compare(REPORT_ID).rows[0].response_id
        letter = client.get(f"/responses/{response_id}").text
    assert "site not reachable at last collect" in page and "not found on its site as of" in page
    assert f'href="{url}"' in page
    assert f'Collected from <a href="{url}"' in letter


def test_a_collect_killed_before_it_finished_says_so_instead_of_not_found(collected):
    from sqlalchemy import update

    from answerable.store import schema

    settings = collected["settings"]
    with open_store(settings.database_url) as store:
        with store.engine.begin() as conn:  # as a killed run leaves it: started, never finished
            conn.execute(update(schema.collect_sources).where(schema.collect_sources.c.id == "surrey")
                         .values(finished_at=None))
        status = {c.force: c for c in store.compare(REPORT_ID).collection}
    assert status["Surrey"].status == "interrupted"
    assert status["Surrey"].text.startswith("not found so far: the collect of its site started ")
