"""`answerable reports add|list|show`, `answerable audit` and `answerable draft`."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import click

from answerable.cli import output
from answerable.errors import InputError

if TYPE_CHECKING:
    from answerable.catalogue import Catalogue
    from answerable.models import Report

_REPORTS_DIR = click.option("--catalogue", "reports_dir", type=click.Path(path_type=Path), metavar="DIR",
                            help="An extra folder of catalogue YAML files (see data/reports/README.md), "
                                 "read after the bundled and user catalogues.")


def _catalogue(reports_dir: Optional[Path]) -> "Catalogue":
    """The catalogue, plus ``--reports DIR`` when given (imports stay lazy for a fast --help)."""
    from answerable.catalogue import load_catalogue

    return load_catalogue(reports_dir)


@click.group()
def reports() -> None:
    """The catalogue of inspection reports: list them, show one, import one from its text."""


_DB = click.option("--db", "db", metavar="URL", default=None,
                   help="The store whose provisional reports to use (default: the ANSWERABLE_DATABASE_URL "
                        "setting, else the SQLite file in your data folder).")


def _provisional(db: Optional[str]) -> list["Report"]:
    """Provisional reports of the store; none when the default store does not exist yet."""
    from answerable.errors import AnswerableError
    from answerable.store import open_store

    try:
        store = open_store(db, create=False)
    except AnswerableError:
        if db is not None:
            raise
        return []
    with store:
        return store.provisional_reports()


@reports.command("list")
@_REPORTS_DIR
@_DB
@output.format_option
def list_(reports_dir: Optional[Path], db: Optional[str], fmt: str) -> None:
    """List every catalogued report (id, publication date, recommendations known, title), then
    the provisional reports the store grouped from responses that name a report the catalogue lacks."""
    items = [_summary(r) for r in [*_catalogue(reports_dir).reports(), *_provisional(db)]]
    output.emit(fmt, {"items": items, "count": len(items), "total": len(items)}, text=lambda: _list_text(items))


def _list_text(items: list[dict[str, Any]]) -> str:
    lines = []
    for r in items:
        recs = str(r["recommendations"]) if r["recommendations_known"] else "texts not in catalogue"
        mark = f"  [provisional: from {len(r['sources'])} response(s)]" if r["provisional"] else ""
        lines.append(f"{r['id']:<32} {r['published'] or 'undated':<10}  recommendations: {recs:<22} {r['title']}{mark}")
    return "\n".join(lines)


def _summary(report: "Report") -> dict[str, Any]:
    return {"id": report.id, "title": report.title, "published": report.published and report.published.isoformat(),
            "kind": report.kind, "recommendations": len(report.recommendations),
            "recommendations_known": report.recommendations_known, "provisional": report.provisional,
            "sources": report.sources}


def _store(db: Optional[str]):
    from answerable.store import open_store

    return open_store(db, create=False)


@reports.command()
@click.argument("report_id", metavar="ID")
@_DB
@click.option("--out-dir", type=click.Path(path_type=Path),
              help="Catalogue folder to write its YAML into; default: ANSWERABLE_CATALOGUE_DIR or the user data folder.")
def confirm(report_id: str, db: Optional[str], out_dir: Optional[Path]) -> None:
    """Keep a provisional report: it joins your catalogue (a YAML file to check and complete)."""
    from answerable.catalogue import write_report

    with _store(db) as store:
        report = store.confirm_report(report_id)
    path = write_report(report.model_copy(update={"notes": "Confirmed from a provisional report grouped "
                                                            "from responses; add its source URL and check "
                                                            "its title, date and forces."}), out_dir)
    click.echo(f"{report.id}: confirmed; written to {path} (add the report's URL under `sources`)")


@reports.command()
@click.argument("report_id", metavar="ID")
@click.argument("into", metavar="INTO")
@_DB
def merge(report_id: str, into: str, db: Optional[str]) -> None:
    """Merge provisional report ID into report INTO (catalogued or provisional): its responses
    answer INTO from now on."""
    with _store(db) as store:
        target = store.merge_report(report_id, into)
    click.echo(f"{report_id}: merged into {target.id} ({target.title})")


@reports.command()
@click.argument("report_id", metavar="ID")
@click.option("--id", "new_id", help="The new id (slug).")
@click.option("--title", help="The new title.")
@_DB
def rename(report_id: str, new_id: Optional[str], title: Optional[str], db: Optional[str]) -> None:
    """Give a provisional report another id and/or title; its responses follow."""
    if not new_id and not title:
        raise InputError("give --id NEW-ID and/or --title TITLE")
    with _store(db) as store:
        report = store.rename_report(report_id, new_id=new_id, title=title)
    click.echo(f"{report_id}: now {report.id} ({report.title})")


@reports.command()
@click.argument("report_id", metavar="ID")
@_REPORTS_DIR
@_DB
@click.option("--format", "fmt", type=click.Choice(["text", "json", "yaml"]), default="text", show_default=True)
def show(report_id: str, reports_dir: Optional[Path], db: Optional[str], fmt: str) -> None:
    """Show one report: metadata, forces in scope and each recommendation."""
    from answerable.catalogue import report_to_dict, report_to_yaml

    catalogue = _catalogue(reports_dir)
    if report_id.startswith("provisional-") and report_id not in catalogue:
        for found in _provisional(db):  # grouped in the store from the responses naming it
            catalogue.add(found)
    report = catalogue.get(report_id)
    if fmt == "json":
        click.echo(json.dumps(report_to_dict(report), indent=2))
    elif fmt == "yaml":
        click.echo(report_to_yaml(report), nl=False)
    else:
        click.echo(_show_text(report, catalogue.sources.get(report.id)))


def _show_text(report: "Report", source: Optional[Path]) -> str:
    """What `reports show` prints: metadata, then recommendations or why there are none."""
    from answerable.audit import due_date

    lines = [report.title + ("  [provisional]" if report.provisional else ""),
             f"  id:        {report.id}", f"  kind:      {report.kind.replace('_', ' ')}",
             f"  publisher: {report.publisher}"]
    if report.published:
        lines.append(f"  published: {report.published.isoformat()} (responses due {due_date(report.published)})")
    else:
        lines.append("  published: unknown (add `published:` to its YAML to compute the due date)")
    if report.short_names:
        lines.append(f"  also called: {'; '.join(report.short_names)}")
    forces = "all 43 forces" if len(report.forces) == 43 else ", ".join(report.forces) or "not recorded"
    lines.append(f"  forces in scope: {forces}")
    if report.other_bodies:
        lines.append(f"  other bodies: {', '.join(report.other_bodies)}")
    if report.link:
        lines.append(f"  link: {report.link}")
    if source:
        lines.append(f"  file: {source}")
    lines.append("")
    if not report.recommendations_known and report.recommendations:
        lines.append(f"Recommendations quoted in responses ({len(report.recommendations)}; the report may make others):")
        for rec in report.recommendations:
            lines.append(f"  {rec.id:<6} {rec.text}  [quoted by {len(rec.quoted_in)} response(s)]")
        lines.append(f"  Add them all from the report: answerable reports add report.pdf --id {report.id}")
    elif not report.recommendations_known:
        lines.append("Recommendations: the texts of this report's recommendations are NOT in the "
                     "catalogue, so responses cannot be audited per recommendation.")
        lines.append(f"  Add them from the report: answerable reports add report.pdf --id {report.id}")
    elif not report.recommendations:
        lines.append("Recommendations: none.")
    else:
        lines.append(f"Recommendations ({len(report.recommendations)}):")
        for rec in report.recommendations:
            extra = [f"to {', '.join(rec.addressees)}"] if rec.addressees else []
            extra += [f"due {rec.due.isoformat()}"] if rec.due else []
            lines.append(f"  {rec.id:<6} {rec.text}" + (f"  [{'; '.join(extra)}]" if extra else ""))
    if report.notes:
        lines += ["", "Notes: " + " ".join(report.notes.split())]
    return "\n".join(lines)


@reports.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--id", "report_id", help="The id (slug) to give the report; default: from its title.")
@click.option("--out-dir", type=click.Path(path_type=Path),
              help="Folder to write the YAML into; default: ANSWERABLE_CATALOGUE_DIR or the user data folder.")
def add(file: Path, report_id: Optional[str], out_dir: Optional[Path]) -> None:
    """Import a report (PDF, HTML, DOCX, TXT) from its own text into your catalogue."""
    from answerable.catalogue import load_catalogue, write_report
    from answerable.reports import import_report, merge_into

    report = import_report(file, report_id=report_id)
    catalogue = load_catalogue()
    if report.id in catalogue:
        report = merge_into(catalogue.get(report.id), report)
        click.echo(f"{report.id} is already catalogued: kept its title, dates and forces, added the "
                   "recommendations")
    path = write_report(report, out_dir)
    kinds = {k: sum(1 for r in report.recommendations if r.kind == k)
             for k in ("recommendation", "area_for_improvement", "cause_of_concern")}
    published = report.published.isoformat() if report.published else "unknown (add `published:`)"
    click.echo(f"{report.id}: {kinds['recommendation']} recommendation(s), "
               f"{kinds['area_for_improvement']} area(s) for improvement, "
               f"{kinds['cause_of_concern']} cause(s) of concern; published {published}")
    click.echo(_must_answer(report))
    click.echo(f"written to {path}; check the title, forces in scope and addressees there")


def _must_answer(report: "Report") -> str:
    """Which recommendations the local policing body must answer (s.55(5B)), and which not."""
    from answerable.audit import must_answer

    must = must_answer(report)
    others = [r for r in report.recommendations if r.kind == "recommendation" and r not in must]
    line = f"a local policing body must answer {len(must)}: {', '.join(r.id for r in must) or 'none'} (s.55(5B))"
    if others:
        line += "; the others are addressed to " + "; ".join(
            f"{r.id} {', '.join(r.addressees) or 'no one named'}" for r in others)
    return line


@click.command()
@click.argument("file", type=click.Path(path_type=Path, allow_dash=True, readable=False))  # the reader says why not
@click.option("--report", "report_id", metavar="ID", help="The report it answers (default: found from the letter).")
@_REPORTS_DIR
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Exit with status 3 when any requirement fails (for drafts).")
def audit(file: Path, report_id: Optional[str], reports_dir: Optional[Path], fmt: str, strict: bool) -> None:
    """Audit a response against section 55: deadline, each recommendation answered, chief
    officer's comments, copies to the Home Secretary and HMICFRS, publication, author.

    FILE is the letter (PDF, Word, HTML, Markdown or text), or - for standard input. The text
    format is a checklist (✓ pass, ✗ fail, ? unknown); json is for programs."""
    from answerable.audit import audit_to_json, format_checklist

    result = audit_file(file, report_id=report_id, catalogue=_catalogue(reports_dir))
    if fmt == "json":
        click.echo(json.dumps(audit_to_json(result), indent=2, ensure_ascii=False))
    else:
        click.echo(format_checklist(result))
    if strict and result.failed:
        sys.exit(3)


def audit_file(file: Path, *, report_id: Optional[str], catalogue: "Catalogue"):
    """Audit the letter in ``file`` (``-``: standard input, named ``<stdin>`` in errors) within
    the per-document time budget; a file that cannot be read is the reader's one-line error."""
    from answerable import budget
    from answerable.audit import audit as run_audit
    from answerable.batch import STDIN_NAME, shown
    from answerable.extract import extract_document
    from answerable.read import read

    stdin = str(file) == "-"
    if report_id is not None:
        catalogue.get(report_id)  # an unknown id fails before the letter is read
    with budget.limit(label=STDIN_NAME if stdin else shown(file)):
        record = extract_document(read("-" if stdin else file))
        return run_audit(record, report_id=report_id, catalogue=catalogue)


@click.command()
@click.option("--report", "report_id", metavar="ID", required=True, help="The report to answer.")
@click.option("--force", "force", metavar="NAME", required=True, help="The force whose body answers, e.g. Dorset.")
@_REPORTS_DIR
@click.option("--format", "fmt", type=click.Choice(["md", "docx"]), default="md", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), help="File to write (default: standard output for md; "
              "<report>-<force>-response.docx for docx).")
def draft(report_id: str, force: str, reports_dir: Optional[Path], fmt: str, out: Optional[Path]) -> None:
    """Write a response skeleton: the due date, every recommendation quoted with a slot for the
    action or the reason for none, and the statutory sentences."""
    from answerable.draft import draft_docx, draft_markdown, resolve_force

    report = _catalogue(reports_dir).get(report_id)
    if fmt == "docx":
        name = re.sub(r"[^a-z0-9]+", "-", resolve_force(report, force).lower()).strip("-")
        path = draft_docx(report, force, out or Path(f"{report.id}-{name}-response.docx"))
        click.echo(f"written to {path}")
        return
    text = draft_markdown(report, force)
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the draft: {exc.strerror}; choose another --out file", path=str(out)) from None
    click.echo(f"written to {out}")
