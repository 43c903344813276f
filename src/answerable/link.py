"""Link a response to the report it answers: title, dates and forces in scope, with evidence.

Each catalogued report is scored from the letter's title (as extracted, else found by scanning
the top of the letter), tolerant of partial, abbreviated and re-punctuated titles; the report
publication date the letter states; the letter's own date; and whether the letter's force is
in scope. Below :data:`LinkConfig.threshold` nothing is linked and the evidence says why.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz

from answerable.catalogue import Catalogue
from answerable.models import Link, Record, Report, Span

_TOKEN = re.compile(r"[A-Za-z0-9]+|&")


@dataclass(frozen=True)
class LinkConfig:
    """Weights and limits of the link score (confidence = sum, clamped to 0..1)."""

    threshold: float = 0.5
    title_floor: float = 0.7  # title similarity below this counts for nothing
    title_weight: float = 0.7
    same_published: float = 0.3
    other_published: float = -0.5
    dated_before: float = -0.6
    dated_within_year: float = 0.05
    dated_long_after: float = -0.25  # more than a year after publication: probably another report
    force_in_scope: float = 0.05
    force_out_of_scope: float = -0.3
    scan_chars: int = 4000  # how much of the letter is scanned for a title
    min_name_chars: int = 12  # shorter names are only compared whole, never searched for
    partial_floor: float = 88  # a partial (contained) title match counts from this rapidfuzz score


@dataclass
class Candidate:
    """One report's score for a letter."""

    report_id: str
    confidence: float
    title_similarity: float
    method: str = "none"
    evidence: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


@lru_cache(maxsize=4096)
def normalise_title(text: str) -> str:
    """Lower-case words only: quotes, dashes, colons and '&' no longer matter."""
    folded = unicodedata.normalize("NFKC", text) if not text.isascii() else text
    return " ".join("and" if w == "&" else w.lower() for w in _TOKEN.findall(folded))


def _normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Like :func:`normalise_title`, plus the offset in ``text`` of every output character."""
    if not text.isascii():  # keep offsets valid: only when compatibility forms keep the length
        folded = unicodedata.normalize("NFKC", text)
        text = folded if len(folded) == len(text) else text
    parts: list[str] = []
    where: list[int] = []
    for m in _TOKEN.finditer(text):
        word = "and" if m.group() == "&" else m.group().lower()
        if parts:
            parts.append(" ")
            where.append(m.start())
        parts.append(word)
        where.extend([m.start()] * 3 if word == "and" and m.group() == "&" else range(m.start(), m.end()))
    return "".join(parts), where


def _names(report: Report) -> list[str]:
    """The names a letter may use for ``report``: full title, main title, short names."""
    main = re.split(r"\s*[:\u2013\u2014]\s+|\s+-\s+", report.title, maxsplit=1)[0]
    return list(dict.fromkeys([report.title, main, *report.short_names]))


def _compare(a: str, b: str, cfg: LinkConfig) -> float:
    """Similarity of two normalised titles, 0..1; partial matches count when long enough."""
    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    if min(len(a), len(b)) >= cfg.min_name_chars and len(min(a, b, key=len).split()) >= 3:
        partial = fuzz.partial_ratio(a, b)
        if partial >= cfg.partial_floor:  # one title (nearly) inside the other
            score = max(score, partial * 0.98)
    return score / 100.0


class _LetterView:
    """The letter's normalised title and scanned top, computed once for all candidates."""

    def __init__(self, record: Record, cfg: LinkConfig):
        self.record = record
        self.title = normalise_title(record.report.title) if record.report.title else ""
        self.top, self.where = _normalise_with_map(record.text[: cfg.scan_chars])
        self.partial_floor = cfg.partial_floor
        self.words = set(self.top.split())

    def may_contain(self, name: str) -> bool:
        """Cheap filter before :meth:`scan`: most of ``name``'s words occur in the letter's top."""
        words = name.split()
        return sum(w in self.words for w in words) >= 0.6 * len(words)

    def scan(self, name: str) -> tuple[float, Optional[Span]]:
        """How well the normalised ``name`` occurs in the top of the letter, and where."""
        if not self.top:
            return 0.0, None
        if len(name) <= len(self.top):
            found = fuzz.partial_ratio_alignment(name, self.top)
            lo, hi = (found.dest_start, found.dest_end) if found else (0, 0)
        else:  # a letter shorter than the title: compare it whole
            found = fuzz.partial_ratio_alignment(self.top, name)
            lo, hi = (found.src_start, found.src_end) if found else (0, 0)
        if found is None or hi <= lo or found.score < self.partial_floor:
            return 0.0, None
        start = self.where[lo]
        end = self.where[hi - 1] + 1
        return found.score / 100.0 * 0.98, (start, end)


def _title_part(view: _LetterView, report: Report, cfg: LinkConfig) -> tuple[float, str, Optional[Span]]:
    """The best title similarity of ``report`` to the letter, how it was found, and where."""
    best, how, span = 0.0, "", None
    for name in _names(report):
        norm = normalise_title(name)
        if not norm:
            continue
        if view.title:
            score = _compare(view.title, norm, cfg)
            if score > best:
                best, how, span = score, f"the letter's title matches {name!r}", view.record.report.span
        if len(norm) >= cfg.min_name_chars and len(norm.split()) >= 3 and view.may_contain(norm):
            score, where = view.scan(norm)
            if score > best:
                best, how, span = score, f"the letter names {name!r}", where
    return best, how, span


def score_report(record: Record, report: Report, cfg: LinkConfig = LinkConfig(),
                 view: Optional[_LetterView] = None) -> Candidate:
    """How likely ``record`` answers ``report``, with the evidence."""
    view = view or _LetterView(record, cfg)
    sim, how, span = _title_part(view, report, cfg)
    cand = Candidate(report.id, 0.0, sim)
    if sim >= cfg.title_floor:
        cand.confidence += cfg.title_weight * (sim - cfg.title_floor) / (1 - cfg.title_floor)
        cand.evidence.append(f"{how} (similarity {sim:.2f})")
        cand.method = "title"
        if span:
            cand.spans.append(span)
    else:
        cand.evidence.append(f"no title of {report.id!r} found in the letter (best similarity {sim:.2f})")
    _score_dates(record, report, cfg, cand)
    _score_force(record, report, cfg, cand)
    cand.confidence = round(min(1.0, max(0.0, cand.confidence)), 3)
    return cand


_MONTHS = ("January February March April May June July August September October November "
           "December").split()


def _d(date: dt.date) -> str:
    """'10 January 2020' (faster than strftime, and the same on every platform)."""
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def _score_dates(record: Record, report: Report, cfg: LinkConfig, cand: Candidate) -> None:
    """Publication date the letter states, and the letter's own date, against the report's."""
    said, published = record.report.published, report.published
    if said and published:
        if said == published:
            cand.confidence += cfg.same_published
            cand.evidence.append(f"the letter says the report was published {_d(said)}, as catalogued")
            cand.method = "title_and_date" if cand.method == "title" else "date"
            if record.report.published_span:
                cand.spans.append(record.report.published_span)
        else:
            cand.confidence += cfg.other_published
            cand.evidence.append(f"the letter says the report was published {_d(said)}, "
                                 f"but {report.id!r} was published {_d(published)}")
    dated = record.date.value
    if dated and published:
        days = (dated - published).days
        if days < 0:
            cand.confidence += cfg.dated_before
            cand.evidence.append(f"the letter is dated {_d(dated)}, before the report was "
                                 f"published ({_d(published)})")
        elif days <= 365:
            cand.confidence += cfg.dated_within_year
            cand.evidence.append(f"dated {_d(dated)}, day {days + 1} counting from publication")
        else:
            cand.confidence += cfg.dated_long_after
            cand.evidence.append(f"dated {_d(dated)}, more than a year after the report was "
                                 f"published ({_d(published)})")


def _score_force(record: Record, report: Report, cfg: LinkConfig, cand: Candidate) -> None:
    """Whether the letter's force is among the forces in the report's scope."""
    force = record.force.name
    if not force or not report.forces:
        return
    if force in report.forces:
        cand.confidence += cfg.force_in_scope
        cand.evidence.append(f"{force} is in the report's scope")
    else:
        cand.confidence += cfg.force_out_of_scope
        cand.evidence.append(f"{force} is not among the forces in the report's scope")


def candidates(record: Record, catalogue: Catalogue, cfg: LinkConfig = LinkConfig()) -> list[Candidate]:
    """Every catalogued report scored for ``record``, best first."""
    view = _LetterView(record, cfg)
    scored = [score_report(record, report, cfg, view) for report in catalogue.reports()]
    return sorted(scored, key=lambda c: (-c.confidence, -c.title_similarity, c.report_id))


def link(record: Record, catalogue: Catalogue, report_id: str | None = None,
         cfg: LinkConfig = LinkConfig()) -> Link:
    """The report ``record`` answers; ``report_id`` overrides (unknown ids list near matches)."""
    ranked = candidates(record, catalogue, cfg) if report_id is None or report_id in catalogue else []
    if report_id is not None:
        report = catalogue.get(report_id)
        evidence = [f"report given by the user: {report.id}"]
        other = next((c for c in ranked if c.report_id != report.id), None)
        if other and other.confidence >= cfg.threshold and other.confidence > _confidence(ranked, report.id):
            evidence.append(f"note: the letter looks more like a response to {other.report_id!r} "
                            f"(confidence {other.confidence:.2f}): {'; '.join(other.evidence)}")
        return Link(report_id=report.id, confidence=1.0, method="given", evidence=evidence)
    if not ranked:
        return Link(evidence=["the catalogue has no reports: add one with `answerable reports add`"])
    best = ranked[0]
    if best.confidence < cfg.threshold:
        return Link(confidence=best.confidence, method="none",
                    evidence=[*_uncatalogued(record, ranked, cfg), *_rejections(ranked, cfg),
                              "name the report with --report ID"])
    method = best.method if best.method in ("title", "title_and_date", "date") else "title"
    return Link(report_id=best.report_id, confidence=best.confidence, method=method,
                evidence=best.evidence, spans=best.spans)


def _uncatalogued(record: Record, ranked: list[Candidate], cfg: LinkConfig) -> list[str]:
    """What to do when the letter names a report whose title no catalogued report has."""
    if not record.report.title or max(c.title_similarity for c in ranked) >= cfg.title_floor:
        return []
    when = f", published {_d(record.report.published)}," if record.report.published else ""
    return [f"the letter answers {record.report.title!r}{when} which matches no catalogued report: "
            "add it with `answerable reports add report.pdf`"]


def _confidence(ranked: list[Candidate], report_id: str) -> float:
    return next((c.confidence for c in ranked if c.report_id == report_id), 0.0)


def _rejections(ranked: list[Candidate], cfg: LinkConfig) -> list[str]:
    """Why the best candidate, and the best by title if another, were not linked."""
    shown = [ranked[0]]
    by_title = max(ranked, key=lambda c: c.title_similarity)
    if by_title is not ranked[0] and by_title.title_similarity >= cfg.title_floor:
        shown.append(by_title)
    return [f"{c.report_id!r} scored {c.confidence:.2f}, below {cfg.threshold:.2f}: " + "; ".join(c.evidence)
            for c in shown]
