"""`answerable extract` and `answerable eval`: real files in, records and accuracy out."""

from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from answerable.cli import cli
from answerable.cli.extract_cmd import expand_paths

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "tests" / "fixtures" / "devset"
LABELS = DEVSET / "labels.json"
CONTRACT = {"source", "text", "author", "force", "date", "addressees", "report", "stance",
            "statements", "warnings"}
EXTS = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")


def _invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def _batch(tmp_path: Path, cheshire: Path, dorset: Path) -> Path:
    """A folder with two good letters (one in a sub-folder) and one bad file."""
    folder = tmp_path / "letters"
    (folder / "south").mkdir(parents=True)
    shutil.copy(cheshire, folder / "a_cheshire.txt")
    shutil.copy(dorset, folder / "south" / "b_dorset.txt")
    (folder / "c_broken.pdf").write_bytes(b"%PDF-1.7\n\x00\x01 this is not really a pdf \xff\xfe")
    return folder


# --- path expansion --------------------------------------------------------------------------
def test_folders_are_read_recursively_in_order_skipping_hidden_and_unknown_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ["z.txt", "a.pdf", "b/c.docx", "b/d.HTML", "notes.csv", ".hidden.txt", ".git/x.txt"]:
        (tmp_path / name).write_text("x")
    got = [os.path.relpath(p, tmp_path) for p, problem in expand_paths((str(tmp_path),), EXTS)]
    assert got == ["a.pdf", "b/c.docx", "b/d.HTML", "z.txt"]


def test_glob_patterns_expand_and_unmatched_ones_are_reported(tmp_path):
    for name in ["one.txt", "two.txt", "three.pdf"]:
        (tmp_path / name).write_text("x")
    got = list(expand_paths((str(tmp_path / "*.txt"), str(tmp_path / "*.docx")), EXTS))
    assert [Path(p).name for p, problem in got[:2]] == ["one.txt", "two.txt"]
    assert got[2] == (str(tmp_path / "*.docx"),
                      "no file matches this pattern; check the pattern and the folder")


def test_an_explicit_file_is_kept_whatever_its_extension_and_a_missing_one_is_reported(tmp_path):
    odd = tmp_path / "letter.rtf"
    odd.write_text("x")
    got = list(expand_paths((str(odd), str(tmp_path / "gone.txt"), "-"), EXTS))
    assert got == [(str(odd), None), (str(tmp_path / "gone.txt"), "no such file or folder; check the path"),
                   ("-", None)]


# --- extract ---------------------------------------------------------------------------------
def test_json_output_is_one_contract_object_per_file(cheshire_path, dorset_path):
    result = _invoke("extract", str(cheshire_path), str(dorset_path), "--format", "json")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    assert CONTRACT <= set(records[0])
    assert "segments" not in records[0]
    assert [r["force"]["name"] for r in records] == ["Cheshire", "Dorset"]
    assert records[0]["source"]["path"].endswith("000_d63f68efa6706c4b.txt")
    assert records[1]["date"]["value"] == "2020-02-06"


def test_text_output_summarises_each_letter_with_its_evidence(cheshire_path):
    result = _invoke("extract", str(cheshire_path))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"== {cheshire_path} (txt)\n")
    assert "force:      Cheshire" in out
    assert "author:     David Keane, Police and Crime Commissioner" in out
    assert "date:       2020-03-05  \u201c5 March 2020\u201d" in out
    assert "stance:     welcomes" in out
    assert "  commitment (" in out
    assert "I will be discussing this with the Chief Constable" in out


def test_a_bad_file_in_a_folder_costs_one_error_line_and_exit_1(tmp_path, cheshire_path, dorset_path):
    folder = _batch(tmp_path, cheshire_path, dorset_path)
    result = _invoke("extract", str(folder), "--format", "json")
    assert result.exit_code == 1
    forces = [json.loads(line)["force"]["name"] for line in result.stdout.splitlines()]
    assert forces == ["Cheshire", "Dorset"]
    errors = result.stderr.splitlines()
    assert len(errors) == 1
    assert errors[0].startswith(f"answerable: error: {folder / 'c_broken.pdf'}: ")
    assert "Traceback" not in result.stderr


def test_a_missing_path_is_an_error_but_the_other_files_are_still_extracted(tmp_path, cheshire_path):
    result = _invoke("extract", str(tmp_path / "nope.txt"), str(cheshire_path), "--format", "json")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr.strip() == (f"answerable: error: {tmp_path / 'nope.txt'}: "
                                     "no such file or folder; check the path")


def test_an_empty_file_is_refused_with_a_one_line_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = _invoke("extract", str(empty))
    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"answerable: error: {empty}: ")


def test_standard_input_is_read_with_a_dash(dorset_path):
    result = _invoke("extract", "-", "--format", "json", input=dorset_path.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["source"]["path"] is None
    assert record["force"]["name"] == "Dorset"


def test_out_writes_json_lines_to_a_file(tmp_path, cheshire_path, dorset_path):
    out = tmp_path / "records.jsonl"
    result = _invoke("extract", str(cheshire_path), str(dorset_path), "--format", "json", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["author"]["name"] for line in lines] == ["David Keane", "Martyn Underhill"]


def test_out_to_an_unwritable_place_is_a_clear_error(tmp_path, cheshire_path):
    result = _invoke("extract", str(cheshire_path), "--out", str(tmp_path / "no" / "such" / "dir" / "x.jsonl"))
    assert result.exit_code == 1
    assert "answerable: error:" in result.stderr and "choose a writable path" in result.stderr


def test_the_installed_command_processes_a_folder_with_a_bad_file(tmp_path, cheshire_path, dorset_path):
    folder = _batch(tmp_path, cheshire_path, dorset_path)
    exe = Path(sys.executable).with_name("answerable")
    proc = subprocess.run([str(exe), "extract", str(folder), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert [json.loads(line)["force"]["name"] for line in proc.stdout.splitlines()] == ["Cheshire", "Dorset"]
    [line] = proc.stderr.splitlines()
    assert line.startswith(f"answerable: error: {folder / 'c_broken.pdf'}: ")


# --- eval ------------------------------------------------------------------------------------
def test_eval_prints_a_table_of_every_field_for_the_dev_set():
    result = _invoke("eval", str(LABELS))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["field", "correct", "total", "accuracy"]
    rows = {line.split()[0]: line.split() for line in lines[1:11]}
    assert list(rows) == ["force", "author", "role", "date", "addressees", "report_title",
                          "report_published", "stance", "statements", "span_exactness"]
    assert rows["force"][2] == "25" and rows["date"][2] == "25"
    assert rows["force"][3].endswith("%")
    assert re.search(r"^25 files in \d+\.\d\ds, 0 could not be read, \d+ misses$", result.stdout, re.M)


def test_eval_json_gives_accuracy_per_field_for_chosen_files(cheshire_path):
    result = _invoke("eval", str(LABELS), str(cheshire_path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["files"] == 1
    force = next(s for s in data["scores"] if s["field"] == "force")
    assert (force["total"], force["accuracy"]) == (1, 1.0)


def test_eval_refuses_a_missing_labels_file_in_one_line(tmp_path):
    result = _invoke("eval", str(tmp_path / "labels.json"))
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"answerable: error: {tmp_path / 'labels.json'}: no such labels "
                                     "file; give the path of a labels.json (see tests/fixtures/devset/README.md)")


def test_eval_refuses_a_file_that_has_no_label(tmp_path):
    stray = tmp_path / "stray.txt"
    stray.write_text("Dear Home Secretary")
    result = _invoke("eval", str(LABELS), str(stray))
    assert result.exit_code == 1
    assert "has no label in the labels file" in result.stderr


def test_two_workers_give_the_same_output_in_the_same_order_as_one(tmp_path):
    letters = sorted(DEVSET.glob("[0-9][0-9]_*.txt"))
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(70):
        shutil.copy(letters[i % len(letters)], folder / f"letter_{i:03d}.txt")
    (folder / "letter_033.txt").write_bytes(b"")  # one bad file in the middle
    one = _invoke("extract", str(folder), "--format", "json", "--workers", "1")
    two = _invoke("extract", str(folder), "--format", "json", "--workers", "2")
    assert one.exit_code == two.exit_code == 1
    assert len(two.stdout.splitlines()) == 69
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
    assert two.stderr.startswith(f"answerable: error: {folder / 'letter_033.txt'}: ")


def test_a_folder_without_letters_is_reported_not_silently_skipped(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b")
    result = _invoke("extract", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"answerable: error: {tmp_path}: no letters in this folder (looked for .txt")


def test_eval_min_passes_when_every_field_meets_its_rate(cheshire_path):
    result = _invoke("eval", str(LABELS), str(cheshire_path), "--min", "force=0.9", "--min", "date=90%")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_eval_min_names_the_field_that_fell_short(tmp_path, cheshire_path):
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps([{"file": str(cheshire_path), "force": "Kent", "date": "2020-03-05"}]))
    result = _invoke("eval", str(labels), "--min", "force=0.5", "--min", "date=1")
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"answerable: error: {labels}: accuracy below the minimum: "
                                     "force 0.0% < 50.0%")


def test_eval_min_rejects_an_unknown_field_or_rate():
    result = _invoke("eval", str(LABELS), "--min", "colour=0.9")
    assert result.exit_code == 2
    assert "unknown field 'colour'" in result.output
    result = _invoke("eval", str(LABELS), "--min", "force=1.5")
    assert result.exit_code == 2
    assert "between 0 and 1" in result.output


def test_text_output_gives_the_page_of_evidence_in_a_pdf():
    result = _invoke("extract", str(DEVSET / "19_thames_valley_same_letter.pdf"))
    assert result.exit_code == 0, result.output
    assert "date:       2023-05-09  \u201c9 May 2023\u201d (p. 1)" in result.stdout
    quoted = [line for line in result.stdout.splitlines() if line.startswith("    - ")]
    assert quoted and all(re.search(r"\(p\. [12]\)$", line) for line in quoted)
    text_result = _invoke("extract", str(DEVSET / "19_thames_valley_same_letter.txt"))
    assert "(p. " not in text_result.stdout  # plain text has no pages


def _bad_inputs(folder: Path) -> dict[str, str]:
    """One file of every kind of bad input, and the word its error must contain."""
    import io

    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    folder.mkdir()
    (folder / "a_empty.txt").write_bytes(b"")
    (folder / "b_garbage.txt").write_bytes(bytes(range(256)) * 16)
    (folder / "c_corrupt.docx").write_bytes(b"PK\x03\x04 this is not really a zip archive")
    scanned = FPDF()
    scanned.add_page()
    scanned.rect(10, 10, 50, 50)  # a page with a drawing and no text: needs OCR
    (folder / "d_scanned.pdf").write_bytes(bytes(scanned.output()))
    plain = FPDF()
    plain.add_page()
    plain.set_font("Helvetica", size=12)
    plain.cell(0, 10, "Dear Home Secretary, I welcome the report.")
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(bytes(plain.output()))))
    writer.encrypt("secret")
    writer.write(str(folder / "e_encrypted.pdf"))
    with open(folder / "f_huge.txt", "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    (folder / "h_letter_cp1252.txt").write_bytes(
        "Dear Home Secretary,\n\nI welcome the report \u2013 it cost \u00a3200.\n\nYours sincerely\n\n"
        "Anne Example\nPolice and Crime Commissioner for Kent\n".encode("cp1252"))
    return {"a_empty.txt": "empty", "b_garbage.txt": "binary", "c_corrupt.docx": "docx",
            "d_scanned.pdf": "ocr", "e_encrypted.pdf": "encrypted", "f_huge.txt": "limit"}


def test_every_kind_of_bad_input_is_one_line_naming_file_and_cause_and_the_good_file_survives(tmp_path):
    folder = tmp_path / "bad"
    expected = _bad_inputs(folder)
    unknown = tmp_path / "letter.xyz"
    unknown.write_text("Dear Home Secretary")
    result = _invoke("extract", str(folder), str(unknown), "--format", "json")
    assert result.exit_code == 1
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["force"]["name"] == "Kent" and "\u00a3200" in record["text"]
    errors = result.stderr.splitlines()
    assert len(errors) == len(expected) + 1
    for line, (name, word) in zip(errors, sorted(expected.items())):
        assert line.startswith(f"answerable: error: {folder / name}: "), line
        assert word in line.lower(), line
    assert errors[-1].startswith(f"answerable: error: {unknown}: ")
    assert "Traceback" not in result.stderr


def test_a_bug_inside_the_extractor_is_still_one_line_that_asks_for_a_report():
    from answerable.cli.extract_cmd import _error_line

    line = _error_line("letters/a.txt", ValueError("unexpected\nsecond line"))
    assert line.startswith("answerable: error: letters/a.txt: internal error (ValueError: ")
    assert line.endswith("please report it with this file attached")
    assert "\n" not in line
