"""Recommendations quoted in responses: "Recommendation 1: By 31 March 2021, chief constables
should ...", "Cause of concern ... Recommendation: X Police should, within three months: ...",
"Area for improvement 2: The force should ...".

:func:`find_quotes` reads one response for them (the labels and modal verbs of
``data/reports/_import.yaml``, as ``reports add`` reads a report); :func:`merge_quotes` merges
the same recommendation quoted by several responses into one, with where each quoted it; and
:func:`with_quotes` gives a report the quoted recommendations it lacks, so the per-recommendation
check (s.55(5B)) runs for it. Recommendations, causes of concern and areas for improvement stay
apart (only recommendations must be answered).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from rapidfuzz import fuzz

from answerable.catalogue import recommendation_id
from answerable.models import Quote, Recommendation, Record, Report
from answerable.reports import _labelled, _with_list, _addressees, _due, import_rules

SAME_TEXT = 88  # rapidfuzz ratio of two normalised quotes of one recommendation
_MIN_CHARS = 25  # shorter quotes are references ("Recommendation 2"), not the words


@dataclass(frozen=True)
class Quoted:
    """One recommendation (or cause of concern, area for improvement) a response quotes."""

    kind: str
    number: Optional[str]
    text: str  # whitespace collapsed
    span: tuple[int, int]  # into the response's text


def _sentence_with_modal(text: str, start: int, end: int) -> Optional[int]:
    """Where the sentence holding the first modal verb ("should", "must") ends, within
    ``text[start:end]``; None when the words have no modal verb (an answer, not a quote)."""
    modal = import_rules().modal.search(text, start, end)
    if modal is None or modal.start() - start > 250:
        return None
    stop = re.compile(r"[.;](?=\s|$)|:\s*(?=\n)").search(text, modal.end(), end)
    if stop is None:
        return end
    return stop.end()


def find_quotes(text: str) -> list[Quoted]:
    """Every recommendation, cause of concern and area for improvement quoted in ``text``."""
    out: list[Quoted] = []
    for found in _labelled(text):
        start, end = found.span
        if found.kind == "cause_of_concern":
            stop = end
        else:
            stop = _sentence_with_modal(text, start, end)
            if stop is None:
                continue
            stop = _with_list(text, start, stop, end) if text[start:stop].rstrip().endswith(":") else stop
        words = " ".join(text[start:stop].split())
        if len(words) >= _MIN_CHARS:
            out.append(Quoted(found.kind, found.number, words, (start, stop)))
    return out


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _same(a: Recommendation, text: str, kind: str, number: Optional[str]) -> bool:
    if a.kind != kind:
        return False
    score = fuzz.ratio(_norm(a.text), _norm(text))
    if a.number and number and a.number == number:
        return score >= SAME_TEXT - 10
    return score >= SAME_TEXT


def merge_quotes(records: Iterable[Record], existing: Iterable[Recommendation] = ()) -> list[Recommendation]:
    """The recommendations quoted across ``records``, the same one quoted by several merged
    into one with each place it was quoted (``quoted_in``); ``existing`` ones (a report's own)
    gain the places they are quoted and are kept first."""
    recs = [r.model_copy(deep=True) for r in existing]
    for record in records:
        for q in find_quotes(record.text):
            where = Quote(source=record.source.path, sha256=record.source.sha256, force=record.force.name,
                          span=q.span)
            match = next((r for r in recs if _same(r, q.text, q.kind, q.number)), None)
            if match is not None:
                if all(w.sha256 != where.sha256 for w in match.quoted_in):
                    match.quoted_in.append(where)
                continue
            taken = {r.id for r in recs}
            position = sum(1 for r in recs if r.kind == q.kind) + 1
            rid = recommendation_id(q.kind, q.number, position)
            if rid in taken:
                rid = recommendation_id(q.kind, None, position)
                while rid in taken:
                    position += 1
                    rid = recommendation_id(q.kind, None, position)
            recs.append(Recommendation(id=rid, number=q.number, kind=q.kind, text=q.text,  # type: ignore[arg-type]
                                       addressees=_addressees(q.text), due=_due(q.text), quoted_in=[where]))
    return recs


def with_quotes(report: Report, records: Iterable[Record]) -> Report:
    """``report`` with the recommendations ``records`` quote: added when the catalogue lacks the
    report's texts, else only the places its own are quoted."""
    records = list(records)
    if report.recommendations_known and report.recommendations:
        mine = merge_quotes([], report.recommendations)
        quoted = merge_quotes(records, mine)
        known = {r.id for r in report.recommendations}
        return report.model_copy(update={"recommendations": [r for r in quoted if r.id in known]})
    quoted = merge_quotes(records, report.recommendations)
    if not quoted:
        return report
    return report.model_copy(update={"recommendations": quoted})


def quoted_only(report: Report) -> bool:
    """True when every recommendation the report holds came from quotes in responses."""
    return bool(report.recommendations) and not report.recommendations_known and \
        all(r.quoted_in for r in report.recommendations)
