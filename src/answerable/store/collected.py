"""The store side of `collect`: every page and document fetched (URL, linking page, HTTP status,
ETag / Last-Modified, content hash, raw bytes, ingest outcome) and each source's last run.

The crawler writes one row per URL as soon as it has the bytes (its own transaction), so a run
killed at any moment keeps everything fetched so far; the documents are then handed to
ingest and marked ``stored`` (or ``failed``) once ingest has written them, so a re-run finds
the ones still pending and ingests them without fetching again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Optional

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Engine

from answerable.store import commitments, schema
from answerable.store.db import writer

C = schema.collected
S = schema.collect_sources


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class Known:
    """What the store holds about a URL from earlier runs (without its bytes)."""
    id: int
    url: str
    kind: str
    sha256: Optional[str]
    etag: Optional[str]
    last_modified: Optional[str]
    format: Optional[str]
    ingest_status: Optional[str]
    has_content: bool


def known(engine: Engine, urls: Optional[Iterable[str]] = None) -> dict[str, Known]:
    query = select(C.c.id, C.c.url, C.c.kind, C.c.sha256, C.c.etag, C.c.last_modified, C.c.format,
                   C.c.ingest_status, C.c.content.is_not(None).label("has_content"))
    if urls is not None:
        query = query.where(C.c.url.in_(list(urls)))
    with engine.connect() as conn:
        return {r.url: Known(**r._mapping) for r in conn.execute(query)}


def content(engine: Engine, url: str) -> Optional[bytes]:
    with engine.connect() as conn:
        value = conn.execute(select(C.c.content).where(C.c.url == url)).scalar()
    return bytes(value) if value is not None else None


def save(engine: Engine, url: str, **values) -> None:
    """Insert or update the row of ``url`` with ``values`` (one transaction)."""
    save_many(engine, {url: values})


def save_many(engine: Engine, rows: dict[str, dict]) -> None:
    """Insert or update many rows in one transaction (rows with the same columns in one
    executemany), so that a crawl of hundreds of URLs costs a handful of statements."""
    if not rows:
        return
    with writer(engine).begin() as conn:
        existing: dict[str, int] = {}
        urls = list(rows)
        for start in range(0, len(urls), 500):
            existing.update(conn.execute(select(C.c.url, C.c.id).where(C.c.url.in_(urls[start:start + 500]))).all())
        inserts: dict[tuple, list[dict]] = {}
        updates: dict[tuple, list[dict]] = {}
        for url, values in rows.items():
            keys = tuple(sorted(values))
            if url in existing:
                updates.setdefault(keys, []).append({"_id": existing[url], **values})
            else:
                inserts.setdefault(keys, []).append({"url": url, **values})
        for keys, params in inserts.items():
            conn.execute(insert(C), params)
        for keys, params in updates.items():
            statement = update(C).where(C.c.id == bindparam("_id")).values({k: bindparam(k) for k in keys})
            conn.execute(statement, params)


def start_source(engine: Engine, source_id: str, name: Optional[str], force: Optional[str]) -> None:
    with writer(engine).begin() as conn:
        values = dict(name=name, force=force, started_at=now(), finished_at=None)
        if conn.execute(select(S.c.id).where(S.c.id == source_id)).scalar() is None:
            conn.execute(insert(S).values(id=source_id, pages=0, documents=0, **values))
        else:
            conn.execute(update(S).where(S.c.id == source_id).values(**values))


def finish_source(engine: Engine, source_id: str, status: str, message: Optional[str],
                  pages: int, documents: int) -> None:
    with writer(engine).begin() as conn:
        conn.execute(update(S).where(S.c.id == source_id).values(
            finished_at=now(), status=status, message=message, pages=pages, documents=documents))


@dataclass
class Pending:
    id: int
    url: str
    format: str
    sha256: str
    content: bytes


def pending(engine: Engine) -> list[Pending]:
    """Documents fetched but not yet through ingest (this run's, or a killed run's)."""
    query = (select(C.c.id, C.c.url, C.c.format, C.c.sha256, C.c.content)
             .where(C.c.kind == "document", C.c.ingest_status.is_(None), C.c.content.is_not(None))
             .order_by(C.c.id))
    with engine.connect() as conn:
        return [Pending(r.id, r.url, r.format, r.sha256, bytes(r.content)) for r in conn.execute(query)]


def mark_all_pending(engine: Engine) -> int:
    """Every kept document back to pending (to go through ingest again); returns how many."""
    with writer(engine).begin() as conn:
        return conn.execute(update(C).where(C.c.kind == "document", C.c.content.is_not(None))
                            .values(ingest_status=None, message=None)).rowcount


def pending_count(engine: Engine) -> int:
    query = (select(func.count()).select_from(C)
             .where(C.c.kind == "document", C.c.ingest_status.is_(None), C.c.content.is_not(None)))
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def mark_ingested(engine: Engine, item: Pending, status: str, message: Optional[str]) -> None:
    """Record ingest's outcome; a stored document takes the URL as its path, and an older
    document from the same URL (the page changed) is replaced."""
    docs, resp = schema.documents, schema.responses
    with writer(engine).begin() as conn:
        if status == "stored":
            old = conn.execute(delete(docs).where(docs.c.path == item.url, docs.c.sha256 != item.sha256)
                               .returning(docs.c.id)).scalars().all()
            doc_id = conn.execute(select(docs.c.id).where(docs.c.sha256 == item.sha256)).scalar()
            if doc_id is not None:
                conn.execute(update(docs).where(docs.c.id == doc_id).values(path=item.url))
                conn.execute(update(resp).where(resp.c.document_id == doc_id).values(path=item.url))
            if old:
                commitments.drop_orphans(conn)
        conn.execute(update(C).where(C.c.id == item.id).values(ingest_status=status, message=message))


def sources(engine: Engine) -> dict[str, dict]:
    """Each source's last run: started/finished, status, pages and documents."""
    with engine.connect() as conn:
        rows = conn.execute(select(S)).mappings().all()
        counts = dict(conn.execute(select(C.c.source_id, func.count()).where(C.c.kind == "document")
                                   .group_by(C.c.source_id)).all())
    return {r["id"]: {**dict(r), "stored_documents": counts.get(r["id"], 0)} for r in rows}


def provenance(engine: Engine, sha256: str) -> Optional[dict]:
    """Where a stored document was collected from (URL, linking page, fetched-at, ETag ...)."""
    query = (select(C.c.url, C.c.linked_from, C.c.link_text, C.c.fetched_at, C.c.changed_at, C.c.status,
                    C.c.etag, C.c.last_modified, C.c.content_type, C.c.sha256, C.c.source_id)
             .where(C.c.sha256 == sha256, C.c.kind == "document").order_by(C.c.id).limit(1))
    with engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def collected_shas(engine: Engine, shas: Iterable[str]) -> dict[str, str]:
    """sha256 -> URL for the documents among ``shas`` that were collected from the web."""
    shas = list(shas)
    if not shas:
        return {}
    with engine.connect() as conn:
        return dict(conn.execute(select(C.c.sha256, C.c.url).where(
            C.c.sha256.in_(shas), C.c.kind == "document")).all())



def _day_text(row) -> str:
    parts = []
    if row.response_date:
        parts.append(f"dated {row.response_date.day} {row.response_date:%B %Y}")
    if row.day is not None:
        parts.append(f"day {row.day}")
    return f" ({', '.join(parts)})" if parts else ""


def collection_status(engine: Engine, comparison) -> list:
    """Per force in the comparison (answered or in scope): "response found (dated ..., day N)",
    "not found on its site as of <last collect>", "site not reachable at last collect", or
    not collected. Empty when no source with a force has ever been collected."""
    from answerable.store.types import CollectionStatus

    with engine.connect() as conn:
        runs = conn.execute(select(S.c.force, S.c.status, S.c.message, S.c.started_at, S.c.finished_at)
                            .where(S.c.force.is_not(None))).all()
        urls = dict(conn.execute(select(C.c.url, C.c.url).where(
            C.c.url.in_([r.path for r in comparison.rows if r.path]))).all()) if comparison.rows else {}
    if not runs:
        return []
    latest: dict[str, object] = {}
    for run in runs:  # the most recent run per force (a force may have more than one source)
        if run.force not in latest or (run.started_at or _EPOCH) > (latest[run.force].started_at or _EPOCH):
            latest[run.force] = run
    out: list[CollectionStatus] = []
    answered: set[str] = set()
    for row in comparison.rows:
        if not row.force or row.force in answered:
            continue
        answered.add(row.force)
        run = latest.get(row.force)
        out.append(CollectionStatus(
            force=row.force, local_policing_body=row.local_policing_body, status="found",
            text=f"response found{_day_text(row)}", response_id=row.response_id, url=urls.get(row.path),
            last_collect=(run.finished_at or run.started_at) if run else None))
    for force in comparison.not_answered:
        out.append(_not_found(force, latest.get(force)))
    return out


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def _not_found(force: str, run):
    from answerable.store.compare import local_policing_body
    from answerable.store.types import CollectionStatus

    body = local_policing_body(force, None)
    if run is None:
        return CollectionStatus(force=force, local_policing_body=body, status="not_collected",
                                text="no response stored; its site has not been collected")
    if run.finished_at is None:
        return CollectionStatus(force=force, local_policing_body=body, status="interrupted", last_collect=run.started_at,
                                text=f"not found so far: the collect of its site started {run.started_at:%Y-%m-%d %H:%M} "
                                     "was interrupted")
    when = f"{run.finished_at:%Y-%m-%d %H:%M}"
    if run.status == "unreachable":
        return CollectionStatus(force=force, local_policing_body=body, status="unreachable",
                                last_collect=run.finished_at, text=f"site not reachable at last collect ({when})")
    note = f" ({run.message})" if run.status == "partial" and run.message else ""
    return CollectionStatus(force=force, local_policing_body=body, status="not_found", last_collect=run.finished_at,
                            text=f"not found on its site as of {when}{note}")
