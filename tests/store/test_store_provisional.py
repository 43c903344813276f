"""Provisional reports and quoted recommendations in the store, on SQLite and PostgreSQL:
responses from several forces to one uncatalogued report land on one provisional report that
compare, rename, merge and confirm work on; what they quote is kept on it. The report "Quiet
quays" and its letters are FICTIONAL test data."""

from __future__ import annotations

import datetime as dt

import pytest

LETTER = """Office of the {force} Police and Crime Commissioner

{date}

Dear Home Secretary

Response to the HMICFRS report Quiet quays: an inspection of how forces patrol harbours at night

HMICFRS published its report Quiet quays: an inspection of how forces patrol harbours at night on
4 April 2032.

Recommendation 1: By 30 September 2032, chief constables should patrol every harbour at night.

{answer}

This response will be published on my website.

Yours sincerely

{name}
Police and Crime Commissioner for {force}
"""

FORCES = [("Kent", "Ann Lowe", "20 April 2032", "Kent Police has patrolled its harbours since May."),
          ("Sussex", "Ben Marsh", "2 May 2032", "I have asked the Chief Constable to plan harbour patrols."),
          ("Essex", "Cara Holt", "29 June 2032", "Essex Police will begin harbour patrols in July.")]
PROVISIONAL = "provisional-quiet-quays"


@pytest.fixture
def ingested(store, tmp_path):
    folder = tmp_path / "quays"
    folder.mkdir()
    for force, name, date, answer in FORCES:
        (folder / f"{force.lower()}.txt").write_text(
            LETTER.format(force=force, name=name, date=date, answer=answer), encoding="utf-8")
    summary = store.ingest([str(folder)])
    assert summary.new == 3 and not summary.failed
    return store


def test_one_provisional_report_for_three_forces_with_deadline_and_non_responders(ingested):
    (report,) = ingested.provisional_reports()
    assert report.id == PROVISIONAL and report.published == dt.date(2032, 4, 4) and len(report.sources) == 3
    comparison = ingested.compare(PROVISIONAL)
    assert comparison.due == dt.date(2032, 5, 29)
    assert {r.force: r.on_time for r in comparison.rows} == {"Kent": True, "Sussex": True, "Essex": False}
    assert len(comparison.not_answered) == 40 and "Dorset" in comparison.not_answered


def test_the_quoted_recommendation_is_kept_once_with_each_force_that_quoted_it(ingested):
    report = ingested.report(PROVISIONAL)
    (rec,) = report.recommendations
    assert rec.id == "R1" and rec.due == dt.date(2032, 9, 30)
    assert sorted(q.force for q in rec.quoted_in) == ["Essex", "Kent", "Sussex"]


def test_rename_merge_and_confirm_move_the_responses(ingested):
    renamed = ingested.rename_report(PROVISIONAL, new_id="quiet-quays", title="Quiet quays (fictional)")
    assert renamed.id == "quiet-quays" and len(ingested.compare("quiet-quays").rows) == 3
    confirmed = ingested.confirm_report("quiet-quays")
    assert not confirmed.provisional and ingested.provisional_reports() == []
    origins = {r.id: r.origin for r in ingested.reports()}
    assert origins["quiet-quays"] == "confirmed"
    ingested.merge_report("quiet-quays", "both-sides-of-the-coin")
    assert "quiet-quays" not in {r.id for r in ingested.reports()}
    comparison = ingested.compare("both-sides-of-the-coin")
    assert len(comparison.rows) == 3
    # the audits are redone against the report merged into: due 5 March 2020, so all late
    assert {r.on_time for r in comparison.rows} == {False} and comparison.due == dt.date(2020, 3, 5)
    moved = ingested.get_response(comparison.rows[0].response_id)
    assert moved.audit.deadline.due == dt.date(2020, 3, 5) and moved.audit.link.method == "given"
