"""The report catalogue: bundled entry, user folders, validation errors that name file and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from answerable.catalogue import (Catalogue, load_catalogue, load_report_file, local_recommendations,
                                  report_to_yaml, user_catalogue_dir, write_report)
from answerable.errors import CatalogueError, UnknownReportError
from answerable.models import Recommendation, Report
from answerable.settings import Settings

BSOTC = "both-sides-of-the-coin"


@pytest.fixture
def bundled() -> Catalogue:
    return load_catalogue(include_user=False)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_both_sides_of_the_coin_is_bundled_with_its_metadata(bundled):
    report = bundled.get(BSOTC)
    assert report.title.startswith("Both sides of the coin: The police and National Crime Agency's")
    assert report.published == dt.date(2020, 1, 10)
    assert report.kind == "thematic" and report.scope == "national" and report.publisher == "HMICFRS"
    assert len(report.forces) == 43 and len(set(report.forces)) == 43
    assert {"Metropolitan Police", "Hampshire", "Devon and Cornwall", "Cheshire", "Dorset"} <= set(report.forces)
    assert report.other_bodies == ["National Crime Agency"]
    assert "Both sides of the coin" in report.short_names


def test_both_sides_of_the_coin_does_not_invent_recommendations(bundled):
    report = bundled.get(BSOTC)
    assert report.recommendations == []
    assert report.recommendations_known is False
    assert "not in this repository" in report.notes


def test_unknown_id_lists_near_matches(bundled):
    with pytest.raises(UnknownReportError) as err:
        bundled.get("both-sides")
    assert err.value.detail["suggestions"] == [BSOTC]
    assert "Did you mean: both-sides-of-the-coin?" in str(err.value)


def test_extra_folder_adds_reports_and_replaces_same_id(tmp_path):
    _write(tmp_path, "mine.yaml", "id: lights-on\ntitle: Lights On (fictional)\npublished: 2021-03-12\n")
    _write(tmp_path, "override.yaml", f"id: {BSOTC}\ntitle: Replaced title\n")
    catalogue = load_catalogue(tmp_path, include_user=False)
    assert catalogue.get("lights-on").published == dt.date(2021, 3, 12)
    assert catalogue.get(BSOTC).title == "Replaced title"
    assert catalogue.sources["lights-on"] == tmp_path / "mine.yaml"


def test_a_report_file_written_before_inspection_kinds_reads_as_the_kind_it_meant(tmp_path):
    _write(tmp_path, "old.yaml", "id: old-thematic\ntitle: An old fictional thematic\nkind: national_thematic\n")
    _write(tmp_path, "force.yaml", "id: old-force\ntitle: An old fictional force report\nkind: force\n"
                                   "forces: [Kent]\n")
    catalogue = load_catalogue(tmp_path, include_user=False)
    assert (catalogue.get("old-thematic").kind, catalogue.get("old-thematic").scope) == ("thematic", "national")
    assert (catalogue.get("old-force").kind, catalogue.get("old-force").scope) == ("other", "force")


def test_user_catalogue_dir_comes_from_settings(tmp_path):
    _write(tmp_path, "u.yaml", "id: user-report\ntitle: A user's fictional report\n")
    settings = Settings(catalogue_dir=tmp_path)
    assert user_catalogue_dir(settings) == tmp_path
    assert "user-report" in load_catalogue(settings=settings)


def test_missing_extra_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CatalogueError, match="does not exist"):
        load_catalogue(tmp_path / "nope", include_user=False)


@pytest.mark.parametrize("text,needle", [
    ("title: No id here\n", "field `id`: Field required"),
    ("id: x\ntitle: t\npublishd: 2020-01-01\n", "field `publishd`: unknown field"),
    ("id: x\ntitle: t\npublished: 10 Jan 2020\n", "field `published`: '10 Jan 2020' is not a date"),
    ("id: Bad Id\ntitle: t\n", "field `id`: 'Bad Id' is not a slug"),
    ("id: x\ntitle: t\nrecommendations:\n  - number: 1\n    text: a\n  - number: 1\n    text: b\n",
     "the id 'R1' is used twice"),
    ("id: x\ntitle: t\nrecommendations:\n  - number: 1\n", "field `recommendations.0.text`: Field required"),
    ("id: x\ntitle: t\nkind: regional\n", "field `kind`"),
    ("id: [unclosed\n", "not valid YAML at line"),
    ("- a list\n", "must be a YAML mapping"),
])
def test_bad_report_files_name_the_file_and_the_field(tmp_path, text, needle):
    path = _write(tmp_path, "bad.yaml", text)
    with pytest.raises(CatalogueError) as err:
        load_report_file(path)
    assert needle in str(err.value)
    assert str(err.value).startswith(str(path))


def test_recommendation_ids_default_from_kind_and_number(tmp_path):
    path = _write(tmp_path, "r.yaml", "id: r\ntitle: t\nrecommendations:\n"
                  "  - {number: 3, text: a}\n  - {number: 2, kind: area_for_improvement, text: b}\n"
                  "  - {kind: cause_of_concern, text: c}\n")
    assert [r.id for r in load_report_file(path).recommendations] == ["R3", "AFI2", "CoC3"]


def test_yaml_round_trip_keeps_every_field(tmp_path):
    report = Report(id="lights-on", title="Lights On (fictional)", published=dt.date(2021, 3, 12),
                    short_names=["Lights On"], forces=["Kent"], recommendations=[
                        Recommendation(id="R1", number="1", text="Chief constables should plan.",
                                       addressees=["chief constables"], due=dt.date(2022, 3, 31), span=(5, 9))])
    path = write_report(report, tmp_path)
    assert path == tmp_path / "lights-on.yaml"
    again = load_report_file(path)
    assert again == report.model_copy(update={"recommendations": [
        report.recommendations[0].model_copy(update={"span": None})]})
    assert "span" not in report_to_yaml(report)


def test_local_recommendations_are_those_for_forces_and_bodies():
    recs = [Recommendation(id="R1", text="a", addressees=["chief constables"]),
            Recommendation(id="R2", text="b", addressees=["the Home Office"]),
            Recommendation(id="R3", text="c", addressees=["police and crime commissioners"]),
            Recommendation(id="R4", text="d"),
            Recommendation(id="R5", text="e", addressees=["the College of Policing", "the force"])]
    report = Report(id="x", title="t", recommendations=recs)
    got = local_recommendations(report, ["chief constable", "force", "police and crime commissioner"])
    assert [r.id for r in got] == ["R1", "R3", "R4", "R5"]


def test_reports_are_listed_newest_first(tmp_path):
    _write(tmp_path, "a.yaml", "id: old\ntitle: Old (fictional)\npublished: 2019-01-01\n")
    _write(tmp_path, "b.yaml", "id: undated\ntitle: Undated (fictional)\n")
    ids = [r.id for r in load_catalogue(tmp_path, include_user=False).reports()
           if r.id in (BSOTC, "old", "undated")]  # the bundled real entries are listed too
    assert ids == [BSOTC, "old", "undated"]


def test_force_names_must_be_canonical(tmp_path):
    path = _write(tmp_path, "f.yaml", "id: f\ntitle: t\nforces: [Dorset Police]\n")
    with pytest.raises(CatalogueError, match="field `forces`: 'Dorset Police' is not a canonical force name; write 'Dorset'"):
        load_report_file(path)
    path = _write(tmp_path, "g.yaml", "id: g\ntitle: t\nforces: [Gotham]\n")
    with pytest.raises(CatalogueError, match="canonical name from data/forces.yaml"):
        load_report_file(path)


def test_json_report_files_are_read_too(tmp_path):
    _write(tmp_path, "j.json", '{"id": "json-report", "title": "A JSON report (fictional)", "published": "2022-02-02",'
                               ' "recommendations": [{"number": 1, "text": "Chief constables should act."}]}')
    report = load_catalogue(tmp_path, include_user=False).get("json-report")
    assert report.published == dt.date(2022, 2, 2) and report.recommendations[0].id == "R1"
