"""The two real seed letters give exactly the values a careful reader would write down."""

from __future__ import annotations

import datetime as dt

import pytest

from answerable.extract import extract

TITLE_START = "Both sides of the coin"


@pytest.fixture(scope="module")
def cheshire(cheshire_path):
    return extract(cheshire_path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dorset(dorset_path):
    return extract(dorset_path.read_text(encoding="utf-8"))


def _of_kind(record, kind):
    return [s for s in record.statements if s.kind == kind]


def test_cheshire_author_is_david_keane_the_pcc(cheshire):
    assert cheshire.author.name == "David Keane"
    assert cheshire.author.role == "Police and Crime Commissioner"
    s, e = cheshire.author.span
    assert cheshire.text[s:e] in ("David Keane", "DAVID KEANE")
    rs, re_ = cheshire.author.role_span
    assert cheshire.text[rs:re_] in ("Police & Crime Commissioner", "POLICE & CRIME COMMISSIONER")


def test_cheshire_force_date_and_report(cheshire):
    assert cheshire.force.name == "Cheshire"
    assert cheshire.text[slice(*cheshire.force.span)].lower() == "cheshire"
    assert cheshire.date.value == dt.date(2020, 3, 5)
    assert cheshire.text[slice(*cheshire.date.span)] == "5 March 2020"
    assert cheshire.report.title.startswith(TITLE_START)
    assert cheshire.report.title.endswith("drug offending")
    assert cheshire.report.published == dt.date(2020, 1, 10)
    assert cheshire.text[slice(*cheshire.report.published_span)] == "10 January 2020"


def test_cheshire_date_is_the_signature_date_not_the_report_publication(cheshire):
    s, _ = cheshire.date.span
    assert s > cheshire.text.index("David Keane")


def test_cheshire_stance_welcomes(cheshire):
    assert cheshire.stance.value == "welcomes"
    evidence = " ".join(cheshire.text[s:e] for s, e in cheshire.stance.evidence)
    assert "I welcome Her Majesty's Inspectors' report" in evidence


def test_cheshire_has_exactly_three_commitments(cheshire):
    commitments = _of_kind(cheshire, "commitment")
    assert len(commitments) == 3
    first, second, third = (c.text for c in commitments)
    assert first.startswith("I will be discussing this with the Chief Constable to seek assurance")
    assert "prioritise this issue" in first
    assert second.startswith("I will be seeking assurance from the Chief Constable")
    assert "powers and legislative tools" not in second  # the noting clause is its own statement
    assert third.startswith("As such, I will be discussing with the Chief Constable how we in Cheshire")
    assert "partners" in third and "recommendations" in third
    assert all(c.actor == "author" for c in commitments)


def test_cheshire_noting_the_inspectorate_is_acknowledgement_not_commitment(cheshire):
    ack = [s.text for s in _of_kind(cheshire, "acknowledges_finding")]
    assert any(t.startswith("I have noted the Inspectorate's comments") and t.endswith("tackle this issue") for t in ack)
    seeks = [s.text for s in _of_kind(cheshire, "seeks_assurance")]
    assert len(seeks) == 2


def test_cheshire_has_no_addressee_and_says_so(cheshire):
    assert cheshire.addressees == []
    assert any(w.startswith("no addressees found") for w in cheshire.warnings)


def test_dorset_author_force_date(dorset):
    assert dorset.author.name == "Martyn Underhill"
    assert dorset.author.role == "Police and Crime Commissioner"
    assert dorset.text[slice(*dorset.author.span)] == "Martyn Underhill"
    assert dorset.force.name == "Dorset"
    assert "Dorset" in dorset.text[slice(*dorset.force.span)]
    assert dorset.date.value == dt.date(2020, 2, 6)
    assert dorset.text[slice(*dorset.date.span)] == "6 February 2020"


def test_dorset_is_addressed_to_the_home_secretary_and_hmicfrs(dorset):
    names = [a.name for a in dorset.addressees]
    assert names == ["Home Secretary", "HMICFRS"]
    home = dorset.addressees[0]
    assert dorset.text[slice(*home.span)] == "Home Secretary"
    assert home.span[0] < dorset.text.index("Dear Home Secretary")
    assert dorset.text[slice(*dorset.addressees[1].span)] == "HMICFRS"


def test_dorset_report_title_without_quotes_and_its_publication(dorset):
    assert dorset.report.title == (
        "Both sides of the coin: The police and National Crime Agency's response to vulnerable "
        "people in 'county lines' drug offending")
    assert dorset.text[slice(*dorset.report.span)] == dorset.report.title
    assert dorset.report.published == dt.date(2020, 1, 10)


def test_dorset_agrees_with_the_recommendations(dorset):
    assert dorset.stance.value == "agrees_with_recommendations"
    evidence = [dorset.text[s:e] for s, e in dorset.stance.evidence]
    assert "We agree with the recommendations identified in the report." in evidence


def test_dorset_actions_taken_west_and_east_teams(dorset):
    actions = [s for s in _of_kind(dorset, "action_taken")]
    texts = [a.text for a in actions]
    assert "The Force has created a dedicated County Lines team in the West of the County" in texts
    assert "the Force are in the process of forming a similar team in the East of the County." in texts
    west = next(a for a in actions if "West of the County" in a.text)
    assert west.actor == "force"


def test_dorset_will_publish_its_response(dorset):
    (publish,) = _of_kind(dorset, "will_publish")
    assert publish.text == "This response will be published on the OPCC website."


def test_dorset_footer_slogan_is_its_own_segment_and_in_no_statement(dorset):
    slogan = "Working together for a safer DORSET"
    footers = [dorset.text[s.span[0]:s.span[1]] for s in dorset.segments if s.kind == "footer"]
    assert footers == [slogan]
    assert all(slogan not in s.text and "DORSET" not in s.text for s in dorset.statements)


def test_dorset_link_residue_is_in_no_statement(dorset):
    assert all("(see link here)" not in s.text for s in dorset.statements)
    residue = [s for s in dorset.segments if s.kind == "link_residue"]
    assert [dorset.text[slice(*r.span)] for r in residue] == ["(see link here)"]


@pytest.mark.parametrize("name", ["cheshire", "dorset"])
def test_every_span_points_at_its_value(name, request):
    r = request.getfixturevalue(name)
    for st in r.statements:
        assert r.text[st.span[0]:st.span[1]] == st.text
        assert st.grounding == "exact"
    for a in r.addressees:
        assert r.text[slice(*a.span)]
    for s, e in r.stance.evidence:
        assert 0 <= s < e <= len(r.text)
    for seg in r.segments:
        s, e = seg.span
        assert r.text[s:e] == r.text[s:e].strip() and e > s
