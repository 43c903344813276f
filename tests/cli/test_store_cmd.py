"""The store commands: search, compare, commitments (list/set/show), export, responses, ingest
errors — run through click against a real SQLite file."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from click.testing import CliRunner

from answerable.cli import cli
from answerable.models import Author, DateRef, ForceRef, Record, ReportRef, Source, Statement
from answerable.store import open_store

TITLE = ("Both sides of the coin: The police and National Crime Agency's response to vulnerable "
         "people in 'county lines' drug offending")
LETTER = f"""Office of the Police and Crime Commissioner for Norfolk (a fictional letter for tests)

30 January 2020

Dear Home Secretary

Response to the HMICFRS report "{TITLE}"

I welcome the report. Norfolk Constabulary works with schools on early intervention.
We will review our county lines referrals by March 2021.

Yours sincerely

Peregrine Madeup
Police and Crime Commissioner for Norfolk
"""
COMMITMENT = "We will review our county lines referrals by March 2021."


def _record() -> Record:
    start = LETTER.index(COMMITMENT)
    return Record(source=Source(path="/letters/norfolk.txt", sha256=hashlib.sha256(LETTER.encode()).hexdigest(),
                                format="txt"),
                  text=LETTER, force=ForceRef(name="Norfolk"),
                  author=Author(name="Peregrine Madeup", role="Police and Crime Commissioner"), date=DateRef(value=dt.date(2020, 1, 30)),
                  report=ReportRef(title=TITLE),
                  statements=[Statement(kind="commitment", text=COMMITMENT, span=(start, start + len(COMMITMENT)))],
                  extractor_version="test")


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with open_store(url) as store:
        store.add_record(_record())
    return url


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result


def test_search_prints_ranked_hits_with_highlights(db):
    result = run("search", "early intervention", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Norfolk · both-sides-of-the-coin" in result.output
    assert "**early** **intervention**" in result.output


def test_search_json_gives_path_force_report_score_and_snippet(db):
    result = run("search", "county lines", "--kind", "commitment", "--format", "json", "--db", db)
    answer = json.loads(result.output)
    assert answer["query"] == "county lines" and answer["count"] == 1
    [hit] = answer["items"]
    assert hit["path"] == "/letters/norfolk.txt" and hit["force"] == "Norfolk"
    assert hit["report"] == "both-sides-of-the-coin" and hit["score"] > 0
    assert "<mark>county</mark>" in hit["snippet"] and hit["kind"] == "commitment"


def test_search_with_unbalanced_quotes_still_searches(db):
    result = run("search", '"county lines', "--db", db)
    assert result.exit_code == 0 and "Norfolk" in result.output


def test_search_with_a_bad_kind_is_a_one_line_error(db):
    result = run("search", "plan", "--kind", "promise", "--db", db)
    assert result.exit_code == 1
    assert result.output.startswith("answerable: error: 'promise' is not a statement kind")


def test_compare_prints_a_row_per_force_and_who_has_not_answered(db):
    result = run("compare", "both-sides-of-the-coin", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Police and Crime Commissioner for Norfolk" in result.output
    assert "not answered (42):" in result.output
    as_json = json.loads(run("compare", "both-sides-of-the-coin", "--format", "json", "--db", db).output)
    assert as_json["rows"][0]["day"] == 21 and as_json["rows"][0]["on_time"] is True


def test_compare_an_unknown_report_suggests_ids(db):
    result = run("compare", "both-sides-of-the-coins", "--db", db)
    assert result.exit_code == 1
    assert "no report with id 'both-sides-of-the-coins'" in result.output


def test_commitments_list_set_and_show_keep_history(db):
    listed = run("commitments", "--overdue", "--db", db)
    assert "OVERDUE" in listed.output and "Norfolk" in listed.output
    [item] = json.loads(run("commitments", "--format", "json", "--db", db).output)["items"]
    changed = run("commitments", "set", str(item["id"]), "done", "--note", "referrals reviewed",
                  "--who", "analyst", "--target-date", "2021-04-30", "--db", db)
    assert changed.exit_code == 0 and f"commitment {item['id']}: done, target 2021-04-30" in changed.output
    assert run("commitments", "--overdue", "--db", db).output.strip() == "no commitments"
    shown = run("commitments", "show", str(item["id"]), "--db", db).output
    assert "analyst: open -> done, target 2021-04-30 — referrals reviewed" in shown


def test_commitments_set_with_a_bad_date_or_status_is_a_clear_error(db):
    bad_date = run("commitments", "set", "1", "done", "--target-date", "31/03/2021", "--db", db)
    assert bad_date.exit_code == 1 and "write it as YYYY-MM-DD" in bad_date.output
    bad_status = run("commitments", "set", "1", "finished", "--db", db)
    assert bad_status.exit_code == 1 and "use one of open, in_progress, done, dropped" in bad_status.output


def test_export_writes_files_and_lists_them(db, tmp_path):
    result = run("export", "--format", "csv", "--out", str(tmp_path / "out"), "--db", db)
    assert result.exit_code == 0
    assert str(tmp_path / "out" / "responses.csv") in result.output.splitlines()
    assert "Norfolk" in (tmp_path / "out" / "responses.csv").read_text()


def test_responses_lists_the_stored_letters(db):
    result = run("responses", "--db", db)
    assert result.exit_code == 0 and "Norfolk" in result.output and "on_time" in result.output


def test_ingest_of_a_missing_path_is_a_one_line_error(db, tmp_path):
    result = run("ingest", str(tmp_path / "nowhere"), "--db", db)
    assert result.exit_code == 1
    assert "nowhere: no such file or folder" in result.output


def test_ingest_prints_the_summary_and_exits_1_when_a_file_failed(db, tmp_path, dorset_path):
    import shutil

    shutil.copy(dorset_path, tmp_path / "dorset.txt")
    (tmp_path / "empty.txt").write_text("")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--workers", "1", "--db", db])
    assert result.exit_code == 1
    assert "1 new, 0 changed, 0 skipped, 1 failed" in result.output
    assert f"answerable: error: {tmp_path / 'empty.txt'}:" in result.output
    again = CliRunner().invoke(cli, ["ingest", str(tmp_path / "dorset.txt"), "--format", "json", "--db", db])
    assert again.exit_code == 0 and json.loads(again.output)["skipped"] == 1


def test_ingest_verbose_says_which_files_were_skipped_and_why(db, tmp_path):
    letter = LETTER.replace("30 January 2020", "31 January 2020")  # not the letter the db fixture holds
    (tmp_path / "a.txt").write_text(letter, encoding="utf-8")
    (tmp_path / "copy-of-a.txt").write_text(letter, encoding="utf-8")
    first = CliRunner().invoke(cli, ["ingest", "-v", str(tmp_path / "a.txt"), str(tmp_path / "copy-of-a.txt"),
                                     "--workers", "1", "--db", db])
    assert first.exit_code == 0, first.output
    assert "1 new, 0 changed, 1 skipped, 0 failed" in first.output
    assert f"answerable: skipped: {tmp_path / 'copy-of-a.txt'}: the same content as another file in this run" in first.output
    again = CliRunner().invoke(cli, ["ingest", "--verbose", str(tmp_path / "a.txt"), "--db", db])
    assert f"answerable: skipped: {tmp_path / 'a.txt'}: unchanged: the same content is stored, read by this extractor (" in again.output
    quiet = CliRunner().invoke(cli, ["ingest", str(tmp_path / "a.txt"), "--db", db])
    assert "answerable: skipped:" not in quiet.output and "0 new, 0 changed, 1 skipped, 0 failed" in quiet.output


def test_ingest_errors_for_odd_names_are_one_line_each_and_the_rest_are_stored(db, tmp_path, dorset_path):
    import os
    import shutil

    shutil.copy(dorset_path, tmp_path / "dorset.txt")
    (tmp_path / "empty\nletter.txt").write_text("")
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"Dear Home Secretary,\n")
    (tmp_path / "README.md").write_text("# About these letters\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), str(tmp_path / "gone.pdf"), "-",
                                      "--workers", "1", "--db", db])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"answerable: error: {tmp_path}/empty\\nletter.txt: the file is empty (0 bytes): check it was " \
           "saved or downloaded completely." in lines
    assert f"answerable: error: {tmp_path}/caf\\xe9.txt: the file name is not valid UTF-8 (shown with \\x " \
           "escapes): rename the file with UTF-8 characters and run again" in lines
    assert f"answerable: error: {tmp_path}/gone.pdf: no such file or folder; check the path" in lines
    assert "answerable: error: <stdin>: standard input cannot be ingested: save the letter to a file and " \
           "ingest the file" in lines
    assert f"answerable: note: {tmp_path}/README.md: skipped: a README file is documentation, not a letter " \
           "(data/folder_rules.yaml skip_stems)" in lines
    assert "1 new, 0 changed, 0 skipped, 4 failed" in result.output


# --- one output layer: --format text|json|jsonl|csv, the API's JSON shape --------------------
def test_responses_json_is_the_api_page_with_total_and_next(db):
    with open_store(db) as store:
        second = _record().model_copy(update={"text": LETTER.replace("Norfolk", "Suffolk"),
                                              "force": ForceRef(name="Suffolk"),
                                              "source": Source(path="/letters/suffolk.txt", sha256="0" * 64,
                                                               format="txt")})
        store.add_record(second)
    first = json.loads(run("responses", "--limit", "1", "--format", "json", "--db", db).output)
    assert (first["count"], first["total"], first["limit"], first["offset"]) == (1, 2, 1, 0)
    assert first["next"] == "answerable responses --limit 1 --offset 1"
    assert first["items"][0]["force"] == "Norfolk"
    last = json.loads(run("responses", "--limit", "1", "--offset", "1", "--format", "json", "--db", db).output)
    assert last["items"][0]["force"] == "Suffolk" and last["next"] is None


def test_responses_jsonl_gives_one_object_a_line(db):
    lines = run("responses", "--format", "jsonl", "--db", db).output.splitlines()
    assert [json.loads(line)["force"] for line in lines] == ["Norfolk"]


def test_search_csv_has_a_header_and_one_row_a_hit(db):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(run("search", "county lines", "--format", "csv", "--db", db).output)))
    assert len(rows) == 1 and rows[0]["force"] == "Norfolk" and rows[0]["path"] == "/letters/norfolk.txt"


def test_compare_csv_is_one_row_per_force_that_answered(db):
    import csv
    import io

    out = run("compare", "both-sides-of-the-coin", "--format", "csv", "--db", db).output
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["force"] == "Norfolk" and row["day"] == "21" and row["on_time"] == "True"


def test_commitments_jsonl_and_csv(db):
    [line] = run("commitments", "--format", "jsonl", "--db", db).output.splitlines()
    assert json.loads(line)["text"] == COMMITMENT
    header = run("commitments", "--format", "csv", "--db", db).output.splitlines()[0]
    assert header.startswith("id,response_id,force,report_id,text")


# --- read commands do not create a database ------------------------------------------------
@pytest.mark.parametrize("args", [["responses"], ["search", "lamps"], ["compare", "both-sides-of-the-coin"],
                                  ["commitments"], ["export", "--format", "csv", "--out", "OUT"]])
def test_read_commands_refuse_a_sqlite_file_that_does_not_exist(tmp_path, args):
    missing = tmp_path / "no" / "such" / "x.db"
    args = [a.replace("OUT", str(tmp_path / "out")) for a in args]
    result = run(*args, "--db", f"sqlite:///{missing}")
    assert result.exit_code == 1
    assert result.output.startswith(f"answerable: error: there is no database at {missing}: check the --db path")
    assert not missing.exists() and not missing.parent.exists()


def test_search_snippets_are_not_bold_under_no_color(db, monkeypatch):
    import sys

    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    from answerable.cli import output

    assert output.use_colour() is False
    result = CliRunner().invoke(cli, ["search", "early intervention", "--db", db], color=True)
    assert "\x1b[" not in result.output and "**early**" in result.output
