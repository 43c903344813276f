"""Statements: sentences and clauses classified by kind, with their actor (fictional text)."""

from __future__ import annotations

import pytest

from answerable.extract import extract
from answerable.extract.grounding import locate
from answerable.models import Grounding


def _kinds(sentence):
    r = extract("Dear Home Secretary\n\n" + sentence + "\n\nYours sincerely\n\nNell Arbery\n")
    return {(s.kind, s.actor, s.text) for s in r.statements}


@pytest.mark.parametrize("sentence,kind,actor", [
    ("The inspection found that victims waited too long for updates.", "acknowledges_finding", "unknown"),
    ("I have noted the Inspectorate's comments on call handling.", "acknowledges_finding", "author"),
    ("We agree with the recommendations identified in the report.", "agrees", "author_and_force"),
    ("I am concerned that rural victims wait longest.", "concern", "author"),
    ("The Force has established a rural crime team.", "action_taken", "force"),
    ("Wiltshire Police is in the process of recruiting twelve call handlers.", "action_taken", "force"),
    ("I will be discussing the findings with the Chief Constable.", "commitment", "author"),
    ("The Chief Constable and I will continue to monitor progress.", "commitment", "author_and_force"),
    ("I will seek assurance that the changes are made.", "seeks_assurance", "author"),
    ("I will hold the Chief Constable to account for delivery.", "seeks_assurance", "author"),
    ("The force is working closely with the county council on this.", "partnership", "force"),
    ("This response will be published on my website.", "will_publish", "author"),
])
def test_kind_and_actor(sentence, kind, actor):
    assert (kind, actor, sentence) in _kinds(sentence)


def test_a_sentence_with_two_clauses_gives_two_statements():
    sentence = ("I have noted the findings on missing children and I will be seeking assurance from the Chief "
                "Constable that they are acted on.")
    got = _kinds(sentence)
    assert ("acknowledges_finding", "author", "I have noted the findings on missing children") in got
    assert ("commitment", "author", "I will be seeking assurance from the Chief Constable that they are acted on.") in got
    assert ("seeks_assurance", "author", "I will be seeking assurance from the Chief Constable that they are acted on.") in got


def test_findings_reported_by_the_inspectorate_are_not_actions():
    got = _kinds("The report found that most forces have improved their response and have created new teams.")
    assert {k for k, _, _ in got} == {"acknowledges_finding"}


def test_negated_cues_do_not_count():
    got = _kinds("We have not yet established a dedicated team and we do not agree with the first recommendation.")
    assert not {k for k, _, _ in got} & {"action_taken", "agrees"}


def test_link_residue_splits_a_sentence_and_is_never_in_a_statement():
    r = extract("Dear Home Secretary\n\nAs set out on our website (see link here) the Force has created a new team.\n\n"
                "Yours sincerely\n\nNell Arbery\n")
    assert all("(see link here)" not in s.text for s in r.statements)
    (action,) = [s for s in r.statements if s.kind == "action_taken"]
    assert action.text == "the Force has created a new team."


def test_statement_spans_are_exact():
    r = extract("Dear Home Secretary\n\nI will review progress. We have invested in training; partners have joined us.\n")
    assert r.statements
    for s in r.statements:
        assert r.text[s.span[0]:s.span[1]] == s.text
        assert s.grounding == "exact"


def test_abbreviations_do_not_end_a_sentence():
    r = extract("Dear Home Secretary\n\nI met Dr. Amal Reyes and Mr. Tom Pike, e.g. at the panel. I will monitor progress.\n")
    commitments = [s.text for s in r.statements if s.kind == "commitment"]
    assert commitments == ["I will monitor progress."]


def test_locate_exact_then_fuzzy_then_unlocated():
    text = "The Force has created a dedicated County Lines team in the West."
    assert locate(text, "County Lines team") == ((34, 51), Grounding.exact)
    assert locate(text, "county  lines TEAM") == ((34, 51), Grounding.fuzzy)
    span, how = locate(text, "a dedicated Country Lines team")
    assert how == Grounding.fuzzy and "County Lines team" in text[span[0]:span[1]]
    assert locate(text, "nothing here resembles the letter") == (None, Grounding.unlocated)
    assert locate(text, "  ") == (None, Grounding.unlocated)


def test_quoted_recommendation_text_is_not_the_writers_statement():
    r = extract("Dear Home Secretary\n\nRecommendation 1: By March 2021, chief constables should work with partners "
                "to review their missing-person plans.\n\nResponse: The force has reviewed its plan with partners.\n")
    texts = [s.text for s in r.statements]
    assert all("chief constables should" not in t for t in texts)
    assert "Response: The force has reviewed its plan with partners." in texts


@pytest.mark.parametrize("sentence,kind", [
    ("A dedicated team has been established in the north.", "action_taken"),
    ("The PCC will review progress in the spring.", "commitment"),
    ("A copy of this response will be placed on the OPCC website.", "will_publish"),
])
def test_more_ways_of_saying_it(sentence, kind):
    assert kind in {k for k, _, _ in _kinds(sentence)}


def test_words_broken_at_a_line_end_hyphen_still_match():
    r = extract("Dear Home Secretary\n\nI welcome the report and I accept its recommenda-\ntions in full. The force has "
                "estab-\nlished a new team.\n\nYours sincerely\n\nNell Arbery\n")
    assert r.stance.value == "agrees_with_recommendations"
    (action,) = [s for s in r.statements if s.kind == "action_taken"]
    assert action.text == "The force has estab-\nlished a new team."
    assert r.text[action.span[0]:action.span[1]] == action.text
