"""Store commands: ``ingest``, ``search``, ``compare``, ``commitments`` (+ ``set``, ``show``),
``export`` and ``responses``. Each opens the store named by ``--db`` (or the
``ANSWERABLE_DATABASE_URL`` setting); the commands that only read refuse a SQLite file that does
not exist. The list commands print through :mod:`answerable.cli.output` (``--format
text|json|jsonl|csv``, JSON as the API answers)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import sys
from typing import Any, Callable

import click

from answerable.cli import output
from answerable.cli.progress import ProgressBar
from answerable.errors import QueryError
from answerable.serialize import next_offset, page

_DB_HELP = ("Database URL: sqlite:///path/file.db or postgresql://user:pass@host/db "
            "(default: the ANSWERABLE_DATABASE_URL setting, else a SQLite file in your data folder).")


def db_option(func: Callable) -> Callable:
    return click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)(func)


def format_option(*choices: str) -> Callable:
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0],
                        show_default=True, help="Output format.")


def _open(db: str | None):
    from answerable.store import open_store

    return open_store(db)


def _read(db: str | None):
    """The store for a command that only reads: a SQLite file that does not exist is refused
    (not created empty)."""
    from answerable.store import open_store

    return open_store(db, create=False)


def _dump(data: Any) -> str:
    def plain(value: Any) -> Any:
        if hasattr(value, "model_dump"):
            return value.model_dump(mode="json")
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        raise TypeError(type(value).__name__)

    return json.dumps(data, default=plain, indent=2, ensure_ascii=False)


def _table(rows: list[list[Any]], header: list[str]) -> str:
    cells = [[("" if v is None else str(v)) for v in row] for row in [header, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _snippet(marked: str) -> str:
    """A <mark>-highlighted snippet for the terminal: bold on a TTY, **word** otherwise."""
    tty = output.use_colour()
    text = re.sub(r"<mark>(.*?)</mark>",
                  lambda m: click.style(m[1], bold=True) if tty else f"**{m[1]}**", marked)
    return html.unescape(" ".join(text.split()))


# --- ingest --------------------------------------------------------------------------------
class _Progress(ProgressBar):
    """Ingest's progress bar; with ``verbose``, each skipped file and why."""

    def __init__(self, enabled: bool, verbose: bool = False):
        super().__init__(enabled)
        self.verbose = verbose

    def columns(self) -> list:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn

        return [TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                TextColumn("{task.description}", markup=False)]

    def __call__(self, event) -> None:
        if self.verbose and event.status == "skipped":
            from answerable.batch import shown

            line = f"answerable: skipped: {shown(event.path)}: {event.message or 'no reason given'}"
            (self.bar.console.print(line, markup=False, highlight=False) if self.bar else click.echo(line, err=True))
        self.update(completed=event.done, total=event.total, description=f"{event.status}: {event.path[-40:]}")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--reports", "reports", multiple=True, metavar="PATH",
              help="A file, folder or glob of inspection reports (repeatable). Other files are "
                   "letters, except one with no sign-off in which 3+ recommendations are found.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: the `workers` setting, 2).")
@click.option("--embed", is_flag=True, help="Also store statement vectors now (for --semantic search).")
@click.option("-v", "--verbose", is_flag=True,
              help="Say which files were skipped and why (unchanged, or the same content twice).")
@format_option("text", "json")
@db_option
def ingest(paths: tuple[str, ...], reports: tuple[str, ...], workers: int | None, embed: bool,
           verbose: bool, fmt: str, db: str | None) -> None:
    """Add letters (and reports) to the store: files, folders (recursive) or globs.

    The same file twice adds nothing; files read by an older extractor are read again.
    Each file is stored as soon as it is done. A path that cannot be read (missing, a
    symlink loop, a name that is not UTF-8) is one error line and the others are still
    stored (exit status 1). Documentation in a folder (README, LICENSE...) is skipped with a
    note. Prints new, changed, skipped and failed counts; each failure's cause is in the log,
    and with --verbose each skipped file and why.
    """
    from answerable.settings import get_settings

    from answerable.batch import shown

    store = _open(db)
    with _Progress(sys.stderr.isatty(), verbose) as progress:
        summary = store.ingest(paths, reports=reports, workers=workers or get_settings().workers,
                               progress=progress, embed=embed,
                               note=lambda message: click.echo(f"answerable: note: {message}", err=True))
    if fmt == "json":
        click.echo(_dump(summary))
    else:
        for path, cause in summary.failed:  # one line each, whatever the file name holds
            click.echo(f"answerable: error: {shown(path)}: {' '.join(cause.split())}", err=True)
        click.echo(summary.line())
    if summary.failed:  # the other files were stored; the status says not all were
        sys.exit(1)


# --- search --------------------------------------------------------------------------------
@click.command()
@click.argument("query")
@click.option("--force", help="Only this force, e.g. Cheshire.")
@click.option("--report", help="Only responses to this report id.")
@click.option("--year", type=int, help="Only letters of this year.")
@click.option("--kind", help="Search statements of this kind (commitment, concern, action_taken, ...).")
@click.option("--stance", help="Only responses with this stance (welcomes, agrees_with_recommendations, ...).")
@click.option("--semantic", is_flag=True, help="Rank statements by meaning (sentence embeddings).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@output.format_option
@db_option
def search(query: str, force, report, year, kind, stance, semantic: bool, limit: int, fmt: str,
           db: str | None) -> None:
    """Find letters (or, with --kind, statements) by words, ranked, with highlighted snippets.

    The QUERY is searched literally: words must all appear, "quoted words" as a phrase.
    When more than 1,000 letters (or statements) match, the 1,000 most recently stored are
    ranked; narrow the search with the filters to rank older ones.
    """
    hits = _read(db).search(query, force=force, report=report, year=year, kind=kind, stance=stance,
                            semantic=semantic, limit=limit)
    output.emit(fmt, {"query": query, "items": hits, "count": len(hits)}, text=lambda: _search_text(hits))


def _search_text(hits) -> str:
    if not hits:
        return "no matches"
    lines = []
    for hit in hits:
        label = " · ".join(str(v) for v in (hit.force or "unknown force", hit.report, hit.kind) if v)
        lines.append(f"[{hit.response_id}] {label}  score {hit.score:.3f}  {hit.path or ''}")
        lines.append(f"    {_snippet(hit.snippet)}")
    return "\n".join(lines)


# --- compare -------------------------------------------------------------------------------
@click.command()
@click.argument("report_id")
@output.format_option
@db_option
def compare(report_id: str, fmt: str, db: str | None) -> None:
    """One row per force for a report: who answered, when (day number), how; and who has not.

    With --format jsonl or csv, one line per force that answered."""
    result = _read(db).compare(report_id)
    output.emit(fmt, result, items=result.rows, text=lambda: _compare_text(result))


def _compare_text(result) -> str:
    lines = [f"{result.title}", f"published {result.published or 'unknown'}, responses due {result.due or 'unknown'}", ""]
    on_time = {True: "yes", False: "LATE", None: "?"}
    rows = [[r.response_id, r.force, r.local_policing_body, r.author, r.response_date, r.day,
             on_time[r.on_time], r.stance, f"{r.recs_answered}/{r.recs_total}" if r.recs_total else "-",
             r.commitments]
            for r in result.rows]
    lines.append(_table(rows, ["id", "force", "local policing body", "author", "date", "day",
                               "on time", "stance", "recs", "commitments"]))
    lines += ["", f"not answered ({len(result.not_answered)}): {', '.join(result.not_answered) or 'none'}"]
    if result.collection:  # from `answerable collect`: what each body's site showed
        lines += ["", "collected from the policing bodies' sites:"]
        lines += [f"  {c.force}: {c.text}" for c in result.collection]
    if result.template_pairs:
        lines += ["", f"shared wording (template letters): {len(result.template_pairs)} pairs of responses"]
        for pair in result.template_pairs[:20]:
            lines.append(f"  {pair.force_a} [{pair.response_a}] ~ {pair.force_b} [{pair.response_b}]: "
                         f"{pair.shared_sentences} sentence(s), {pair.share:.0%} of the shorter letter")
        for shared in result.shared_wording[:5]:
            lines.append(f"    e.g. ({shared.similarity:.2f}) {' '.join(shared.text_a.split())[:110]}")
    return "\n".join(lines)


# --- commitments ---------------------------------------------------------------------------
def _commitment_rows(items) -> str:
    rows = [[c.id, c.force, c.report_id, c.status, c.target_date, "OVERDUE" if c.overdue else "",
             " ".join(c.text.split())[:90]] for c in items]
    return _table(rows, ["id", "force", "report", "status", "target", "", "commitment"])


@click.group(invoke_without_command=True)
@click.option("--overdue", is_flag=True, help="Only those past their target date and not done or dropped.")
@click.option("--force", help="Only this force.")
@click.option("--status", help="Only this status: open, in_progress, done or dropped.")
@click.option("--report", help="Only commitments made in responses to this report id.")
@click.option("--limit", type=click.IntRange(1, 100000), default=1000, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@output.format_option
@db_option
@click.pass_context
def commitments(ctx: click.Context, overdue: bool, force, status, report, limit: int, offset: int, fmt: str,
                db: str | None) -> None:
    """The commitments register: list commitments (the default), `set` a status, `show` one."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is not None:
        return
    store = _read(db)
    filters = dict(overdue=overdue, force=force, status=status, report=report)
    items = store.commitments(**filters, limit=limit, offset=offset)
    total = store.count_commitments(**filters) if fmt != "text" else len(items)
    nxt = output.next_command("commitments", next_offset(total, limit, offset), limit, **filters)
    output.emit(fmt, page(items, total=total, limit=limit, offset=offset, next=nxt),
                text=lambda: _commitment_rows(items) if items else "no commitments")


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2021-03-31") from None


@commitments.command("set")
@click.argument("commitment_id", type=int)
@click.argument("status")
@click.option("--note", help="Why, or what was done (kept in the history).")
@click.option("--who", help="Who made the change (kept in the history).")
@click.option("--target-date", help="A new target date, YYYY-MM-DD (kept in the history).")
@db_option
@click.pass_context
def set_(ctx: click.Context, commitment_id: int, status: str, note, who, target_date, db) -> None:
    """Change commitment ID's STATUS (open, in_progress, done, dropped); the change is recorded."""
    store = _read(db or ctx.obj.get("db"))
    item = store.set_commitment(commitment_id, status, note=note, who=who, target_date=_parse_date(target_date))
    click.echo(f"commitment {item.id}: {item.status}" + (f", target {item.target_date}" if item.target_date else ""))


@commitments.command("show")
@click.argument("commitment_id", type=int)
@format_option("text", "json")
@db_option
@click.pass_context
def show(ctx: click.Context, commitment_id: int, fmt: str, db) -> None:
    """Show one commitment with every change to it."""
    item = _read(db or ctx.obj.get("db")).commitment(commitment_id)
    if fmt == "json":
        click.echo(_dump(item))
        return
    click.echo(f"[{item.id}] {item.force or 'unknown force'} · {item.report_id or 'no report'} · {item.status}"
               + (f" · target {item.target_date}" if item.target_date else ""))
    click.echo(f"    {' '.join(item.text.split())}")
    for change in item.history:
        click.echo(f"  {change.at:%Y-%m-%d %H:%M} {change.who or '-'}: {change.old_status} -> {change.new_status}"
                   + (f", target {change.new_target_date}" if change.new_target_date != change.old_target_date else "")
                   + (f" — {change.note}" if change.note else ""))


# --- export and responses ------------------------------------------------------------------
@click.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "parquet", "sqlite"]), required=True,
              help="csv/json/parquet: one file per table; sqlite: one file for Datasette (with search).")
@click.option("--out", "out", required=True, metavar="DIR", help="Folder to write into (made if missing).")
@db_option
def export(fmt: str, out: str, db: str | None) -> None:
    """Write the store's tables to DIR as CSV, JSON or Parquet, or as a Datasette-ready SQLite file."""
    for path in _read(db).export(fmt, out):
        click.echo(str(path))


@click.command()
@click.option("--force", help="Only this force.")
@click.option("--report", help="Only responses to this report id.")
@click.option("--year", type=int, help="Only letters of this year.")
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@output.format_option
@db_option
def responses(force, report, year, limit: int, offset: int, fmt: str, db: str | None) -> None:
    """List the responses in the store."""
    store = _read(db)
    items = store.list_responses(force=force, report=report, year=year, limit=limit, offset=offset)
    if fmt == "text":
        rows = [[r.id, r.force, r.date, r.report_id, r.day, r.deadline_status, r.stance,
                 f"{r.recs_answered}/{r.recs_total}", r.commitments, r.path] for r in items]
        click.echo(_table(rows, ["id", "force", "date", "report", "day", "deadline", "stance", "recs",
                                 "commitments", "path"]) if items else "no responses")
        return
    total = store.count_responses(force=force, report=report, year=year)
    nxt = output.next_command("responses", next_offset(total, limit, offset), limit,
                              force=force, report=report, year=year)
    output.emit(fmt, page(items, total=total, limit=limit, offset=offset, next=nxt), text=str)
