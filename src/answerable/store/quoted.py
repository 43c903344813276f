"""Recommendations quoted in responses, kept on the report they answer in the store: at ingest,
a response linked to a report whose recommendation texts the catalogue lacks adds what it
quotes ("Recommendation 1: By ..., chief constables should ...") to that report's stored
recommendations, merged with the same recommendation quoted by other forces (see
:mod:`answerable.quoted`); a report with known texts records where its own are quoted."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from answerable.models import Record, Report
from answerable.store import schema


def record_quotes(conn: Connection, payload: dict, write_report) -> None:
    """Add what the response in ``payload`` quotes to its report's stored recommendations."""
    if payload.get("kind") != "response":
        return
    audit = payload["audit"]
    report_id = audit.get("report", {}).get("id") or audit.get("link", {}).get("report_id")
    if not report_id:
        return
    from answerable.quoted import find_quotes, with_quotes

    if not find_quotes(payload["text"]):
        return
    table = schema.reports
    row = conn.execute(select(table.c.data, table.c.origin, table.c.document_id)
                       .where(table.c.id == report_id)).first()
    if row is None:
        return
    report = Report.model_validate(row.data)
    record = Record.model_validate({**payload["record"], "text": payload["text"]})
    updated = with_quotes(report, [record])
    if updated.recommendations != report.recommendations:
        write_report(conn, updated.model_dump(mode="json"), origin=row.origin, document_id=row.document_id)
