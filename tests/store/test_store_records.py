"""Search, commitments and compare over fictional letters stored with ``Store.add_record``
(records made here, audited by the real audit against the bundled catalogue)."""

from __future__ import annotations

import datetime as dt

import pytest

from answerable.errors import NotFoundError, QueryError
from store_helpers import make_record

TITLE = ("Both sides of the coin: The police and National Crime Agency's response to vulnerable "
         "people in 'county lines' drug offending")
TEMPLATE = ("We will continue to work with our partners across the region to protect children "
            "who are exploited by drug networks.")

KENT = f"""Office of the Police and Crime Commissioner for Kent (a fictional letter for tests)

20 January 2020

Dear Home Secretary

Response to the HMICFRS report "{TITLE}"

I welcome the report. Kent Police has a dedicated team for county lines and early intervention
with young people. We will publish a county lines plan by March 2021.
{TEMPLATE}

Yours sincerely

Imogen Testwell
Police and Crime Commissioner for Kent
"""

ESSEX = f"""Office of the Police, Fire and Crime Commissioner for Essex (a fictional letter for tests)

2 April 2020

Dear Home Secretary

Response to the HMICFRS report "{TITLE}"

I am concerned that exploitation by drug networks is rising in Essex. We will train every
neighbourhood officer in safeguarding by the end of 2030.
{TEMPLATE}

Yours sincerely

Rowan Fictitious
Police, Fire and Crime Commissioner for Essex
"""


@pytest.fixture
def two_letters(store):
    kent = make_record(KENT, force="Kent", date=dt.date(2020, 1, 20), title=TITLE, path="/letters/kent.txt",
                       statements=[("commitment", "We will publish a county lines plan by March 2021."),
                                   ("partnership", TEMPLATE)])
    essex = make_record(ESSEX, force="Essex", date=dt.date(2020, 4, 2), title=TITLE, path="/letters/essex.txt",
                        statements=[("concern", "I am concerned that exploitation by drug networks is rising in Essex."),
                                    ("commitment", "We will train every\nneighbourhood officer in safeguarding by the end of 2030."),
                                    ("partnership", TEMPLATE)])
    return store.add_record(kent), store.add_record(essex)


def test_search_ranks_letters_and_highlights_the_words(store, two_letters):
    hits = store.search("early intervention")
    assert [h.force for h in hits] == ["Kent"]
    assert "<mark>early</mark> <mark>intervention</mark>" in hits[0].snippet
    assert hits[0].path == "/letters/kent.txt" and hits[0].report == "both-sides-of-the-coin"
    assert hits[0].score > 0
    ranked = store.search("county lines")  # both name the report; Kent's letter is about it
    assert [h.force for h in ranked] == ["Kent", "Essex"] and ranked[0].score > ranked[1].score


def test_search_filters_by_force_year_and_statement_kind(store, two_letters):
    assert {h.force for h in store.search("drug networks")} == {"Kent", "Essex"}
    assert [h.force for h in store.search("drug networks", force="essex")] == ["Essex"]
    assert [h.force for h in store.search("drug networks", year=2020, force="Kent")] == ["Kent"]
    assert store.search("drug networks", year=2019) == []
    concern = store.search("drug networks", kind="concern")
    assert [(h.force, h.kind) for h in concern] == [("Essex", "concern")]
    assert KENT[slice(*store.search("plan", kind="commitment")[0].span)].startswith("We will publish")


@pytest.mark.parametrize("query", ['"county lines', "county AND NEAR(lines", "county* lines:", "(county) ^lines",
                                   "county - lines OR"])
def test_malformed_queries_are_searched_literally_never_crash(store, two_letters, query):
    hits = store.search(query)
    assert all(isinstance(h.score, float) for h in hits)


def test_a_quoted_phrase_must_appear_as_a_phrase(store, two_letters):
    assert [h.force for h in store.search('"county lines plan"')] == ["Kent"]
    assert store.search('"plan county lines"') == []


@pytest.mark.parametrize("query", ["", "   ", '"" ** ::'])
def test_a_query_without_words_is_refused_with_a_clear_message(store, query):
    with pytest.raises(QueryError, match="no words to search for"):
        store.search(query)


def test_an_unknown_force_is_refused_with_the_nearest_names(store):
    with pytest.raises(QueryError, match="no force is named 'Chesire'. Did you mean: Cheshire"):
        store.search("plan", force="Chesire")


def test_an_unknown_kind_or_stance_is_refused_naming_the_choices(store):
    with pytest.raises(QueryError, match="not a statement kind: use one of .*commitment"):
        store.search("plan", kind="promise")
    with pytest.raises(QueryError, match="not a stance"):
        store.search("plan", stance="grumpy")


def test_commitments_become_rows_with_target_dates(store, two_letters):
    items = store.commitments()
    assert [(c.force, c.status, c.target_date) for c in items] == [
        ("Kent", "open", dt.date(2021, 3, 31)), ("Essex", "open", dt.date(2030, 12, 31))]
    assert [c.force for c in store.commitments(overdue=True)] == ["Kent"]
    assert [c.force for c in store.commitments(force="essex")] == ["Essex"]


def test_status_changes_keep_a_history_and_end_overdue(store, two_letters):
    kent = store.commitments(force="Kent")[0]
    store.set_commitment(kent.id, "in_progress", who="analyst", note="plan drafted")
    done = store.set_commitment(kent.id, "done", who="analyst", note="plan published",
                                target_date=dt.date(2021, 6, 30))
    assert done.status == "done" and done.target_date == dt.date(2021, 6, 30)
    assert [(h.old_status, h.new_status, h.note) for h in done.history] == [
        ("open", "in_progress", "plan drafted"), ("in_progress", "done", "plan published")]
    assert (done.history[1].old_target_date, done.history[1].new_target_date) == (
        dt.date(2021, 3, 31), dt.date(2021, 6, 30))
    assert store.commitments(overdue=True) == []
    assert [c.id for c in store.commitments(status="done")] == [kent.id]


def test_commitment_history_survives_storing_the_letter_again(store, two_letters):
    kent = store.commitments(force="Kent")[0]
    store.set_commitment(kent.id, "in_progress", who="analyst")
    store.add_record(make_record(KENT, force="Kent", date=dt.date(2020, 1, 20), title=TITLE,
                                 path="/letters/kent.txt",
                                 statements=[("commitment", "We will publish a county lines plan by March 2021.")]))
    again = store.commitment(kent.id)
    assert again.status == "in_progress" and len(again.history) == 1
    assert store.counts()["responses"] == 2


def test_bad_commitment_changes_are_refused(store, two_letters):
    with pytest.raises(QueryError, match="use one of open, in_progress, done, dropped"):
        store.set_commitment(store.commitments()[0].id, "finished")
    with pytest.raises(NotFoundError, match="no commitment with id 999"):
        store.set_commitment(999, "done")


def test_compare_lists_who_answered_and_who_did_not(store, two_letters):
    result = store.compare("both-sides-of-the-coin")
    rows = {r.force: r for r in result.rows}
    assert set(rows) == {"Kent", "Essex"}
    assert (rows["Kent"].day, rows["Kent"].on_time) == (11, True)
    assert (rows["Essex"].day, rows["Essex"].on_time) == (84, False)
    assert rows["Kent"].commitments == 1 and rows["Essex"].commitments == 1
    assert len(result.not_answered) == 41 and "Kent" not in result.not_answered
    assert result.due == dt.date(2020, 3, 5)


def test_compare_finds_template_wording_shared_by_two_letters(store, two_letters):
    shared = store.compare("both-sides-of-the-coin").shared_wording
    assert len(shared) == 1
    assert {shared[0].force_a, shared[0].force_b} == {"Kent", "Essex"}
    assert shared[0].similarity == 1.0 and "protect children" in shared[0].text_a
    [pair] = store.compare("both-sides-of-the-coin").template_pairs
    assert {pair.force_a, pair.force_b} == {"Kent", "Essex"} and pair.shared_sentences == 1
    assert 0 < pair.share < 1


def test_frames_hold_one_row_per_item(store, two_letters):
    assert list(store.responses()["force"]) == ["Kent", "Essex"]
    statements = store.statements()
    assert len(statements) == 5 and set(statements["kind"]) == {"commitment", "partnership", "concern"}
    assert len(store.commitments_frame()) == 2
    assert set(store.findings()["requirement"]) >= {"deadline"}


def test_a_stored_response_comes_back_with_its_text_and_audit(store, two_letters):
    kent_id, _ = two_letters
    stored = store.get_response(kent_id)
    assert stored.record.force.name == "Kent"
    assert stored.record.text == KENT
    assert stored.audit.deadline.day == 11
    with pytest.raises(NotFoundError, match="answerable responses"):
        store.get_response(424242)
