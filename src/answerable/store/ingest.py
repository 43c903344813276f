"""Ingest: files, folders (recursive) and globs, responses and reports, into the store.

* Idempotent by content: a file whose SHA-256 is stored with the current
  ``EXTRACTOR_VERSION`` is skipped; one stored by an older extractor is re-extracted and
  replaced ("changed"); a path stored before with other content is replaced ("changed").
* Streaming and parallel: worker processes (:func:`answerable.store.analyse.analyse`) read,
  extract and audit; at most ``4 × workers`` files are in flight; the parent writes each
  document in its own transaction, so a kill at any moment loses at most the files in flight.
* A failure is written to ``ingest_log`` with its cause and the batch goes on.
"""

from __future__ import annotations

import concurrent.futures as cf
from concurrent.futures.process import BrokenProcessPool
import datetime as dt
import multiprocessing as mp
import os
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError

from answerable import batch, errors
from answerable.hashing import file_sha256
from answerable.store.db import writer
from answerable.store import analyse, commitments, provisional, quoted, schema
from answerable.store.search import facet_tokens
from answerable.store.types import IngestEvent, IngestSummary

_INSERT_DOCUMENT = insert(schema.documents).returning(schema.documents.c.id)
_INSERT_RESPONSE = insert(schema.responses).returning(schema.responses.c.id)
_INSERT_LOG = insert(schema.ingest_log)
# an older version of this content, or older content from this path, is replaced
_DELETE_OLD = (delete(schema.documents)
               .where((schema.documents.c.sha256 == bindparam("sha")) | (schema.documents.c.path == bindparam("path")))
               .returning(schema.documents.c.id))
_CLASH_ATTEMPTS = 3  # writes that race another ingest for the same row are tried again
_STORED_VERSIONS = select(schema.documents.c.sha256, schema.documents.c.extractor_version).where(
    schema.documents.c.sha256.in_(bindparam("shas", expanding=True)))
LOOKUP_CHUNK = 128
SUFFIXES = batch.LETTER_EXTENSIONS
Progress = Callable[[IngestEvent], None]


@dataclass(frozen=True)
class Item:
    path: Optional[Path]  # None for an entry that names no file (``problem`` says why)
    kind_hint: Optional[str]  # "report" for files under --reports, else None (decided by rule)
    problem: Optional[str] = None  # why this entry cannot be ingested (logged as failed)
    arg: str = ""  # what was given, for entries without a path

    @property
    def label(self) -> str:
        """The entry's name in the log, summary and progress (valid UTF-8 whatever the name)."""
        if self.path is not None:
            return batch.storable(self.path)
        return batch.STDIN_NAME if self.arg == batch.STDIN else batch.shown(self.arg)


def discover(paths: Iterable[str | os.PathLike], reports: Iterable[str | os.PathLike] = (),
             note: Callable[[str], None] | None = None) -> list[Item]:
    """Every entry to ingest, reports first (:func:`answerable.batch.expand`); an entry that
    names nothing usable (missing, ``-``, a symlink loop, a name that is not UTF-8) comes back
    with its ``problem`` and is logged as failed, the others are ingested. ``note`` is told of
    files a folder holds that are skipped (README, LICENSE...)."""
    items: list[Item] = []
    seen: set[Path] = set()
    for kind, args in (("report", reports), (None, paths)):
        for entry in batch.expand(args, SUFFIXES, note=note):
            if entry.problem or entry.path is None:
                problem = entry.problem or ("standard input cannot be ingested: save the letter to a "
                                            "file and ingest the file")
                items.append(Item(entry.path, kind, problem, entry.arg))
                continue
            resolved = entry.path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                items.append(Item(resolved, kind, None, entry.arg))
    return items


def extractor_version() -> str:
    from answerable.extract import EXTRACTOR_VERSION

    return str(EXTRACTOR_VERSION)


class Ingester:
    """One ingest run: decides what to do with each file and writes the results."""

    def __init__(self, engine: Engine, *, workers: int = 2, progress: Progress | None = None,
                 embed: bool = False, on_written: Callable[[], None] | None = None,
                 version: str | None = None):
        self.engine = engine
        self.workers = max(1, workers)
        self.progress = progress
        self.embed = embed
        self.on_written = on_written
        self.version = extractor_version() if version is None else version
        self.run_id = uuid.uuid4().hex
        self.summary = IngestSummary(run_id=self.run_id)
        self.done = 0
        self.total = 0
        self._catalogue = None
        self._known_reports: set[str] = set()
        self._provisional = provisional.Known()  # provisional reports, read once per run

    # --- deciding ------------------------------------------------------------------------
    def run(self, items: list[Item]) -> IngestSummary:
        """Ingest ``items``; a database that goes away mid-run is one
        :class:`~answerable.errors.DatabaseUnreachableError` (every document written before
        it stays written; run again to store the rest)."""
        self.total = len(items)
        try:
            for item in items:
                if item.problem:
                    self._log(item, None, "failed", item.problem)
            usable = [i for i in items if not i.problem]
            reports = [i for i in usable if i.kind_hint == "report"]
            letters = [i for i in usable if i.kind_hint != "report"]
            # reports first, so letters in the same run are audited against them
            for group in (reports, letters):
                if group:
                    self._run_group(group)
        except DBAPIError as exc:
            if _is_disconnect(exc):
                from answerable.store.db import connection_error

                raise connection_error(self.engine.url, exc) from None
            raise
        return self.summary

    def _run_group(self, items: list[Item]) -> None:
        imported = self._imported_reports()
        if self.workers == 1 or len(items) == 1:
            analyse.init_worker(imported, self.embed)
            for item, sha in self._todo(items):
                self._finish(item, sha, analyse.analyse(item.path, item.kind_hint))
            return
        self._run_pool(items, imported)

    def _run_pool(self, items: list[Item], imported: list[dict]) -> None:
        """Files analysed by worker processes; each result is written as soon as it is done
        (one slow file holds back nothing else), at most ``8 × workers`` files in flight."""
        ctx = _worker_context()
        limit = self.workers * 8
        analyse.init_worker(imported, self.embed)
        if ctx.get_start_method() == "fork":
            analyse.warm_up()
        pool = cf.ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=analyse.init_worker,
                                      initargs=(imported, self.embed, _parent_pid(ctx)))
        inflight: dict[cf.Future, tuple[Item, str]] = {}
        try:
            broken = False
            for item, sha in self._todo(items):
                if not broken:
                    try:
                        inflight[pool.submit(analyse.analyse, item.path, item.kind_hint)] = (item, sha)
                    except BrokenProcessPool:  # a worker was killed: go on in this process
                        broken = True
                if broken:
                    self._finish(item, sha, analyse.analyse(item.path, item.kind_hint))
                self._drain(inflight, block=len(inflight) >= limit)
            while inflight:
                self._drain(inflight, block=True)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # don't wait for files in flight
            raise
        pool.shutdown(wait=True)

    def _drain(self, inflight: dict, *, block: bool) -> None:
        """Write every finished result; with ``block``, wait for at least one first."""
        if block:
            done, _ = cf.wait(list(inflight), return_when=cf.FIRST_COMPLETED)
        else:
            done = [f for f in inflight if f.done()]
        for future in done:
            item, sha = inflight.pop(future)
            try:
                payload = future.result()
            except Exception as exc:  # a worker died (killed, out of memory)
                payload = {"error": f"the worker process failed ({type(exc).__name__}: {exc})"}
            self._finish(item, sha, payload)

    def _todo(self, items: list[Item]) -> Iterator[tuple[Item, str]]:
        """Files that need work, looked up ``LOOKUP_CHUNK`` at a time; skipped and unreadable
        ones are logged here (the skipped ones of a chunk in one transaction)."""
        pending: set[str] = set()
        for start in range(0, len(items), LOOKUP_CHUNK):
            hashed: list[tuple[Item, str]] = []
            for item in items[start:start + LOOKUP_CHUNK]:
                try:
                    if not stat.S_ISREG(os.stat(item.path).st_mode):  # a pipe would block the hash
                        self._log(item, None, "failed", "is not a regular file (a directory, device, "
                                  "socket or pipe): save the letter to a file first")
                        continue
                    hashed.append((item, file_sha256(item.path)))
                except OSError as exc:
                    self._log(item, None, "failed", f"cannot read the file ({exc.strerror})")
            with self.engine.connect() as conn:
                stored = dict(conn.execute(_STORED_VERSIONS, {"shas": [sha for _, sha in hashed]}).all())
            skipped = []
            for item, sha in hashed:
                if stored.get(sha) == self.version:
                    skipped.append((item, sha, f"unchanged: the same content is stored, read by this "
                                               f"extractor ({self.version})"))
                elif sha in pending:
                    skipped.append((item, sha, "the same content as another file in this run"))
                else:
                    pending.add(sha)
                    yield item, sha
            self._log_many(skipped, "skipped")

    def _log_many(self, done: list[tuple[Item, str, str]], status: str) -> None:
        """Log several files at once, each ``(item, sha, why)``."""
        if not done:
            return
        with writer(self.engine).begin() as conn:
            for item, sha, why in done:
                self._log_row(conn, item, sha, status, why)
        for item, _, why in done:
            self._count(item, status, why)

    # --- writing ----------------------------------------------------------------------------
    def _finish(self, item: Item, sha: str, payload: dict) -> None:
        if "error" in payload:
            self._log(item, sha, "failed", payload["error"])
            return
        for attempt in range(_CLASH_ATTEMPTS):
            try:
                with writer(self.engine).begin() as conn:
                    status = self._write(conn, item, sha, payload)
                    self._log_row(conn, item, sha, status, None)
                break
            except errors.AnswerableError as exc:
                self._log(item, sha, "failed", exc.message)
                return
            except IntegrityError:
                # another ingest stored the same content, or a report row this one needs, a
                # moment ago (two runs at once): the row it raced for exists now, so try again
                with self.engine.connect() as conn:
                    stored = dict(conn.execute(_STORED_VERSIONS, {"shas": [sha]}).all())
                if stored.get(sha) == self.version:
                    self._log(item, sha, "skipped", "another ingest running at the same time stored the same content")
                    return
                if attempt + 1 == _CLASH_ATTEMPTS:
                    self._log(item, sha, "failed", "could not store it: it clashed with a concurrent ingest; run again")
                    return
            except Exception as exc:
                from answerable.store.db import connection_error

                if _is_read_only(exc) or _is_disconnect(exc):
                    raise connection_error(self.engine.url, exc) from None
                self._log(item, sha, "failed", f"could not store it ({type(exc).__name__}: {exc})")
                return
        self._count(item, status, None)
        if self.on_written:
            self.on_written()

    def _write(self, conn: Connection, item: Item, sha: str, payload: dict, path: str | None = None) -> str:
        docs = schema.documents
        path = path or item.label
        old = conn.execute(_DELETE_OLD, {"sha": sha, "path": path}).scalars().all()
        now = dt.datetime.now(dt.timezone.utc)
        if payload["kind"] == "response":  # not linked: with the provisional report it names
            payload = provisional.place(conn, payload, write_report, self._provisional)
        meta = response_meta(payload) if payload["kind"] == "response" else {}
        doc_id = conn.execute(_INSERT_DOCUMENT, dict(
            sha256=sha, path=path, format=payload.get("format") or item.path.suffix.lstrip("."),
            kind=payload["kind"], text=payload["text"], size=len(payload["text"]),
            facets=" ".join(facet_tokens(**meta)) if meta else None,
            extractor_version=self.version, ingested_at=now)).scalar_one()
        if payload["kind"] == "report":
            write_report(conn, payload["report"], origin="imported", document_id=doc_id)
            analyse.add_report(payload["report"])
        else:
            write_response(conn, doc_id, path, payload, now, self.version, self._ensure_report)
            quoted.record_quotes(conn, payload, write_report)  # recommendations it quotes, on its report
        if old:
            commitments.drop_orphans(conn)
        return "changed" if old else "new"

    def _ensure_report(self, conn: Connection, report_id: str) -> None:
        table = schema.reports
        if report_id in self._known_reports:
            return
        if conn.execute(select(table.c.id).where(table.c.id == report_id)).first():
            self._known_reports.add(report_id)
            return
        if self._catalogue is None:
            from answerable.catalogue import load_catalogue

            self._catalogue = load_catalogue()
        try:
            report = self._catalogue.get(report_id)
        except errors.AnswerableError:
            return
        write_report(conn, report.model_dump(mode="json"), origin="catalogue")

    def _imported_reports(self) -> list[dict]:
        table = schema.reports
        with self.engine.connect() as conn:
            rows = conn.execute(select(table.c.data).where(table.c.origin == "imported")).scalars()
            return [dict(r) for r in rows]

    # --- logging ----------------------------------------------------------------------------
    def _log_row(self, conn: Connection, item: Item, sha: str | None, status: str, message: str | None) -> None:
        conn.execute(_INSERT_LOG, dict(
            run_id=self.run_id, path=item.label, sha256=sha, status=status, message=message,
            at=dt.datetime.now(dt.timezone.utc)))

    def _log(self, item: Item, sha: str | None, status: str, message: str | None) -> None:
        try:
            with writer(self.engine).begin() as conn:
                self._log_row(conn, item, sha, status, message)
        except Exception as exc:
            if _is_read_only(exc) or _is_disconnect(exc):
                from answerable.store.db import connection_error

                raise connection_error(self.engine.url, exc) from None
            raise
        self._count(item, status, message)

    def _count(self, item: Item, status: str, message: str | None) -> None:
        self.done += 1
        if status == "failed":
            self.summary.failed.append((item.label, message or "unknown cause"))
        else:
            setattr(self.summary, status, getattr(self.summary, status) + 1)
        if self.progress:
            self.progress(IngestEvent(path=item.label, status=status, message=message,
                                      done=self.done, total=self.total))


def store_record(engine: Engine, record, audit=None, *, path: str | None = None) -> int:
    """Write one extracted :class:`~answerable.models.Record` (and its audit) as a response."""
    if audit is None:
        from answerable.audit import audit as run_audit

        audit = run_audit(record)
    payload = {"kind": "response", "text": record.text, "format": record.source.format,
               "record": record.model_dump(mode="json", exclude={"text"}),
               "audit": audit.model_dump(mode="json", exclude={"record"})}
    where = path or record.source.path or f"text:{record.source.sha256}"
    ingester = Ingester(engine, workers=1, version=record.extractor_version or "unknown")
    item = Item(Path(where), None)
    with writer(engine).begin() as conn:
        ingester._write(conn, item, record.source.sha256, payload, path=where)
        ingester._log_row(conn, item, record.source.sha256, "new", None)
        resp, docs = schema.responses, schema.documents
        return conn.execute(select(resp.c.id).join(docs, docs.c.id == resp.c.document_id)
                            .where(docs.c.sha256 == record.source.sha256)).scalar_one()


def _worker_context():
    """How worker processes start. ``fork`` starts them at once with everything imported (they
    never touch the parent's database connections, and multiprocessing ends them with
    ``os._exit``) — but not once this process has loaded the ONNX encoder, whose threads do
    not survive a fork: then a fork server that has imported the pipeline, and nothing else."""
    from answerable import embed

    methods = mp.get_all_start_methods()
    if "fork" in methods and not embed.is_loaded():
        return mp.get_context("fork")
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["answerable.store.analyse", "answerable.extract", "answerable.audit"])
        return ctx
    return mp.get_context("spawn")


def _parent_pid(ctx) -> int:
    """The pid a worker's parent has: this process when forked, else (0) the fork server."""
    return os.getpid() if ctx.get_start_method() == "fork" else 0


def _is_disconnect(exc: BaseException) -> bool:
    """True for the database going away (server stopped, connection dropped)."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    text = str(exc.orig).lower()  # SQLite's "database is locked" is a wait, not a disconnect
    return isinstance(exc, (OperationalError, InterfaceError)) and "locked" not in text and "busy" not in text


def _is_read_only(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "readonly" in text or "read-only" in text


def write_report(conn: Connection, data: dict, *, origin: str, document_id: int | None = None) -> None:
    """Insert or replace a report and its recommendations."""
    table, recs = schema.reports, schema.recommendations
    conn.execute(delete(table).where(table.c.id == data["id"]))
    published = dt.date.fromisoformat(data["published"]) if data.get("published") else None
    conn.execute(insert(table).values(id=data["id"], title=data["title"], published=published,
                                      kind=data.get("kind") or "thematic", origin=origin,
                                      document_id=document_id, data=data))
    rows = [dict(report_id=data["id"], rec_id=r["id"], number=r.get("number"), kind=r.get("kind", "recommendation"),
                 text=r["text"], due=dt.date.fromisoformat(r["due"]) if r.get("due") else None)
            for r in data.get("recommendations", [])]
    if rows:
        conn.execute(insert(recs), rows)


_ANSWERED = {"action_taken", "action_proposed", "no_action_explained"}


def write_response(conn: Connection, doc_id: int, path: str, payload: dict, now: dt.datetime,
                   version: str, ensure_report: Callable[[Connection, str], None]) -> int:
    """Insert one response with its statements, matches, findings and commitments."""
    record, audit = payload["record"], payload["audit"]
    meta = response_meta(payload)
    force, report_id = meta["force"], meta["report"]
    if report_id:
        ensure_report(conn, report_id)
    deadline = audit.get("deadline", {})
    verdicts = audit.get("recommendations", [])
    statements = record.get("statements", [])
    report_title = audit.get("report", {}).get("title") or record.get("report", {}).get("title")
    response_id = conn.execute(_INSERT_RESPONSE, dict(
        document_id=doc_id, path=path, force=force,
        author_name=record.get("author", {}).get("name"), author_role=record.get("author", {}).get("role"),
        letter_date=_date(record.get("date", {}).get("value")), year=meta["year"],
        report_id=report_id, report_title=report_title, stance=meta["stance"],
        deadline_due=_date(deadline.get("due")), day=deadline.get("day"),
        deadline_status=deadline.get("status") or "unknown",
        recs_answered=sum(v["verdict"] in _ANSWERED for v in verdicts), recs_total=len(verdicts),
        n_commitments=sum(s["kind"] == "commitment" for s in statements),
        audit_failed=any(f["status"] == "fail" for f in audit.get("findings", [])),
        extractor_version=version, record=record, audit=audit, ingested_at=now,
    )).scalar_one()
    _write_statements(conn, response_id, statements, payload.get("vectors"), meta, path, now)
    if verdicts:
        conn.execute(insert(schema.matches), [
            dict(response_id=response_id, rec_id=v["id"], verdict=v["verdict"], score=v["score"],
                 evidence=v.get("evidence", [])) for v in verdicts])
    found = audit.get("findings", [])
    if found:
        conn.execute(insert(schema.findings), [
            dict(response_id=response_id, requirement=f["requirement"], status=f["status"],
                 message=f["message"], recommendation_id=f.get("recommendation_id"),
                 evidence=f.get("evidence", [])) for f in found])
    return response_id


def response_meta(payload: dict) -> dict:
    """The values a response is filtered by: force, report, year, stance."""
    record, audit = payload["record"], payload["audit"]
    report_id = audit.get("report", {}).get("id") or audit.get("link", {}).get("report_id")
    when = _date(record.get("date", {}).get("value")) or _date(audit.get("report", {}).get("published"))
    return {"force": record.get("force", {}).get("name"), "report": report_id,
            "year": when.year if when else None, "stance": record.get("stance", {}).get("value") or "neutral"}


def _write_statements(conn: Connection, response_id: int, statements: list[dict], vectors: list[bytes] | None,
                      meta: dict, path: str, now: dt.datetime) -> None:
    if not statements:
        return
    table = schema.statements
    force, report_id = meta["force"], meta["report"]
    rows = [dict(response_id=response_id, idx=i, kind=s["kind"], text=s["text"], start=s["span"][0],
                 end=s["span"][1], actor=s.get("actor") or "unknown", grounding=s.get("grounding") or "exact",
                 facets=" ".join(facet_tokens(**meta, kind=s["kind"])),
                 embedding=vectors[i] if vectors else None) for i, s in enumerate(statements)]
    ids = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars().all()
    commitments.upsert_many(conn, [
        dict(response_id=response_id, statement_id=statement_id, text=row["text"],
             span=(row["start"], row["end"]), force=force, report_id=report_id, path=path, now=now)
        for statement_id, row in zip(ids, rows) if row["kind"] == "commitment"])


def _date(value) -> Optional[dt.date]:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
