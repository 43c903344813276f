"""Figures for the dashboard, the report page's verdict grid and the search facets."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional
from urllib.parse import urlencode

from markupsafe import Markup

from answerable.serve.views import bar_chart

DASHBOARD_SAMPLE = 1000  # the dashboard summarises at most this many most recent responses
GRID_MAX_ROWS = 100


@dataclass
class Dashboard:
    total_reports: int
    total_responses: int
    sampled: int
    on_time_rate: Optional[float]
    on_time: int
    late: int
    unknown: int
    reports: list[Any]
    by_force: list[tuple[str, int]]
    recent: list[Any]
    overdue: list[Any]
    reports_chart: Markup
    force_chart: Markup


def _on_time_counts(rows: Iterable[Any]) -> tuple[int, int, int]:
    counts = Counter(getattr(r, "deadline_status", "unknown") for r in rows)
    return counts.get("on_time", 0), counts.get("late", 0), sum(counts.values()) - counts.get("on_time", 0) - counts.get("late", 0)


_CACHE: dict[int, tuple[tuple, list, list]] = {}


def _responses_sample(store: Any) -> tuple[int, list[Any], list[Any]]:
    """(total, reports, latest responses), cached until the store's row counts change."""
    counts = store.counts()
    key = (counts.get("responses", 0), counts.get("documents", 0), counts.get("reports", 0))
    cached = _CACHE.get(id(store))
    if cached and cached[0] == key:
        return key[0], cached[1], cached[2]
    reports = list(store.reports())
    total = int(key[0])
    rows = list(store.list_responses(limit=DASHBOARD_SAMPLE, offset=max(0, total - DASHBOARD_SAMPLE)))
    _CACHE[id(store)] = (key, reports, rows)
    return total, reports, rows


def dashboard_data(store: Any) -> Dashboard:
    """Responses by report and force, the on-time rate, recent responses, overdue commitments."""
    total, reports, rows = _responses_sample(store)
    on_time, late, unknown = _on_time_counts(rows)
    by_force = Counter(r.force or "unknown force" for r in rows).most_common(15)
    recent = sorted(rows, key=lambda r: str(r.ingested_at), reverse=True)[:10]
    overdue = store.commitments(overdue=True, limit=15)
    by_report = Counter(r.report_title or r.report_id or "no report linked" for r in rows).most_common(12)
    return Dashboard(
        total_reports=len(reports), total_responses=total, sampled=len(rows),
        on_time_rate=(on_time / (on_time + late)) if (on_time + late) else None,
        on_time=on_time, late=late, unknown=unknown, reports=reports, by_force=by_force,
        recent=recent, overdue=overdue,
        reports_chart=bar_chart(by_report, title="Responses by report"),
        force_chart=bar_chart(by_force, title="Responses by force"),
    )


@dataclass
class GridRow:
    response_id: int
    force: str
    cells: list[tuple[str, str]] = field(default_factory=list)  # (recommendation id, verdict)
    # recommendation id -> the response's words that the verdict rests on (its evidence)
    evidence: dict[str, str] = field(default_factory=dict)


def verdict_grid(store: Any, report: Any, comparison: Any) -> list[GridRow]:
    """Recommendation × force: each response's verdict per recommendation, with its evidence."""
    rec_ids = [r.id for r in report.recommendations if r.kind == "recommendation"]
    grid: list[GridRow] = []
    if not rec_ids:
        return grid
    for row in comparison.rows[:GRID_MAX_ROWS]:
        stored = store.get_response(row.response_id)
        found = {v.id: v for v in stored.audit.recommendations}
        text = stored.record.text
        evidence = {rid: " … ".join(" ".join(text[s:e].split()) for s, e in found[rid].evidence[:2])[:300]
                    for rid in rec_ids if rid in found and found[rid].evidence}
        grid.append(GridRow(row.response_id, row.force or "unknown force",
                            [(rid, found[rid].verdict if rid in found else "not_addressed") for rid in rec_ids],
                            evidence))
    return grid


FACETS = ("force", "kind", "report", "year")


def facets(hits: Iterable[Any]) -> dict[str, list[tuple[str, Optional[int]]]]:
    """Counts of each facet value among the hits."""
    hits = list(hits)
    out: dict[str, list[tuple[str, int]]] = {}
    for name in FACETS:
        counts = Counter(str(getattr(h, name)) for h in hits if getattr(h, name, None) is not None)
        out[name] = counts.most_common(20)
    if not out["kind"]:  # letter-level hits: offer every statement kind as a filter
        from answerable.serve.views import STATEMENT_KINDS

        out["kind"] = [(kind, None) for kind in STATEMENT_KINDS]
    return out


def facet_url(q: str, chosen: dict[str, Any], name: str, value: Optional[str]) -> str:
    """The search URL with facet ``name`` set to ``value`` (None removes it)."""
    params = {"q": q, **{k: v for k, v in chosen.items() if k != name}}
    if value is not None:
        params[name] = value
    return "/search?" + urlencode(params)
