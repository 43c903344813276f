"""The one output layer of the list commands (``responses``, ``search``, ``compare``,
``commitments``, ``reports list``): ``--format text|json|jsonl|csv``.

* ``json``: the same document the REST API answers (the list envelope of
  :mod:`answerable.serialize`, or the API's object for ``compare``);
* ``jsonl``: one item per line, each as in ``json``;
* ``csv``: one row per item; nested values (lists, objects) are JSON in their cell;
* ``text``: the command's own table or lines for people.

Colour: bold search matches only on a terminal and never when ``NO_COLOR`` is set.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from typing import Any, Callable, Optional

import click

from answerable.serialize import jsonable

FORMATS = ("text", "json", "jsonl", "csv")


def format_option(func: Callable) -> Callable:
    """``--format text|json|jsonl|csv`` (default text)."""
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                        help="text for people; json as the API answers; jsonl one item a line; "
                             "csv one row an item.")(func)


def use_colour() -> bool:
    """Styles (bold) on standard output: only on a terminal, and never under ``NO_COLOR``."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _cell(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return "" if value is None else value


def to_csv(items: list[dict[str, Any]], columns: Optional[list[str]] = None) -> str:
    """Items as CSV with a header row (every key seen, in first-seen order)."""
    if columns is None:
        columns = list(dict.fromkeys(key for item in items for key in item))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for item in items:
        writer.writerow([_cell(item.get(col)) for col in columns])
    return out.getvalue()


def emit(fmt: str, document: Any, *, items: Optional[list] = None, text: Callable[[], str],
         columns: Optional[list[str]] = None) -> None:
    """Print ``document`` (the API's answer) in ``fmt``; ``items`` are its rows for jsonl/csv
    (default ``document["items"]``); ``text`` renders it for people."""
    if fmt == "text":
        click.echo(text())
        return
    data = jsonable(document)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    rows = jsonable(items) if items is not None else data["items"]
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
        return
    click.echo(to_csv(rows, columns), nl=False)


def next_command(command: str, offset: Optional[int], limit: int, **options: Any) -> Optional[str]:
    """The command line for the next page (the CLI's ``next``), or None on the last page."""
    if offset is None:
        return None
    parts = [f"answerable {command}"]
    for name, value in options.items():
        if value is True:
            parts.append(f"--{name.replace('_', '-')}")
        elif value not in (None, False, ""):
            parts.append(f"--{name.replace('_', '-')} {_quote(value)}")
    parts.append(f"--limit {limit} --offset {offset}")
    return " ".join(parts)


def _quote(value: Any) -> str:
    import shlex

    return shlex.quote(str(value))
