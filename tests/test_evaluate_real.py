"""answerable.evaluate on labels in the real corpus's shape (author_name, response_date, ...).

The texts here are fictional; the labels file has the same keys as
../shared/corpus/real/labels.json, read as it is (extra keys such as genre and notes too).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from answerable.cli import cli
from answerable.evaluate import evaluate
from answerable.evaluate_real import RealEvalReport, canonical_role, content_words, outcome, same_person, same_report

NEWS = """PCC welcomes Borsetshire inspection

Police and Crime Commissioner Jane Hartley-Moss said: "I welcome the HMICFRS PEEL assessment of
Kent Police. I will be holding the Chief Constable to account for the areas for improvement."
"""

STATEMENT = """Commissioner's statement

The Police and Crime Commissioner for Surrey, Tom Gribble, has responded to the crime data
integrity inspection. "We have already put in place a new audit team," he said.
"""


def _label(file: str, **values) -> dict:
    base = {"file": file, "source_url": "https://example.org/x", "genre": "press_statement",
            "author_name": None, "author_role": None, "force": None, "response_date": None,
            "addressee": None, "report_title": None, "report_published": None, "stance": None,
            "commitments": [], "actions_taken": [], "mentions_publication": False, "notes": ""}
    base.update(values)
    return base


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "n1.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "n2.txt").write_text(STATEMENT, encoding="utf-8")
    labels = [
        _label("n1.txt", author_name="Jane Hartley-Moss", author_role="Police & Crime Commissioner",
               force="Kent", report_title="HMICFRS PEEL assessment of Kent Police", stance="welcomes",
               commitments=["I will be holding the Chief Constable to account for the areas for improvement"]),
        _label("n2.txt", author_name="Sir Tom Gribble", author_role="Police and Crime Commissioner",
               force="Surrey", report_title="the crime data integrity inspection", stance=None,
               response_date="2019-05-02",
               actions_taken=["We have already put in place a new audit team"]),
    ]
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(labels), encoding="utf-8")
    return path


def test_a_real_labels_file_is_read_as_it_is_and_scored_per_field(corpus):
    report = evaluate(corpus)
    assert isinstance(report, RealEvalReport)
    assert report.files == 2
    tally = {t.field: t for t in report.fields}
    assert (tally["force"].right, tally["force"].total) == (2, 2)
    assert tally["author"].right == 2  # "Sir Tom Gribble" is "Tom Gribble"
    assert tally["role"].right == 2  # "Police & Crime Commissioner" is the canonical title
    assert tally["date"].missed == 1  # labelled 2019-05-02, the text gives no date
    assert tally["stance"].total == 1  # a null stance label is not scored
    recall = {r.field: r for r in report.recalls}
    assert (recall["commitments"].found, recall["commitments"].total) == (1, 1)
    assert report.spans.found == report.spans.total > 0


def test_the_table_gives_right_missed_wrong_and_given_where_null(corpus):
    table = evaluate(corpus).table()
    assert table.splitlines()[0].split() == ["field", "right", "missed", "wrong", "given-null", "total", "accuracy"]
    assert 'missed           n2.txt  date: expected "2019-05-02", got null' in table


def test_a_value_where_the_label_is_null_is_counted_apart_from_a_wrong_one():
    assert outcome("date", None, "2020-01-01") == "given_where_null"
    assert outcome("date", "2020-01-02", "2020-01-01") == "wrong"
    assert outcome("date", "2020-01-02", None) == "missed"
    assert outcome("date", None, None) == "right"
    assert outcome("mentions_publication", False, True) == "given_where_null"


def test_a_report_title_is_right_when_it_names_the_same_report():
    assert same_report("HMIC efficiency report", "the latest HMIC efficiency inspection")
    assert same_report("Crime Data Integrity Inspection for 2017", "Crime Data Integrity Inspection")
    assert same_report("PEEL (Police Effectiveness, Efficiency and Legitimacy) report", "PEEL assessment")
    assert not same_report("HMIC efficiency report", "Flashing police siren")
    assert not same_report("HMIC efficiency report", "HMIC legitimacy report")
    assert not same_report(None, "Merseyside / March 22")
    assert content_words("HMICFRS's report into vetting, misconduct and misogyny") == {"vetting", "misconduct", "misogyny"}


def test_roles_and_names_are_compared_as_the_canonical_title_and_without_honorifics():
    assert canonical_role("Acting Police and Crime Commissioner") == "Police and Crime Commissioner"
    assert canonical_role("Police, Fire & Rescue and Crime Commissioner") == "Police, Fire and Crime Commissioner"
    assert canonical_role("Mayor of London") == "Mayor"
    assert same_person("Dr Alan Billings", "Alan Billings")
    assert not same_person("Alan Billings", "Alan Bilson")


def test_eval_command_prints_the_real_table_and_fails_below_a_minimum(corpus):
    result = CliRunner().invoke(cli, ["eval", str(corpus), "--min", "date=0.9"])
    assert result.exit_code == 1
    assert "commitments recall" in result.output
    assert "date 50.0% < 90.0%" in result.output
