"""`answerable reports add|list|show`, `answerable audit`, `answerable draft` through click."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from answerable.cli import cli
from answerable.settings import get_settings

BSOTC = "both-sides-of-the-coin"


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    """An empty user catalogue folder, so nothing on this machine leaks into the tests."""
    folder = tmp_path / "catalogue"
    monkeypatch.setenv("ANSWERABLE_CATALOGUE_DIR", str(folder))
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


@pytest.fixture
def fictional_dir(tmp_path, fixtures_dir):
    folder = tmp_path / "extra"
    folder.mkdir()
    shutil.copy(fixtures_dir / "reports" / "safer-at-night.yaml", folder)
    return folder


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_reports_list_shows_the_bundled_report(user_dir):
    result = run("reports", "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(line.startswith(f"{BSOTC:<32} 2020-01-10  recommendations: texts not in catalogue")
               for line in lines)
    assert len(lines) > 30  # the bundled real reports are listed too


def test_reports_list_json(user_dir, fictional_dir):
    listed = json.loads(run("reports", "list", "--format", "json", "--catalogue", str(fictional_dir)).output)
    rows = listed["items"]
    counts = {r["id"]: r["recommendations"] for r in rows}
    assert {k: counts[k] for k in (BSOTC, "safer-at-night")} == {BSOTC: 0, "safer-at-night": 8}
    assert set(counts.values()) == {0, 8}  # real entries carry no recommendation texts
    assert listed["total"] == listed["count"] == len(rows)


def test_reports_show_says_plainly_the_texts_are_missing(user_dir):
    result = run("reports", "show", BSOTC)
    assert result.exit_code == 0
    assert "published: 2020-01-10 (responses due 2020-03-05)" in result.output
    assert "forces in scope: all 43 forces" in result.output
    assert "recommendations are NOT in the catalogue" in result.output
    assert f"answerable reports add report.pdf --id {BSOTC}" in result.output


def test_reports_show_lists_recommendations_with_addressees(user_dir, fictional_dir):
    result = run("reports", "show", "safer-at-night", "--catalogue", str(fictional_dir))
    assert "Recommendations (8):" in result.output
    assert "[to the Home Office; due 2025-03-31]" in result.output


def test_unknown_report_lists_near_matches(user_dir):
    result = run("reports", "show", "both-sides-of-coin")
    assert result.exit_code == 1
    assert result.output.startswith("answerable: error: no report with id 'both-sides-of-coin'")
    assert "Did you mean: both-sides-of-the-coin?" in result.output


def test_reports_add_writes_yaml_into_the_user_catalogue(user_dir, fixtures_dir):
    result = run("reports", "add", str(fixtures_dir / "reports" / "evening-patrols-report.txt"), "--id", "lights-on")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == ("lights-on: 5 recommendation(s), 1 area(s) for improvement, "
                                             "1 cause(s) of concern; published 2021-03-12")
    assert (user_dir / "lights-on.yaml").exists()
    listed = run("reports", "list").output
    assert "lights-on" in listed and "recommendations: 7" in listed


def test_reports_add_without_recommendations_fails_clearly(user_dir, fixtures_dir):
    result = run("reports", "add", str(fixtures_dir / "reports" / "no-recommendations.txt"))
    assert result.exit_code == 1
    assert "no-recommendations.txt: no recognisable recommendations" in result.output
    assert not user_dir.exists() or not list(user_dir.iterdir())


def test_a_bad_catalogue_file_names_file_and_field(user_dir, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.yaml").write_text("id: x\ntitle: t\npublished: soon\n", encoding="utf-8")
    result = run("reports", "list", "--catalogue", str(bad))
    assert result.exit_code == 1
    assert f"{bad / 'x.yaml'}: field `published`: 'soon' is not a date" in result.output


def test_audit_text_checklist_for_a_seed(user_dir, cheshire_path):
    result = run("audit", str(cheshire_path))
    assert result.exit_code == 0, result.output
    assert f"[{BSOTC}], published 2020-01-10" in result.output
    assert "Due 2020-03-05 · day 56 of 56 · on time" in result.output


def test_audit_json_for_a_seed_with_report_given(user_dir, dorset_path):
    result = run("audit", str(dorset_path), "--report", BSOTC, "--format", "json")
    data = json.loads(result.output)
    assert data["report"]["id"] == BSOTC and data["link"]["method"] == "given"
    assert data["deadline"] == {"due": "2020-03-05", "response_date": "2020-02-06", "day": 28,
                                "status": "on_time", "reason": data["deadline"]["reason"]}
    assert set(data) >= {"report", "deadline", "findings", "recommendations", "link"}


def test_audit_unknown_report_id_lists_near_matches(user_dir, dorset_path):
    result = run("audit", str(dorset_path), "--report", "both-sides")
    assert result.exit_code == 1 and "Did you mean: both-sides-of-the-coin?" in result.output


def test_audit_strict_exits_3_when_a_finding_fails(user_dir, cheshire_path):
    result = run("audit", str(cheshire_path), "--strict")
    assert result.exit_code == 3  # Cheshire's letter names neither the Home Secretary nor HMICFRS
    assert "✗ Copies sent to the Home Secretary and HMICFRS" in result.output


def test_audit_reads_standard_input(user_dir, dorset_path):
    result = run("audit", "-", "--format", "json", input=dorset_path.read_text(encoding="utf-8"))
    assert json.loads(result.output)["deadline"]["day"] == 28


def test_audit_missing_file_is_a_clear_error(user_dir, tmp_path):
    result = run("audit", str(tmp_path / "nope.pdf"))
    assert result.exit_code == 1 and "nope.pdf" in result.output and "Traceback" not in result.output


def test_draft_markdown_to_stdout(user_dir, fictional_dir):
    result = run("draft", "--report", "safer-at-night", "--force", "Dorset", "--catalogue", str(fictional_dir))
    assert result.exit_code == 0
    assert "This response is due by 8 May 2024" in result.output
    assert result.output.count("[State the action taken or proposed, or why no action is taken]") == 6


def test_draft_docx_to_a_file(user_dir, fictional_dir, tmp_path):
    out = tmp_path / "dorset.docx"
    result = run("draft", "--report", "safer-at-night", "--force", "Dorset", "--format", "docx",
                 "--out", str(out), "--catalogue", str(fictional_dir))
    assert result.exit_code == 0 and result.output.strip() == f"written to {out}"
    assert out.read_bytes()[:2] == b"PK"


def test_draft_strict_audit_of_the_unfilled_skeleton_exits_3(user_dir, fictional_dir, tmp_path):
    out = tmp_path / "draft.md"
    run("draft", "--report", "safer-at-night", "--force", "Kent", "--out", str(out), "--catalogue", str(fictional_dir))
    result = run("audit", str(out), "--strict", "--catalogue", str(fictional_dir))
    assert result.exit_code == 3
    assert "✗ Explains the action taken or proposed on each recommendation" in result.output
    assert result.output.count("    ✗ Recommendation ") == 6


def test_draft_for_a_force_out_of_scope(user_dir, fictional_dir):
    result = run("draft", "--report", "safer-at-night", "--force", "Gwent", "--catalogue", str(fictional_dir))
    assert result.exit_code == 1 and "'Gwent' is not among the 6 forces in scope" in result.output


@pytest.mark.parametrize("name,content", [("empty.txt", b""), ("letter.xyz", b"Dear Home Secretary"),
                                          ("broken.pdf", b"%PDF-1.4 not really a pdf")])
def test_audit_bad_input_is_one_clear_line(user_dir, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("audit", str(path))
    assert result.exit_code == 1
    assert result.output.startswith(f"answerable: error: {path}") and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_reports_add_unreadable_file_is_one_clear_line(user_dir, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4 not really a pdf")
    result = run("reports", "add", str(path))
    assert result.exit_code == 1 and result.output.startswith(f"answerable: error: {path}")


def test_reports_add_into_a_catalogued_id_keeps_its_metadata(user_dir, fixtures_dir):
    user_dir.mkdir()
    (user_dir / "lights-on.yaml").write_text("id: lights-on\ntitle: Lights On (fictional), as catalogued\n"
                                             "forces: [Kent, Dorset]\nrecommendations_known: false\n", encoding="utf-8")
    result = run("reports", "add", str(fixtures_dir / "reports" / "evening-patrols-report.txt"), "--id", "lights-on")
    assert "lights-on is already catalogued: kept its title, dates and forces" in result.output
    shown = json.loads(run("reports", "show", "lights-on", "--format", "json").output)
    assert shown["title"] == "Lights On (fictional), as catalogued" and shown["forces"] == ["Kent", "Dorset"]
    assert shown["recommendations_known"] is True and len(shown["recommendations"]) == 7
    assert shown["published"] == "2021-03-12"


def test_audit_with_a_report_that_does_not_fit_says_so(user_dir, fictional_dir, dorset_path):
    result = run("audit", str(dorset_path), "--report", "safer-at-night", "--catalogue", str(fictional_dir))
    assert "Linked given with --report (confidence 1.00)" in result.output
    assert "note: the letter looks more like a response to 'both-sides-of-the-coin'" in result.output


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_draft_to_an_unwritable_place_is_one_clear_line(user_dir, fictional_dir, tmp_path, fmt):
    out = tmp_path / "missing-folder" / f"draft.{fmt}"
    result = run("draft", "--report", "safer-at-night", "--force", "Kent", "--format", fmt, "--out", str(out),
                 "--catalogue", str(fictional_dir))
    assert result.exit_code == 1
    assert result.output.startswith(f"answerable: error: {out}: cannot write the draft")
    assert "choose another --out file" in result.output


def test_audit_without_a_usable_matcher_still_checks_the_rest(user_dir, fictional_dir, fixtures_dir, monkeypatch):
    import subprocess
    import sys

    # a real configuration error in the matcher: its cue/threshold file does not exist
    monkeypatch.setenv("ANSWERABLE_MATCH_CONFIG", str(fictional_dir / "no-such-match.yaml"))
    letter = fixtures_dir / "responses" / "safer-at-night-kent-mixed.txt"
    code = "import sys; from answerable.cli import main; sys.argv[0] = 'answerable'; main()"
    out = subprocess.run([sys.executable, "-c", code, "audit", str(letter), "--format", "json",
                          "--catalogue", str(fictional_dir)], capture_output=True, text=True)
    data = json.loads(out.stdout)
    recs = [f for f in data["findings"] if f["requirement"] == "recommendations"]
    assert [f["status"] for f in recs] == ["unknown"]
    assert "could not be matched" in recs[0]["message"] and "ANSWERABLE_MATCH_CONFIG" in recs[0]["message"]
    assert data["deadline"]["status"] == "on_time"
