"""Reports found from the responses themselves: responses from several forces that name one
report the catalogue lacks are grouped into one provisional report, which the store keeps, so
`compare` lists those forces and the ones that have not answered. The report "Lanterns at
dusk" and every letter here are FICTIONAL test data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from answerable.catalogue import load_catalogue
from answerable.extract import extract
from answerable.provisional import PREFIX, group_responses, same_report, signature

_LETTER = """{office}

{date}

Dear Home Secretary

Response to the HMICFRS report Lanterns at dusk: an inspection of how forces light the way home

HMICFRS published its national thematic report, Lanterns at dusk: an inspection of how forces light
the way home, on 3 February 2031. I welcome the report and its findings for {force}.

I have asked the Chief Constable for his comments, which are attached. This response will be
published on my website.

Yours sincerely

{name}
Police and Crime Commissioner for {force}
"""

FORCES = [("Kent", "Office of the Kent Police and Crime Commissioner", "Ann Lowe", "20 February 2031"),
          ("Dorset", "Office of the Dorset Police and Crime Commissioner", "Ben Marsh", "1 March 2031"),
          ("Cheshire", "Office of the Cheshire Police and Crime Commissioner", "Cara Holt", "14 March 2031")]


def write_letters(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for force, office, name, date in FORCES:
        path = folder / f"lanterns-{force.lower()}.txt"
        path.write_text(_LETTER.format(office=office, date=date, force=force, name=name), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def letters(tmp_path_factory) -> list[Path]:
    return write_letters(tmp_path_factory.mktemp("lanterns"))


def test_responses_from_three_forces_to_an_uncatalogued_report_make_one_provisional_report(letters):
    records = [extract(p) for p in letters]
    grouping = group_responses(records, load_catalogue(include_user=False))
    assert len(grouping.reports) == 1
    report = grouping.reports[0]
    assert report.provisional and report.id.startswith(PREFIX)
    assert report.id == "provisional-lanterns-at-dusk"
    assert report.published == dt.date(2031, 2, 3)
    assert report.scope == "national" and report.forces == []
    assert sorted(Path(s).name for s in report.sources) == sorted(p.name for p in letters)
    assert set(grouping.members.values()) == {report.id}


def test_a_different_publication_date_is_a_different_report(letters):
    a, b = (signature(extract(p)) for p in letters[:2])
    assert same_report(a, b)
    assert not same_report(a, b.__class__(**{**b.__dict__, "published": dt.date(2031, 6, 1)}))


def test_force_reports_group_per_force_never_across_forces():
    text = "PCC statement\n\nThe HMICFRS PEEL report on {f} Police for 2029/30 was published today.\n"
    kent = signature(extract(text.format(f="Kent")))
    dorset = signature(extract(text.format(f="Dorset")))
    assert kent.scope == dorset.scope == "force"
    assert kent.period == "2029/30"
    assert not same_report(kent, dorset)


def test_ingest_then_compare_a_provisional_report_lists_the_forces_and_the_non_responders(letters, tmp_path):
    from answerable.store import open_store

    with open_store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        summary = store.ingest([str(letters[0].parent)])
        assert summary.new == 3 and not summary.failed
        (report,) = store.provisional_reports()
        stored = {r.id: r for r in store.reports()}
        assert stored[report.id].origin == "provisional" and stored[report.id].responses == 3
        comparison = store.compare(report.id)
        assert sorted(r.force for r in comparison.rows) == ["Cheshire", "Dorset", "Kent"]
        assert comparison.due == dt.date(2031, 3, 30)
        assert "Kent" not in comparison.not_answered and "Sussex" in comparison.not_answered
        assert len(comparison.not_answered) == 40


def test_cli_ingest_then_compare_a_provisional_id(letters, tmp_path):
    from click.testing import CliRunner

    from answerable.cli import cli

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(letters[0].parent), "--db", db]).exit_code == 0
    out = runner.invoke(cli, ["compare", "provisional-lanterns-at-dusk", "--db", db])
    assert out.exit_code == 0, out.output
    assert "Kent" in out.output and "Dorset" in out.output and "Cheshire" in out.output
    assert "Sussex" in out.output  # not answered


@pytest.fixture
def ingested(letters, tmp_path):
    from click.testing import CliRunner

    from answerable.cli import cli

    db = f"sqlite:///{tmp_path / 'settle.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(letters[0].parent), "--db", db]).exit_code == 0
    return runner, db


def test_reports_list_shows_provisional_reports_marked(ingested):
    from answerable.cli import cli

    runner, db = ingested
    out = runner.invoke(cli, ["reports", "list", "--db", db])
    assert out.exit_code == 0, out.output
    line = next(l for l in out.output.splitlines() if l.startswith("provisional-lanterns-at-dusk"))
    assert "2031-02-03" in line and "[provisional: from 3 response(s)]" in line
    assert "both-sides-of-the-coin" in out.output


def test_reports_rename_then_confirm_moves_the_responses_and_writes_the_catalogue_yaml(ingested, tmp_path):
    from answerable.catalogue import load_report_file
    from answerable.cli import cli
    from answerable.store import open_store

    runner, db = ingested
    out = runner.invoke(cli, ["reports", "rename", "provisional-lanterns-at-dusk", "--id", "lanterns-at-dusk",
                              "--db", db])
    assert out.exit_code == 0, out.output
    out = runner.invoke(cli, ["reports", "confirm", "lanterns-at-dusk", "--db", db, "--out-dir", str(tmp_path / "cat")])
    assert out.exit_code == 0, out.output
    saved = load_report_file(tmp_path / "cat" / "lanterns-at-dusk.yaml")
    assert not saved.provisional and saved.published == dt.date(2031, 2, 3)
    with open_store(db) as store:
        assert store.provisional_reports() == []
        assert len(store.compare("lanterns-at-dusk").rows) == 3


def test_reports_merge_moves_the_responses_into_a_catalogued_report(ingested):
    from answerable.cli import cli
    from answerable.store import open_store

    runner, db = ingested
    out = runner.invoke(cli, ["reports", "merge", "provisional-lanterns-at-dusk", "both-sides-of-the-coin", "--db", db])
    assert out.exit_code == 0, out.output
    with open_store(db) as store:
        assert store.provisional_reports() == []
        assert sorted(r.force for r in store.compare("both-sides-of-the-coin").rows) == ["Cheshire", "Dorset", "Kent"]


def test_settling_an_unknown_or_badly_named_report_says_what_to_do(ingested):
    from answerable.cli import cli

    runner, db = ingested
    out = runner.invoke(cli, ["reports", "rename", "provisional-lanterns-at-dusk", "--id", "Not A Slug", "--db", db])
    assert out.exit_code != 0 and "not a slug" in out.output
    out = runner.invoke(cli, ["reports", "merge", "provisional-nothing", "both-sides-of-the-coin", "--db", db])
    assert out.exit_code != 0 and "provisional-nothing" in out.output
    out = runner.invoke(cli, ["reports", "rename", "provisional-lanterns-at-dusk", "--db", db])
    assert out.exit_code != 0 and "--id" in out.output


def test_reports_show_a_provisional_report_from_the_store(ingested):
    from answerable.cli import cli

    runner, db = ingested
    out = runner.invoke(cli, ["reports", "show", "provisional-lanterns-at-dusk", "--db", db])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("Lanterns at dusk: an inspection of how forces light the way home  [provisional]")
    assert "published: 2031-02-03 (responses due 2031-03-30)" in out.output
