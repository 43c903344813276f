"""Meaning-based search over statement vectors (the shipped int8 MiniLM encoder)."""

from __future__ import annotations

import datetime as dt

from store_helpers import make_record

LETTER = """Office of the Police and Crime Commissioner for Suffolk (a fictional letter for tests)

12 February 2020

Dear Home Secretary

We will recruit twelve more detectives to protect children exploited by drug gangs.
I am concerned about the cost of replacing the control room telephone system.
We will plant trees beside every police station car park.

Yours sincerely

Orin Placeholder
Police and Crime Commissioner for Suffolk
"""
STATEMENTS = [
    ("commitment", "We will recruit twelve more detectives to protect children exploited by drug gangs."),
    ("concern", "I am concerned about the cost of replacing the control room telephone system."),
    ("commitment", "We will plant trees beside every police station car park."),
]


def _vectors_stored(store) -> int:
    with store.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM statements WHERE embedding IS NOT NULL").scalar()


def test_semantic_search_ranks_by_meaning_and_fills_vectors_lazily(store):
    store.add_record(make_record(LETTER, force="Suffolk", date=dt.date(2020, 2, 12), statements=STATEMENTS))
    assert _vectors_stored(store) == 0
    hits = store.search("safeguarding young people from county lines networks", semantic=True)
    assert _vectors_stored(store) == 3
    assert hits[0].kind == "commitment" and "detectives" in hits[0].snippet
    assert hits[0].score > hits[-1].score
    only_concerns = store.search("money for telephones", semantic=True, kind="concern")
    assert [h.kind for h in only_concerns] == ["concern"]


def test_ingest_with_embed_stores_a_vector_per_statement(store, dorset_path):
    store.ingest([dorset_path], workers=1, embed=True)
    statements = store.counts()["statements"]
    assert statements > 0 and _vectors_stored(store) == statements
    with store.engine.connect() as conn:
        blob = conn.exec_driver_sql("SELECT embedding FROM statements LIMIT 1").scalar()
    assert len(blob) == 384 * 4


def test_letters_stored_after_a_semantic_search_are_found_by_the_next(store):
    store.add_record(make_record(LETTER, force="Suffolk", date=dt.date(2020, 2, 12), statements=STATEMENTS))
    assert "detectives" in store.search("children exploited by gangs", semantic=True)[0].snippet
    later = LETTER.replace("Suffolk", "Norfolk").replace("plant trees", "open a youth boxing club")
    store.add_record(make_record(later, force="Norfolk", date=dt.date(2020, 2, 13), statements=[
        ("commitment", "We will open a youth boxing club beside every police station car park.")]))
    hits = store.search("sports activities for teenagers", semantic=True, limit=1)
    assert hits[0].force == "Norfolk" and "boxing" in hits[0].snippet


def test_parallel_ingest_works_after_this_process_loaded_the_encoder(store, tmp_path):
    from answerable.embed import get_encoder
    from store_helpers import write_variants

    get_encoder().encode(["the model is loaded in this process"])  # its threads cannot be forked
    write_variants(tmp_path / "letters", 6)
    summary = store.ingest([tmp_path / "letters"], workers=2, embed=True)
    assert (summary.new, summary.failed) == (6, [])
    assert store.search("children exploited by county lines gangs", semantic=True, limit=1)
