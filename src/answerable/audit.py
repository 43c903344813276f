"""Audit a response against section 55 of the Police Act 1996.

:func:`audit` links the response to its report (or takes ``report_id``), then checks, in this
order: ``deadline``, ``recommendations`` (one finding per recommendation the local policing
body must answer), ``chief_officer_comments``, ``addressees``, ``publication`` and
``author_role``. Requirement names, statutory references, messages and cue phrases are data:
``answerable/data/s55.yaml``. The matcher (and its model) is loaded only when the report has
recommendation texts to match.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from answerable.catalogue import Catalogue, load_catalogue, load_yaml, local_recommendations
from answerable.errors import ConfigError, ModelLoadError
from answerable.link import link as link_record
from answerable.quoted import quoted_only, with_quotes
from answerable.models import (Audit, AuditReportRef, Deadline, Finding, Link, Recommendation,
                               Record, Report, Span, Verdict)

Source = Union[Record, Path, str]
_FLAGS = re.IGNORECASE | re.MULTILINE


@dataclass(frozen=True)
class Rules:
    """The section 55 rules read from ``data/s55.yaml``."""

    data: dict[str, Any]

    @property
    def period(self) -> int:
        """Days allowed, counting the publication day as day 1 (56)."""
        return int(self.data["period_days"])

    def message(self, requirement: str, key: str, **fields: Any) -> str:
        """The message ``key`` of ``requirement``, filled with ``fields``."""
        return self.data["requirements"][requirement]["messages"][key].format(**fields)

    def patterns(self, name: str) -> list[re.Pattern[str]]:
        """The compiled patterns listed under ``name``."""
        return [re.compile(p, _FLAGS) for p in self.data.get(name, [])]

    def named_patterns(self, name: str) -> dict[str, list[re.Pattern[str]]]:
        """The compiled patterns of each entry of the mapping ``name``."""
        return {k: [re.compile(p, _FLAGS) for p in v] for k, v in self.data.get(name, {}).items()}

    def list(self, name: str) -> list[str]:
        """The list of strings under ``name`` (empty when absent)."""
        return list(self.data.get(name, []))


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The bundled ``s55.yaml`` (read once per process)."""
    text = (resources.files("answerable") / "data" / "s55.yaml").read_text(encoding="utf-8")
    return Rules(load_yaml(text))


# --- deadline ------------------------------------------------------------------------------
def due_date(published: dt.date, period: int = 56) -> dt.date:
    """Last day of the period beginning with the publication day (day 1)."""
    return published + dt.timedelta(days=period - 1)


def compute_deadline(response_date: Optional[dt.date], report: Optional[Report],
                     rules: Rules) -> tuple[Deadline, str]:
    """The :class:`Deadline` and its human message."""
    if report is None:
        reason = rules.message("deadline", "not_linked")
        return Deadline(response_date=response_date, reason=reason), reason
    if report.published is None:
        reason = rules.message("deadline", "no_published")
        return Deadline(response_date=response_date, reason=reason), reason
    due = due_date(report.published, rules.period)
    if response_date is None:
        reason = rules.message("deadline", "no_date", due=due.isoformat())
        return Deadline(due=due, reason=reason), reason
    if response_date < report.published:
        reason = rules.message("deadline", "before_published", due=due.isoformat(),
                               date=response_date.isoformat(), published=report.published.isoformat())
        return Deadline(due=due, response_date=response_date, reason=reason), reason
    day = (response_date - report.published).days + 1
    status = "on_time" if response_date <= due else "late"
    msg = rules.message("deadline", status, due=due.isoformat(), date=response_date.isoformat(),
                        day=day, period=rules.period, published=report.published.isoformat(),
                        late_by=(response_date - due).days)
    return Deadline(due=due, response_date=response_date, day=day, status=status, reason=msg), msg


def deadline_finding(record: Record, report: Optional[Report], rules: Rules) -> tuple[Deadline, Finding]:
    """The deadline and its finding: pass on time, fail late, unknown with the reason."""
    deadline, msg = compute_deadline(record.date.value, report, rules)
    if report is None and record.report.published:
        msg += _letter_says(record, rules)
        deadline = deadline.model_copy(update={"reason": msg})
    status = {"on_time": "pass", "late": "fail"}.get(deadline.status, "unknown")
    evidence = [record.date.span] if record.date.span and record.date.value else []
    return deadline, Finding(requirement="deadline", status=status, message=msg, evidence=evidence)


def _letter_says(record: Record, rules: Rules) -> str:
    """For an unlinked letter: the due date from the publication date the letter itself states."""
    published = record.report.published
    due = due_date(published, rules.period)
    dated = ""
    if record.date.value and record.date.value >= published:
        dated = f", and it is dated {record.date.value.isoformat()}, day {(record.date.value - published).days + 1}"
    return rules.message("deadline", "letter_says", published=published.isoformat(), due=due.isoformat(),
                         dated=dated)


# --- recommendations -----------------------------------------------------------------------
def _quote(text: str, spans: Iterable[Span], limit: int = 240) -> str:
    for start, end in spans:
        words = " ".join(text[start:end].split())
        if words:
            return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
    return ""


def placeholders(text: str, rules: Rules) -> list[Span]:
    """Spans of unfilled draft placeholders ("[State the action taken ...]") in ``text``."""
    pattern = rules.data.get("placeholder_pattern")
    return [m.span() for m in re.finditer(pattern, text)] if pattern else []


def mask_slots(record: Record, rules: Rules) -> Record:
    """The record with unfilled placeholders blanked (same length) and their statements dropped."""
    blanked = placeholders(record.text, rules)
    if not blanked:
        return record
    chars = list(record.text)
    for start, end in blanked:
        chars[start:end] = " " * (end - start)
    kept = [s for s in record.statements
            if not any(s.span[0] < end and start < s.span[1] for start, end in blanked)]
    return record.model_copy(update={"text": "".join(chars), "statements": kept})


def placeholder_findings(record: Record, rules: Rules) -> list[Finding]:
    """One failing finding when a draft still has placeholders; none otherwise."""
    spans = placeholders(record.text, rules)
    if not spans:
        return []
    examples = ", ".join(f'"{record.text[s:e]}"' for s, e in spans[:2])
    return [Finding(requirement="placeholders", status="fail", evidence=spans,
                    message=rules.message("placeholders", "fail", count=len(spans), examples=examples))]


def match_recommendations(record: Record, report: Report) -> tuple[list[Verdict], Optional[str]]:
    """Verdicts from the matcher for a report whose recommendation texts are known, or why the
    matcher could not run (its model or configuration cannot be loaded)."""
    if not report.recommendations:
        return [], None
    try:
        from answerable.match import match  # loads the sentence model only when needed

        return match(record, report), None
    except (ModelLoadError, ConfigError) as exc:
        return [], str(exc)


def must_answer(report: Report, rules: Rules | None = None) -> list[Recommendation]:
    """The recommendations of ``report`` the force's local policing body must answer
    (s.55(5B)): recommendations (not areas for improvement nor causes of concern) addressed to
    no one or to forces or their bodies (``local_addressees`` in s55.yaml)."""
    rules = rules or load_rules()
    kinds = set(rules.list("answer_kinds"))
    return [r for r in local_recommendations(report, rules.list("local_addressees")) if r.kind in kinds]


def recommendation_findings(record: Record, report: Optional[Report], verdicts: list[Verdict],
                            rules: Rules, unavailable: Optional[str] = None) -> list[Finding]:
    """One finding per recommendation to answer, or one ``unknown`` finding saying why not."""
    if report is None:
        return [Finding(requirement="recommendations", status="unknown",
                        message=rules.message("recommendations", "not_linked"))]
    if unavailable:
        return [Finding(requirement="recommendations", status="unknown",
                        message=rules.message("recommendations", "no_matcher", error=unavailable))]
    partial: list[Finding] = []
    if not report.recommendations_known and quoted_only(report):
        partial = [Finding(requirement="recommendations", status="unknown",
                           message=rules.message("recommendations", "quoted_only", title=report.title,
                                                 id=report.id, count=sum(r.kind == "recommendation" for r in report.recommendations)))]
    elif not report.recommendations_known:
        return [Finding(requirement="recommendations", status="unknown",
                        message=rules.message("recommendations", "unknown_texts",
                                              title=report.title, id=report.id))]
    kinds = set(rules.list("answer_kinds"))
    due = must_answer(report, rules)
    if not due:
        total = sum(1 for r in report.recommendations if r.kind in kinds)
        return [Finding(requirement="recommendations", status="pass",
                        message=rules.message("recommendations", "none_local", title=report.title, total=total)), *partial]
    by_id = {v.id: v for v in verdicts}
    return [*partial, *(_recommendation_finding(rec, by_id.get(rec.id), record, rules) for rec in due)]


def _recommendation_finding(rec: Recommendation, verdict: Optional[Verdict], record: Record,
                            rules: Rules) -> Finding:
    """Pass when the verdict answers the recommendation (``answering_verdicts``), else fail."""
    value = verdict.verdict if verdict else "not_addressed"
    spans = list(verdict.evidence) if verdict else []
    status = "pass" if value in rules.list("answering_verdicts") else "fail"
    quote = _quote(record.text, spans)
    messages = rules.data["requirements"]["recommendations"]["messages"]
    key = f"{value}_unquoted" if not quote and f"{value}_unquoted" in messages else value
    msg = rules.message("recommendations", key, id=rec.id, number=rec.number or rec.id,
                        text=rec.text, verdict=value, quote=quote)
    return Finding(requirement="recommendations", status=status, message=msg, evidence=spans,
                   recommendation_id=rec.id)


# --- text evidence checks ------------------------------------------------------------------
def _first(patterns: Iterable[re.Pattern[str]], text: str) -> Optional[re.Match[str]]:
    found = [m for m in (p.search(text) for p in patterns) if m]
    return min(found, key=lambda m: m.start()) if found else None


def _sentence(text: str, start: int, end: int) -> Span:
    """The sentence (or line) around ``start:end``."""
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    stops = [i + 1 for i in (text.find(". ", end),) if i != -1] + \
        [i for i in (text.find("\n", end),) if i != -1]
    right = min(stops) if stops else len(text)
    return left, min(right, len(text))


def _cue_sentence(text: str, patterns: list[re.Pattern[str]],
                  subject: Optional[re.Pattern[str]]) -> Optional[Span]:
    """The sentence of the first cue (patterns in their priority order, then by position) whose
    sentence also has ``subject``, when one is given."""
    for pattern in patterns:
        for m in pattern.finditer(text):
            start, end = _sentence(text, m.start(), m.end())
            if subject is None or subject.search(text, start, end):
                return start, end
    return None


def cue_finding(requirement: str, record: Record, pattern_key: str, rules: Rules,
                statement_kind: Optional[str] = None) -> Finding:
    """Pass when a cue phrase (or an extracted statement of ``statement_kind``) is in the letter."""
    subject = rules.data.get(f"{pattern_key}_subject")
    span = _cue_sentence(record.text, rules.patterns(pattern_key),
                         re.compile(subject, _FLAGS) if subject else None)
    if span is None and statement_kind:
        span = next((s.span for s in record.statements if s.kind == statement_kind), None)
    if span is None:
        return Finding(requirement=requirement, status="fail", message=rules.message(requirement, "fail"))
    return Finding(requirement=requirement, status="pass", evidence=[span],
                   message=rules.message(requirement, "pass", quote=_quote(record.text, [span])))


def addressees_finding(record: Record, rules: Rules) -> Finding:
    """Pass when the letter is sent to both the Home Secretary and HMICFRS."""
    patterns = rules.named_patterns("addressee_patterns")
    found: dict[str, Span] = {a.name: a.span for a in record.addressees}
    for name in rules.list("addressee_names"):
        if name not in found:
            match = _first(patterns.get(name, []), record.text)
            if match:
                found[name] = (match.start(), match.end())
    names = rules.list("addressee_names")
    shown = rules.data.get("addressee_display", {})
    have = [n for n in names if n in found]
    missing = [shown.get(n, n) for n in names if n not in found]
    evidence = [found[n] for n in have]
    if missing:
        return Finding(requirement="addressees", status="fail", evidence=evidence,
                       message=rules.message("addressees", "fail", missing=" and ".join(missing)))
    return Finding(requirement="addressees", status="pass", evidence=evidence,
                   message=rules.message("addressees", "pass", found=" and ".join(shown.get(n, n) for n in have)))


def author_role(record: Record, rules: Rules) -> tuple[Optional[str], Optional[Span]]:
    """The author's role: the extractor's, else the last role phrase in the letter."""
    if record.author.role:
        return record.author.role, record.author.role_span or record.author.span
    found = [(m.end(), m.end() - m.start(), role, (m.start(), m.end()))
             for role, patterns in rules.named_patterns("role_patterns").items()
             for pattern in patterns for m in pattern.finditer(record.text)]
    lpb = set(rules.list("local_policing_body_roles"))
    preferred = [f for f in found if f[2] in lpb] or found  # "only a Chief Constable" is the exception
    if not preferred:
        return None, None
    _, _, role, span = max(preferred)
    return role, span


def author_role_finding(record: Record, rules: Rules) -> Finding:
    """Pass when the author is the local policing body, fail when only the chief officer."""
    role, span = author_role(record, rules)
    name = f" ({record.author.name})" if record.author.name else ""
    if role is None:
        return Finding(requirement="author_role", status="unknown",
                       message=rules.message("author_role", "unknown"))
    chief = rules.data.get("chief_officer_roles_by_force", {}).get(
        record.force.name or "", rules.list("chief_officer_roles"))
    lpb = rules.list("local_policing_body_roles")
    status = "fail" if role in chief or role not in lpb else "pass"
    return Finding(requirement="author_role", status=status, evidence=[span] if span else [],
                   message=rules.message("author_role", status, role=role, name=name))


# --- the audit -----------------------------------------------------------------------------
def _as_record(source: Source) -> Record:
    """A record from a Record, a path or letter text (extracting when needed)."""
    if isinstance(source, Record):
        return source
    from answerable.extract import extract

    return extract(source)


def audit_record(record: Record, report: Optional[Report], link: Link, rules: Rules | None = None) -> Audit:
    """Audit an extracted record against an already chosen report (None when not linked)."""
    rules = rules or load_rules()
    deadline, first = deadline_finding(record, report, rules)
    masked = mask_slots(record, rules)
    verdicts, unavailable = match_recommendations(masked, report) if report else ([], None)
    findings = [first, *recommendation_findings(masked, report, verdicts, rules, unavailable),
                cue_finding("chief_officer_comments", masked, "chief_officer_patterns", rules),
                addressees_finding(masked, rules),
                cue_finding("publication", masked, "publication_patterns", rules, "will_publish"),
                author_role_finding(masked, rules), *placeholder_findings(record, rules)]
    ref = AuditReportRef(id=report.id, title=report.title, published=report.published) if report \
        else AuditReportRef()
    return Audit(report=ref, link=link, deadline=deadline, findings=findings,
                 recommendations=verdicts, record=record)


def audit(source: Source, *, report_id: str | None = None, catalogue: Catalogue | None = None) -> Audit:
    """Audit a response (a :class:`Record`, a path or letter text) against section 55."""
    catalogue = catalogue if catalogue is not None else load_catalogue()
    if report_id is not None:
        catalogue.get(report_id)  # an unknown id fails before the letter is read
    record = _as_record(source)
    found = link_record(record, catalogue, report_id)
    report = catalogue.get(found.report_id) if found.report_id else None
    if report is not None and not report.recommendations_known:
        report = with_quotes(report, [record])  # the recommendations the letter quotes
    return audit_record(record, report, found)


# --- output --------------------------------------------------------------------------------
_MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}


def _quotes(text: str, spans: Iterable[Span]) -> list[str]:
    return [q for q in (_quote(text, [s]) for s in spans) if q]


def audit_to_json(result: Audit) -> dict[str, Any]:
    """The JSON shape of ``answerable audit --format json`` (spans plus the words they cover)."""
    text = result.record.text if result.record else ""
    rules = load_rules()
    findings = []
    for f in result.findings:
        req = rules.data["requirements"].get(f.requirement, {})
        findings.append({**f.model_dump(mode="json"), "title": req.get("title"),
                         "statute": req.get("statute"), "quotes": _quotes(text, f.evidence)})
    verdicts = [{**v.model_dump(mode="json"), "quotes": _quotes(text, v.evidence)}
                for v in result.recommendations]
    return {
        "source": result.record.source.path if result.record else None,
        "report": result.report.model_dump(mode="json"),
        "link": result.link.model_dump(mode="json"),
        "deadline": result.deadline.model_dump(mode="json"),
        "findings": findings,
        "recommendations": verdicts,
        "failed": result.failed,
    }


_LINKED = {"given": "given with --report", "title": "by title", "date": "by publication date",
           "title_and_date": "by title and publication date",
           "cues": "by force, kind of inspection, period and dates",
           "provisional": "to a provisional report grouped from the responses that name it"}


def format_checklist(result: Audit) -> str:
    """A checklist a commissioner's office can act on: ✓/✗/? per requirement (one line per
    recommendation to answer), then every recommendation's verdict, score and evidence."""
    rules = load_rules()
    lines = [_heading(result)]
    d = result.deadline
    if d.due:
        day = f"day {d.day} of {rules.period}" if d.day is not None else "no date in the letter"
        lines.append(f"Due {d.due.isoformat()} · {day} · {d.status.replace('_', ' ')}")
    lines.append("")
    for requirement in dict.fromkeys(f.requirement for f in result.findings):
        lines += _requirement_lines(requirement, [f for f in result.findings if f.requirement == requirement], rules)
    lines += _verdict_lines(result)
    counts = {s: sum(1 for f in result.findings if f.status == s) for s in ("fail", "unknown", "pass")}
    lines += ["", f"{counts['fail']} to fix, {counts['unknown']} unknown, {counts['pass']} passed."]
    return "\n".join(lines)


def _requirement_lines(requirement: str, findings: list[Finding], rules: Rules) -> list[str]:
    req = rules.data["requirements"].get(requirement, {})
    statuses = {f.status for f in findings}
    overall = "fail" if "fail" in statuses else "unknown" if "unknown" in statuses else "pass"
    head = f"{_MARK[overall]} {req.get('title', requirement)} [{req.get('statute', '')}]"
    if len(findings) == 1 and findings[0].recommendation_id is None:
        return [head, f"    {findings[0].message}"]
    return [head, *(f"    {_MARK[f.status]} {f.message}" for f in findings)]


def _verdict_lines(result: Audit) -> list[str]:
    if not result.recommendations:
        return []
    text = result.record.text if result.record else ""
    answerable = {f.recommendation_id for f in result.findings if f.recommendation_id}
    lines = ["", "Every recommendation (verdict, score, evidence):"]
    for v in result.recommendations:
        note = "" if v.id in answerable else " (not addressed to the force or its body)"
        quote = _quote(text, v.evidence, limit=120)
        lines.append(f"  {v.id:<6} {v.verdict:<20} {v.score:.2f}{note}" + (f'  "{quote}"' if quote else ""))
    return lines


def _heading(result: Audit) -> str:
    source = result.record.source.path if result.record and result.record.source.path else "the response"
    if not result.report.id:
        why = result.link.evidence[0] if result.link.evidence else "no report matched"
        close = ", ".join(f"{c.report_id} ({c.confidence:.2f})" for c in result.link.candidates)
        return f"Section 55 audit of {source}\nReport: not linked ({why})" + \
            (f"\n  came close: {close}; name one with --report ID" if close else "")
    published = result.report.published.isoformat() if result.report.published else "date unknown"
    how = _LINKED.get(result.link.method, result.link.method)
    notes = "".join(f"\n  {e}" for e in result.link.evidence if e.startswith("note:"))
    return (f"Section 55 audit of {source}\nReport: {result.report.title} [{result.report.id}], "
            f"published {published}\nLinked {how} (confidence {result.link.confidence:.2f}){notes}")


from answerable._callable import callable_module

callable_module(__name__, "audit")
