"""``answerable extract`` (grounded records from letters) and ``answerable eval`` (accuracy
against hand labels). Thin wrappers over :func:`answerable.extract.extract` and
:func:`answerable.evaluate.evaluate`.

``extract`` streams: each record is written as soon as it is made, a bad file costs one line on
standard error (``answerable: error: <path>: <cause>``) and the batch goes on; the exit status
is 1 when any file failed.
"""

from __future__ import annotations

import bisect
import json
import multiprocessing
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterator, Optional

import click

from answerable import budget
from answerable.batch import LETTER_EXTENSIONS, STDIN_NAME, expand, shown
from answerable.errors import AnswerableError, OutputFileError

#: Record fields left out of the JSON Lines output (internal detail, large).
JSON_EXCLUDE = {"segments"}
STDIN = "-"


def supported_extensions() -> tuple[str, ...]:
    """Extensions a folder is searched for: :data:`answerable.batch.LETTER_EXTENSIONS`."""
    return LETTER_EXTENSIONS


def expand_paths(paths: tuple[str, ...], extensions: tuple[str, ...],
                 note: Optional[Callable[[str], None]] = None) -> Iterator[tuple[str, Optional[str]]]:
    """Yield ``(path, None)`` for each input, or ``(name, message)`` for one that cannot be
    read: :func:`answerable.batch.expand` (folders recursively, globs, ``-``; an explicit file
    whatever its extension, so an unsupported one gets the reader's own error)."""
    for entry in expand(paths, extensions, note=note):
        if entry.problem:
            yield (entry.arg if entry.path is None else os.fspath(entry.path)), entry.problem
        else:
            yield (STDIN if entry.path is None else os.fspath(entry.path)), None


def _extract_one(path: str):
    """The record of one input path (``-`` = standard input)."""
    if path == STDIN:
        from answerable.extract import extract_document
        from answerable.read import read

        return extract_document(read(STDIN))
    from answerable.extract import extract

    return extract(Path(path))  # a Path: a name with a line break is still a file name


def _error_line(path: str, exc: Exception) -> str:
    if isinstance(exc, AnswerableError):
        message = exc.message
    else:  # a bug, not the user's fault: still one line, and the batch goes on
        message = (f"internal error ({type(exc).__name__}: {exc}); please report it with "
                   "this file attached")
    name = STDIN_NAME if path == STDIN else shown(path)
    return f"answerable: error: {name}: {' '.join(message.split())}"  # always one line


# --- text summary ---------------------------------------------------------------------------
def _quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return f"\u201c{text if len(text) <= limit else text[:limit - 1] + '…'}\u201d"


def _span_text(record, span) -> str:
    return record.text[span[0]:span[1]] if span else ""


def _page(record, span) -> str:
    """`` (p. 2)`` for evidence in a paged document (PDF), else nothing."""
    if not record.page_starts or not span:
        return ""
    return f" (p. {max(1, bisect.bisect_right(record.page_starts, span[0]))})"


def _with_evidence(value: str, record, span, limit: int = 60) -> str:
    return f"{value}  {_quote(_span_text(record, span), limit)}{_page(record, span)}" if span else value


def _field_lines(r) -> list[str]:
    """force, author, date, addressees, report and stance, each with its evidence."""
    unknown = "unknown"
    report = r.report.title or unknown
    if r.report.published:
        report += f" (published {r.report.published.isoformat()})"
    stance = r.stance.value
    if r.stance.evidence:
        stance += f" — {_quote(_span_text(r, r.stance.evidence[0]))}{_page(r, r.stance.evidence[0])}"
    return [
        "force:      " + _with_evidence(r.force.name or unknown, r, r.force.span),
        "author:     " + (", ".join(x for x in (r.author.name, r.author.role) if x) or unknown),
        "date:       " + _with_evidence(r.date.value.isoformat() if r.date.value else unknown, r, r.date.span),
        "addressees: " + (", ".join(a.name for a in r.addressees) or "none stated"),
        "report:     " + report,
        "stance:     " + stance,
    ]


def _statement_lines(r) -> list[str]:
    """Statements grouped by kind, each quoted, with who acts and (PDF) the page."""
    groups: dict[str, list] = {}
    for st in r.statements:
        groups.setdefault(st.kind, []).append(st)
    lines = [f"statements: {len(r.statements)}" if r.statements else "statements: none"]
    for kind, items in groups.items():
        lines.append(f"  {kind} ({len(items)})")
        lines.extend(f"    - {_quote(st.text)}" + (f" [{st.actor}]" if st.actor != "unknown" else "")
                     + _page(r, st.span) for st in items)
    return lines


def summarise(record, shown_path: str) -> str:
    """A readable multi-line summary of one record."""
    lines = [f"== {shown_path} ({record.source.format})", *_field_lines(record),
             *_statement_lines(record), *(f"warning:    {w}" for w in record.warnings)]
    return "\n".join(lines) + "\n"


def _render(record, path: str, fmt: str) -> str:
    if fmt == "json":
        return record.model_dump_json(exclude=JSON_EXCLUDE) + "\n"
    return summarise(record, STDIN_NAME if path == STDIN else shown(path)) + "\n"


@dataclass(frozen=True)
class ExtractOptions:
    """How ``answerable extract`` runs: output format and parallelism."""

    fmt: str = "text"
    workers: int = 1  # processes; 1 = everything in this process
    parallel_min: int = 64  # batches smaller than this are not worth starting workers for


def _process(job: tuple[str, Optional[str], str]) -> tuple[Optional[str], Optional[str]]:
    """Extract one input: ``(output, None)`` or ``(None, one-line error)``. Runs in workers."""
    path, problem, fmt = job
    if problem:
        return None, f"answerable: error: {shown(path)}: {problem}"
    try:
        with budget.limit(label=STDIN_NAME if path == STDIN else shown(path)):
            record = _extract_one(path)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        return None, _error_line(path, exc)
    return _render(record, path, fmt), None


def _warm() -> None:
    """Load the extractor's data once, before worker processes are forked from this one."""
    try:
        from answerable.extract import extract

        extract("Dear Home Secretary,\n\nI welcome the report.\n\nYours sincerely")
    except Exception:  # noqa: BLE001 - warming is an optimisation only
        pass


def _results(jobs: list[tuple[str, Optional[str], str]], options: ExtractOptions) -> Iterator[tuple[Optional[str], Optional[str]]]:
    """Results in input order; in a pool of forked workers for big batches."""
    parallel = (options.workers > 1 and len(jobs) >= options.parallel_min
                and all(path != STDIN for path, _, _ in jobs)
                and "fork" in multiprocessing.get_all_start_methods())
    if not parallel:
        yield from map(_process, jobs)
        return
    _warm()
    with multiprocessing.get_context("fork").Pool(options.workers) as pool:
        yield from pool.imap(_process, jobs, chunksize=16)


def run_extract(paths: tuple[str, ...], options: ExtractOptions, out: IO[str], err: IO[str]) -> int:
    """Extract every input, streaming records to ``out`` and errors to ``err``; return failures."""
    def note(message: str) -> None:
        err.write(f"answerable: note: {message}\n")

    jobs = [(path, problem, options.fmt) for path, problem in expand_paths(paths, supported_extensions(), note)]
    failures = 0
    for output, error in _results(jobs, options):
        if error is not None:
            out.flush()
            err.write(error + "\n")
            err.flush()
            failures += 1
        else:
            out.write(output)
    out.flush()
    return failures


@click.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: a readable summary per file; json: one JSON object "
              "per file per line (JSON Lines).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True),
              help="Write the output to this file instead of standard output.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes used for big batches (default: the `workers` setting, "
              "ANSWERABLE_WORKERS). Output order is always the input order.")
def extract(paths: tuple[str, ...], fmt: str, out_path: Optional[str], workers: Optional[int]) -> None:
    """Turn response letters into grounded records.

    PATHS are files (.txt, .md, .pdf, .docx, .html), folders (read recursively), glob
    patterns such as 'letters/**/*.pdf', or - for standard input. A file that cannot be read
    is reported on standard error and the others are still processed; the exit status is 1
    if any file failed.

    \b
    Examples:
      answerable extract letter.pdf
      answerable extract letters/ --format json --out records.jsonl
    """
    out: IO[str]
    if out_path:
        try:
            out = open(out_path, "w", encoding="utf-8")
        except OSError as exc:
            raise OutputFileError(f"cannot write the output file ({exc.strerror}); choose a "
                                  "writable path", path=out_path) from None
    else:
        out = sys.stdout
    try:
        if workers is None:
            from answerable.settings import get_settings

            workers = get_settings().workers
        failures = run_extract(paths, ExtractOptions(fmt=fmt, workers=workers), out, sys.stderr)
    finally:
        if out_path:
            out.close()
    if failures:
        sys.exit(1)


def _thresholds(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, float]:
    """Parse ``--min force=0.9`` / ``--min date=90%`` into {field: rate}."""
    from answerable.evaluate import FIELDS, SPAN_FIELD
    from answerable.evaluate_real import FIELDS as REAL_FIELDS, RECALLS

    known = tuple(dict.fromkeys((*FIELDS, *REAL_FIELDS, *RECALLS, SPAN_FIELD)))
    out: dict[str, float] = {}
    for value in values:
        field, _, rate = value.partition("=")
        field = field.strip()
        if field not in known:
            raise click.BadParameter(f"{value!r}: unknown field {field!r}; use one of "
                                     f"{', '.join(known)} (e.g. --min force=0.9)")
        try:
            number = float(rate.rstrip("%")) / (100 if rate.endswith("%") else 1)
        except ValueError:
            number = -1.0
        if not 0 <= number <= 1:
            raise click.BadParameter(f"{value!r}: the rate must be between 0 and 1, or a "
                                     "percentage such as 90%")
        out[field] = number
    return out


@click.command("eval")
@click.argument("labels", type=click.Path())
@click.argument("files", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: accuracy table and list of misses; json: the same "
              "as one JSON object.")
@click.option("--min", "minimum", multiple=True, callback=_thresholds, metavar="FIELD=RATE",
              help="Fail (exit status 1) when FIELD's accuracy is below RATE, e.g. "
              "--min force=0.9 --min date=90%. Repeatable; for use in CI.")
def eval_(labels: str, files: tuple[str, ...], fmt: str, minimum: dict[str, float]) -> None:
    """Measure extraction accuracy against hand labels.

    LABELS is a labels.json, JSON Lines named *.jsonl, or a folder (every labels.json
    under it); format: tests/fixtures/devset/README.md. FILES default to every labelled file; given, each must
    have a label. Prints per-field accuracy (force, author, role, date, addressees, report
    title and publication date, stance, statement counts, span exactness) and each miss with
    the expected and extracted value.

    A labels file of real public responses (../shared/corpus/real/labels.json: author_name,
    response_date, commitments, ...) is read as it is: per field, how many values are right,
    missed (null where the label has a value), wrong, and given where the label is null; a
    report title is right when it names the same report; then commitments and actions-taken
    recall and span exactness.

    \b
    Examples:
      answerable eval tests/fixtures/devset/labels.json
      answerable eval tests/fixtures/devset --min force=0.9 --min date=0.9
      answerable eval ../shared/corpus/real/labels.json --min commitments=0.85
    """
    from answerable.evaluate import evaluate

    report = evaluate(labels, files or None)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.table())
    from answerable.evaluate import percent

    rates = {}
    for field in minimum:
        try:
            rates[field] = report.accuracy(field)
        except KeyError as exc:
            raise click.BadParameter(f"{exc.args[0]} (in these labels)", param_hint="--min") from None
    below = [f"{field} {percent(rates[field])} < {percent(rate)}"
             for field, rate in minimum.items()
             if rates[field] is not None and rates[field] < rate]
    if below:
        click.echo(f"answerable: error: {labels}: accuracy below the minimum: {'; '.join(below)}",
                   err=True)
        sys.exit(1)

