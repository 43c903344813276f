"""Matching a response's sentences to a report's recommendations (answerable.match).

The report (tests/fixtures/reports/safer-at-night.yaml) and the responses
(tests/fixtures/responses/) are fictional; each response has an ``.expected.yaml`` with the
verdict for every recommendation, and the tests assert every verdict exactly."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from answerable.catalogue import load_report_file
from answerable.errors import AnswerableError, ConfigError
from answerable.match import MatchConfig, key_terms, match, sentence_kind, split_units
from answerable.models import Recommendation, Record, Report, Segment, Source, Statement

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RESPONSES = FIXTURES / "responses"
REPORT_FILE = FIXTURES / "reports" / "safer-at-night.yaml"


def record_of(text: str, **fields) -> Record:
    """A record holding only the letter's text (what the matcher must cope with before the
    extractor has found anything)."""
    source = Source(path=None, sha256=hashlib.sha256(text.encode()).hexdigest(), format="text")
    return Record(source=source, text=text, **fields)


def verdicts_of(text: str, report: Report, **fields) -> dict[str, str]:
    return {v.id: v.verdict for v in match(record_of(text, **fields), report)}


@pytest.fixture(scope="module")
def report() -> Report:
    return load_report_file(REPORT_FILE)


def _expected(name: str) -> dict:
    return yaml.safe_load((RESPONSES / f"{name}.expected.yaml").read_text())


def _letter(name: str) -> str:
    return (RESPONSES / f"{name}.txt").read_text()


# --- the fixture itself ---------------------------------------------------------------------------
def test_the_fixture_report_is_fictional_and_has_numbered_recommendations(report: Report):
    assert "fictional" in report.title.lower()
    assert report.published.isoformat() == "2024-03-14"
    assert [r.id for r in report.recommendations] == [f"R{i}" for i in range(1, 9)]
    assert {a for r in report.recommendations for a in r.addressees} >= {
        "chief constables", "police and crime commissioners", "the Home Office", "the College of Policing"}


# --- every verdict of every fixture response -----------------------------------------------------
@pytest.mark.parametrize("name", [
    "safer-at-night-kent-mixed",
    "safer-at-night-sussex-paraphrase",
    "safer-at-night-merseyside-plain",  # held out: written after the thresholds were set
    "safer-at-night-dorset-paraphrase",
    "calling-time-on-fraud-merseyside",
])
def test_every_verdict_of_the_fixture_responses(name: str, report: Report):
    assert verdicts_of(_letter(name), report) == _expected(name)["verdicts"]


def test_the_mixed_response_covers_all_five_verdicts(report: Report):
    assert set(_expected("safer-at-night-kent-mixed")["verdicts"].values()) == {
        "action_taken", "action_proposed", "no_action_explained", "acknowledged_only", "not_addressed"}


def test_evidence_spans_point_at_the_words_that_answer(report: Report):
    text = _letter("safer-at-night-kent-mixed")
    by_id = {v.id: v for v in match(record_of(text), report)}
    quoted = {rid: " ".join(text[a:b] for a, b in v.evidence) for rid, v in by_id.items()}
    assert "have now completed the force's vulnerability course" in quoted["R1"]
    assert "will introduce a spiking category" in quoted["R2"]
    assert "my office has funded safe spaces" in quoted["R3"]
    assert "already in place, so no further action is proposed" in quoted["R4"]
    assert "That is a matter for the Home Office" in quoted["R5"]
    assert quoted["R6"] == "Recommendation 6: I agree with this recommendation and support its aims."
    assert by_id["R7"].evidence == [] and by_id["R8"].evidence == []
    for v in by_id.values():
        assert all(0 <= a < b <= len(text) for a, b in v.evidence)


def test_the_first_evidence_span_is_the_sentence_that_decided_the_verdict(report: Report):
    text = _letter("safer-at-night-kent-mixed")
    first = {v.id: text[v.evidence[0][0]:v.evidence[0][1]] for v in match(record_of(text), report) if v.evidence}
    assert first["R1"].startswith("All officers who patrol the night-time economy in Kent have now completed")
    assert first["R5"].startswith("That is a matter for the Home Office")
    assert first["R4"].startswith("R4: every officer")


def test_verdicts_are_the_same_for_an_extracted_record():
    """Through the extractor (segments, statements, the report title it finds) every fixture
    response gets the same verdicts as from its plain text."""
    extract_mod = pytest.importorskip("answerable.extract")
    report = load_report_file(REPORT_FILE)
    for name in ["safer-at-night-kent-mixed", "safer-at-night-sussex-paraphrase", "safer-at-night-merseyside-plain",
                 "safer-at-night-dorset-paraphrase", "calling-time-on-fraud-merseyside"]:
        record = extract_mod.extract(RESPONSES / f"{name}.txt")
        assert {v.id: v.verdict for v in match(record, report)} == _expected(name)["verdicts"], name


def test_scores_rank_explicit_answers_above_meaning_matches_above_misses(report: Report):
    by_id = {v.id: v.score for v in match(record_of(_letter("safer-at-night-kent-mixed")), report)}
    assert by_id["R1"] >= 0.95 and by_id["R4"] >= 0.95  # named "Recommendation 1" / "R4"
    assert 0.6 < by_id["R3"] < 0.95  # matched by meaning and shared words ("safe spaces")
    assert by_id["R7"] < 0.34 and by_id["R8"] < 0.34  # below the `accept` bar of match.yaml
    assert all(0.0 <= s <= 1.0 for s in by_id.values())


@pytest.mark.parametrize("name, sentences", [
    ("safer-at-night-sussex-paraphrase", 7), ("safer-at-night-dorset-paraphrase", 5)])
def test_the_paraphrased_responses_share_no_key_term_with_any_recommendation(name: str, sentences: int,
                                                                            report: Report):
    """These letters are matched by meaning alone: none of their sentences uses a key term
    (a content word, lightly stemmed) of any recommendation, and they never number one."""
    text = _letter(name)
    rec_terms = set().union(*(key_terms(r.text) for r in report.recommendations))
    body = [u.text for u in split_units(record_of(text))
            if u.text.endswith(".") and "fictional test response" not in u.text]
    assert len(body) == sentences  # one or two sentences per answer
    for sentence in body:
        assert key_terms(sentence) & rec_terms == set(), sentence
    assert not re.search(r"\brecommendation|\bR\d", text, re.IGNORECASE)


def test_the_response_to_another_report_scores_low_everywhere(report: Report):
    verdicts = match(record_of(_letter("calling-time-on-fraud-merseyside")), report)
    assert max(v.score for v in verdicts) < _expected("calling-time-on-fraud-merseyside")["max_score"]
    assert all(v.evidence == [] for v in verdicts)


def test_each_response_links_to_its_own_report_and_the_other_one_is_not_linked_here(report: Report):
    link_mod = pytest.importorskip("answerable.link")
    from answerable.catalogue import load_catalogue

    extract_mod = pytest.importorskip("answerable.extract")
    catalogue = load_catalogue(REPORT_FILE.parent)
    for path in sorted(RESPONSES.glob("*.txt")):
        expected = _expected(path.stem)["report"]
        found = link_mod.link(extract_mod.extract(path), catalogue).report_id
        if expected == "safer-at-night":
            assert found == "safer-at-night", path.name
        else:
            assert found != "safer-at-night", path.name


# --- what kind of answer a sentence gives ----------------------------------------------------------
@pytest.mark.parametrize("sentence, kind", [
    ("All officers who patrol the town centre have now completed the course.", "taken"),
    ("The Force are in the process of forming a similar team in the East of the County.", "taken"),
    ("A safe space has been open in Margate since June 2023.", "taken"),
    ("We have set up a street marshal scheme and will extend it next year.", "taken"),
    ("My office is working with the district councils on a shared protocol.", "taken"),
    ("The force is considering a pilot of street marshals in Dover.", "proposed"),
    ("The force plans to review its licensing policy by March 2025.", "proposed"),
    ("I will publish the protocol once it has been agreed.", "proposed"),
    ("I have asked the Chief Constable to report back to my scrutiny board in July.", "proposed"),
    ("The policy is already in place, so no further action is proposed.", "no_action"),
    ("That is a matter for the Home Office.", "no_action"),
    ("We do not intend to introduce a late-night levy because the council already funds marshals.", "no_action"),
    ("This recommendation is not applicable to Kent, which has no international airport.", "no_action"),
    ("We will not be implementing this recommendation, because the county has no late-night levy.", "no_action"),
    ("The force won't adopt the scheme as it duplicates the council's own.", "no_action"),
    ("I do not accept this recommendation: the data are already published by the council.", "no_action"),
    ("We note recommendation 5, which is addressed to the Home Office.", "no_action"),
    ("Having reviewed it, the force's current approach is sufficient.", "no_action"),
    ("Complete", "taken"),
    ("Status: in progress.", "taken"),
    ("Planned", "proposed"),
    ("N/A", "no_action"),
    ("I agree with this recommendation and support its aims.", "acknowledged"),
    ("The night-time economy in Canterbury brings many visitors each weekend.", None),
    ("Liverpool has one of the busiest night-time economies in the country.", None),
])
def test_the_kind_of_answer_a_sentence_gives(sentence: str, kind):
    assert sentence_kind(sentence) == kind


# --- general agreement ----------------------------------------------------------------------------
def _placeholder_report(title: str, short: str, n: int = 3) -> Report:
    """A report with the seed letters' title whose recommendation texts are NOT known to us:
    each is a placeholder that says so (no real recommendation is invented)."""
    recs = [Recommendation(id=f"R{i}", number=str(i),
                           text=f"Placeholder {i}: the wording of this item is not held in the repository.")
            for i in range(1, n + 1)]
    return Report(id="placeholder", title=title, short_names=[short], recommendations=recs)


BOTH_SIDES = ("Both sides of the coin: The police and National Crime Agency's response to vulnerable "
              "people in 'county lines' drug offending")


@pytest.mark.parametrize("seed, words", [
    ("cheshire_path", "The recommendations coming from this report are set at a national level."),
    ("dorset_path", "We agree with the recommendations identified in the report."),
])
def test_the_seed_letters_only_acknowledge_the_recommendations(seed: str, words: str, request):
    text = Path(request.getfixturevalue(seed)).read_text()
    verdicts = match(record_of(text), _placeholder_report(BOTH_SIDES, "Both sides of the coin"))
    assert [v.verdict for v in verdicts] == ["acknowledged_only"] * 3
    for v in verdicts:
        assert v.score == 0.25
        assert words in [text[a:b] for a, b in v.evidence]


def test_general_agreement_in_a_letter_about_another_report_acknowledges_nothing(dorset_path: Path):
    text = dorset_path.read_text()
    verdicts = match(record_of(text), _placeholder_report("Lights Out (fictional): street lighting", "Lights Out"))
    assert [v.verdict for v in verdicts] == ["not_addressed"] * 3


def test_general_agreement_covers_only_the_recommendations_not_answered_specifically(report: Report):
    text = ("Response to Safer at Night\n\nI accept all of the recommendations in the report.\n\n"
            "Recommendation 1: every patrol officer has now completed the vulnerability course.\n")
    got = verdicts_of(text, report)
    assert got["R1"] == "action_taken"
    assert {got[f"R{i}"] for i in range(2, 9)} == {"acknowledged_only"}


def test_areas_for_improvement_are_named_by_their_own_numbers():
    recs = [Recommendation(id="R1", number="1", text="Chief constables should publish their spiking data."),
            Recommendation(id="AFI1", number="1", kind="area_for_improvement",
                           text="The force should improve how it records calls from door staff."),
            Recommendation(id="AFI2", number="2", kind="area_for_improvement",
                           text="The force should review its taxi marshal scheme.")]
    fictional = Report(id="fictional-afi", title="Door Staff Matters (fictional)", recommendations=recs)
    text = "Door Staff Matters: our response\n\nArea for improvement 2: the review has been completed.\n"
    assert verdicts_of(text, fictional) == {"R1": "not_addressed", "AFI1": "not_addressed", "AFI2": "action_taken"}


def test_general_agreement_counts_when_the_letter_names_no_report(report: Report):
    text = "Dear Home Secretary\n\nI welcome the inspection and I accept all of the recommendations in full.\n"
    assert set(verdicts_of(text, report).values()) == {"acknowledged_only"}


# --- explicit references -----------------------------------------------------------------------
def test_a_numbered_list_aligned_with_the_recommendations_answers_them_in_order(report: Report):
    text = (
        "Response to Safer at Night\n\n"
        "I set out the position below.\n\n"
        "1. Every constable on evening patrols in Kent has completed a course on vulnerability and spiking.\n"
        "2. The force will add a spiking marker to its crime system by December.\n"
        "3. My office has paid for two safe spaces run with the district councils.\n"
        "4. Body cameras are already worn by every patrolling officer, so nothing further is needed.\n"
    )
    assert verdicts_of(text, report) == {
        "R1": "action_taken", "R2": "action_proposed", "R3": "action_taken", "R4": "no_action_explained",
        "R5": "not_addressed", "R6": "not_addressed", "R7": "not_addressed", "R8": "not_addressed"}


def test_a_numbered_list_about_something_else_is_not_read_as_answers(report: Report):
    text = (
        "Response to Safer at Night\n\n"
        "Our priorities this year are:\n\n"
        "1. Cutting burglary in rural villages by a quarter.\n"
        "2. Answering every 101 call within ten minutes.\n"
        "3. Recruiting more special constables from ethnic minority communities.\n"
    )
    assert set(verdicts_of(text, report).values()) == {"not_addressed"}


def test_one_sentence_can_answer_several_named_recommendations(report: Report):
    text = ("Response to Safer at Night\n\nRecommendations 7 and 8 are for national bodies and the "
            "College of Policing, so no local action is proposed.\n")
    got = verdicts_of(text, report)
    assert got["R7"] == got["R8"] == "no_action_explained"
    assert got["R1"] == "not_addressed"


def test_a_recommendation_named_in_words_is_a_reference(report: Report):
    text = "Response to Safer at Night\n\nOn recommendation three, the work has been completed.\n"
    got = verdicts_of(text, report)
    assert got["R3"] == "action_taken" and got["R2"] == "not_addressed"


def test_a_one_word_reply_after_the_number_is_an_acknowledgement(report: Report):
    text = "Response to Safer at Night\n\nRecommendation 1: Accepted.\n\nRecommendation 2.\n"
    got = verdicts_of(text, report)
    assert (got["R1"], got["R2"]) == ("acknowledged_only", "not_addressed")


def test_a_range_of_recommendations_names_every_one_in_it(report: Report):
    text = ("Response to Safer at Night\n\nRecommendations 2 to 4 have all been implemented in full "
            "by the force.\n")
    got = verdicts_of(text, report)
    assert [got[f"R{i}"] for i in range(1, 6)] == [
        "not_addressed", "action_taken", "action_taken", "action_taken", "not_addressed"]


def test_a_heading_covers_the_paragraphs_under_it_until_the_next_heading(report: Report):
    text = (
        "Response to Safer at Night\n\n"
        "Recommendation 7\n\n"
        "Kent Police has published a yearly bulletin of the sexual offences reported in the town centres.\n\n"
        "It also shows what happened to each case.\n\n"
        "Other matters\n\n"
        "I will continue to meet the licensing committee every quarter.\n"
    )
    by_id = {v.id: v for v in match(record_of(text), report)}
    assert by_id["R7"].verdict == "action_taken"
    evidence = [text[a:b] for a, b in by_id["R7"].evidence]
    assert "It also shows what happened to each case." in evidence
    assert not any("licensing committee" in e for e in evidence)


def test_a_paragraph_plainly_about_another_recommendation_escapes_the_heading_above(report: Report):
    text = (
        "Response to Safer at Night\n\n"
        "Recommendation 7\n\n"
        "Kent Police has published a yearly bulletin of the sexual offences reported in the town centres.\n\n"
        "Separately, my office has funded safe spaces and street welfare schemes in Canterbury with the city council.\n"
    )
    by_id = {v.id: v for v in match(record_of(text), report)}
    assert (by_id["R7"].verdict, by_id["R3"].verdict) == ("action_taken", "action_taken")
    assert not any("safe spaces" in text[a:b] for a, b in by_id["R7"].evidence)


def test_a_quoted_recommendation_is_not_an_answer_but_the_reply_under_it_is(report: Report):
    r1, r2 = report.recommendations[0].text, report.recommendations[1].text
    text = (f"Response to Safer at Night\n\nRecommendation 1: {r1}\n\nWe support this recommendation.\n\n"
            f"Recommendation 2: \"{r2}\"\n\nThe force will add a spiking flag by December.\n\n"
            f"Recommendation 4: {report.recommendations[3].text}\n")
    by_id = {v.id: v for v in match(record_of(text), report)}
    assert by_id["R1"].verdict == "acknowledged_only"  # not action_taken from "has been trained" in the quote
    assert [text[a:b] for a, b in by_id["R1"].evidence][0] == "We support this recommendation."
    assert by_id["R2"].verdict == "action_proposed"
    assert by_id["R4"].verdict == "not_addressed"  # quoted, never answered


# --- the draft skeleton ------------------------------------------------------------------------
def test_an_unfilled_draft_skeleton_answers_no_recommendation(report: Report):
    draft = pytest.importorskip("answerable.draft")
    skeleton = draft.draft_markdown(report, "Kent")
    assert set(verdicts_of(skeleton, report).values()) == {"not_addressed"}


def test_a_filled_draft_skeleton_is_matched_slot_by_slot(report: Report):
    draft = pytest.importorskip("answerable.draft")
    skeleton = draft.draft_markdown(report, "Kent")
    answers = iter([
        "Every patrolling officer has completed the vulnerability and spiking course.",
        "The force will add a spiking category to its crime system by December 2024.",
        "My office has funded three safe spaces with the district councils.",
        "Body-worn video is already in place for all patrols, so no further action is proposed.",
        "Licensing officers will start sharing information with door supervisors from June.",
        "We will publish the figures each year from 2025.",
    ])
    slot_text = re.search(r"^\[State[^\]]*\]$", skeleton, re.MULTILINE).group(0)
    filled = re.sub(re.escape(slot_text), lambda _: next(answers), skeleton)
    got = verdicts_of(filled, report)
    sections = re.split(r"^### ", skeleton, flags=re.MULTILINE)[1:]
    local = [f"R{m.group(1)}" for s in sections if slot_text in s
             for m in [re.match(r"Recommendation (\d+)", s)] if m]
    assert len(local) == 6
    others = [rid for rid in got if rid not in local]
    assert {got[rid] for rid in others} == {"not_addressed"}  # quoted for information, not answered
    expected = dict(zip(local, ["action_taken", "action_proposed", "action_taken", "no_action_explained",
                                "action_proposed", "action_proposed"]))
    assert {rid: got[rid] for rid in local} == expected


def test_a_response_table_in_a_word_document_is_read_row_by_row(tmp_path: Path, report: Report):
    """A real .docx with a table "No. | Recommendation | Response", read by answerable.read:
    each response cell answers the recommendation quoted beside it, and the quotation itself
    (which says "has been trained") is not taken for an answer."""
    docx = pytest.importorskip("docx")
    from answerable.read import read

    doc = docx.Document()
    doc.add_paragraph("Response of the Police and Crime Commissioner for Kent to Safer at Night")
    rows = [("No.", "Recommendation", "Response"),
            ("1", report.recommendations[0].text, "Not yet started."),
            ("2", report.recommendations[1].text, "The force will add a spiking flag to its crime system by December."),
            ("4", report.recommendations[3].text, "Body-worn video is already in place for every patrol, so no action is needed.")]
    table = doc.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "kent-table.docx"
    doc.save(path)
    text = read(path).text
    got = verdicts_of(text, report)
    assert (got["R1"], got["R2"], got["R4"]) == ("acknowledged_only", "action_proposed", "no_action_explained")
    assert got["R3"] == got["R5"] == "not_addressed"


def test_the_mixed_response_printed_to_pdf_gets_the_same_verdicts(tmp_path: Path, report: Report):
    """The Kent letter as a real PDF (fpdf2, wrapped lines), read by answerable.read."""
    fpdf = pytest.importorskip("fpdf")
    from answerable.read import read

    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for para in _letter("safer-at-night-kent-mixed").split("\n\n"):
        pdf.multi_cell(0, 6, para.replace("’", "'").replace("“", '"').replace("”", '"'))
        pdf.ln(4)
    path = tmp_path / "kent.pdf"
    pdf.output(str(path))
    doc = read(path)
    got = {v.id: v.verdict for v in match(Record(source=doc.source, text=doc.text), report)}
    assert got == _expected("safer-at-night-kent-mixed")["verdicts"]


def test_a_table_row_that_names_its_recommendation_answers_it(report: Report):
    text = ("Safer at Night: our response\n\nRecommendation | Response\n\n"
            "Recommendation 7 | Figures for the year will be published on the force website each April.\n\n"
            "R8 | A matter for the College of Policing.\n")
    got = verdicts_of(text, report)
    assert (got["R7"], got["R8"]) == ("action_proposed", "no_action_explained")


# --- statements from the extractor ---------------------------------------------------------------
def test_the_extractors_statement_kind_decides_a_sentence_without_cues(report: Report):
    text = "Response to Safer at Night\n\nRecommendation 6: Licensing officers brief door supervisors weekly.\n"
    start = text.index("Licensing officers")
    plain = verdicts_of(text, report)["R6"]
    statement = Statement(kind="commitment", text=text[start:-1], span=(start, len(text) - 1))
    with_statement = verdicts_of(text, report, statements=[statement])["R6"]
    assert (plain, with_statement) == ("acknowledged_only", "action_proposed")


def test_segments_from_the_segmenter_limit_matching_to_the_body(report: Report):
    text = "Office of the Commissioner\n\nRecommendation 1: all officers have now completed the course.\n"
    body = text.index("Recommendation")
    segments = [Segment(kind="letterhead", span=(0, 26)), Segment(kind="paragraph", span=(body, len(text) - 1))]
    assert verdicts_of(text, report, segments=segments)["R1"] == "action_taken"
    only_letterhead = [Segment(kind="letterhead", span=(0, len(text) - 1))]
    assert verdicts_of(text, report, segments=only_letterhead)["R1"] == "not_addressed"


def test_a_long_run_on_paragraph_is_read_in_pieces(report: Report):
    filler = " ".join(["the partnership meets monthly and reviews the town centre plan with businesses"] * 12)
    text = (f"Response to Safer at Night\n\n{filler} and my office has funded safe spaces staffed by "
            "street pastors in Canterbury with the city council and an evaluation is under way\n")
    units = split_units(record_of(text))
    assert len(units) > 2 and all(len(u.text.split()) <= 80 for u in units)
    assert verdicts_of(text, report)["R3"] == "action_taken"


# --- edge cases and bad input ----------------------------------------------------------------------
def test_a_report_without_recommendation_texts_gives_no_verdicts(report: Report):
    empty = report.model_copy(update={"recommendations": [], "recommendations_known": False})
    assert match(record_of(_letter("safer-at-night-kent-mixed")), empty) == []


def test_an_empty_letter_addresses_nothing(report: Report):
    assert set(verdicts_of("", report).values()) == {"not_addressed"}


def test_a_broken_match_configuration_names_the_file_and_the_fix(tmp_path: Path):
    bad = tmp_path / "match.yaml"
    bad.write_text("thresholds: {accept: 0.4, acept: 0.5}\n")
    with pytest.raises(ConfigError) as info:
        MatchConfig.from_file(bad)
    assert isinstance(info.value, AnswerableError)
    assert info.value.path == str(bad) and "acept" in info.value.message and "bundled match.yaml" in info.value.message
    bad.write_text("thresholds: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        MatchConfig.from_file(bad)


def test_a_reference_pattern_without_a_number_slot_is_refused(tmp_path: Path):
    raw = yaml.safe_load((Path(__file__).resolve().parents[1] / "src/answerable/data/match.yaml").read_text())
    raw["references"]["recommendation"].append(r"\brecommendation\b")
    path = tmp_path / "match.yaml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError, match=r"has no \{n\} for the number"):
        MatchConfig.from_file(path)


def test_an_answer_that_names_the_report_still_answers(report: Report):
    text = ("Dear Home Secretary\n\nSince Safer at Night was published, every officer who patrols the "
            "night-time economy has completed vulnerability and spiking training.\n")
    assert verdicts_of(text, report)["R1"] == "action_taken"


def test_thresholds_come_from_the_data_file(tmp_path: Path, report: Report):
    raw = yaml.safe_load((Path(__file__).resolve().parents[1] / "src/answerable/data/match.yaml").read_text())
    raw["thresholds"]["accept"] = 0.99  # nothing is close enough by meaning alone
    path = tmp_path / "strict.yaml"
    path.write_text(yaml.safe_dump(raw))
    strict = MatchConfig.from_file(path)
    got = {v.id: v.verdict for v in match(record_of(_letter("safer-at-night-sussex-paraphrase")), report, config=strict)}
    assert set(got.values()) == {"not_addressed"}


def test_a_users_own_match_file_is_named_by_an_environment_variable(tmp_path: Path, monkeypatch, report: Report):
    raw = yaml.safe_load((Path(__file__).resolve().parents[1] / "src/answerable/data/match.yaml").read_text())
    raw["cues"]["no_action"].append(r"\bwe\s+decline\b")
    path = tmp_path / "my-match.yaml"
    path.write_text(yaml.safe_dump(raw))
    text = "Response to Safer at Night\n\nRecommendation 8: we decline, as transport hubs are policed by others.\n"
    assert verdicts_of(text, report)["R8"] != "no_action_explained"
    monkeypatch.setenv("ANSWERABLE_MATCH_CONFIG", str(path))
    assert verdicts_of(text, report)["R8"] == "no_action_explained"


def test_a_missing_match_file_is_reported_with_its_path(tmp_path: Path, monkeypatch, report: Report):
    monkeypatch.setenv("ANSWERABLE_MATCH_CONFIG", str(tmp_path / "absent.yaml"))
    with pytest.raises(ConfigError) as info:
        match(record_of("Recommendation 1: done."), report)
    assert info.value.path == str(tmp_path / "absent.yaml")
    assert "cannot read the match configuration" in info.value.message


# --- any text at all ------------------------------------------------------------------------------
_PIECES = st.sampled_from([
    "Recommendation 3", "R4:", " | ", "\n", "\n\n", ". ", "1. ", "(2) ", "recommendations 2 to 5",
    "we will", "has been", "already in place", "a matter for the Home Office", "Safer at Night",
    "“quoted”", "’", "\t", "   ", "### ", "> ", "[slot]", "é", "—", "0", "99",
])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=30).map("".join))
def test_any_text_gets_one_verdict_per_recommendation_with_spans_inside_it(report: Report, text: str):
    verdicts = match(record_of(text), report)
    assert [v.id for v in verdicts] == [r.id for r in report.recommendations]
    for v in verdicts:
        assert 0.0 <= v.score <= 1.0
        assert all(0 <= a < b <= len(text) for a, b in v.evidence)
