"""`answerable reports add` on reports in the inspectorate's own layout: the web publication
(HTML: headings, "Cause of concern" with its recommendations, "Area for improvement n", a
numbered "Other recommendations" list) and the PDF (the same report laid out on A4 pages with a
running header and page numbers, made here with fpdf2). The report "Lanterns at dusk" is
FICTIONAL: HMICFRS has published no such report and every recommendation is invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from answerable.audit import must_answer
from answerable.reports import import_report

EXPECTED = [  # id, kind, within, addressees, due
    ("CoC1", "cause_of_concern", None, [], None),
    ("R1", "recommendation", "CoC1", ["chief constables"], dt.date(2031, 6, 30)),
    ("R2", "recommendation", "CoC1", ["the NPCC lead for neighbourhood policing"], dt.date(2031, 9, 30)),
    ("CoC2", "cause_of_concern", None, [], None),
    ("R3", "recommendation", "CoC2", ["police and crime commissioners"], None),
    ("AFI1", "area_for_improvement", None, [], None),
    ("AFI2", "area_for_improvement", None, [], None),
    ("R4", "recommendation", None, ["the College of Policing"], dt.date(2032, 3, 31)),
    ("R5", "recommendation", None, ["the Home Office"], None),
]


@pytest.fixture(scope="module")
def html_path(fixtures_dir) -> Path:
    return fixtures_dir / "reports" / "layout" / "lanterns-at-dusk.html"


def _shape(report):
    return [(r.id, r.kind, r.within, r.addressees, r.due) for r in report.recommendations]


def make_pdf(html_path: Path, out: Path) -> Path:
    """The report as the inspectorate lays out its PDFs: a cover line, headings in bold, a
    running header and a page number on every page (fpdf2)."""
    fpdf = pytest.importorskip("fpdf")
    from answerable.read import read

    blocks = [b.strip() for b in read(html_path).text.split("\n\n") if b.strip()]

    class Report(fpdf.FPDF):
        def header(self):
            self.set_font("helvetica", size=8)
            self.cell(0, 5, "Lanterns at dusk (fictional)", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self):
            self.set_y(-15)
            self.set_font("helvetica", size=8)
            self.cell(0, 5, str(self.page_no()), align="C")

    pdf = Report(format="A4")
    pdf.add_page()
    for block in blocks:
        text = block.replace("’", "'").replace("·", "-").replace("–", "-")
        heading = len(text) < 60 and not text.endswith(".") and "\n" not in text
        pdf.set_font("helvetica", style="B" if heading else "", size=13 if heading else 11)
        for line in text.splitlines():
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.output(str(out))
    return out


def test_the_html_publication_gives_each_kind_with_its_cause_addressees_and_due_date(html_path):
    report = import_report(html_path)
    assert report.title == "Lanterns at dusk (fictional): an inspection of how forces light the way home"
    assert report.published == dt.date(2031, 2, 3)
    assert _shape(report) == EXPECTED


def test_a_recommendation_that_introduces_a_list_keeps_the_list(html_path):
    r3 = next(r for r in import_report(html_path).recommendations if r.id == "R3")
    assert r3.text == ("Police and crime commissioners should, within three months: - ask their chief constable "
                       "how escort requests are answered; and - publish what they find.")


def test_the_pdf_of_the_same_report_gives_the_same_recommendations(html_path, tmp_path):
    report = import_report(make_pdf(html_path, tmp_path / "lanterns-at-dusk.pdf"))
    assert report.published == dt.date(2031, 2, 3)
    assert [(r.id, r.kind, r.within, r.addressees) for r in report.recommendations] == \
        [(i, k, w, [a.replace("’", "'") for a in ad]) for i, k, w, ad, _ in EXPECTED]
    assert all("Lanterns at dusk (fictional)" not in r.text for r in report.recommendations)  # no running header


def test_which_recommendations_the_local_policing_body_must_answer(html_path):
    from answerable.audit import load_rules

    report = import_report(html_path)
    rules = load_rules()
    must = [r.id for r in must_answer(report, rules)]
    assert must == ["R1", "R3"]


def test_cli_add_says_which_recommendations_a_local_policing_body_must_answer(html_path, tmp_path):
    from click.testing import CliRunner

    from answerable.cli import cli

    out = CliRunner().invoke(cli, ["reports", "add", str(html_path), "--out-dir", str(tmp_path)])
    assert out.exit_code == 0, out.output
    assert "5 recommendation(s), 2 area(s) for improvement, 2 cause(s) of concern" in out.output
    assert "a local policing body must answer 2: R1, R3 (s.55(5B)); the others are addressed to" in out.output
