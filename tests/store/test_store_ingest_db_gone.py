"""PostgreSQL stopping in the middle of an ingest: the command ends with the project's one-line
"cannot reach the PostgreSQL server" error and exit status 1, not a traceback; once the server
is back, running the same ingest again stores every file exactly once (nothing was lost).

The server is a throwaway cluster of this test's own (``initdb`` in a temporary folder, its own
port on 127.0.0.1), so stopping it disturbs no other test."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from answerable.store import open_store
from answerable.store.db import normalise_url
from store_helpers import write_variants

N_FILES = 200
PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster in a temporary folder, started and stopped with pg_ctl."""

    def __init__(self) -> None:
        self.bin = Path(PG_BIN[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="answerable-pg-gone."))
        self.port = _free_port()
        self.url = f"postgresql://answerable@127.0.0.1:{self.port}/gone"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._run(f"{self.bin}/initdb -A trust -U answerable -D {self.dir}/data")
        self.start()
        self._run(f"{self.bin}/createdb -h 127.0.0.1 -p {self.port} -U answerable gone")

    def _run(self, command: str) -> None:
        args = ["su", "postgres", "-s", "/bin/sh", "-c", command] if os.geteuid() == 0 else ["sh", "-c", command]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir} "
                   "-c fsync=off")  # commits survive an immediate stop: no synchronous_commit=off
        self._run(f"{self.bin}/pg_ctl -D {self.dir}/data -l {self.dir}/log -w -o '{options}' start")

    def stop(self) -> None:
        self._run(f"{self.bin}/pg_ctl -D {self.dir}/data -m immediate -w stop")

    def remove(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def cluster():
    if not PG_BIN:
        pytest.skip("no PostgreSQL server binaries (initdb) on this machine")
    made = Cluster()
    yield made
    made.remove()


def _count(url: str) -> int:
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
    except Exception:  # not there yet, or the server is down
        return 0
    finally:
        engine.dispose()


@pytest.mark.slow
def test_postgres_stopping_mid_ingest_is_one_line_and_loses_nothing(cluster, tmp_path):
    letters = tmp_path / "letters"
    write_variants(letters, N_FILES)
    open_store(cluster.url).close()  # the schema, before the race starts
    child = subprocess.Popen([sys.executable, "-c", "from answerable.cli import main; main()", "ingest", str(letters), "--workers", "2",
                              "--db", cluster.url],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while _count(cluster.url) < 20 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert child.poll() is None, f"the ingest ended before the server could be stopped: {child.stderr.read()!r}"
    cluster.stop()
    out, err = child.communicate(timeout=60)
    assert child.returncode == 1
    lines = err.splitlines()
    assert len(lines) == 1, err
    [line] = lines
    assert line.startswith(f"answerable: error: cannot reach the PostgreSQL server 127.0.0.1:{cluster.port} "
                           "database 'gone': ")
    assert "Check that the server is running" in line

    cluster.start()
    before = _count(cluster.url)
    assert 20 <= before < N_FILES
    store = open_store(cluster.url)
    summary = store.ingest([letters], workers=2)
    assert summary.failed == []
    assert (summary.new, summary.skipped) == (N_FILES - before, before)
    with store.engine.connect() as conn:
        docs = conn.execute(text("SELECT count(*), count(DISTINCT sha256) FROM documents")).one()
        responses = conn.execute(text("SELECT count(*) FROM responses")).scalar_one()
    assert tuple(docs) == (N_FILES, N_FILES) and responses == N_FILES
    store.close()
