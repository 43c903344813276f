"""Ingest through the real pipeline (read + extract + audit): idempotency, re-extraction,
failures in the log, reports, and the bar: seeds + dev set twice, search, compare."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "tests" / "fixtures" / "devset"
REPORTS = ROOT / "tests" / "fixtures" / "reports"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, cheshire_path, dorset_path):
    """The two seeds and the dev-set letters (not its README or labels) in one folder."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(cheshire_path, folder / "cheshire.txt")
    shutil.copy(dorset_path, folder / "dorset.txt")
    letters = folder / "devset"
    letters.mkdir()
    for path in sorted(DEVSET.glob("[0-9]*")):
        if path.suffix in {".txt", ".html", ".pdf", ".docx"}:
            shutil.copy(path, letters / path.name)
    return folder


def test_seeds_and_dev_set_twice_give_identical_counts(store, corpus):
    files = len(list(corpus.rglob("*.*")))
    first = store.ingest([corpus], workers=2)
    assert (first.new, first.changed, first.failed) == (files, 0, [])
    counts = store.counts()
    second = store.ingest([corpus], workers=2)
    assert (second.new, second.changed, second.skipped, second.failed) == (0, 0, files, [])
    after = store.counts()
    assert {k: v for k, v in after.items() if k != "ingest_log"} == {k: v for k, v in counts.items() if k != "ingest_log"}
    assert after["documents"] == files and after["responses"] == files
    assert after["ingest_log"] == 2 * files


def test_search_county_lines_finds_both_seeds(store, corpus):
    store.ingest([corpus], workers=1)
    paths = {Path(h.path).name for h in store.search("county lines", limit=50)}
    assert {"cheshire.txt", "dorset.txt"} <= paths
    forces = {h.force for h in store.search("county lines", force="Dorset")}
    assert forces == {"Dorset"}


def test_compare_shows_the_seeds_days_and_41_forces_not_answered(store, cheshire_path, dorset_path):
    store.ingest([cheshire_path, dorset_path], workers=1)
    result = store.compare("both-sides-of-the-coin")
    rows = {r.force: r for r in result.rows}
    assert set(rows) == {"Cheshire", "Dorset"}
    assert (rows["Cheshire"].day, rows["Cheshire"].on_time) == (56, True)
    assert (rows["Dorset"].day, rows["Dorset"].on_time) == (28, True)
    assert rows["Dorset"].local_policing_body == "Police and Crime Commissioner for Dorset"
    assert len(result.not_answered) == 41
    assert "Cheshire" not in result.not_answered and "Kent" in result.not_answered


def test_compare_after_the_dev_set_still_shows_the_seeds(store, corpus):
    store.ingest([corpus], workers=2)
    result = store.compare("both-sides-of-the-coin")
    days = {r.force: r.day for r in result.rows}
    assert days["Cheshire"] == 56 and days["Dorset"] == 28
    assert len(result.not_answered) == 43 - len({r.force for r in result.rows if r.force})


def test_an_edited_file_replaces_its_old_version(store, tmp_path, dorset_path):
    letter = tmp_path / "dorset.txt"
    shutil.copy(dorset_path, letter)
    store.ingest([letter], workers=1)
    letter.write_text(dorset_path.read_text(encoding="utf-8").replace("keen interest", "close interest"),
                      encoding="utf-8")
    summary = store.ingest([letter], workers=1)
    assert (summary.new, summary.changed) == (0, 1)
    assert store.counts()["responses"] == 1
    assert store.search("close interest") and not store.search('"keen interest"')


def test_records_from_an_older_extractor_are_extracted_again(store, cheshire_path, dorset_path):
    store.ingest([cheshire_path, dorset_path], workers=1)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE documents SET extractor_version = 'old-0'")
    summary = store.ingest([cheshire_path, dorset_path], workers=1)
    assert (summary.new, summary.changed, summary.skipped) == (0, 2, 0)
    versions = set(store.responses()["extractor_version"])
    assert versions and "old-0" not in versions
    assert store.counts()["responses"] == 2


def test_a_failure_is_logged_with_its_cause_and_the_batch_goes_on(store, tmp_path, dorset_path):
    shutil.copy(dorset_path, tmp_path / "good.txt")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (tmp_path / "empty.txt").write_text("")
    summary = store.ingest([tmp_path], workers=2)
    assert summary.new == 1
    failed = dict(summary.failed)
    assert set(failed) == {str(tmp_path / "broken.pdf"), str(tmp_path / "empty.txt")}
    assert all(cause and "Traceback" not in cause for cause in failed.values())
    log = store.ingest_log(summary.run_id)
    assert set(log[log["status"] == "failed"]["path"]) == set(failed)
    assert list(log[log["status"] == "failed"]["message"]) == [failed[p] for p in log[log["status"] == "failed"]["path"]]


def test_the_same_content_under_two_names_is_stored_once(store, tmp_path, dorset_path):
    shutil.copy(dorset_path, tmp_path / "a.txt")
    shutil.copy(dorset_path, tmp_path / "b.txt")
    summary = store.ingest([tmp_path], workers=1)
    assert (summary.new, summary.skipped) == (1, 1)
    assert store.counts()["documents"] == 1


def test_globs_pick_files_and_a_path_that_names_nothing_fails_alone(store, tmp_path, dorset_path, cheshire_path):
    shutil.copy(dorset_path, tmp_path / "dorset.txt")
    shutil.copy(cheshire_path, tmp_path / "cheshire.md")
    summary = store.ingest([str(tmp_path / "*.txt")], workers=1)
    assert summary.new == 1
    summary = store.ingest([tmp_path / "missing", tmp_path / "cheshire.md"], workers=1)
    assert summary.new == 1
    assert summary.failed == [(str(tmp_path / "missing"), "no such file or folder; check the path")]


def test_reports_under_reports_are_stored_with_their_recommendations(store, tmp_path):
    summary = store.ingest([], reports=[REPORTS / "evening-patrols-report.txt"], workers=1)
    assert summary.new == 1
    [report] = [r for r in store.reports() if r.origin == "imported"]
    stored = store.report(report.id)
    assert len(stored.recommendations) >= 3
    assert store.counts()["recommendations"] == len(stored.recommendations)
    assert store.counts()["responses"] == 0


def test_a_report_among_letters_is_recognised_by_the_rule(store, tmp_path, dorset_path):
    shutil.copy(REPORTS / "evening-patrols-report.txt", tmp_path / "report.txt")
    shutil.copy(dorset_path, tmp_path / "dorset.txt")
    summary = store.ingest([tmp_path], workers=1)
    assert summary.new == 2
    assert store.counts()["responses"] == 1
    assert [r.origin for r in store.reports() if r.origin == "imported"] == ["imported"]


def test_progress_is_reported_once_per_file(store, corpus):
    events = []
    store.ingest([corpus], workers=2, progress=events.append)
    files = len(list(corpus.rglob("*.*")))
    assert len(events) == files
    assert [e.done for e in events] == list(range(1, files + 1))
    assert {e.total for e in events} == {files}
