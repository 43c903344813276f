"""Turning store records into what the API and the pages show: JSON, Jinja filters, the
highlighted letter, the verdict grid and the dashboard's figures."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from markupsafe import Markup, escape
from pydantic import BaseModel

from answerable.serve.highlight import Mark, ev_id, evidence_marks, render_marked, statement_marks

# Verdict -> CSS class (colour) and words, for the grid and the findings list.
VERDICT_LABELS = {
    "action_taken": "action taken",
    "action_proposed": "action proposed",
    "no_action_explained": "no action, explained",
    "acknowledged_only": "acknowledged only",
    "not_addressed": "not addressed",
}
STATEMENT_KINDS = ["acknowledges_finding", "agrees", "concern", "action_taken", "commitment",
                   "seeks_assurance", "partnership", "will_publish"]


# --- JSON (one serialiser for the API and the CLI's --format json: answerable.serialize) ------
from answerable.serialize import aware, dump_json, jsonable  # noqa: E402,F401  (re-exported)


# --- what anonymous readers see -------------------------------------------------------------
def public_path(path: Optional[str]) -> Optional[str]:
    """A stored path as an anonymous reader sees it: a URL (a collected letter's source) or a
    ``draft:`` id as it is, a server file path as its file name only."""
    if not path or "://" in path or path.startswith("draft:"):
        return path
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or None


def _without_path(model: Any) -> Any:
    update: dict[str, Any] = {}
    if isinstance(getattr(model, "path", None), str):
        update["path"] = public_path(model.path)
    record = getattr(model, "record", None)
    source = getattr(record, "source", None)
    if source is not None and isinstance(source.path, str):
        update["record"] = record.model_copy(update={"source": source.model_copy(
            update={"path": public_path(source.path)})})
    rows = getattr(model, "rows", None)
    if isinstance(rows, list):
        update["rows"] = [_without_path(row) for row in rows]
    return model.model_copy(update=update) if update else model


def hide_paths(value: Any) -> Any:
    """``value`` (a stored response, a list of summaries or hits, a comparison) with every
    server file path cut to its file name, for readers who are not signed in."""
    if isinstance(value, list):
        return [hide_paths(item) for item in value]
    if isinstance(value, BaseModel):
        return _without_path(value)
    return value


# --- keeping a draft --------------------------------------------------------------------------
def keep_draft(store: Any, audit: Any) -> dict[str, Any]:
    """Store an audited draft as a response (``Store.add_record``); nothing is written to a
    path the user chose. Returns ``{"response_id": …}``."""
    record = audit.record
    stored_audit = audit.model_copy(update={"record": None})
    response_id = store.add_record(record, stored_audit, path=f"draft:{record.source.sha256[:16]}")
    return {"response_id": response_id}


# --- Jinja filters ----------------------------------------------------------------------------
def fmt_date(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value.day} {value:%B %Y}"


def label(value: Any) -> str:
    """``not_addressed`` -> ``not addressed``."""
    if value is None:
        return "—"
    return VERDICT_LABELS.get(str(value), str(value).replace("_", " "))


def percent(value: Optional[float]) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def safe_snippet(snippet: Any) -> Markup:
    """A search snippet as HTML: only ``<mark>``/``</mark>`` survive; all else is escaped.

    The store's snippets are already escaped; they are unescaped and escaped again here, so a
    snippet is safe whether or not its producer escaped it."""
    parts = re.split(r"(</?mark>)", str(snippet or ""))
    out = [part if part in ("<mark>", "</mark>") else str(escape(html.unescape(part))) for part in parts]
    opened = out.count("<mark>") - out.count("</mark>")
    return Markup("".join(out) + "</mark>" * max(0, opened))


def install_filters(env: Any) -> None:
    env.filters["safe_snippet"] = safe_snippet
    env.filters["date"] = fmt_date
    env.filters["label"] = label
    env.filters["percent"] = percent
    env.filters["ev"] = ev_id
    env.globals["STATEMENT_KINDS"] = STATEMENT_KINDS


# --- the response page ------------------------------------------------------------------------
@dataclass
class FieldRow:
    """One extracted value beside the letter, with the evidence it came from."""

    name: str
    value: str
    spans: list[tuple[int, int]] = field(default_factory=list)


def _span(value: Any) -> Optional[tuple[int, int]]:
    if value is None:
        return None
    return (int(value[0]), int(value[1]))


def record_fields(record: Any) -> list[FieldRow]:
    """The record's headline fields, each with its evidence span(s)."""
    rows = [
        FieldRow("Author", record.author.name or "—", [s for s in [_span(record.author.span)] if s]),
        FieldRow("Role", record.author.role or "—", [s for s in [_span(record.author.role_span)] if s]),
        FieldRow("Force", record.force.name or "—", [s for s in [_span(record.force.span)] if s]),
        FieldRow("Letter date", fmt_date(record.date.value), [s for s in [_span(record.date.span)] if s]),
        FieldRow("Report", record.report.title or "—", [s for s in [_span(record.report.span)] if s]),
        FieldRow("Report published", fmt_date(record.report.published),
                 [s for s in [_span(record.report.published_span)] if s]),
        FieldRow("Stance", label(record.stance.value), [_span(s) for s in record.stance.evidence]),
    ]
    for addressee in record.addressees:
        rows.append(FieldRow("Addressed to", addressee.name, [_span(addressee.span)]))
    return rows


def marked_letter(record: Any, audit: Any = None) -> Markup:
    """The letter's text with statements (by kind) and all field/finding evidence marked."""
    marks: list[Mark] = statement_marks(record.statements)
    for row in record_fields(record):
        marks += evidence_marks(row.spans, row.name)
    if audit is not None:
        for finding in audit.findings:
            marks += evidence_marks([_span(s) for s in finding.evidence], finding.requirement.replace("_", " "))
        for verdict in audit.recommendations:
            marks += evidence_marks([_span(s) for s in verdict.evidence], f"{verdict.id}: {label(verdict.verdict)}")
    return render_marked(record.text, marks)


def kind_counts(record: Any) -> list[tuple[str, int]]:
    counts = Counter(st.kind for st in record.statements)
    return [(kind, counts.get(kind, 0)) for kind in STATEMENT_KINDS]


# --- charts -----------------------------------------------------------------------------------
LABEL_CHARS = 26


def _short(name: str) -> str:
    name = str(name)
    return name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(items: Iterable[tuple[str, float]], *, title: str, width: int = 560,
              bar_height: int = 18, unit: str = "") -> Markup:
    """A horizontal bar chart as inline SVG (server-side, no JavaScript), labels escaped."""
    items = [(_short(name), value) for name, value in items]
    if not items:
        return Markup(f'<p class="empty">No data for “{escape(title)}” yet.</p>')
    top = max(v for _, v in items) or 1
    label_w, gap = 185, 6
    height = len(items) * (bar_height + gap) + 24
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for i, (name, value) in enumerate(items):
        y = 20 + i * (bar_height + gap)
        w = max(1.0, (width - label_w - 60) * value / top)
        shown = f"{value:g}{unit}"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_height - 5}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_height}" class="bar">'
            f'<title>{escape(name)}: {escape(shown)}</title></rect>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + bar_height - 5}">{escape(shown)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
