"""Linking as real texts name reports: the force, the kind of inspection, the PEEL pillar and
period, "published today" with or without the year, the inspectorate's name, and the latest
report of its kind. Every report here is FICTIONAL test data (no real report has these ids);
the letters are fictional too, written in the shapes the real responses take."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from answerable.catalogue import Catalogue
from answerable.letter_cues import letter_cues
from answerable.link import link, load_link_config
from answerable.models import DateRef, ForceRef, Record, Report, ReportRef, Source


def record(text: str, *, force: str | None = None, date: dt.date | None = None, title: str | None = None,
           published: dt.date | None = None) -> Record:
    return Record(source=Source(sha256=hashlib.sha256(text.encode()).hexdigest(), format="text"), text=text,
                  force=ForceRef(name=force), date=DateRef(value=date),
                  report=ReportRef(title=title, published=published))


def force_report(rid: str, force: str, kind: str, *, published: dt.date | None, period: str | None = None,
                 pillar: str | None = None) -> Report:
    title = f"PEEL {period or ''} {pillar or ''} (fictional) - {force}".replace("  ", " ")
    return Report(id=rid, title=title, kind=kind, pillar=pillar, period=period, scope="force",
                  forces=[force], published=published)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    cat = Catalogue()
    for report in [
        force_report("kent-eff-2015", "Kent", "peel_pillar", pillar="effectiveness", period="2015",
                     published=dt.date(2016, 2, 18)),
        force_report("kent-eff-2016", "Kent", "peel_pillar", pillar="effectiveness", period="2016",
                     published=dt.date(2017, 3, 2)),
        force_report("kent-eff-2017", "Kent", "peel_pillar", pillar="effectiveness", period="2017",
                     published=dt.date(2018, 3, 22)),
        force_report("kent-efy-2016", "Kent", "peel_pillar", pillar="efficiency", period="2016",
                     published=dt.date(2016, 11, 3)),
        force_report("kent-peel-2021", "Kent", "peel", period="2021/22", published=dt.date(2022, 5, 12)),
        force_report("kent-peel-2023", "Kent", "peel", period="2023-25", published=None),
        force_report("gwent-peel-2021", "Gwent", "peel", period="2021/22", published=dt.date(2022, 5, 12)),
        force_report("kent-cdi-2016", "Kent", "crime_data_integrity", period="2016", published=dt.date(2016, 8, 4)),
        force_report("kent-cdi-2018", "Kent", "crime_data_integrity", period="2017", published=dt.date(2018, 4, 10)),
        Report(id="night-lights", title="Night lights (fictional): a thematic inspection of street patrols",
               kind="thematic", published=dt.date(2022, 5, 12), forces=["Kent", "Gwent"]),
    ]:
        cat.add(report)
    return cat


def test_published_today_with_the_letters_date_picks_the_pillar_report_that_day(catalogue):
    text = ("PCC statement\n\nThe HMIC efficiency report released today, 3 November 2016, rates Kent Police good.\n")
    found = link(record(text, force="Kent"), catalogue)
    assert (found.report_id, found.method) == ("kent-efy-2016", "date")
    assert any("published that day, 3 November 2016" in e for e in found.evidence)


def test_published_today_without_a_year_matches_the_day_and_weekday(catalogue):
    text = ("Kent PCC welcomes report\n\nHMIC has today (Thursday 2 March) published its police "
            "effectiveness report on Kent Police.\n")
    found = link(record(text, force="Kent"), catalogue)
    assert found.report_id == "kent-eff-2016"
    assert any("published today, Thursday 2 March, as catalogued" in e for e in found.evidence)


def test_a_yearless_dateline_on_a_page_that_says_today_dates_the_report(catalogue):
    text = ("PCC welcomes good crime data rating\n\nKent / April 10\n\nThe Commissioner has today welcomed "
            "the Crime Data Integrity Inspection for 2017 of Kent Police.\n")
    found = link(record(text, force="Kent"), catalogue)
    assert found.report_id == "kent-cdi-2018"


def test_a_report_on_another_force_is_never_linked(catalogue):
    text = "The HMICFRS PEEL 2021/22 report on Gwent Police was published on 12 May 2022."
    found = link(record(text, force="Kent"), catalogue)
    assert found.report_id != "gwent-peel-2021"
    assert all(c.report_id != "gwent-peel-2021" for c in found.candidates)


def test_the_period_named_beside_peel_picks_the_round(catalogue):
    found = link(record("Our response to the PEEL report on Kent Police for the year 2021/22.", force="Kent"),
                 catalogue)
    assert found.report_id == "kent-peel-2021"
    assert any("names the period 2021/22" in e for e in found.evidence)


def test_a_year_after_following_is_the_earlier_inspection_not_the_one_answered(catalogue):
    cues = letter_cues(record("The PEEL assessment of Kent Police shows progress following the 2019 inspection.",
                              force="Kent"), load_link_config())
    assert cues.periods == []


def test_the_latest_report_of_its_kind_before_the_letters_date(catalogue):
    text = "The PCC questioned the Chief Constable on the recently released PEEL report at the meeting."
    found = link(record(text, force="Kent", date=dt.date(2025, 2, 19)), catalogue)
    assert found.report_id == "kent-peel-2023"
    assert any("the latest such report by 19 February 2025" in e for e in found.evidence)


def test_the_inspectorates_old_name_counts_against_reports_published_after_it(catalogue):
    from answerable.link import candidates

    text = "Statement on the HMIC police effectiveness report on Kent Police."
    scored = {c.report_id: c for c in candidates(record(text, force="Kent"), catalogue)}
    assert scored["kent-eff-2017"].confidence < scored["kent-eff-2016"].confidence
    assert any("the letter says HMIC, a name the inspectorate did not use" in e for e in scored["kent-eff-2017"].evidence)
    found = link(record(text, force="Kent"), catalogue)  # 2015 or 2016: too close to choose
    assert found.report_id is None
    assert {c.report_id for c in found.candidates} >= {"kent-eff-2015", "kent-eff-2016"}


def test_below_the_threshold_the_close_entries_are_listed_with_their_evidence(catalogue):
    found = link(record("Statement on the latest PEEL report.", force="Kent"), catalogue)
    assert found.report_id is None and found.method == "none"
    assert len(found.candidates) == load_link_config().max_candidates
    assert all(0.2 <= c.confidence < 0.5 for c in found.candidates)
    assert all(c.evidence for c in found.candidates)


def test_another_pillar_rules_a_report_out(catalogue):
    text = "HMIC efficiency report on Kent Police published on 2 March 2017."
    found = link(record(text, force="Kent"), catalogue)
    assert found.report_id != "kent-eff-2016"


def test_a_thematic_is_not_linked_from_its_date_when_the_letter_names_another_title(catalogue):
    text = "Response to the inspection 'Bright mornings: a review of something else', published on 12 May 2022."
    found = link(record(text, force="Kent", title="Bright mornings: a review of something else",
                        published=dt.date(2022, 5, 12)), catalogue)
    assert found.report_id is None


def test_since_the_last_report_in_a_year_rules_that_report_out_and_the_next_one_fits(catalogue):
    text = ("Kent Police latest HMICFRS PEEL report: PCC statement\n\nThe PCC welcomed today's PEEL report, "
            "which shows Kent Police has come a long way since its last report in 2022.\n")
    found = link(record(text, force="Kent"), catalogue)
    assert found.report_id == "kent-peel-2023"
    assert any("the only peel report on Kent the letter's words fit" in e for e in found.evidence)


def test_grading_areas_of_policing_names_a_peel_report(catalogue):
    cues = letter_cues(record("The Inspectorate graded the force across nine areas of policing.", force="Kent"),
                       load_link_config())
    assert "peel" in cues.kinds


def test_a_force_answers_its_own_pillar_report_not_the_national_one(catalogue):
    cat = Catalogue()
    for report in catalogue.reports():
        cat.add(report)
    cat.add(Report(id="national-eff-2016", title="PEEL: police effectiveness 2016 (fictional) - national report",
                   kind="peel_pillar", pillar="effectiveness", period="2016", scope="national",
                   published=dt.date(2017, 3, 2)))
    text = "HMIC has today (Thursday 2 March) published its police effectiveness report on Kent Police."
    found = link(record(text, force="Kent"), cat)
    assert found.report_id == "kent-eff-2016"


def test_the_audit_checklist_names_the_entries_that_came_close(catalogue):
    from answerable.audit import audit_record, format_checklist

    letter = record("Statement on the latest PEEL report on Kent Police.", force="Kent")
    found = link(letter, catalogue)
    heading = format_checklist(audit_record(letter, None, found)).splitlines()[2]
    assert heading.startswith("  came close: ") and heading.endswith("; name one with --report ID")
    assert found.candidates[0].report_id in heading
