"""Importing a report from its own text: title, date, recommendations with spans and addressees.

The report text is fictional (tests/fixtures/reports/evening-patrols-report.txt)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from answerable.errors import ReportParseError
from answerable.models import Document, Source
from answerable.reports import find_published, find_recommendations, import_report, parse_date, slugify


@pytest.fixture(scope="module")
def report_text(fixtures_dir) -> str:
    return (fixtures_dir / "reports" / "evening-patrols-report.txt").read_text(encoding="utf-8")


def _doc(text: str, title: str | None = None) -> Document:
    return Document(source=Source(sha256=hashlib.sha256(text.encode()).hexdigest(), format="text"),
                    text=text, title=title)


@pytest.fixture(scope="module")
def imported(report_text):
    return import_report(_doc(report_text))


def test_title_date_and_id_come_from_the_report(imported):
    assert imported.title == "Lights On (fictional): an inspection of evening patrols in town centres"
    assert imported.published == dt.date(2021, 3, 12)
    assert imported.id == "lights-on-fictional"
    assert imported.recommendations_known is True


def test_every_kind_of_recommendation_is_found_in_order(imported):
    got = [(r.id, r.kind) for r in imported.recommendations]
    assert got == [("R1", "recommendation"), ("R2", "recommendation"), ("R3", "recommendation"),
                   ("R4", "recommendation"), ("R5", "recommendation"),
                   ("AFI1", "area_for_improvement"), ("CoC1", "cause_of_concern")]


def test_recommendation_texts_are_whole_and_spans_point_at_them(imported, report_text):
    by_id = {r.id: r for r in imported.recommendations}
    assert by_id["R2"].text == "The Home Office should fund street lighting pilots in three regions."
    assert by_id["R3"].text.startswith("Police and crime commissioners should hold chief constables")
    assert by_id["R3"].text.endswith("at their public scrutiny meetings.")
    assert by_id["CoC1"].text == "Evening patrols are thin in rural areas, and nobody knows how thin."
    for rec in imported.recommendations:
        start, end = rec.span
        assert " ".join(report_text[start:end].split()) == rec.text


def test_addressees_come_from_the_subject(imported):
    by_id = {r.id: r.addressees for r in imported.recommendations}
    assert by_id["R1"] == ["chief constables"]
    assert by_id["R2"] == ["the Home Office"]
    assert by_id["R3"] == ["police and crime commissioners"]  # not "chief constables", the object
    assert by_id["R4"] == ["the NPCC lead for neighbourhood policing", "the College of Policing"]
    assert by_id["R5"] == ["the National Crime Agency"]
    assert by_id["AFI1"] == ["the force"]


def test_by_date_sets_the_due_date(imported):
    by_id = {r.id: r.due for r in imported.recommendations}
    assert by_id["R1"] == dt.date(2022, 3, 31)
    assert by_id["R5"] == dt.date(2022, 6, 1)
    assert by_id["R2"] is None


def test_unnumbered_recommendations_take_free_numbers():
    text = ("We recommend that forces should keep logs.\n\nRecommendation 1: Chief constables "
            "should audit the logs.\n\nBy 1 May 2023, chief constables should publish the logs.")
    recs = find_recommendations(text)
    assert [(r.id, r.number) for r in recs] == [("R2", "2"), ("R1", "1"), ("R3", "3")]


def test_a_report_without_recommendations_says_what_was_looked_for(fixtures_dir):
    text = (fixtures_dir / "reports" / "no-recommendations.txt").read_text(encoding="utf-8")
    with pytest.raises(ReportParseError) as err:
        import_report(_doc(text))
    message = str(err.value)
    assert "no recognisable recommendations" in message
    assert "'Recommendation 1'" in message and "We recommend that" in message
    assert err.value.code == "no_recommendations_found"


def test_document_title_is_used_when_there_is_no_title_line():
    doc = _doc("Some heading\n\nRecommendation 1: Chief constables should act.", title="Page Title (fictional)")
    assert import_report(doc).title == "Page Title (fictional)"


def test_first_line_is_the_title_otherwise():
    doc = _doc("# Night Buses (fictional)\nDate of publication: 3 April 2023\n\n"
               "Recommendation 1: Chief constables should act.")
    report = import_report(doc, report_id="night-buses")
    assert (report.title, report.published, report.id) == ("Night Buses (fictional)", dt.date(2023, 4, 3), "night-buses")


def test_bad_id_is_refused():
    with pytest.raises(ReportParseError, match="not a slug"):
        import_report(_doc("Recommendation 1: Chief constables should act."), report_id="Not A Slug")


@pytest.mark.parametrize("text,value", [
    ("12 March 2021", dt.date(2021, 3, 12)), ("1st June 2022", dt.date(2022, 6, 1)),
    ("March 5, 2020", dt.date(2020, 3, 5)), ("2020-01-10", dt.date(2020, 1, 10)),
    ("5 Sept 2020", dt.date(2020, 9, 5)), ("31 February 2020", None), ("soon", None),
])
def test_dates_are_parsed(text, value):
    assert parse_date(text) == value


def test_published_line_variants():
    assert find_published("Published on 2 May 2024\n")[0] == dt.date(2024, 5, 2)
    assert find_published("Date of publication: 9th October 2019")[0] == dt.date(2019, 10, 9)
    assert find_published("No date here") == (None, None)


def test_slug_is_the_main_title():
    assert slugify("Both sides of the coin: The police and NCA's response") == "both-sides-of-the-coin"
    assert slugify("Lights On – evening patrols") == "lights-on"


# --- real files through answerable.read -----------------------------------------------------
def test_import_from_a_text_file(fixtures_dir):
    report = import_report(fixtures_dir / "reports" / "evening-patrols-report.txt")
    assert len(report.recommendations) == 7 and report.published == dt.date(2021, 3, 12)


def test_import_from_html_uses_its_title(tmp_path):
    path = tmp_path / "report.html"
    path.write_text("<html><head><title>Open Gates (fictional) | HMICFRS</title></head><body>"
                    "<h1>Open Gates (fictional)</h1><p>Published: 4 July 2022</p><h2>Recommendations</h2>"
                    "<p>Recommendation 1: By 1 January 2023, chief constables should open the gates.</p>"
                    "<p>Recommendation 2: The Home Office should pay for gates.</p></body></html>",
                    encoding="utf-8")
    report = import_report(path)
    assert report.title == "Open Gates (fictional)"
    assert report.published == dt.date(2022, 7, 4)
    assert [(r.id, r.due) for r in report.recommendations] == [("R1", dt.date(2023, 1, 1)), ("R2", None)]


def test_import_from_pdf(tmp_path, report_text):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in report_text.replace("–", "-").replace("&", "and").splitlines():
        pdf.multi_cell(0, 6, line or " ", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "lights-on.pdf"
    pdf.output(str(path))
    report = import_report(path)
    assert report.published == dt.date(2021, 3, 12)
    assert [r.id for r in report.recommendations] == ["R1", "R2", "R3", "R4", "R5", "AFI1", "CoC1"]
    assert report.recommendations[0].due == dt.date(2022, 3, 31)


def test_importing_into_a_catalogued_id_keeps_its_metadata(imported):
    from answerable.catalogue import load_catalogue
    from answerable.reports import merge_into

    existing = load_catalogue(include_user=False).get("both-sides-of-the-coin")
    merged = merge_into(existing, imported)
    assert (merged.title, merged.forces, merged.published) == (existing.title, existing.forces, existing.published)
    assert merged.recommendations_known is True and len(merged.recommendations) == 7


from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402

_PIECES = st.sampled_from(["Recommendation", "Recommendations\n", "1.", "3:", "We recommend that", "By 31 March 2021,",
                           "chief constables should", "\n\n", "\n", "Area for improvement 2", "Title:", "Published:"])


@hsettings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=15)), max_size=25))
def test_any_text_imports_or_says_no_recommendations(parts):
    text = " ".join(parts)
    try:
        report = import_report(_doc(text))
    except ReportParseError:
        return
    assert report.recommendations and len({r.id for r in report.recommendations}) == len(report.recommendations)
    for rec in report.recommendations:
        assert 0 <= rec.span[0] <= rec.span[1] <= len(text) and rec.text


def test_unnumbered_labels_and_bulleted_sections():
    text = ("Cause of concern\n\nThe force does not know how many calls it misses.\n\n"
            "Recommendations\n\nWe make two recommendations:\n\n• Within three months, the force should count missed calls.\n"
            "• The force should publish the count.\n\nArea for improvement\n"
            "The force should answer calls faster.\n\nRecommendation of the week is not a label.")
    recs = find_recommendations(text)
    assert [(r.id, r.kind, r.text) for r in recs] == [
        ("CoC1", "cause_of_concern", "The force does not know how many calls it misses."),
        ("R1", "recommendation", "Within three months, the force should count missed calls."),
        ("R2", "recommendation", "The force should publish the count."),
        ("AFI1", "area_for_improvement", "The force should answer calls faster.")]


@pytest.mark.parametrize("title,kind,forces", [
    ("PEEL (fictional): an inspection of Dorset Police", "force", ["Dorset"]),
    ("Night patrols in Devon and Cornwall (fictional)", "force", ["Devon and Cornwall"]),
    ("A joint inspection of youth services (fictional)", "national", []),
    ("Lights On (fictional): evening patrols in town centres", "national", []),
    ("Kent and Essex compared (fictional)", "national", []),
])
def test_kind_and_forces_from_the_title(title, kind, forces):
    from answerable.reports import scope_from_title

    assert scope_from_title(title) == (kind, forces)


def test_a_label_in_a_wrapped_line_is_not_a_new_recommendation():
    text = ("Recommendation 1: Chief constables should act on the findings set out in\n"
            "Recommendation 3 of our fictional 2019 report.\n\nRecommendation 2: The Home Office should pay.")
    recs = find_recommendations(text)
    assert [r.id for r in recs] == ["R1", "R2"]
    assert recs[0].text.endswith("set out in Recommendation 3 of our fictional 2019 report.")


def test_a_label_straight_after_a_heading_line_counts():
    recs = find_recommendations("Our recommendations\nRecommendation 1\nChief constables should act.\n"
                                "Recommendation 2\nThe Home Office should pay.")
    assert [(r.id, r.text) for r in recs] == [("R1", "Chief constables should act."),
                                              ("R2", "The Home Office should pay.")]
