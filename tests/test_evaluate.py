"""answerable.evaluate: scoring extracted records against hand labels.

These tests give ``evaluate`` an extractor that builds records straight from the labels (with
real spans found in the real letters), then change one thing at a time, so every figure is
known exactly. The run against the real extractor is in tests/extract/test_devset.py.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from answerable.errors import CorruptFileError, LabelsError
from answerable.evaluate import (
    EvalReport, Label, evaluate, load_labels, select_labels, span_is_exact, titles_match,
)
from answerable.models import (
    Addressee, Author, DateRef, ForceRef, Record, ReportRef, Source, Stance, Statement,
)

DEVSET = Path(__file__).resolve().parent / "fixtures" / "devset"
LETTERS = ["02_essex_pfcc_numbered.txt", "08_kent_press_critical.txt", "17_hertfordshire_no_date.txt"]


@pytest.fixture()
def labels_file(tmp_path: Path) -> Path:
    """Three dev-set letters and their labels, copied into a fresh folder."""
    all_labels = json.loads((DEVSET / "labels.json").read_text(encoding="utf-8"))
    chosen = [lb for lb in all_labels if lb["file"] in LETTERS]
    for name in LETTERS:
        shutil.copy(DEVSET / name, tmp_path / name)
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(chosen), encoding="utf-8")
    return path


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return (start, start + len(needle))


def oracle(labels_path: Path, **changes):
    """An extractor that returns exactly the labelled values, grounded in the letter text.

    ``changes`` maps a file name to a function that edits the record before it is returned.
    """
    labels = {lb.path: lb for lb in load_labels(labels_path)}

    def run(path: Path) -> Record:
        lb: Label = labels[path]
        text = path.read_text(encoding="utf-8")
        will = "This response and the Chief Constable's comments will be published on my website."
        statements = []
        if will in text:
            statements.append(Statement(kind="will_publish", text=will, span=_span(text, will),
                                        actor="author"))
        record = Record(
            source=Source(path=str(path), sha256="0" * 64, format="txt"),
            text=text,
            author=Author(name=lb.author, role=lb.role, span=_span(text, lb.author)),
            force=ForceRef(name=lb.force, span=_span(text, lb.force)),
            date=DateRef(value=lb.date),
            addressees=[Addressee(name=a, span=_span(text, a)) for a in lb.addressees or []],
            report=ReportRef(title=lb.report_title, published=lb.report_published,
                             span=_span(text, lb.report_title)),
            stance=Stance(value=lb.stance),
            statements=statements,
        )
        edit = changes.get(path.name)
        return edit(record) if edit else record

    return run


def test_a_perfect_extractor_scores_every_field_at_one(labels_file):
    report = evaluate(labels_file, extractor=oracle(labels_file))
    assert report.files == 3
    for field in ("force", "author", "role", "date", "addressees", "report_title",
                  "report_published", "stance", "span_exactness"):
        assert report.accuracy(field) == 1.0, field
    assert report.misses == [] and report.errors == []


def test_a_wrong_force_costs_one_third_and_is_listed_as_a_miss(labels_file):
    def wrong_force(r: Record) -> Record:
        r.force = ForceRef(name="Sussex", span=r.force.span)
        return r

    report = evaluate(labels_file, extractor=oracle(labels_file, **{LETTERS[1]: wrong_force}))
    assert report.accuracy("force") == pytest.approx(2 / 3)
    assert report.accuracy("date") == 1.0
    [miss] = report.misses
    assert (miss.file, miss.field, miss.expected, miss.got) == (LETTERS[1], "force", "Kent", "Sussex")


def test_force_and_author_are_compared_without_case_or_punctuation(labels_file):
    def shouting(r: Record) -> Record:
        r.force.name = "ESSEX"
        r.author.name = "marcus oyelaran finch"
        return r

    report = evaluate(labels_file, extractor=oracle(labels_file, **{LETTERS[0]: shouting}))
    assert report.accuracy("force") == 1.0 and report.accuracy("author") == 1.0


def test_a_guessed_date_where_the_label_says_null_is_a_miss(labels_file):
    def guessed(r: Record) -> Record:
        r.date = DateRef(value=dt.date(2022, 1, 1))
        return r

    report = evaluate(labels_file, extractor=oracle(labels_file, **{LETTERS[2]: guessed}))
    assert report.accuracy("date") == pytest.approx(2 / 3)
    assert [(m.field, m.expected, m.got) for m in report.misses] == [("date", None, "2022-01-01")]


def test_addressees_are_compared_as_sets(labels_file):
    def reordered(r: Record) -> Record:
        r.addressees = list(reversed(r.addressees))
        return r

    def missing_one(r: Record) -> Record:
        r.addressees = r.addressees[:1]
        return r

    report = evaluate(labels_file, extractor=oracle(labels_file, **{LETTERS[0]: reordered}))
    assert report.accuracy("addressees") == 1.0
    report = evaluate(labels_file, extractor=oracle(labels_file, **{LETTERS[0]: missing_one}))
    assert report.accuracy("addressees") == pytest.approx(2 / 3)


def test_report_titles_match_by_containment_or_fuzzy_ratio_of_90():
    full = "Both sides of the coin: The police and National Crime Agency's response to " \
           "vulnerable people in 'county lines' drug offending"
    assert titles_match(full, "Both sides of the coin")
    assert titles_match(full, full.replace("'", "\u2019").replace(":", " -"))
    assert titles_match("Safer at Night", "Safer at Night: an inspection")
    assert not titles_match(full, "Police response to violence against women and girls")
    assert not titles_match(full, None)
    assert titles_match(None, None)
    assert not titles_match(full, "the report")  # a subset of its words, but says nothing
    assert not titles_match(full, "coin")
    assert titles_match("Fewer Missed Calls", "fewer missed calls")


def test_a_file_the_extractor_cannot_read_counts_every_labelled_field_wrong(labels_file):
    base = oracle(labels_file)

    def run(path: Path) -> Record:
        if path.name == LETTERS[0]:
            raise CorruptFileError("the file is damaged; re-save it", path=str(path))
        return base(path)

    report = evaluate(labels_file, extractor=run)
    assert [e.file for e in report.errors] == [LETTERS[0]]
    assert "the file is damaged" in report.errors[0].message
    assert report.accuracy("force") == pytest.approx(2 / 3)
    assert report.accuracy("stance") == pytest.approx(2 / 3)
    assert {m.field for m in report.misses if m.file == LETTERS[0]} >= {"force", "author", "date"}


def test_a_statement_whose_span_does_not_hold_its_text_lowers_span_exactness(labels_file):
    def shifted(r: Record) -> Record:
        st = r.statements[0]
        r.statements[0] = st.model_copy(update={"span": (st.span[0] + 3, st.span[1] + 3)})
        return r

    report = evaluate(labels_file, extractor=oracle(labels_file, **{LETTERS[2]: shifted}))
    exact = next(s for s in report.scores if s.field == "span_exactness")
    assert exact.correct == exact.total - 1
    [miss] = report.misses
    assert miss.field == "span_exactness (statement.will_publish)"
    assert miss.got.startswith("s response and the Chief")


def test_span_checks_reject_spans_outside_the_text_and_empty_spans():
    text = "Yours sincerely\n\nAnne Example"
    assert span_is_exact(text, (17, 29), "Anne Example", exact_text=False)
    assert not span_is_exact(text, (17, 40), None, exact_text=False)
    assert not span_is_exact(text, (5, 5), None, exact_text=False)
    assert not span_is_exact(text, (0, 15), "Anne Example", exact_text=False)


def test_statement_counts_are_scored_per_labelled_kind(tmp_path):
    name = "17_hertfordshire_no_date.txt"
    shutil.copy(DEVSET / name, tmp_path / name)
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps([{"file": name, "statements": {"will_publish": 1, "commitment": 2}}]))
    report = evaluate(labels, extractor=oracle_for_statements_only())
    score = next(s for s in report.scores if s.field == "statements")
    assert (score.correct, score.total) == (1, 2)
    assert [(m.expected, m.got) for m in report.misses] == [("commitment: 2", "commitment: 0")]
    assert report.accuracy("force") is None  # not labelled, not scored


def oracle_for_statements_only():
    def run(path: Path) -> Record:
        text = path.read_text(encoding="utf-8")
        will = "This response and the Chief Constable's comments will be published on my website."
        return Record(source=Source(sha256="0" * 64, format="txt"), text=text,
                      statements=[Statement(kind="will_publish", text=will, span=_span(text, will))])
    return run


def test_the_table_shows_each_field_with_its_percentage_and_each_miss(labels_file):
    def wrong_stance(r: Record) -> Record:
        r.stance = Stance(value="welcomes")
        return r

    report = evaluate(labels_file, extractor=oracle(labels_file, **{LETTERS[1]: wrong_stance}))
    table = report.table()
    assert table.splitlines()[0].split() == ["field", "correct", "total", "accuracy"]
    assert "stance                   2      3     66.6%" in table
    assert f'miss   {LETTERS[1]}  stance: expected "critical", got "welcomes"' in table
    data = report.to_json()
    assert next(s for s in data["scores"] if s["field"] == "stance")["accuracy"] == pytest.approx(2 / 3)


def test_files_restrict_the_evaluation_to_their_labels(labels_file):
    report = evaluate(labels_file, [labels_file.parent / LETTERS[1]], extractor=oracle(labels_file))
    assert report.files == 1


def test_a_file_without_a_label_is_refused_with_the_fix(labels_file, tmp_path):
    stray = tmp_path / "stray.txt"
    stray.write_text("Dear Home Secretary")
    with pytest.raises(LabelsError, match="has no label in the labels file; add an entry"):
        select_labels(load_labels(labels_file), [stray])


@pytest.mark.parametrize("content,message", [
    ("{not json", "not valid UTF-8 JSON"),
    ('{"file": "a.txt"}', "expected a JSON list"),
    ('[{"file": "02_essex_pfcc_numbered.txt", "stance": "cross"}]', "entry 0: stance"),
    ('[{"file": "02_essex_pfcc_numbered.txt", "colour": "blue"}]', "entry 0: colour"),
    ('[{"file": "no_such_letter.txt"}]', "'no_such_letter.txt' not found"),
])
def test_bad_labels_files_are_refused_naming_the_problem(tmp_path, content, message):
    shutil.copy(DEVSET / LETTERS[0], tmp_path / LETTERS[0])
    path = tmp_path / "labels.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LabelsError, match=message) as info:
        load_labels(path)
    assert str(path) in str(info.value)


def test_a_missing_labels_file_is_refused(tmp_path):
    with pytest.raises(LabelsError, match="no such labels file"):
        load_labels(tmp_path / "nope.json")


def test_the_dev_set_labels_all_resolve_including_the_seeds():
    labels = load_labels(DEVSET / "labels.json")
    assert len(labels) >= 21
    names = {lb.path.name for lb in labels}
    assert {"000_d63f68efa6706c4b.txt", "004_df1bf6ab2fdeee1f.txt"} <= names
    assert all(lb.path.is_file() for lb in labels)
    formats = {lb.path.suffix for lb in labels if lb.path.stem == "19_thames_valley_same_letter"}
    assert formats == {".txt", ".pdf", ".docx", ".html"}


def test_every_labelled_letter_is_between_250_and_900_words_as_read():
    from answerable.read import read

    labels = [lb for path in sorted(DEVSET.glob("**/labels.json")) for lb in load_labels(path)]
    for lb in labels:
        words = len(read(lb.path).text.split())
        assert 250 <= words <= 900, f"{lb.file}: {words} words"


def test_eval_report_rejects_an_unknown_field_name():
    report = EvalReport(labels="x", files=0, scores=[])
    with pytest.raises(KeyError, match="unknown field 'colour'"):
        report.accuracy("colour")


def test_json_lines_labels_are_read_and_underscore_keys_are_notes(tmp_path):
    name = LETTERS[1]
    shutil.copy(DEVSET / name, tmp_path / name)
    path = tmp_path / "truth.jsonl"
    path.write_text(json.dumps({"file": name, "force": "Kent", "_template": "x"}) + "\n\n", encoding="utf-8")
    [label] = load_labels(path)
    assert (label.force, label.scored()) == ("Kent", ["force"])
    def kent(p: Path) -> Record:
        text = p.read_text(encoding="utf-8")
        return Record(source=Source(sha256="0" * 64, format="txt"), text=text,
                      force=ForceRef(name="Kent", span=_span(text, "Kent")))

    report = evaluate(path, extractor=kent)
    assert (report.files, report.accuracy("force"), report.accuracy("date")) == (1, 1.0, None)


def test_the_dev_set_and_its_holdouts_cover_all_43_forces_and_every_role():
    import yaml

    forces_yaml = Path(__file__).resolve().parents[1] / "src" / "answerable" / "data" / "forces.yaml"
    forces = {f["name"] for f in yaml.safe_load(forces_yaml.read_text(encoding="utf-8"))["forces"]}
    labels = [lb for path in sorted(DEVSET.glob("**/labels.json")) for lb in load_labels(path)]
    assert len(forces) == 43
    assert {lb.force for lb in labels} == forces
    assert {lb.role for lb in labels} >= {"Police and Crime Commissioner", "Police, Fire and Crime Commissioner",
                                          "Deputy Police and Crime Commissioner", "Mayor",
                                          "Deputy Mayor for Policing and Crime", None}
    assert {lb.stance for lb in labels} == {"agrees_with_recommendations", "welcomes", "mixed",
                                            "critical", "neutral"}


def test_a_folder_of_labels_files_is_evaluated_as_one_set(labels_file, tmp_path):
    sub = tmp_path / "more"
    sub.mkdir()
    name = "12_northumbria_mixed.txt"
    shutil.copy(DEVSET / name, sub / name)
    (sub / "labels.json").write_text(json.dumps([{"file": name, "force": "Northumbria"}]))
    labels = load_labels(tmp_path)
    assert sorted(lb.path.name for lb in labels) == sorted([*LETTERS, name])


def test_a_folder_without_labels_is_refused(tmp_path):
    with pytest.raises(LabelsError, match="no labels.json in this folder or below"):
        load_labels(tmp_path)


def test_percentages_round_down_so_an_imperfect_field_never_shows_100():
    from answerable.evaluate import percent

    assert percent(1999 / 2000) == "99.9%"
    assert percent(1.0) == "100.0%"
    assert percent(2 / 3) == "66.6%"
    assert percent(0.9) == "90.0%"
    assert percent(None) == "-"
