"""The seed report, "Both sides of the coin": the catalogue carries its URL and says its
recommendation texts are missing; `answerable reports add FILE --id both-sides-of-the-coin`
fills them, after which the seeds' audit and the report page give a verdict per recommendation
with its evidence. The recommendations here come from a FICTIONAL stand-in file written by the
test (the report's own words are not in this repository and are never invented as if real)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from answerable.catalogue import load_catalogue
from answerable.cli import cli

BSOTC = "both-sides-of-the-coin"
STAND_IN = [
    ("FICTIONAL stand-in for testing: these are not the words of the report", True),
    ("Published: 10 January 2020", False),
    ("Recommendations", True),
    ("1. By 30 June 2020, chief constables should make sure that officers treat children exploited "
     "in county lines drug offending as victims first.", False),
    ("2. By 30 June 2020, chief constables should share intelligence about county lines with "
     "safeguarding partners.", False),
    ("3. The National Crime Agency should publish an annual assessment of the county lines threat.", False),
]


def stand_in_pdf(path: Path) -> Path:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_page()
    for text, heading in STAND_IN:
        pdf.set_font("helvetica", style="B" if heading else "", size=12 if heading else 11)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(path))
    return path


def test_the_catalogue_entry_has_its_url_and_says_its_recommendations_are_missing():
    report = load_catalogue(include_user=False).get(BSOTC)
    assert report.link and report.link.startswith("https://")
    assert report.sources and all(s.startswith("https://") for s in report.sources)
    assert report.recommendations_known is False and report.recommendations == []


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """A catalogue folder holding both-sides-of-the-coin with the stand-in's recommendations."""
    tmp = tmp_path_factory.mktemp("seed")
    pdf = stand_in_pdf(tmp / "stand-in.pdf")
    out = CliRunner().invoke(cli, ["reports", "add", str(pdf), "--id", BSOTC, "--out-dir", str(tmp / "cat")])
    assert out.exit_code == 0, out.output
    assert "is already catalogued: kept its title, dates and forces" in out.output
    assert "a local policing body must answer 2: R1, R2 (s.55(5B)); the others are addressed to R3 the National Crime Agency" in out.output
    return tmp / "cat"


def test_adding_the_file_keeps_the_catalogued_facts_and_fills_the_recommendations(filled):
    report = load_catalogue(filled, include_user=False).get(BSOTC)
    assert report.recommendations_known and [r.id for r in report.recommendations] == ["R1", "R2", "R3"]
    assert report.link and str(report.published) == "2020-01-10" and len(report.forces) == 43


@pytest.mark.parametrize("seed, day", [("cheshire_path", 56), ("dorset_path", 28)])
def test_the_seeds_audit_gives_a_verdict_per_recommendation_with_evidence(request, filled, seed, day):
    path = request.getfixturevalue(seed)
    out = CliRunner().invoke(cli, ["audit", str(path), "--catalogue", str(filled)])
    assert out.exit_code == 0, out.output
    assert f"[{BSOTC}], published 2020-01-10" in out.output
    assert f"Due 2020-03-05 · day {day} of 56 · on time" in out.output
    verdicts = re.findall(r"^  (R\d)\s+(\w+)\s+(\d\.\d\d)", out.output, re.M)
    assert [v[0] for v in verdicts] == ["R1", "R2", "R3"]
    assert "(not addressed to the force or its body)" in next(l for l in out.output.splitlines() if l.startswith("  R3"))
    assert "texts are NOT in the catalogue" not in out.output and "cannot be checked" not in out.output


def test_the_report_page_shows_a_verdict_per_recommendation_and_force(filled, cheshire_path, dorset_path, tmp_path):
    from fastapi.testclient import TestClient

    from answerable.audit import audit
    from answerable.serve import create_app
    from answerable.store import open_store
    from answerable.store.ingest import write_report

    catalogue = load_catalogue(filled, include_user=False)
    url = f"sqlite:///{tmp_path / 'seeds.db'}"
    with open_store(url) as store:
        with store.engine.begin() as conn:
            write_report(conn, catalogue.get(BSOTC).model_dump(mode="json"), origin="catalogue")
        for path in (cheshire_path, dorset_path):
            result = audit(path, catalogue=catalogue)
            store.add_record(result.record, result.model_copy(update={"record": None}), path=str(path))
    with TestClient(create_app(url)) as client:
        page = client.get(f"/reports/{BSOTC}", headers={"Accept": "text/html"}).text
    assert "Cheshire" in page and "Dorset" in page
    grid = page[page.index('<table class="grid">'):]
    grid = grid[: grid.index("</table>")]
    assert ">R1<" in grid and ">R2<" in grid and ">R3*<" in grid  # * : addressed to others
    assert grid.count('<td class="v-') == 6
    assert re.search(r'title="R\d: [a-z ]+ — “[^”]+”"', grid)  # a cell's evidence: the response's words
    assert "The local policing body must answer 2 of them (s.55(5B))" in page
