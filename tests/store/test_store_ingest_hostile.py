"""Ingest of hostile folders and odd names: every path stays a file name (never letter text),
a name that cannot be used is one failed entry while the rest are stored, documentation files
in a folder are skipped with a note, and each result is stored as soon as it is done."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from answerable.store import open_store
from store_helpers import write_variants


def _texts(store) -> list[tuple[str, str]]:
    with store.engine.connect() as conn:
        from sqlalchemy import text

        return [tuple(r) for r in conn.execute(text("SELECT path, text FROM documents ORDER BY path"))]


def test_a_file_name_with_a_line_break_is_read_as_that_file(store, tmp_path, dorset_path):
    odd = tmp_path / "dorset\nresponse.txt"
    odd.write_bytes(dorset_path.read_bytes())
    summary = store.ingest([tmp_path], workers=1)
    assert (summary.new, summary.failed) == (1, [])
    [(path, text)] = _texts(store)
    assert path == str(odd)
    assert "Dorset" in text and str(tmp_path) not in text  # the letter, not its path


def test_a_path_of_over_1024_characters_is_read_as_that_file(store, tmp_path, dorset_path):
    folder = tmp_path
    while len(str(folder)) < 1100:
        folder = folder / ("d" * 200)
    folder.mkdir(parents=True)
    target = folder / "letter.txt"
    target.write_bytes(dorset_path.read_bytes())
    assert len(str(target)) >= 1024
    summary = store.ingest([target], workers=1)
    assert (summary.new, summary.failed) == (1, [])
    [(path, text)] = _texts(store)
    assert path == str(target) and text.startswith(dorset_path.read_text(encoding="utf-8")[:20].strip()[:10])
    assert str(folder) not in text


def test_a_name_that_is_not_utf8_fails_alone_and_the_rest_are_stored(store, tmp_path):
    write_variants(tmp_path, 6)
    bad = os.path.join(os.fsencode(tmp_path), b"caf\xe9-response.txt")
    with open(bad, "wb") as handle:
        handle.write((tmp_path / sorted(os.listdir(tmp_path))[0]).read_bytes() + b"\nextra line\n")
    summary = store.ingest([tmp_path], workers=2)
    assert summary.new == 6
    [(name, cause)] = summary.failed
    assert name == f"{tmp_path}/caf\\xe9-response.txt"
    assert "not valid UTF-8" in cause
    log = store.ingest_log(summary.run_id)
    assert sorted(log.status) == ["failed"] + ["new"] * 6


def test_a_symlink_loop_fails_alone_and_the_rest_are_stored(store, tmp_path):
    write_variants(tmp_path, 4)
    os.symlink("loop.txt", tmp_path / "loop.txt")  # a link to itself
    os.symlink(".", tmp_path / "again")  # a folder link back to the folder: not followed
    summary = store.ingest([tmp_path], workers=1)
    assert summary.new == 4
    [(name, cause)] = summary.failed
    assert name == str(tmp_path / "loop.txt") and "symlink loop" in cause


def test_a_missing_path_and_stdin_in_a_batch_fail_alone(store, tmp_path, dorset_path, cheshire_path):
    summary = store.ingest([tmp_path / "missing.txt", "-", dorset_path, cheshire_path], workers=1)
    assert summary.new == 2
    assert summary.failed == [
        (str(tmp_path / "missing.txt"), "no such file or folder; check the path"),
        ("<stdin>", "standard input cannot be ingested: save the letter to a file and ingest the file"),
    ]


def test_readme_and_licence_in_a_folder_are_skipped_with_a_note(store, tmp_path, dorset_path):
    (tmp_path / "README.md").write_text("# Letters\n\nDear reader, these are letters.\n", encoding="utf-8")
    (tmp_path / "LICENSE.txt").write_text("Open Government Licence v3.0\n", encoding="utf-8")
    (tmp_path / "dorset.txt").write_bytes(dorset_path.read_bytes())
    notes: list[str] = []
    from answerable.store.ingest import Ingester, discover

    items = discover([tmp_path], note=notes.append)
    assert [i.path.name for i in items] == ["dorset.txt"]
    assert notes == [f"{tmp_path / 'LICENSE.txt'}: skipped: a LICENSE file is documentation, not a letter "
                     "(data/folder_rules.yaml skip_stems)",
                     f"{tmp_path / 'README.md'}: skipped: a README file is documentation, not a letter "
                     "(data/folder_rules.yaml skip_stems)"]
    assert Ingester(store.engine, workers=1).run(items).new == 1
    # named on its own, a README is read like any file
    assert store.ingest([tmp_path / "README.md"], workers=1).new == 1


@pytest.mark.slow
def test_finished_files_are_stored_while_a_slow_one_is_still_running(store, tmp_path):
    write_variants(tmp_path, 6)
    body = "\n\n".join(f"Paragraph {i}. The force will review its approach to call handling and I will "
                       "hold the Chief Constable to account for progress." for i in range(6000))
    (tmp_path / "0-slow.txt").write_text(f"Dear Home Secretary,\n\n{body}\n\nYours sincerely,\n\nA Name\n",
                                         encoding="utf-8")
    stored_at: dict[str, float] = {}
    started = time.monotonic()
    summary = store.ingest([tmp_path], workers=2,
                           progress=lambda e: stored_at.setdefault(Path(e.path).name, time.monotonic() - started))
    assert (summary.new, summary.failed) == (7, [])
    slow = stored_at.pop("0-slow.txt")
    assert slow > 2.0, "the slow letter was not slow enough to show anything"
    assert max(stored_at.values()) < slow - 1.0  # the six were stored long before the slow one ended


def test_a_named_pipe_among_the_letters_fails_alone_instead_of_hanging(store, tmp_path, dorset_path):
    (tmp_path / "dorset.txt").write_bytes(dorset_path.read_bytes())
    os.mkfifo(tmp_path / "pipe.txt")  # opening it to hash it would wait for a writer for ever
    summary = store.ingest([tmp_path], workers=1)
    assert summary.new == 1
    assert summary.failed == [(str(tmp_path / "pipe.txt"), "is not a regular file (a directory, device, "
                                                           "socket or pipe): save the letter to a file first")]
