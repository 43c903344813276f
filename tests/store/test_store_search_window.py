"""When more rows match than ``RANK_WINDOW``, the most recently stored ``RANK_WINDOW`` of them
are ranked, on both databases. On PostgreSQL the candidates are read one recency bucket (4,096
ids) at a time, newest first, then the rest in one scan: these tests put letters in three
buckets, with gaps, and check every way of walking them finds exactly the same rows."""

from __future__ import annotations

import datetime as dt

import pytest

from answerable.store import open_store, search
from store_helpers import make_record

WINDOW = 4
# ids: two letters in bucket 0, three in bucket 1 (from 4,100), two in bucket 2 (from 8,200);
# the sixth letter does not mention night patrols
PLACES = [None, None, 4100, None, None, 8200, None]


def _letter(i: int, about: str) -> str:
    return (f"Office of the Police and Crime Commissioner for Kent (fictional letter {i} for tests)\n\n"
            f"20 January 2020\n\nDear Home Secretary\n\n{about} This is letter number {i}.\n\n"
            "Yours sincerely\n\nImogen Testwell\nPolice and Crime Commissioner for Kent\n")


def store_spread(store) -> list[int]:
    """Seven letters stored in order, their ids spread over three buckets on PostgreSQL;
    returns the response ids of the six about night patrols, oldest first."""
    about_patrols = []
    for i, place in enumerate(PLACES):
        if place and store.dialect == "postgresql":
            with store.engine.begin() as conn:
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('documents', 'id'), {place})")
        about = "We have no news this month." if i == 5 else "Night patrols " + "night patrols " * (i % 3) + "grew."
        record = make_record(_letter(i, about), force="Kent", date=dt.date(2020, 1, 20), title="A fictional report",
                             path=f"/letters/{i}.txt")
        response_id = store.add_record(record)
        if i != 5:
            about_patrols.append(response_id)
    return about_patrols


def test_only_the_newest_window_of_matches_is_ranked(store, monkeypatch):
    about_patrols = store_spread(store)
    monkeypatch.setattr(search, "RANK_WINDOW", WINDOW)
    hits = store.search("night patrols", limit=100)
    assert sorted(h.response_id for h in hits) == sorted(about_patrols[-WINDOW:])
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.postgres
@pytest.mark.parametrize("share, newest_buckets", [(0.0, 16), (1.0, 16), (1.0, 2), (1.0, 1)],
                         ids=["one-scan", "walk-all-three", "walk-two-then-the-rest", "walk-one-then-the-rest"])
def test_every_way_of_walking_the_buckets_finds_the_same_newest_matches(pg_url, monkeypatch, share, newest_buckets):
    store = open_store(pg_url)
    about_patrols = store_spread(store)
    monkeypatch.setattr(search, "RANK_WINDOW", WINDOW)
    monkeypatch.setattr(search, "NEWEST_BUCKETS", newest_buckets)
    # as if ANALYZE had found the words in every letter (1.0: walk) or in none (0.0: one scan)
    monkeypatch.setattr(search, "_lexeme_frequencies", lambda conn, engine, table: {"night": share, "patrol": share})
    walked = search._pg_buckets(8202, share)
    assert walked["top"] - walked["bottom"] + 1 == (min(3, newest_buckets) if share else 0)
    hits = store.search("night patrols", limit=100)
    assert sorted(h.response_id for h in hits) == sorted(about_patrols[-WINDOW:])
    store.close()


@pytest.mark.postgres
def test_the_recency_bucket_is_a_lexeme_of_every_postgresql_tsvector(pg_url):
    store = open_store(pg_url)
    store_spread(store)
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, tsv::text FROM documents ORDER BY id").all()
    store.close()
    assert [i >> 12 for i, _ in rows] == [0, 0, 1, 1, 1, 2, 2]
    assert all(f"'xn{i >> 12}'" in tsv for i, tsv in rows)


@pytest.mark.postgres
def test_a_store_made_before_the_buckets_is_upgraded_on_open_and_searched_the_same(pg_url, monkeypatch):
    from alembic import command

    from answerable.store import db, schema

    store = open_store(pg_url)
    about_patrols = store_spread(store)
    config = db._alembic_config()
    with store.engine.begin() as conn:  # back to schema version 1, letters and all
        config.attributes["connection"] = conn
        command.downgrade(config, "0001_initial")
        assert "'xn" not in conn.exec_driver_sql("SELECT tsv::text FROM documents LIMIT 1").scalar()
    store.close()
    upgraded = open_store(pg_url)
    with upgraded.engine.connect() as conn:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        storage = conn.exec_driver_sql("SELECT attstorage FROM pg_attribute WHERE attrelid = 'documents'::regclass "
                                       "AND attname = 'tsv'").scalar()
    assert revision == schema.HEAD_REVISION and storage == "m"
    monkeypatch.setattr(search, "RANK_WINDOW", WINDOW)
    hits = upgraded.search("night patrols", limit=100)
    assert sorted(h.response_id for h in hits) == sorted(about_patrols[-WINDOW:])
    upgraded.close()
