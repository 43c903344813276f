"""Recommendations quoted in responses are recorded against the report with where they were
quoted; the same one quoted by several forces is one; recommendations, causes of concern and
areas for improvement stay apart, and the per-recommendation check runs on the quoted ones.
The report "Night harbours" and every letter here are FICTIONAL test data."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from answerable.models import DateRef, ForceRef, Record, Report, Source
from answerable.quoted import find_quotes, merge_quotes, with_quotes

KENT = """Response of the Kent Police and Crime Commissioner to Night harbours (fictional)

Recommendation 1: By 31 March 2031, chief constables should record every harbour patrol, with its route.

Response: Kent Police began recording harbour patrols in January 2031 and I will check the records each quarter.

Cause of concern
Forces do not know which harbours are patrolled at night.

Recommendation
Kent Police should, within three months:
- name an officer responsible for harbour patrols; and
- publish the patrol times.

The force named an officer in February.

Area for improvement 2: The force should tell harbour users when patrols will come.

Recommendation 3
We have done this already.
"""

DORSET = """Dorset Police and Crime Commissioner: response to Night harbours (fictional)

Recommendation 1
By 31 March 2031, chief constables should record every harbour patrol with its route.

I have asked the Chief Constable to record them from April.

Area for improvement 2
The force should tell harbour users when patrols will come.
"""


def record(text: str, force: str) -> Record:
    return Record(source=Source(path=f"{force.lower()}.txt", sha256=hashlib.sha256(text.encode()).hexdigest(),
                                format="text"), text=text, force=ForceRef(name=force),
                  date=DateRef(value=dt.date(2031, 2, 20)))


def test_quoted_recommendations_causes_and_areas_are_found_apart_with_where_they_stand():
    quotes = find_quotes(KENT)
    assert [(q.kind, q.number) for q in quotes] == [
        ("recommendation", "1"), ("cause_of_concern", None), ("recommendation", None), ("area_for_improvement", "2")]
    assert quotes[0].text == "By 31 March 2031, chief constables should record every harbour patrol, with its route."
    assert KENT[slice(*quotes[0].span)].startswith("By 31 March 2031")
    assert quotes[2].text == ("Kent Police should, within three months: - name an officer responsible for harbour "
                              "patrols; and - publish the patrol times.")
    # "Recommendation 3 / We have done this already." is an answer, not a quote


def test_the_same_recommendation_quoted_by_two_forces_is_one_with_both_places():
    recs = merge_quotes([record(KENT, "Kent"), record(DORSET, "Dorset")])
    r1 = next(r for r in recs if r.id == "R1")
    assert sorted(q.force for q in r1.quoted_in) == ["Dorset", "Kent"]
    assert r1.due == dt.date(2031, 3, 31) and r1.addressees == ["chief constables"]
    afi = [r for r in recs if r.kind == "area_for_improvement"]
    assert len(afi) == 1 and afi[0].id == "AFI2" and len(afi[0].quoted_in) == 2
    assert [r.kind for r in recs].count("cause_of_concern") == 1


def test_a_report_without_its_texts_gets_the_quoted_ones_and_the_check_runs_on_them():
    from answerable.audit import audit_record
    from answerable.models import Link

    report = Report(id="night-harbours", title="Night harbours (fictional)", published=dt.date(2031, 1, 30),
                    recommendations_known=False)
    letter = record(KENT, "Kent")
    filled = with_quotes(report, [letter])
    assert [r.id for r in filled.recommendations] == ["R1", "CoC1", "R2", "AFI2"]
    result = audit_record(letter, filled, Link(report_id=report.id, method="given"))
    recs = [f for f in result.findings if f.requirement == "recommendations"]
    assert recs[0].status == "unknown" and "Only the 2 recommendation(s) quoted in responses" in recs[0].message
    assert [f.recommendation_id for f in recs[1:]] == ["R1", "R2"]  # only recommendations must be answered


def test_a_report_with_known_texts_only_gains_where_they_are_quoted():
    from answerable.models import Recommendation

    report = Report(id="night-harbours", title="Night harbours (fictional)", recommendations=[
        Recommendation(id="R1", number="1", text="By 31 March 2031, chief constables should record every harbour "
                                                  "patrol, with its route.")])
    filled = with_quotes(report, [record(KENT, "Kent")])
    assert [r.id for r in filled.recommendations] == ["R1"]
    assert filled.recommendations[0].quoted_in[0].force == "Kent"


def test_ingest_keeps_the_quoted_recommendations_on_the_report_merged_across_forces(tmp_path):
    from answerable.store import open_store

    folder = tmp_path / "letters"
    folder.mkdir()
    header = ("\n\n20 February 2031\n\nDear Home Secretary\n\nResponse to the HMICFRS report Night harbours "
              "(fictional): an inspection of harbour patrols\n\n")
    for force, body in (("Kent", KENT), ("Dorset", DORSET)):
        (folder / f"{force.lower()}.txt").write_text(
            body.replace("(fictional)\n", "(fictional)" + header, 1) +
            f"\nHMICFRS published Night harbours (fictional) on 30 January 2031.\n\nYours sincerely\n\nA Name\n"
            f"Police and Crime Commissioner for {force}\n", encoding="utf-8")
    with open_store(f"sqlite:///{tmp_path / 'q.db'}") as store:
        assert store.ingest([str(folder)]).new == 2
        (prov,) = store.provisional_reports()
        report = store.report(prov.id)
        r1 = next(r for r in report.recommendations if r.id == "R1")
        assert sorted(q.force for q in r1.quoted_in) == ["Dorset", "Kent"]
        assert {r.kind for r in report.recommendations} == {"recommendation", "cause_of_concern", "area_for_improvement"}
