"""`answerable audit` and `answerable extract` on files that cannot be read, and on letters
that take too long: one project error line (never click's usage error), the right name."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from answerable.cli import cli
from answerable.settings import get_settings


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


@pytest.fixture
def budget_of(monkeypatch):
    def set_budget(seconds: float) -> None:
        monkeypatch.setenv("ANSWERABLE_TIME_BUDGET_SECONDS", str(seconds))
        get_settings.cache_clear()

    yield set_budget
    get_settings.cache_clear()


def slow_letter(path):
    body = "\n\n".join(f"Paragraph {i}. The force will review its approach to call handling and I will "
                       "hold the Chief Constable to account for progress." for i in range(6000))
    path.write_text(f"Dear Home Secretary,\n\n{body}\n\nYours sincerely,\n\nA Name\n", encoding="utf-8")
    return path


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file, so permissions cannot be denied")
def test_audit_of_an_unreadable_file_is_a_project_error_not_a_usage_error(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("Dear Home Secretary,\n", encoding="utf-8")
    path.chmod(0)
    result = run("audit", str(path))
    assert result.exit_code == 1 and "Usage:" not in result.output
    assert result.stderr.startswith(f"answerable: error: {path}: permission denied")


def test_audit_of_a_directory_or_missing_file_is_one_project_error_line(tmp_path):
    result = run("audit", str(tmp_path))
    assert result.exit_code == 1 and "Usage:" not in result.output
    assert result.stderr.startswith(f"answerable: error: {tmp_path}: is a directory")
    result = run("audit", str(tmp_path / "gone.txt"))
    assert result.exit_code == 1
    assert result.stderr == f"answerable: error: {tmp_path / 'gone.txt'}: no such file: check the path and the current directory.\n"


def test_audit_of_empty_standard_input_names_stdin():
    result = run("audit", "-", input="")
    assert result.exit_code == 1
    assert result.stderr.startswith("answerable: error: <stdin>: the file is empty")


def test_audit_reads_a_letter_from_standard_input(dorset_path):
    result = run("audit", "-", input=dorset_path.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert "Martyn Underhill" in result.stdout and "5 passed" in result.stdout


def test_a_text_file_named_pdf_is_not_a_pdf_rather_than_damaged(tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_text("Dear Home Secretary,\n\nI welcome the report.\n", encoding="utf-8")
    for command in ("audit", "extract"):
        result = run(command, str(path))
        assert result.exit_code == 1
        assert result.stderr == (f"answerable: error: {path}: is not a PDF (it holds plain text: rename "
                                 "it with the extension .txt).\n")


def test_an_error_for_a_file_name_with_a_line_break_is_one_line(tmp_path):
    path = tmp_path / "draft\nletter.txt"
    path.write_bytes(b"")
    for command in ("audit", "extract"):
        result = run(command, str(path))
        assert result.exit_code == 1
        assert result.stderr == (f"answerable: error: {tmp_path}/draft\\nletter.txt: the file is empty "
                                 "(0 bytes): check it was saved or downloaded completely.\n")


def test_a_letter_over_the_time_budget_is_stopped_with_the_limit_named(tmp_path, budget_of, dorset_path):
    slow = slow_letter(tmp_path / "slow.txt")
    budget_of(0.5)
    result = run("extract", str(slow), str(dorset_path), "--format", "json")
    assert result.exit_code == 1
    assert result.stderr == (
        f"answerable: error: {slow}: took longer than the time budget of 0.5 s for one document and was "
        "stopped (the limit, ANSWERABLE_TIME_BUDGET_SECONDS): if it is a genuine letter, raise the limit "
        "or save its text as a plain .txt file.\n")
    assert len(result.stdout.splitlines()) == 1  # the next letter was still extracted
    result = run("audit", str(slow))
    assert result.exit_code == 1 and "time budget of 0.5 s" in result.stderr


def test_extract_of_a_folder_with_a_bad_name_and_a_symlink_loop_reads_the_rest(tmp_path, dorset_path):
    (tmp_path / "dorset.txt").write_bytes(dorset_path.read_bytes())
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), "wb") as handle:
        handle.write(dorset_path.read_bytes())
    os.symlink("loop.txt", tmp_path / "loop.txt")
    (tmp_path / "README.md").write_text("# About these letters\n", encoding="utf-8")
    result = run("extract", str(tmp_path), str(tmp_path / "gone.txt"), "--format", "json")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1  # dorset.txt
    assert result.stderr.splitlines() == [
        f"answerable: note: {tmp_path}/README.md: skipped: a README file is documentation, not a letter "
        "(data/folder_rules.yaml skip_stems)",
        f"answerable: error: {tmp_path}/caf\\xe9.txt: the file name is not valid UTF-8 (shown with \\x "
        "escapes): rename the file with UTF-8 characters and run again",
        f"answerable: error: {tmp_path}/loop.txt: is a symlink loop (a link that leads back to itself): "
        "remove or fix the link",
        f"answerable: error: {tmp_path}/gone.txt: no such file or folder; check the path",
    ]
