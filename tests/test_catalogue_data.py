"""The bundled catalogue of real inspection reports: every entry loads, says where its facts were
seen, and carries no invented recommendations; the gold links of the real corpus name real entries."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from answerable.catalogue import bundled_dir, force_names, load_catalogue, load_report_file

FIXTURES = Path(__file__).parent / "fixtures"
GOLD = FIXTURES / "real_report_links.yaml"
CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
URL = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$")
# The inspectorate's first PEEL assessments and thematic reports start in 2013/14.
FIRST, LAST = dt.date(2013, 1, 1), dt.date(2026, 12, 31)


def _files() -> list[Path]:
    return sorted(p for p in bundled_dir().glob("*.yaml") if not p.name.startswith("_"))


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(include_user=False)


@pytest.fixture(scope="module")
def gold() -> dict[str, str | None]:
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))


def test_every_bundled_file_loads_under_its_own_id():
    files = _files()
    assert len(files) >= 90
    for path in files:
        assert load_report_file(path).id == path.stem, path.name


def test_ids_are_unique_across_files():
    ids = Counter(yaml.safe_load(p.read_text(encoding="utf-8"))["id"] for p in _files())
    assert [i for i, n in ids.items() if n > 1] == []


def test_every_entry_says_where_its_facts_were_seen(catalogue):
    for report in catalogue.reports():
        assert report.sources, f"{report.id} has no source URL"
        for url in [*report.sources, *([report.link] if report.link else [])]:
            assert URL.match(url), f"{report.id}: {url!r} is not a URL"


def test_dates_are_real_calendar_dates_in_the_inspectorate_era(catalogue):
    dated = [r for r in catalogue.reports() if r.published is not None]
    assert len(dated) >= 60
    for report in dated:
        assert FIRST <= report.published <= LAST, report.id


def test_force_reports_name_one_canonical_force_and_national_reports_many(catalogue):
    canonical = set(force_names().values())
    for report in catalogue.reports():
        assert set(report.forces) <= canonical, report.id
        assert len(set(report.forces)) == len(report.forces), report.id
        if report.scope == "force":
            assert len(report.forces) == 1, report.id
            assert report.kind != "state_of_policing", report.id
        else:
            assert len(report.forces) > 1, report.id


def test_peel_entries_carry_their_round_and_pillar_reports_their_pillar(catalogue):
    for report in catalogue.reports():
        if report.kind in ("peel", "peel_pillar"):
            assert report.period, report.id
        assert (report.pillar is not None) == (report.kind == "peel_pillar"), report.id


def test_no_real_entry_carries_recommendation_texts(catalogue):
    # Real reports' recommendations are added from the report itself, never written by hand here.
    for report in catalogue.reports():
        assert report.recommendations == [], report.id
        assert report.recommendations_known is False, report.id
        assert "reports add" in (report.notes or ""), report.id


def test_a_series_has_one_entry_per_force(catalogue):
    seen: Counter = Counter()
    for report in catalogue.reports():
        if report.scope == "force":
            seen[(report.kind, report.pillar, report.period, report.forces[0], report.title)] += 1
    assert [k for k, n in seen.items() if n > 1] == []
    peel_2023 = {r.forces[0] for r in catalogue.reports() if r.kind == "peel" and r.period == "2023-25"}
    assert {"Cleveland", "Merseyside", "Wiltshire"} <= peel_2023


def test_the_seed_report_keeps_its_date_and_now_its_page(catalogue):
    report = catalogue.get("both-sides-of-the-coin")
    assert report.published == dt.date(2020, 1, 10)
    assert report.link == "https://hmicfrs.justiceinspectorates.gov.uk/publications/both-sides-of-the-coin-county-lines/"


def test_every_gold_id_is_in_the_catalogue(catalogue, gold):
    named = {rid for rid in gold.values() if rid is not None}
    assert len(named) >= 25
    assert sorted(rid for rid in named if rid not in catalogue) == []


def test_gold_keys_are_corpus_paths_and_seeds_answer_the_seed_report(gold):
    assert all(re.fullmatch(r"(real|seeds)/[\w.]+\.txt", key) for key in gold)
    assert {gold[k] for k in gold if k.startswith("seeds/")} == {"both-sides-of-the-coin"}


def test_gold_covers_every_text_of_the_shared_corpus(gold):
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    texts = {f"{p.parent.name}/{p.name}" for sub in ("real", "seeds") for p in (CORPUS / sub).glob("*.txt")}
    assert texts == set(gold)


def test_gold_agrees_with_the_labels_on_which_texts_name_a_report(gold):
    labels_path = CORPUS / "real" / "labels.json"
    if not labels_path.is_file():
        pytest.skip("../shared/corpus/real/labels.json is absent")
    import json
    labels = {item["file"]: item for item in json.loads(labels_path.read_text(encoding="utf-8"))}
    for name, label in labels.items():
        assert (gold[f"real/{name}"] is None) == (label["report_title"] is None), name


def test_gold_dates_agree_with_dates_the_texts_state(catalogue, gold):
    labels_path = CORPUS / "real" / "labels.json"
    if not labels_path.is_file():
        pytest.skip("../shared/corpus/real/labels.json is absent")
    import json
    for item in json.loads(labels_path.read_text(encoding="utf-8")):
        rid = gold[f"real/{item['file']}"]
        if rid and item["report_published"]:
            assert catalogue.get(rid).published == dt.date.fromisoformat(item["report_published"]), item["file"]
