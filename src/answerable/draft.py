"""A response skeleton that answers every recommendation (`answerable draft`).

The skeleton has the due date, each recommendation the local policing body must answer quoted
with a slot for the action or the reason for none, and the statutory sentences (chief
officer's comments invited, copies to the Home Secretary and HMICFRS, will be published).
Wording is data: the ``draft`` section of ``answerable/data/s55.yaml``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rapidfuzz import fuzz, process

from answerable.audit import Rules, due_date, load_rules
from answerable.catalogue import canonical_force, local_recommendations
from answerable.errors import ForceNotInScopeError, InputError
from answerable.models import Recommendation, Report


@dataclass(frozen=True)
class Skeleton:
    """The parts of a draft, shared by the Markdown and DOCX writers."""

    title: str
    to: str
    intro: list[str]
    chief_officer_heading: str
    chief_officer_slot: str
    recommendations_heading: str
    recommendations: list[tuple[str, Recommendation]]
    others_heading: str
    others_note: str
    others: list[tuple[str, Recommendation]]
    slot: str
    statutory_heading: str
    statutory: list[str]
    closing: list[str]
    note: str | None


def resolve_force(report: Report, force: str) -> str:
    """The canonical force name in ``report``'s scope that ``force`` names ("Dorset Police" -> "Dorset")."""
    wanted = " ".join(force.split())
    if not report.forces:  # scope not recorded: any force, spelled canonically where known
        return canonical_force(wanted) or wanted
    exact = {f.lower(): f for f in report.forces}
    canonical = canonical_force(wanted) or wanted
    if canonical.lower() in exact:
        return exact[canonical.lower()]
    best = process.extractOne(wanted, report.forces, scorer=fuzz.WRatio, processor=str.lower)
    if best and best[1] >= 88:
        return best[0]
    near = [m[0] for m in process.extract(wanted, report.forces, scorer=fuzz.WRatio,
                                          processor=str.lower, limit=3) if m[1] >= 70]
    hint = f" Did you mean: {', '.join(near)}?" if near else ""
    raise ForceNotInScopeError(f"{force!r} is not among the {len(report.forces)} forces in scope of "
                               f"{report.id!r}.{hint} Give a force name as in `answerable reports show "
                               f"{report.id}`.", detail={"force": force, "suggestions": near})


def build_skeleton(report: Report, force: str, rules: Rules | None = None) -> Skeleton:
    """Everything the draft says, for ``force`` answering ``report`` (wording: s55.yaml ``draft``)."""
    rules = rules or load_rules()
    cfg = rules.data["draft"]
    text = cfg["text"]
    fields = _fields(report, resolve_force(report, force), rules)
    kinds = set(rules.list("answer_kinds"))
    recs = [r for r in local_recommendations(report, rules.list("local_addressees")) if r.kind in kinds]
    label = _labeller(cfg["kind_labels"])
    return Skeleton(
        title=text["title"].format(**fields),
        to=text["to"].format(**fields),
        intro=[line.format(**fields) for line in text["intro"]],
        chief_officer_heading=text["chief_officer_heading"].format(**fields),
        chief_officer_slot=text["chief_officer_slot"].format(**fields),
        recommendations_heading=text["recommendations_heading"],
        recommendations=[(label(r), r) for r in recs],
        others_heading=text["others_heading"],
        others_note=text["others_note"],
        others=[(label(r) + _to(r), r) for r in report.recommendations if r not in recs],
        slot=cfg["slot"],
        statutory_heading=text["statutory_heading"],
        statutory=[cfg["statutory"][k].format(**fields) for k in ("chief_officer", "copies", "publication")],
        closing=[line.format(**fields) for line in text["closing"]],
        note=_note(report, text, fields),
    )


def _fields(report: Report, force: str, rules: Rules) -> dict[str, object]:
    """The values the draft's wording may use."""
    cfg = rules.data["draft"]
    due = due_date(report.published, rules.period) if report.published else None
    return {"force": force, "report_title": report.title, "publisher": report.publisher, "id": report.id,
            "published": _day(report.published) if report.published else cfg["text"]["published_unknown"],
            "due": _day(due) if due else cfg["text"]["due_unknown"], "period": rules.period,
            "chief_officer": cfg["chief_officers"].get(force, cfg["default_chief_officer"]),
            "body_title": cfg["body_titles"].get(force, f"{cfg['default_body_title']} for {force}")}


def _day(date: dt.date) -> str:
    """'8 May 2024'."""
    return f"{date.day} {date:%B %Y}"


def _to(rec: Recommendation) -> str:
    """' (to the Home Office)' for a recommendation with addressees."""
    return f" (to {', '.join(rec.addressees)})" if rec.addressees else ""


def _labeller(labels: dict[str, str]) -> Callable[[Recommendation], str]:
    """A function naming a recommendation as the report does: 'Area for improvement 2'."""
    return lambda rec: f"{labels.get(rec.kind, 'Recommendation')} {rec.number or rec.id}"


def _note(report: Report, text: dict[str, str], fields: dict[str, object]) -> str | None:
    """Why the recommendations section is empty, when it is."""
    if not report.recommendations_known:
        return text["no_texts"].format(**fields)
    if not report.recommendations:
        return text["no_recommendations"]
    return None


def draft_markdown(report: Report, force: str) -> str:
    """The skeleton as Markdown."""
    sk = build_skeleton(report, force)
    out = [f"# {sk.title}", "", sk.to, ""]
    out += [line + "\n" for line in sk.intro]
    out += [f"## {sk.chief_officer_heading}", "", sk.chief_officer_slot, "", f"## {sk.recommendations_heading}", ""]
    if sk.note:
        out += [sk.note, ""]
    for label, rec in sk.recommendations:
        out += [f"### {label}", "", *_quoted(rec), "", sk.slot, ""]
    if sk.others:
        out += [f"## {sk.others_heading}", "", sk.others_note, ""]
        for label, rec in sk.others:
            out += [f"### {label}", "", *_quoted(rec), ""]
    out += [f"## {sk.statutory_heading}", ""]
    out += [line + "\n" for line in [*sk.statutory, *sk.closing]]
    return "\n".join(out).rstrip() + "\n"


def _quoted(rec: Recommendation) -> list[str]:
    """The recommendation's words as a Markdown block quote."""
    return [f"> {line}" for line in rec.text.splitlines()]


def draft_docx(report: Report, force: str, path: Path | str) -> Path:
    """The skeleton as a Word document at ``path``."""
    from docx import Document as WordDocument

    sk = build_skeleton(report, force)
    doc = WordDocument()
    doc.add_heading(sk.title, level=1)
    for line in [sk.to, *sk.intro]:
        doc.add_paragraph(line)
    doc.add_heading(sk.chief_officer_heading, level=2)
    doc.add_paragraph(sk.chief_officer_slot)
    doc.add_heading(sk.recommendations_heading, level=2)
    if sk.note:
        doc.add_paragraph(sk.note)
    for label, rec in sk.recommendations:
        doc.add_heading(label, level=3)
        doc.add_paragraph(rec.text, style="Quote")
        doc.add_paragraph(sk.slot)
    if sk.others:
        doc.add_heading(sk.others_heading, level=2)
        doc.add_paragraph(sk.others_note)
        for label, rec in sk.others:
            doc.add_heading(label, level=3)
            doc.add_paragraph(rec.text, style="Quote")
    doc.add_heading(sk.statutory_heading, level=2)
    for line in [*sk.statutory, *sk.closing]:
        doc.add_paragraph(line)
    path = Path(path)
    try:
        doc.save(str(path))
    except OSError as exc:
        raise InputError(f"cannot write the draft: {exc.strerror}; choose another --out file",
                         path=str(path)) from None
    return path
