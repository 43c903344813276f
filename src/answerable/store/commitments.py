"""The commitments register: every extracted ``commitment`` statement becomes a trackable row
(open / in_progress / done / dropped) with a target date and a history of every change.

A commitment's ``key`` (force | report | normalised words, or the source path when force or
report is unknown) keeps its status and history when the letter is re-extracted or edited.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from typing import Optional

from sqlalchemy import and_, delete, exists, func, insert, not_, select, update
from sqlalchemy.engine import Connection, Engine

from answerable import errors
from answerable.store.db import id_fits, writer
from answerable.store import schema
from answerable.store.types import COMMITMENT_STATUSES, Commitment, CommitmentChange

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TARGET = re.compile(
    rf"\b(?:by|before|until|no later than)\s+(?:the\s+end\s+of\s+)?"
    rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?:(?P<month>{_MONTH})\.?\s+)?(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def parse_target_date(text: str) -> Optional[dt.date]:
    """The date a commitment names: "by March 2021" -> 31 March 2021, "by 5 May 2021",
    "by the end of 2021" -> 31 December 2021; None when it names none."""
    found = _TARGET.search(text)
    if not found:
        return None
    year = int(found["year"])
    month = _MONTHS[found["month"].lower()] if found["month"] else 12
    last = calendar.monthrange(year, month)[1]
    day = int(found["day"]) if found["day"] and found["month"] else last
    return dt.date(year, month, min(day, last))


def commitment_key(text: str, force: str | None, report_id: str | None, path: str | None) -> str:
    words = " ".join(re.findall(r"\w+", text.lower()))
    owner = f"{force}|{report_id}" if force and report_id else f"path:{path}"
    return hashlib.sha1(f"{owner}|{words}".encode()).hexdigest()


def upsert_many(conn: Connection, items: list[dict]) -> None:
    """Add commitments, or re-attach existing ones (same key) to this response, in one
    INSERT … ON CONFLICT (key) DO UPDATE: status, history and a set target date are kept.

    Each item: response_id, statement_id, text, span, force, report_id, path, now."""
    if not items:
        return
    table = schema.commitments
    rows = {}
    for item in items:
        key = commitment_key(item["text"], item["force"], item["report_id"], item["path"])
        rows[key] = dict(key=key, response_id=item["response_id"], statement_id=item["statement_id"],
                         text=item["text"], start=item["span"][0], end=item["span"][1], force=item["force"],
                         report_id=item["report_id"], status="open", target_date=parse_target_date(item["text"]),
                         created_at=item["now"], updated_at=item["now"])
    dialect = conn.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert_insert
    statement = upsert_insert(table)
    new = statement.excluded
    conn.execute(statement.on_conflict_do_update(index_elements=[table.c.key], set_={
        "response_id": new.response_id, "statement_id": new.statement_id, "text": new.text,
        "start": new.start, "end": new.end, "force": new.force, "report_id": new.report_id,
        "updated_at": new.updated_at, "target_date": func.coalesce(table.c.target_date, new.target_date),
    }), list(rows.values()))


def drop_orphans(conn: Connection) -> None:
    """Forget commitments whose letter is gone and that nobody has touched."""
    table, hist = schema.commitments, schema.commitment_history
    touched = exists().where(hist.c.commitment_id == table.c.id)
    conn.execute(delete(table).where(and_(table.c.response_id.is_(None), table.c.status == "open",
                                          not_(touched))))


def _check_status(status: str) -> str:
    value = status.strip().lower().replace("-", "_").replace(" ", "_")
    if value not in COMMITMENT_STATUSES:
        raise errors.QueryError(
            f"{status!r} is not a commitment status: use one of {', '.join(COMMITMENT_STATUSES)}"
        )
    return value


def _filtered(query, *, overdue: bool, force: str | None, status: str | None, report: str | None,
              today: dt.date):
    table = schema.commitments
    if force:
        query = query.where(func.lower(table.c.force) == force.lower())
    if report:
        query = query.where(table.c.report_id == report)
    if status:
        query = query.where(table.c.status == _check_status(status))
    if overdue:
        query = query.where(table.c.target_date < today,
                            table.c.status.not_in(("done", "dropped")))
    return query


def list_commitments(engine: Engine, *, overdue: bool = False, force: str | None = None,
                     status: str | None = None, report: str | None = None,
                     today: dt.date | None = None, history: bool = False,
                     limit: int | None = None, offset: int = 0) -> list[Commitment]:
    """Commitments, oldest first; ``overdue`` = target date before today and not done/dropped.
    ``limit``/``offset`` page through them (all when ``limit`` is None)."""
    table = schema.commitments
    today = today or dt.date.today()
    query = _filtered(select(table).order_by(table.c.id), overdue=overdue, force=force, status=status,
                      report=report, today=today)
    if limit is not None:
        query = query.limit(max(1, limit)).offset(max(0, offset))
    elif offset:
        query = query.offset(offset)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        changes = _history(conn, [r.id for r in rows]) if history else {}
    return [_commitment(r, today, changes.get(r.id, [])) for r in rows]


def count_commitments(engine: Engine, *, overdue: bool = False, force: str | None = None,
                      status: str | None = None, report: str | None = None,
                      today: dt.date | None = None) -> int:
    """How many commitments :func:`list_commitments` would list without a limit."""
    query = _filtered(select(func.count()).select_from(schema.commitments), overdue=overdue, force=force,
                      status=status, report=report, today=today or dt.date.today())
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def _history(conn: Connection, ids: list[int]) -> dict[int, list[CommitmentChange]]:
    hist = schema.commitment_history
    out: dict[int, list[CommitmentChange]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        query = select(hist).where(hist.c.commitment_id.in_(chunk)).order_by(hist.c.id)
        for row in conn.execute(query):
            out.setdefault(row.commitment_id, []).append(CommitmentChange(
                at=row.at, who=row.who, note=row.note, old_status=row.old_status,
                new_status=row.new_status, old_target_date=row.old_target_date,
                new_target_date=row.new_target_date))
    return out


def _commitment(row, today: dt.date, history: list[CommitmentChange]) -> Commitment:
    span = (row.start, row.end) if row.start is not None else None
    overdue = bool(row.target_date and row.target_date < today and row.status not in ("done", "dropped"))
    return Commitment(id=row.id, response_id=row.response_id, force=row.force, report_id=row.report_id,
                      text=row.text, span=span, status=row.status, target_date=row.target_date,
                      overdue=overdue, created_at=row.created_at, updated_at=row.updated_at,
                      history=history)


def _missing(commitment_id: int) -> errors.NotFoundError:
    return errors.NotFoundError(
        f"no commitment with id {commitment_id}: run `answerable commitments` to list them")


def get_commitment(engine: Engine, commitment_id: int) -> Commitment:
    table = schema.commitments
    if not id_fits(engine, commitment_id):
        raise _missing(commitment_id)
    with engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.id == commitment_id)).first()
        if row is None:
            raise errors.NotFoundError(
                f"no commitment with id {commitment_id}: run `answerable commitments` to list them"
            )
        changes = _history(conn, [commitment_id]).get(commitment_id, [])
    return _commitment(row, dt.date.today(), changes)


def set_commitment(engine: Engine, commitment_id: int, status: str, *, note: str | None = None,
                   who: str | None = None, target_date: dt.date | None = None) -> Commitment:
    """Change a commitment's status (and optionally its target date), recording the change."""
    new_status = _check_status(status)
    if not id_fits(engine, commitment_id):
        raise _missing(commitment_id)
    if any("\x00" in (value or "") for value in (note, who)):
        raise errors.QueryError("the note or name holds a NUL character (\\x00), which cannot be "
                                "stored: remove it and try again", detail={"field": "note"})
    table, hist = schema.commitments, schema.commitment_history
    now = dt.datetime.now(dt.timezone.utc)
    with writer(engine).begin() as conn:
        row = conn.execute(select(table).where(table.c.id == commitment_id)).first()
        if row is None:
            raise errors.NotFoundError(
                f"no commitment with id {commitment_id}: run `answerable commitments` to list them"
            )
        new_target = target_date if target_date is not None else row.target_date
        conn.execute(update(table).where(table.c.id == commitment_id)
                     .values(status=new_status, target_date=new_target, updated_at=now))
        conn.execute(insert(hist).values(
            commitment_id=commitment_id, at=now, who=who, note=note, old_status=row.status,
            new_status=new_status, old_target_date=row.target_date, new_target_date=new_target))
    return get_commitment(engine, commitment_id)
