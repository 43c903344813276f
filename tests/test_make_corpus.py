"""bench/make_corpus.py: the varied-letter generator used by the extraction and store benchmarks."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "make_corpus.py"


@pytest.fixture(scope="module")
def mc():
    spec = importlib.util.spec_from_file_location("make_corpus", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module


def test_the_same_seed_gives_the_same_letters_and_another_seed_different_ones(mc):
    first = list(mc.generate(30, seed=7))
    assert first == list(mc.generate(30, seed=7))
    assert [t for _, t, _ in first] != [t for _, t, _ in mc.generate(30, seed=8)]


def test_each_letter_names_its_new_force_and_author_and_not_the_template_author(mc):
    labels = {Path(lb["file"]).name: lb for path in mc.DEVSET.rglob("labels.json")
              for lb in json.loads(path.read_text(encoding="utf-8"))}
    for name, text, truth in mc.generate(60, seed=3):
        assert truth["author"].lower() in text.lower(), name
        assert re.search(re.escape(truth["force"]), text, re.IGNORECASE), name
        original = labels[truth["_template"]]["author"]
        assert original.lower() not in text.lower(), f"{name} still names {original}"


def test_dates_are_shifted_together_and_keep_their_written_format(mc):
    for name, text, truth in mc.generate(400, seed=5):
        if truth["_template"] == "13_cumbria_ddmmyyyy.txt" and truth["date"]:
            y, m, d = truth["date"].split("-")
            assert f"Date: {d}/{m}/{y}" in text
            break
    else:
        pytest.fail("no Cumbria-based letter in 400")


def test_weekdays_ordinals_dotted_iso_and_welsh_dates_are_rewritten_consistently(mc):
    d = mc.dt.date(2023, 3, 7)
    plain = {"style": "dmy", "ord": True, "of": "", "weekday": " ", "comma": "", "abbr": None}
    assert mc.format_date(plain, d) == "Tuesday 7th March 2023"
    assert mc.format_date({**plain, "of": " day of", "weekday": None}, d) == "7th day of March 2023"
    assert mc.format_date({**plain, "weekday": None, "comma": ",", "abbr": "3"}, d) == "7th Mar, 2023"
    assert mc.format_date({"style": "num", "sep": "."}, d) == "07.03.2023"
    assert mc.format_date({"style": "iso"}, d) == "2023-03-07"
    assert mc.format_date({"style": "cy"}, d) == "7 Mawrth 2023"
    pieces = mc.compile_block("Friday, 9th February 2024 / 29.11.2022 / 2023-01-17 / 24 Ionawr 2022 / "
                              "5th Sept 2022 / 19 Jul 2022", None, None)
    shapes = [p[1]["style"] for p in pieces if isinstance(p, tuple)]
    assert shapes == ["dmy", "num", "iso", "cy", "dmy", "dmy"]
    text = mc.render([pieces], "Kent", "A", "B", mc.dt.timedelta(days=1))
    assert text == ("Saturday, 10th February 2024 / 30.11.2022 / 2023-01-18 / 25 Ionawr 2022 / "
                    "6th Sept 2022 / 20 Jul 2022\n")


def test_welsh_letters_stay_with_welsh_forces_and_mayoral_ones_keep_their_force(mc):
    for _, _, truth in mc.generate(300, seed=11):
        if truth["_template"] in ("06_south_wales_pcc.txt", "07_dyfed_powys_press.txt"):
            assert truth["force"] in mc.WELSH_FORCES
        if truth["_template"] == "03_mopac_london_mixed.txt":
            assert truth["force"] == "Metropolitan Police"


def test_the_command_writes_n_files_in_sub_folders_with_a_truth_file(tmp_path):
    out, truth = tmp_path / "corpus", tmp_path / "truth.jsonl"
    proc = subprocess.run([sys.executable, str(BENCH), str(out), "-n", "25", "--seed", "2",
                           "--per-dir", "10", "--truth", str(truth)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt"))
    assert len(files) == 25
    assert files[0] == "0000/letter_000001.txt" and files[-1] == "0002/letter_000025.txt"
    rows = [json.loads(line) for line in truth.read_text().splitlines()]
    assert [r["file"] for r in rows] == ["corpus/" + f for f in files]
    assert 250 <= len((out / files[0]).read_text().split()) <= 1000


def test_noise_changes_the_files_but_not_the_facts(mc, tmp_path):
    clean = list(mc.generate(40, seed=12))
    noisy = list(mc.generate(40, seed=12, noise=1.0))
    assert [t["author"] for _, _, t in clean] == [t["author"] for _, _, t in noisy]
    assert sum(a[1] != b[1] for a, b in zip(clean, noisy)) >= 30
    assert any("\r\n" in text for _, text, _ in noisy)
    assert any(text.startswith("OFFICIAL") for _, text, _ in noisy)
    wrapped = [line for _, text, _ in noisy for line in text.splitlines()]
    assert max(len(line) for line in wrapped) > 72  # unwrapped paragraphs remain too
    truth = tmp_path / "truth.jsonl"
    mc.write_corpus(tmp_path / "out", 40, 12, truth_path=truth, noise=1.0)
    rows = [json.loads(line) for line in truth.read_text().splitlines()]
    cp1252 = [r for r in rows if r["_encoding"] == "cp1252"]
    assert cp1252, "no Windows-1252 letter in 40"
    data = (tmp_path / cp1252[0]["file"]).read_bytes()
    assert cp1252[0]["author"] in data.decode("cp1252")
