"""Provisional reports in the store: a response no catalogued report fits is placed with the
provisional report the responses before it made (or starts one), at ingest, in the writing
process, so responses from several forces to one uncatalogued report land on one report id
and ``compare`` lists who answered it and who has not. Settling them (confirm, merge, rename)
is :func:`confirm`, :func:`merge` and :func:`rename`.

Provisional reports are rows of ``reports`` with origin ``provisional`` (the whole
:class:`~answerable.models.Report` in ``data``, ``provisional: true``).
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Engine

from answerable.errors import UnknownReportError
from answerable.models import Record, Report
from answerable.provisional import provisional_link
from answerable.store import schema

ORIGIN = "provisional"


def provisional_reports(conn: Connection) -> list[Report]:
    """Every provisional report in the store, its ``sources`` the paths of the responses on it."""
    table, resp = schema.reports, schema.responses
    rows = conn.execute(select(table.c.data).where(table.c.origin == ORIGIN).order_by(table.c.id)).scalars()
    reports = [Report.model_validate(data) for data in rows]
    paths: dict[str, list[str]] = {}
    for report_id, path in conn.execute(select(resp.c.report_id, resp.c.path)
                                        .where(resp.c.report_id.in_([r.id for r in reports])).order_by(resp.c.id)):
        paths.setdefault(report_id, []).append(path)
    return [r.model_copy(update={"sources": paths.get(r.id, r.sources)}) for r in reports]


class Known:
    """The provisional reports and report ids of the store, read once per ingest run and kept
    up to date by :func:`place` (reading them for every response would cost more than placing it)."""

    def __init__(self) -> None:
        self.reports: list[Report] | None = None
        self.taken: set[str] = set()

    def load(self, conn: Connection) -> None:
        if self.reports is None:
            self.reports = provisional_reports(conn)
            self.taken = set(conn.execute(select(schema.reports.c.id)).scalars())


def place(conn: Connection, payload: dict, write_report, known: Known | None = None) -> dict:
    """``payload`` (a response not linked to the catalogue) placed with a provisional report,
    its audit redone against that report; unchanged when it is linked or names no report."""
    audit = payload["audit"]
    if payload.get("kind") != "response" or audit.get("link", {}).get("report_id") or \
            audit.get("report", {}).get("id"):
        return payload
    from answerable.provisional import assign

    record = Record.model_validate({**payload["record"], "text": payload["text"]})
    known = known or Known()
    known.load(conn)
    assert known.reports is not None
    report, new = assign(record, known.reports, known.taken)
    if report is None:
        return payload
    before = next((r for r in known.reports if r.id == report.id), None)
    if new or before is None or (report.published, report.forces) != (before.published, before.forces):
        # written when new or when its facts change (its sources are read from its responses)
        stored = conn.execute(select(schema.reports.c.data).where(schema.reports.c.id == report.id)).scalar()
        if stored is not None:  # keep what was added since it was read (quoted recommendations)
            report = report.model_copy(update={"recommendations": Report.model_validate(stored).recommendations})
        write_report(conn, report.model_dump(mode="json"), origin=ORIGIN)
    known.reports = [r for r in known.reports if r.id != report.id] + [report]
    known.taken.add(report.id)
    return {**payload, "audit": _relinked(audit, record, report)}


def _relinked(audit: dict, record: Record, report: Report) -> dict:
    """The worker's audit of an unlinked response, linked to ``report`` (a provisional report:
    no recommendation texts): its link, report, deadline and recommendations finding redone, the
    other findings kept (they do not depend on the report), so the writer stays quick."""
    from answerable.audit import deadline_finding, load_rules, recommendation_findings
    from answerable.models import AuditReportRef

    rules = load_rules()
    deadline, first = deadline_finding(record, report, rules)
    recs = recommendation_findings(record, report, [], rules)
    kept = [f for f in audit.get("findings", []) if f["requirement"] not in ("deadline", "recommendations")]
    dump = lambda items: [f.model_dump(mode="json") for f in items]  # noqa: E731
    return {**audit, "link": provisional_link(report).model_dump(mode="json"),
            "report": AuditReportRef(id=report.id, title=report.title, published=report.published).model_dump(mode="json"),
            "deadline": deadline.model_dump(mode="json"), "findings": [*dump([first]), *dump(recs), *kept],
            "recommendations": []}


def _get(conn: Connection, report_id: str) -> Report:
    table = schema.reports
    data = conn.execute(select(table.c.data).where(table.c.id == report_id)).scalar()
    if data is None:
        raise UnknownReportError(report_id, [])
    return Report.model_validate(data)


def _move(conn: Connection, old: str, new: Report) -> None:
    """Point every response (and its commitments) at ``new`` instead of ``old``, their audits
    redone against it (deadline, recommendations)."""
    resp, docs = schema.responses, schema.documents
    rows = conn.execute(select(resp.c.id, resp.c.record, docs.c.text)
                        .join(docs, docs.c.id == resp.c.document_id).where(resp.c.report_id == old)).all()
    for row in rows:
        _reaudit(conn, row.id, Record.model_validate({**row.record, "text": row.text}), new)
    conn.execute(update(schema.commitments).where(schema.commitments.c.report_id == old).values(report_id=new.id))


_ANSWERED = {"action_taken", "action_proposed", "no_action_explained"}


def _reaudit(conn: Connection, response_id: int, record: Record, report: Report) -> None:
    from sqlalchemy import delete, insert

    from answerable.audit import audit_record
    from answerable.models import Link

    link = Link(report_id=report.id, confidence=1.0, method="given",
                evidence=[f"moved to {report.id!r} by `answerable reports merge|rename`"])
    result = audit_record(record, report, link)
    data = result.model_dump(mode="json", exclude={"record"})
    d = result.deadline
    conn.execute(update(schema.responses).where(schema.responses.c.id == response_id).values(
        report_id=report.id, report_title=report.title, deadline_due=d.due, day=d.day,
        deadline_status=d.status, recs_answered=sum(v.verdict in _ANSWERED for v in result.recommendations),
        recs_total=len(result.recommendations), audit_failed=result.failed, audit=data))
    for table in (schema.findings, schema.matches):
        conn.execute(delete(table).where(table.c.response_id == response_id))
    if result.findings:
        conn.execute(insert(schema.findings), [
            dict(response_id=response_id, requirement=f.requirement, status=f.status, message=f.message,
                 recommendation_id=f.recommendation_id, evidence=[list(e) for e in f.evidence])
            for f in result.findings])
    if result.recommendations:
        conn.execute(insert(schema.matches), [
            dict(response_id=response_id, rec_id=v.id, verdict=v.verdict, score=v.score,
                 evidence=[list(e) for e in v.evidence]) for v in result.recommendations])


def confirm(engine: Engine, report_id: str, write_report) -> Report:
    """Keep a provisional report as a report of the store (no longer provisional)."""
    with engine.begin() as conn:
        report = _get(conn, report_id).model_copy(update={"provisional": False})
        write_report(conn, report.model_dump(mode="json"), origin="confirmed")
    return report


def rename(engine: Engine, report_id: str, new_id: str | None, title: str | None, write_report) -> Report:
    """Give a provisional report another id and/or title (its responses follow)."""
    from answerable.catalogue import SLUG
    from answerable.errors import CatalogueError

    if new_id is not None and not SLUG.match(new_id):
        raise CatalogueError(f"{new_id!r} is not a slug: use lower-case letters, digits and hyphens")
    with engine.begin() as conn:
        report = _get(conn, report_id)
        target = new_id or report.id
        if target != report.id and conn.execute(select(schema.reports.c.id).where(schema.reports.c.id == target)).first():
            raise CatalogueError(f"the id {target!r} is taken: merge the reports instead "
                                 f"(`answerable reports merge {report.id} {target}`)")
        renamed = report.model_copy(update={"id": target, "title": title or report.title})
        origin = conn.execute(select(schema.reports.c.origin).where(schema.reports.c.id == report.id)).scalar()
        conn.execute(schema.reports.delete().where(schema.reports.c.id == report.id))
        write_report(conn, renamed.model_dump(mode="json"), origin=origin or ORIGIN)
        _move(conn, report.id, renamed)
    return renamed


def merge(engine: Engine, report_id: str, into: str, write_report, catalogue=None) -> Report:
    """Merge a provisional report into another report (catalogued, imported or provisional):
    its responses answer that one from now on, and it is removed."""
    with engine.begin() as conn:
        source = _get(conn, report_id)
        table = schema.reports
        data = conn.execute(select(table.c.data).where(table.c.id == into)).scalar()
        if data is None:
            if catalogue is None:
                from answerable.catalogue import load_catalogue

                catalogue = load_catalogue()
            target = catalogue.get(into)  # UnknownReportError lists near matches
            write_report(conn, target.model_dump(mode="json"), origin="catalogue")
        else:
            target = Report.model_validate(data)
            if target.provisional:
                sources = list(dict.fromkeys([*target.sources, *source.sources]))
                target = target.model_copy(update={"sources": sources})
                write_report(conn, target.model_dump(mode="json"), origin=ORIGIN)
        _move(conn, source.id, target)
        conn.execute(table.delete().where(table.c.id == source.id))
    return target
