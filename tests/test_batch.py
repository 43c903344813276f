"""The one path expansion and the one list of letter extensions (answerable.batch)."""

from __future__ import annotations

import os

from answerable import batch
from answerable.read import supported_extensions


def test_the_letter_extensions_are_exactly_the_readers_extensions():
    assert batch.LETTER_EXTENSIONS == tuple(supported_extensions())


def test_every_command_uses_the_one_list():
    from answerable.cli import extract_cmd, serve_cmd
    from answerable.extract import _FILE_SUFFIXES
    from answerable.store import ingest

    assert extract_cmd.supported_extensions() == batch.LETTER_EXTENSIONS
    assert serve_cmd.CORPUS_SUFFIXES == frozenset(batch.LETTER_EXTENSIONS)
    assert ingest.SUFFIXES == batch.LETTER_EXTENSIONS
    assert set(batch.LETTER_EXTENSIONS) < set(_FILE_SUFFIXES)


def test_names_are_shown_on_one_line():
    assert batch.shown("letters/a\nb.pdf") == "letters/a\\nb.pdf"
    assert batch.shown(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert batch.shown("caf\u00e9 letter.txt") == "caf\u00e9 letter.txt"


def test_a_glob_matching_only_other_files_says_so(tmp_path):
    (tmp_path / "notes.csv").write_text("x")
    [entry] = batch.expand([str(tmp_path / "*.csv")])
    assert entry.path is None and entry.problem.startswith("the pattern matches no letter files")


def test_a_folder_walk_does_not_follow_a_link_back_to_itself(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    os.symlink(".", tmp_path / "again")
    assert [e.path.name for e in batch.expand([tmp_path])] == ["a.txt"]


def test_a_user_file_adds_folder_rules(tmp_path):
    extra = tmp_path / "folder_rules.yaml"
    extra.write_text("skip_stems: [minutes]\nskip_patterns: ['draft-*']\n", encoding="utf-8")
    rules = batch.load_folder_rules(extra)
    assert rules.skip_reason("Minutes.pdf") and rules.skip_reason("draft-1.docx")
    assert rules.skip_reason("README.md") and rules.skip_reason("letter.pdf") is None
