"""The kill test: SIGKILL an ingest of ~300 letters part-way, run it again, and every file is
in the store exactly once (a real subprocess, a real signal, real databases)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, text

from answerable.store import open_store
from answerable.store.db import normalise_url
from store_helpers import write_variants

N_FILES = 300
INGEST = "import sys; from answerable.store import open_store; open_store(sys.argv[1]).ingest([sys.argv[2]], workers=2)"


def _count(url: str) -> int:
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
    except Exception:  # the table is not there yet
        return 0
    finally:
        engine.dispose()


@pytest.mark.slow
def test_sigkill_mid_ingest_then_again_leaves_every_file_once(store_url, tmp_path):
    letters = tmp_path / "letters"
    write_variants(letters, N_FILES)
    open_store(store_url).close()  # schema made before the race starts
    child = subprocess.Popen([sys.executable, "-c", INGEST, store_url, str(letters)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _count(store_url) < 40 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert child.poll() is None, f"the ingest ended before it could be killed: {child.stderr.read()!r}"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    before = _count(store_url)
    assert 40 <= before < N_FILES

    store = open_store(store_url)
    summary = store.ingest([letters], workers=2)
    assert summary.failed == []
    assert (summary.new, summary.skipped) == (N_FILES - before, before)
    with store.engine.connect() as conn:
        docs = conn.execute(text("SELECT count(*), count(DISTINCT sha256), count(DISTINCT path) FROM documents")).one()
        responses = conn.execute(text("SELECT count(*), count(DISTINCT document_id) FROM responses")).one()
    assert tuple(docs) == (N_FILES, N_FILES, N_FILES)
    assert tuple(responses) == (N_FILES, N_FILES)
    assert store.counts()["statements"] > N_FILES
    store.close()


def test_two_ingests_of_the_same_folder_at_once_store_each_file_once(store_url, tmp_path):
    letters = tmp_path / "letters"
    write_variants(letters, 60)
    open_store(store_url).close()
    script = ("import sys; from answerable.store import open_store; "
              "s = open_store(sys.argv[1]).ingest([sys.argv[2]], workers=1); print(len(s.failed)); print(s.failed[:3], file=sys.stderr)")
    runs = [subprocess.Popen([sys.executable, "-c", script, store_url, str(letters)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert [out.strip() for out, _ in outputs] == ["0", "0"]
    assert _count(store_url) == 60


def test_a_killed_worker_fails_only_its_files_and_the_batch_goes_on(store, tmp_path):
    import multiprocessing

    letters = tmp_path / "letters"
    write_variants(letters, 40)
    killed = []

    def kill_a_worker(event):
        if not killed:
            worker = multiprocessing.active_children()[0]
            os.kill(worker.pid, signal.SIGKILL)
            killed.append(worker.pid)

    first = store.ingest([letters], workers=2, progress=kill_a_worker)
    assert killed
    assert first.new + len(first.failed) == 40 and first.new >= 1
    assert all("worker process failed" in cause for _, cause in first.failed)
    second = store.ingest([letters], workers=2)
    assert (second.new, second.skipped, second.failed) == (len(first.failed), first.new, [])
    assert store.counts()["documents"] == 40
