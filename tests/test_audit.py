"""The section 55 audit: deadline arithmetic, each requirement's finding, the seeds bar."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys

import pytest

from answerable.audit import (audit, audit_record, audit_to_json, compute_deadline, due_date,
                              format_checklist, load_rules, mask_slots)
from answerable.catalogue import Catalogue, load_catalogue, load_report_file
from answerable.models import (Addressee, Author, DateRef, ForceRef, Link, Record, Report, Source,
                               Statement)

BSOTC = "both-sides-of-the-coin"
RULES = load_rules()
FICTIONAL = Report(id="lights-on", title="Lights On (fictional)", published=dt.date(2021, 3, 12))


def record(text: str, **fields) -> Record:
    return Record(source=Source(sha256=hashlib.sha256(text.encode()).hexdigest(), format="text"),
                  text=text, **fields)


def finding(result, requirement):
    found = [f for f in result.findings if f.requirement == requirement]
    assert len(found) == 1, found
    return found[0]


def quoted(rec: Record, f) -> list[str]:
    return [rec.text[s:e] for s, e in f.evidence]


# --- deadline -------------------------------------------------------------------------------
def test_due_date_is_publication_plus_55_days():
    assert due_date(dt.date(2020, 1, 10)) == dt.date(2020, 3, 5)
    assert due_date(dt.date(2021, 3, 12)) == dt.date(2021, 5, 6)


@pytest.mark.parametrize("dated,day,status", [
    (dt.date(2021, 3, 12), 1, "on_time"), (dt.date(2021, 5, 6), 56, "on_time"),
    (dt.date(2021, 5, 7), 57, "late"),
])
def test_day_number_counts_publication_day_as_day_one(dated, day, status):
    deadline, message = compute_deadline(dated, FICTIONAL, RULES)
    assert (deadline.day, deadline.status, deadline.due) == (day, status, dt.date(2021, 5, 6))
    assert message.startswith(f"Due 2021-05-06; dated {dated.isoformat()}, day {day} of 56")


def test_late_message_says_by_how_much():
    _, message = compute_deadline(dt.date(2021, 5, 9), FICTIONAL, RULES)
    assert message == "Due 2021-05-06; dated 2021-05-09, day 59 of 56: late by 3 day(s)."


@pytest.mark.parametrize("dated,report,reason", [
    (None, FICTIONAL, "no date found in the letter"),
    (dt.date(2021, 4, 1), FICTIONAL.model_copy(update={"published": None}), "no publication date for this report"),
    (dt.date(2021, 4, 1), None, "Not linked to a catalogued report"),
    (dt.date(2021, 3, 11), FICTIONAL, "dated 2021-03-11, before the report was published on 2021-03-12"),
])
def test_deadline_unknown_says_why(dated, report, reason):
    deadline, _ = compute_deadline(dated, report, RULES)
    assert deadline.status == "unknown" and deadline.day is None
    assert reason in deadline.reason


def test_an_undated_unlinked_letter_is_audited_without_crashing():
    result = audit(record("Thank you for the report. I will consider it."), catalogue=Catalogue())
    assert result.deadline.status == "unknown"
    assert "Not linked" in result.deadline.reason
    assert finding(result, "recommendations").status == "unknown"
    assert result.report.id is None


# --- requirements from the letter's words ----------------------------------------------------
LETTER = """Dear Home Secretary

Response to the report Lights On (fictional)

Following consultation with the Chief Constable, I provide this response to HMICFRS and to the Home Secretary.
This response will be published on my website.

Jo Bloggs (a fictional person)
Police and Crime Commissioner for Kent
"""


@pytest.fixture(scope="module")
def full_letter():
    rec = record(LETTER, date=DateRef(value=dt.date(2021, 4, 1)), force=ForceRef(name="Kent"))
    return rec, audit_record(rec, FICTIONAL.model_copy(update={"recommendations_known": False}),
                             Link(report_id="lights-on", method="given", confidence=1.0))


def test_findings_come_in_the_documented_order(full_letter):
    _, result = full_letter
    assert [f.requirement for f in result.findings] == ["deadline", "recommendations", "chief_officer_comments",
                                                        "addressees", "publication", "author_role"]


def test_every_requirement_passes_with_evidence(full_letter):
    rec, result = full_letter
    statuses = {f.requirement: f.status for f in result.findings}
    assert statuses == {"deadline": "pass", "recommendations": "unknown", "chief_officer_comments": "pass",
                        "addressees": "pass", "publication": "pass", "author_role": "pass"}
    assert "Following consultation with the Chief Constable" in quoted(rec, finding(result, "chief_officer_comments"))[0]
    assert quoted(rec, finding(result, "publication")) == ["This response will be published on my website."]
    assert finding(result, "author_role").message == "Written by the Police and Crime Commissioner."


def test_missing_addressee_is_named():
    rec = record("Dear Home Secretary\n\nI welcome the HMICFRS report and the HMICFRS inspection.")
    f = finding(audit_record(rec, FICTIONAL, Link()), "addressees")
    assert f.status == "fail"
    assert f.message == "No sign it was sent to HMICFRS. Address or copy the response to HMICFRS."


def test_addressees_from_the_extractor_count():
    rec = record("To whom it may concern.", addressees=[Addressee(name="Home Secretary", span=(0, 2)),
                                                        Addressee(name="HMICFRS", span=(3, 5))])
    assert finding(audit_record(rec, FICTIONAL, Link()), "addressees").status == "pass"


def test_a_letter_from_the_chief_constable_alone_fails_author_role():
    rec = record("The force welcomes the report.\n\nA. Person (fictional)\nChief Constable\n",
                 author=Author(name="A. Person", role="Chief Constable"))
    f = finding(audit_record(rec, FICTIONAL, Link()), "author_role")
    assert f.status == "fail" and "must come from the local policing body" in f.message


def test_the_met_commissioner_is_the_chief_officer_not_the_body():
    rec = record("x", author=Author(role="Commissioner"), force=ForceRef(name="Metropolitan Police"))
    assert finding(audit_record(rec, FICTIONAL, Link()), "author_role").status == "fail"
    rec = record("x", author=Author(role="Deputy Mayor for Policing and Crime"), force=ForceRef(name="Metropolitan Police"))
    assert finding(audit_record(rec, FICTIONAL, Link()), "author_role").status == "pass"


def test_unknown_author_is_unknown_not_a_guess():
    f = finding(audit_record(record("Thanks."), FICTIONAL, Link()), "author_role")
    assert f.status == "unknown" and "Sign it with the name and role" in f.message


def test_publication_from_a_will_publish_statement():
    rec = record("It goes on the site in due course.",
                 statements=[Statement(kind="will_publish", text="It goes on the site", span=(0, 19))])
    assert finding(audit_record(rec, FICTIONAL, Link()), "publication").status == "pass"
    assert finding(audit_record(record("Nothing about it."), FICTIONAL, Link()), "publication").status == "fail"


def test_unfilled_draft_slots_are_blanked_before_matching():
    slot = RULES.data["draft"]["slot"]
    text = f"Recommendation 1\n\n{slot}\n\nDone."
    rec = record(text, statements=[Statement(kind="action_taken", text=slot, span=(18, 18 + len(slot)))])
    masked = mask_slots(rec, RULES)
    assert len(masked.text) == len(text) and slot not in masked.text and masked.statements == []


# --- the seeds against both-sides-of-the-coin -------------------------------------------------
@pytest.fixture(scope="module")
def seeds(cheshire_path, dorset_path):
    catalogue = load_catalogue(include_user=False)
    return {"cheshire": audit(cheshire_path, catalogue=catalogue), "dorset": audit(dorset_path, catalogue=catalogue)}


def test_seeds_are_linked_and_due_on_5_march_2020(seeds):
    for result in seeds.values():
        assert result.report.id == BSOTC and result.link.method != "given"
        assert result.deadline.due == dt.date(2020, 3, 5)


def test_cheshire_is_on_time_on_day_56(seeds):
    d = seeds["cheshire"].deadline
    assert (d.response_date, d.day, d.status) == (dt.date(2020, 3, 5), 56, "on_time")
    f = finding(seeds["cheshire"], "deadline")
    assert f.status == "pass" and f.message == "Due 2020-03-05; dated 2020-03-05, day 56 of 56: on time."


def test_dorset_is_on_time_on_day_28(seeds):
    d = seeds["dorset"].deadline
    assert (d.response_date, d.day, d.status) == (dt.date(2020, 2, 6), 28, "on_time")


def test_cheshire_author_role_passes(seeds):
    assert finding(seeds["cheshire"], "author_role").status == "pass"


def test_dorset_addressees_pass_and_cheshire_names_what_is_missing(seeds):
    assert finding(seeds["dorset"], "addressees").status == "pass"
    cheshire = finding(seeds["cheshire"], "addressees")
    assert cheshire.status == "fail" and "Home Secretary and HMICFRS" in cheshire.message


def test_dorset_refers_to_the_chief_constables_comments(seeds):
    f = finding(seeds["dorset"], "chief_officer_comments")
    assert f.status == "pass" and "following consultation with the Chief Constable" in f.message


def test_seed_recommendations_are_unknown_with_the_reason(seeds):
    for result in seeds.values():
        f = finding(result, "recommendations")
        assert f.status == "unknown"
        assert "no recommendation texts" in f.message and "answerable reports add" in f.message
        assert result.recommendations == []


def test_audit_json_has_the_documented_shape(seeds):
    data = audit_to_json(seeds["cheshire"])
    assert data["report"] == {"id": BSOTC, "title": seeds["cheshire"].report.title, "published": "2020-01-10"}
    assert data["deadline"]["due"] == "2020-03-05" and data["deadline"]["day"] == 56
    assert data["deadline"]["status"] == "on_time" and data["link"]["report_id"] == BSOTC
    assert {f["requirement"] for f in data["findings"]} >= {"deadline", "recommendations", "addressees"}
    assert data["recommendations"] == []


def test_checklist_text_is_actionable(seeds):
    text = format_checklist(seeds["cheshire"])
    assert "Due 2020-03-05 · day 56 of 56 · on time" in text
    assert "✓ Published within 56 days" in text
    assert "✗ Copies sent to the Home Secretary and HMICFRS" in text
    assert "? Explains the action taken or proposed on each recommendation" in text
    assert "Linked by title and publication date (confidence 1.00)" in text


def test_the_model_is_not_loaded_when_no_recommendation_texts_are_known(cheshire_path):
    code = ("import sys; from answerable.audit import audit; audit(sys.argv[1]); "
            "print('answerable.match' in sys.modules, 'onnxruntime' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(cheshire_path)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# --- a fictional report with recommendation texts --------------------------------------------
@pytest.fixture(scope="module")
def safer_at_night(fixtures_dir):
    catalogue = load_catalogue(include_user=False)
    catalogue.add(load_report_file(fixtures_dir / "reports" / "safer-at-night.yaml"))
    return catalogue


@pytest.mark.parametrize("name", ["safer-at-night-kent-mixed", "safer-at-night-sussex-paraphrase"])
def test_recommendation_findings_follow_the_expected_verdicts(safer_at_night, fixtures_dir, name):
    import yaml

    expected = yaml.safe_load((fixtures_dir / "responses" / f"{name}.expected.yaml").read_text(encoding="utf-8"))
    result = audit(fixtures_dir / "responses" / f"{name}.txt", catalogue=safer_at_night)
    answered = {"action_taken", "action_proposed", "no_action_explained"}
    want = {rid: ("pass" if verdict in answered else "fail") for rid, verdict in expected["verdicts"].items()
            if rid not in ("R5", "R8")}  # for the Home Office and the College of Policing
    assert {f.recommendation_id: f.status for f in result.findings if f.requirement == "recommendations"} == want


def test_one_finding_per_recommendation_for_forces_and_bodies(safer_at_night, fixtures_dir):
    result = audit(fixtures_dir / "responses" / "safer-at-night-kent-mixed.txt", catalogue=safer_at_night)
    assert result.report.id == "safer-at-night"
    per_rec = {f.recommendation_id: f.status for f in result.findings if f.requirement == "recommendations"}
    # R5 (the Home Office) and R8 (the College of Policing) are not for the force or its body
    assert per_rec == {"R1": "pass", "R2": "pass", "R3": "pass", "R4": "pass", "R6": "fail", "R7": "fail"}
    assert len(result.recommendations) == 8
    r7 = next(f for f in result.findings if f.recommendation_id == "R7")
    assert r7.message.startswith("Recommendation 7: not addressed")


def test_role_is_read_from_the_sign_off_when_the_extractor_found_none():
    rec = record("I welcome the report.\n\nA. Person (fictional)\nDeputy Police & Crime Commissioner\n")
    f = finding(audit_record(rec, FICTIONAL, Link()), "author_role")
    assert (f.status, f.message) == ("pass", "Written by the Deputy Police and Crime Commissioner.")
    assert quoted(rec, f) == ["Deputy Police & Crime Commissioner"]


def test_chief_constables_comments_inside_a_commissioners_letter_do_not_fail_author_role():
    rec = record("My response.\n\nA. Person\nPolice and Crime Commissioner\n\nComments of the force.\n\n"
                 "B. Person\nChief Constable\n")
    assert finding(audit_record(rec, FICTIONAL, Link()), "author_role").status == "pass"
    alone = record("The force welcomes the report.\n\nB. Person\nChief Constable\n")
    assert finding(audit_record(alone, FICTIONAL, Link()), "author_role").status == "fail"


# --- fictional dev-set letters (tests/fixtures/devset) through the real extractor ---------------
EVERY_CALL = Report(id="every-call-counts", title="Every Call Counts: an inspection of the police response to rural crime",
                    published=dt.date(2021, 11, 25), forces=["Hertfordshire", "Northumbria", "Dyfed-Powys"])


def _devset(fixtures_dir, stem):
    return next((fixtures_dir / "devset").glob(f"{stem}_*.txt"))


def test_invited_comments_and_a_cc_line_count(fixtures_dir):
    result = audit(_devset(fixtures_dir, "01"), catalogue=Catalogue())
    assert finding(result, "chief_officer_comments").status == "pass"
    assert "invited the Chief Constable" in finding(result, "chief_officer_comments").message
    assert finding(result, "addressees").status == "pass"


def test_a_letter_to_hmicfrs_copied_to_the_home_secretary_passes_addressees(fixtures_dir):
    assert finding(audit(_devset(fixtures_dir, "11"), catalogue=Catalogue()), "addressees").status == "pass"


def test_an_undated_letter_linked_to_its_report_has_an_unknown_deadline_with_the_reason(fixtures_dir):
    catalogue = Catalogue()
    catalogue.add(EVERY_CALL)
    result = audit(_devset(fixtures_dir, "17"), catalogue=catalogue)
    assert result.report.id == "every-call-counts"
    assert (result.deadline.status, result.deadline.due) == ("unknown", dt.date(2022, 1, 19))
    assert finding(result, "deadline").message.startswith("Due 2022-01-19; no date found in the letter")


def test_checklist_lists_each_recommendation_with_its_verdict_and_quote(safer_at_night, fixtures_dir):
    text = format_checklist(audit(fixtures_dir / "responses" / "safer-at-night-kent-mixed.txt", catalogue=safer_at_night))
    assert '    ✓ Recommendation 1: answered with action taken: "All officers who patrol' in text
    assert "    ✗ Recommendation 6: only acknowledged in general terms" in text
    assert "    ✗ Recommendation 7: not addressed; state the action taken or proposed, or why none." in text
    assert "R8     not_addressed" in text and "(not addressed to the force or its body)" in text
    assert text.endswith("2 to fix, 0 unknown, 9 passed.")


def test_a_real_letter_has_no_placeholder_finding(seeds):
    for result in seeds.values():
        assert "placeholders" not in {f.requirement for f in result.findings}


def test_placeholders_are_bracketed_phrases_not_references():
    from answerable.audit import placeholders

    text = "See [sic] and [1] and [2020], then [State the action taken] and [a link](http://x)."
    assert [text[s:e] for s, e in placeholders(text, RULES)] == ["[State the action taken]"]


# --- never a crash ----------------------------------------------------------------------------
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st  # noqa: E402

_WORDS = st.sampled_from(["Dear Home Secretary", "HMICFRS", "[Name]", "Chief Constable", "published", "\n\n",
                          "10 January 2020", "Both sides of the coin", "Police & Crime Commissioner", "cc:", ".",
                          "will be published", "Recommendation 1", "’", "—", "[", "]"])


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(_WORDS, st.text(max_size=20)), max_size=30))
def test_any_text_gives_an_audit_never_an_exception(parts):
    text = " ".join(parts)
    result = audit_record(record(text), load_catalogue(include_user=False).get(BSOTC), Link(report_id=BSOTC))
    assert {f.requirement for f in result.findings} >= {"deadline", "recommendations", "addressees",
                                                         "publication", "author_role", "chief_officer_comments"}
    for f in result.findings:
        assert all(0 <= s <= e <= len(text) for s, e in f.evidence)


@pytest.mark.parametrize("text,status", [
    ("I have sent a copy of this response to the Home Secretary and to HMICFRS.", "pass"),
    ("Copy to: HMICFRS (by email)\nCopy: The Rt Hon A. Person MP, Home Secretary", "pass"),
    ("I refer to the Home Secretary's statement and to the HMICFRS report.", "fail"),
    ("Response to the HMICFRS inspection, as the Home Secretary asked.", "fail"),
])
def test_addressee_cues(text, status):
    assert finding(audit_record(record(text), FICTIONAL, Link()), "addressees").status == status


def test_a_general_acknowledgement_without_evidence_is_not_quoted_as_empty():
    from answerable.audit import recommendation_findings
    from answerable.models import Recommendation, Verdict

    rep = Report(id="x", title="t (fictional)", recommendations=[
        Recommendation(id="R1", number="1", text="Chief constables should act.", addressees=["chief constables"])])
    rec = record("We agree with the recommendations.")
    bare = recommendation_findings(rec, rep, [Verdict(id="R1", verdict="acknowledged_only", score=0.25)], RULES)[0]
    assert bare.message == ("Recommendation 1: only acknowledged in general terms; state the action taken or "
                            "proposed, or why none.")
    quoted_ = recommendation_findings(rec, rep, [Verdict(id="R1", verdict="acknowledged_only", score=0.25,
                                                         evidence=[(0, 34)])], RULES)[0]
    assert quoted_.message.endswith('Nearest words: "We agree with the recommendations."')
    assert quoted_.status == bare.status == "fail"


def test_publication_needs_a_sentence_about_the_response():
    minutes = record("The minutes of that meeting will be available on my website.")
    assert finding(audit_record(minutes, FICTIONAL, Link()), "publication").status == "fail"
    both = record("The minutes will be available on my website. This response will be published in May.")
    f = finding(audit_record(both, FICTIONAL, Link()), "publication")
    assert f.status == "pass" and quoted(both, f) == ["This response will be published in May."]


def test_an_unlinked_letter_still_says_when_it_was_due_by_its_own_account():
    from answerable.models import ReportRef

    rec = record("x", date=DateRef(value=dt.date(2023, 7, 12)), report=ReportRef(published=dt.date(2023, 5, 23)))
    result = audit_record(rec, None, Link())
    assert result.deadline.status == "unknown" and result.deadline.due is None
    assert result.deadline.reason.endswith("The letter says the report was published 2023-05-23: if so, it was "
                                           "due 2023-07-17, and it is dated 2023-07-12, day 51.")
