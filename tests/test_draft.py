"""The response skeleton: due date, every recommendation quoted with a slot, statutory sentences;
auditing it unfilled fails each recommendation, filled it passes. Uses the fictional
safer-at-night report."""

from __future__ import annotations

import pytest

from answerable.audit import audit, load_rules
from answerable.catalogue import load_catalogue, load_report_file
from answerable.draft import build_skeleton, draft_docx, draft_markdown, resolve_force
from answerable.errors import ForceNotInScopeError

SLOT = load_rules().data["draft"]["slot"]
LOCAL = ["R1", "R2", "R3", "R4", "R6", "R7"]  # R5 is for the Home Office, R8 for the College of Policing

# Fictional answers, one per recommendation the force or its commissioner must answer.
ANSWERS = {
    "R1": "Every officer who patrols the night-time economy in Dorset has now been trained to recognise "
          "vulnerability and to respond to reports of spiking.",
    "R2": "The force will introduce a spiking crime category by December 2024 and will analyse reports by "
          "venue and time of night.",
    "R3": "My office has funded safe spaces and a street welfare scheme in Bournemouth with the council, "
          "and an evaluation has been commissioned.",
    "R4": "All night-time economy officers already wear body-worn video and the force already captures and "
          "retains footage of every contact with a vulnerable person, so no further action is needed.",
    "R6": "The licensing team now shares information with venue operators and door supervisors about "
          "people who pose a risk to women and girls, through a monthly briefing that began in April.",
    "R7": "From 2025 I will publish each year the number of sexual offences reported in the night-time "
          "economy and their outcomes.",
}


@pytest.fixture(scope="module")
def report(fixtures_dir):
    return load_report_file(fixtures_dir / "reports" / "safer-at-night.yaml")


@pytest.fixture(scope="module")
def catalogue(report):
    cat = load_catalogue(include_user=False)
    cat.add(report)
    return cat


def test_markdown_has_the_due_date_and_every_local_recommendation_quoted(report):
    text = draft_markdown(report, "Dorset")
    assert "This response is due by 8 May 2024 (day 56" in text  # published 14 March 2024
    answer, others = text.split("## Recommendations to other bodies, and areas for improvement")
    for rec in report.recommendations:
        quoted = "> " + rec.text.splitlines()[0]
        assert quoted in (answer if rec.id in LOCAL else others), rec.id
    assert text.count(SLOT) == len(LOCAL) and others.count(SLOT) == 0
    assert "### Recommendation 5 (to the Home Office)" in others


def test_markdown_has_the_statutory_sentences(report):
    text = draft_markdown(report, "dorset police")
    assert "I invited the Chief Constable to comment on this report" in text
    assert "Copies of this response are sent to the Home Secretary and to HM Inspectorate" in text
    assert "This response will be published on the [OPCC] website by 8 May 2024." in text
    assert text.startswith("# Response of the Police and Crime Commissioner for Dorset to the HMICFRS report")


def test_body_and_chief_officer_titles_follow_the_force(report):
    sk = build_skeleton(report.model_copy(update={"forces": ["West Yorkshire", "Metropolitan Police"]}), "Metropolitan Police")
    assert sk.closing[-1] == "Deputy Mayor for Policing and Crime"
    assert sk.chief_officer_heading == "Comments of the Commissioner of Police of the Metropolis"


def test_a_force_out_of_scope_is_refused_with_near_matches(report):
    with pytest.raises(ForceNotInScopeError) as err:
        resolve_force(report, "Gwent")
    assert "not among the 6 forces in scope of 'safer-at-night'" in str(err.value)
    assert resolve_force(report, "Sussex Police") == "Sussex"
    assert resolve_force(report, "kent") == "Kent"


def test_a_report_without_recommendation_texts_says_so(catalogue):
    text = draft_markdown(catalogue.get("both-sides-of-the-coin"), "Cheshire")
    assert "The catalogue has no recommendation texts for this report" in text
    assert "due by 5 March 2020" in text


def test_docx_has_the_same_content(report, tmp_path):
    from docx import Document

    path = draft_docx(report, "Dorset", tmp_path / "draft.docx")
    paragraphs = [p.text for p in Document(str(path)).paragraphs]
    assert sum(p == SLOT for p in paragraphs) == len(LOCAL)
    assert report.recommendations[0].text in paragraphs
    assert any("due by 8 May 2024" in p for p in paragraphs)
    assert "Copies of this response are sent to the Home Secretary and to HM Inspectorate of Constabulary " \
           "and Fire & Rescue Services (HMICFRS)." in paragraphs


def _fill(text: str, answers: dict[str, str], report) -> str:
    """Replace each recommendation's slot with its answer and date the letter."""
    out = text.replace("Date: [date of publication of this response]", "Date: 2 May 2024")
    for rec in report.recommendations:
        if rec.id in answers:
            head = f"### Recommendation {rec.number}\n"
            at = out.index(head)
            slot_at = out.index(SLOT, at)
            out = out[:slot_at] + answers[rec.id] + out[slot_at + len(SLOT):]
    return out


def _per_recommendation(result) -> dict[str, str]:
    return {f.recommendation_id: f.status for f in result.findings if f.requirement == "recommendations"}


def test_auditing_the_unfilled_skeleton_fails_each_recommendation(report, catalogue, tmp_path):
    path = tmp_path / "draft.md"
    path.write_text(draft_markdown(report, "Dorset"), encoding="utf-8")
    result = audit(path, catalogue=catalogue)
    assert result.report.id == "safer-at-night"
    assert _per_recommendation(result) == {rid: "fail" for rid in LOCAL}
    statuses = {f.requirement: f.status for f in result.findings if f.requirement != "recommendations"}
    assert statuses["addressees"] == "pass" and statuses["publication"] == "pass"
    assert statuses["chief_officer_comments"] == "pass"


def test_auditing_the_filled_skeleton_passes_each_recommendation(report, catalogue, tmp_path):
    path = tmp_path / "filled.md"
    path.write_text(_fill(draft_markdown(report, "Dorset"), ANSWERS, report), encoding="utf-8")
    result = audit(path, catalogue=catalogue)
    assert _per_recommendation(result) == {rid: "pass" for rid in LOCAL}
    verdicts = {v.id: v.verdict for v in result.recommendations}
    assert verdicts["R1"] == "action_taken" and verdicts["R2"] == "action_proposed"
    assert verdicts["R4"] == "no_action_explained"


def test_auditing_the_unfilled_docx_skeleton_fails_each_recommendation(report, catalogue, tmp_path):
    path = draft_docx(report, "Kent", tmp_path / "draft.docx")
    result = audit(path, catalogue=catalogue)
    assert result.report.id == "safer-at-night"
    assert _per_recommendation(result) == {rid: "fail" for rid in LOCAL}


def test_the_unfilled_skeleton_reports_its_placeholders(report, catalogue, tmp_path):
    path = tmp_path / "draft.md"
    path.write_text(draft_markdown(report, "Dorset"), encoding="utf-8")
    found = [f for f in audit(path, catalogue=catalogue).findings if f.requirement == "placeholders"]
    assert len(found) == 1 and found[0].status == "fail"
    assert found[0].message.startswith(f"{len(LOCAL) + 4} unfilled placeholder(s), e.g. \"[date of publication")


def test_a_report_without_recorded_scope_takes_any_force_spelled_canonically(report):
    unscoped = report.model_copy(update={"forces": []})
    assert resolve_force(unscoped, "dorset police") == "Dorset"
    assert resolve_force(unscoped, "Gotham City Police") == "Gotham City Police"
