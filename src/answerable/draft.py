"""A response skeleton that answers every recommendation (`answerable draft`).

The skeleton has the due date, each recommendation the local policing body must answer quoted
with a slot for the action or the reason for none, and the statutory sentences (chief
officer's comments invited, copies to the Home Secretary and HMICFRS, will be published).
Wording is data: the ``draft`` section of ``answerable/data/s55.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from answerable.audit import Rules, due_date, load_rules
from answerable.catalogue import canonical_force, local_recommendations
from answerable.errors import ForceNotInScopeError, InputError
from answerable.models import Recommendation, Report

_KIND_LABEL = {"recommendation": "Recommendation", "area_for_improvement": "Area for improvement",
               "cause_of_concern": "Cause of concern"}


@dataclass(frozen=True)
class Skeleton:
    """The parts of a draft, shared by the Markdown and DOCX writers."""

    title: str
    to: str
    intro: list[str]
    chief_officer_heading: str
    chief_officer_slot: str
    recommendations: list[tuple[str, Recommendation]]
    others: list[tuple[str, Recommendation]]
    slot: str
    statutory: list[str]
    closing: list[str]
    note: str | None


def resolve_force(report: Report, force: str) -> str:
    """The canonical force name in ``report``'s scope that ``force`` names ("Dorset Police" -> "Dorset")."""
    wanted = force.strip()
    if not report.forces:
        return wanted
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
    """Everything the draft says, for ``force`` answering ``report``."""
    rules = rules or load_rules()
    cfg = rules.data["draft"]
    force = resolve_force(report, force)
    body = cfg["body_titles"].get(force, f"{cfg['default_body_title']} for {force}")
    chief = cfg["chief_officers"].get(force, cfg["default_chief_officer"])
    due = due_date(report.published, rules.period) if report.published else None
    due_text = f"{due:%-d %B %Y}" if due else "[the due date: 56 days from publication, day 1 the publication day]"
    published = f"{report.published:%-d %B %Y}" if report.published else "[publication date]"
    fields = {"force": force, "report_title": report.title, "published": published,
              "due": due_text, "chief_officer": chief, "body_title": body}
    kinds = set(rules.list("answer_kinds"))
    recs = [r for r in local_recommendations(report, rules.list("local_addressees")) if r.kind in kinds]
    others = [r for r in report.recommendations if r not in recs]
    return Skeleton(
        title=f"Response of the {body} to the {report.publisher} report \"{report.title}\"",
        to="To: the Home Secretary; HM Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)",
        intro=["Date: [date of publication of this response]",
               f"Report published: {published}. This response is due by {due_text} "
               f"(day {rules.period}; section 55 of the Police Act 1996).",
               f"I welcome the opportunity to respond to the report \"{report.title}\", "
               f"published on {published}. [Summary of the report's findings for {force}.]"],
        chief_officer_heading=f"Comments of the {chief}",
        chief_officer_slot=f"[Insert the {chief}'s comments, or say where they are published, and "
                           "your response to them]",
        recommendations=[(_label(r), r) for r in recs],
        others=[(_label(r), r) for r in others],
        slot=cfg["slot"],
        statutory=[cfg["statutory"][k].format(**fields) for k in ("chief_officer", "copies", "publication")],
        closing=["Yours sincerely", "[Name]", body],
        note=_note(report),
    )


OTHERS_HEADING = "Recommendations to other bodies, and areas for improvement"
OTHERS_NOTE = ("Section 55 does not require an answer to these; comment on them where the force or "
               "the commissioner has a part to play, or delete this section.")


def _to(rec: Recommendation) -> str:
    return f" (to {', '.join(rec.addressees)})" if rec.addressees else ""


def _label(rec: Recommendation) -> str:
    return f"{_KIND_LABEL.get(rec.kind, 'Recommendation')} {rec.number or rec.id}"


def _note(report: Report) -> str | None:
    if not report.recommendations_known:
        return (f"[The catalogue has no recommendation texts for this report. Add them with "
                f"`answerable reports add report.pdf --id {report.id}` and draft again, or answer "
                "each recommendation of the report here: the action taken or proposed, or why none.]")
    if not report.recommendations:
        return "[This report makes no recommendations.]"
    return None


def draft_markdown(report: Report, force: str) -> str:
    """The skeleton as Markdown."""
    sk = build_skeleton(report, force)
    out = [f"# {sk.title}", "", sk.to, ""]
    out += [line + "\n" for line in sk.intro]
    out += [f"## {sk.chief_officer_heading}", "", sk.chief_officer_slot, "", "## Recommendations", ""]
    if sk.note:
        out += [sk.note, ""]
    for label, rec in sk.recommendations:
        out += [f"### {label}", "", *(f"> {line}" for line in rec.text.splitlines()), "", sk.slot, ""]
    if sk.others:
        out += [f"## {OTHERS_HEADING}", "", OTHERS_NOTE, ""]
        for label, rec in sk.others:
            out += [f"### {label}{_to(rec)}", "", *(f"> {line}" for line in rec.text.splitlines()), ""]
    out += ["## Statutory matters", ""]
    out += [line + "\n" for line in sk.statutory]
    out += [line + "\n" for line in sk.closing]
    return "\n".join(out).rstrip() + "\n"


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
    doc.add_heading("Recommendations", level=2)
    if sk.note:
        doc.add_paragraph(sk.note)
    for label, rec in sk.recommendations:
        doc.add_heading(label, level=3)
        doc.add_paragraph(rec.text, style="Quote")
        doc.add_paragraph(sk.slot)
    if sk.others:
        doc.add_heading(OTHERS_HEADING, level=2)
        doc.add_paragraph(OTHERS_NOTE)
        for label, rec in sk.others:
            doc.add_heading(label + _to(rec), level=3)
            doc.add_paragraph(rec.text, style="Quote")
    doc.add_heading("Statutory matters", level=2)
    for line in [*sk.statutory, *sk.closing]:
        doc.add_paragraph(line)
    path = Path(path)
    try:
        doc.save(str(path))
    except OSError as exc:
        raise InputError(f"cannot write the draft: {exc.strerror}; choose another --out file",
                         path=str(path)) from None
    return path
