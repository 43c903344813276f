"""The bar: a fixture site of 200 pages and 300 documents. The first collect stores every
response and no non-response page; the second makes only conditional requests and stores
nothing new; a collect killed with SIGKILL mid-run and run again ends with every response
stored once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from answerable.collect import collect
from answerable.store import open_store, schema
from collect_sites import build_bar_site

pytestmark = pytest.mark.slow


def _documents(store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(schema.documents.c.path)).scalars())


def test_first_collect_stores_every_response_and_the_second_only_asks_if_changed(site, settings):
    bar = build_bar_site(site)
    assert (bar.pages, bar.documents) == (200, 300)
    with open_store(settings.database_url) as store:
        first = collect(store, [site.url("/")], settings=settings, workers=2)
        stored = _documents(store)
        before = len(site.requests)
        second = collect(store, [site.url("/")], settings=settings, workers=2)
        after = _documents(store)
    assert sorted(stored) == sorted(site.url(p) for p in bar.responses)
    assert not {site.url(p) for p in bar.not_responses} & set(stored)
    assert (first.new, first.stored, first.failed) == (300, 300, [])
    again = site.requests[before:]
    assert again and all("if-none-match" in headers for _, headers in again)
    assert second.not_modified == second.requests == len(again)
    assert (second.new, second.changed, second.stored) == (0, 0, 0) and second.unchanged == 300
    assert sorted(after) == sorted(stored)


def test_a_collect_killed_mid_run_then_run_again_stores_every_response_once(site, settings, tmp_path):
    bar = build_bar_site(site)
    db_path = tmp_path / "store.db"
    env = {**os.environ, "ANSWERABLE_COLLECT_DELAY": "0.01", "ANSWERABLE_COLLECT_TIMEOUT": "10"}
    open_store(f"sqlite:///{db_path}").close()
    process = subprocess.Popen([sys.executable, "-c", "from answerable.cli import main; main()", "collect",
                                site.url("/"), "--db", f"sqlite:///{db_path}", "--workers", "2"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
        with sqlite3.connect(db_path, timeout=30) as conn:
            stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        if stored >= 30:
            break
    assert process.poll() is None, "collect finished before it could be killed: make the site bigger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(0.5)  # the crawl and ingest children end with their parent
    quiet = len(site.requests)
    time.sleep(0.5)
    assert len(site.requests) == quiet, "a child of the killed collect kept fetching"
    assert 30 <= stored < 300
    with open_store(f"sqlite:///{db_path}") as store:
        summary = collect(store, [site.url("/")], settings=settings.model_copy(
            update={"database_url": f"sqlite:///{db_path}"}), workers=2)
        paths = _documents(store)
        with store.engine.connect() as conn:
            shas = conn.execute(select(func.count(), func.count(schema.documents.c.sha256.distinct()))
                                .select_from(schema.documents)).one()
            statuses = dict(conn.execute(select(schema.collected.c.ingest_status, func.count())
                                         .where(schema.collected.c.kind == "document")
                                         .group_by(schema.collected.c.ingest_status)).all())
            responses = conn.execute(select(func.count()).select_from(schema.responses)).scalar_one()
    assert summary.failed == []
    assert sorted(paths) == sorted(site.url(p) for p in bar.responses)  # each once
    assert shas == (300, 300) and responses == 300
    assert statuses == {"stored": 300}
