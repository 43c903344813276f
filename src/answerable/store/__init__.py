"""The store: every response, report, statement, finding and commitment in one database —
a SQLite file by default (settings ``database_url``), PostgreSQL by ``postgresql://`` URL.

>>> import answerable
>>> store = answerable.open()                 # or answerable.open("postgresql://…")
>>> store.ingest(["letters/"], reports=["reports/"])
>>> store.search("county lines", force="Dorset")
>>> store.compare("both-sides-of-the-coin").not_answered
>>> store.responses()                         # a pandas DataFrame

``store`` is the only module that writes SQL. The schema is migrated (Alembic) when a store is
opened; a database made by a newer answerable is refused with :class:`SchemaTooNewError`.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from answerable import errors
from answerable.models import Audit, Record, Report
from answerable.store import commitments as _commitments
from answerable.store import compare as _compare
from answerable.store import ingest as _ingest
from answerable.store import schema
from answerable.store import search as _search
from answerable.store import users as _users
from answerable.store.db import id_fits, make_engine, migrate
if TYPE_CHECKING:
    import pandas as pd

    from answerable.collect import CollectSummary

from answerable.store.types import (
    Commitment, Comparison, Hit, IngestEvent, IngestSummary, ResponseSummary, StoredReport,
    StoredResponse, User,
)

__all__ = ["Store", "open_store", "Hit", "IngestSummary", "IngestEvent", "Comparison", "Commitment",
           "ResponseSummary", "StoredResponse", "StoredReport", "User"]


def open_store(url: str | None = None, *, create: bool = True) -> "Store":
    """Open (creating and migrating as needed) the store at ``url`` or the configured one.
    ``create=False`` refuses a SQLite file that does not exist (for commands that only read)."""
    if url is None:
        from answerable.settings import get_settings

        url = get_settings().database_url
    engine = make_engine(url, create=create)
    try:
        migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)


class Store:
    """One open database. Methods return small typed records or pandas DataFrames."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._catalogue = None
        self._vectors = _search.VectorCache()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # --- ingest -------------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], *, workers: int = 2, progress=None,
               reports: Iterable[str | Path] = (), embed: bool = False, note=None) -> IngestSummary:
        """Ingest files, folders and globs (``reports``: paths holding reports). See
        :mod:`answerable.store.ingest` for the rules; ``note`` is told of each file a folder
        holds that is skipped (README, LICENSE: ``data/folder_rules.yaml``)."""
        items = _ingest.discover(list(paths), list(reports), note=note)
        return _ingest.Ingester(self.engine, workers=workers, progress=progress, embed=embed).run(items)

    def add_record(self, record: Record, audit: Audit | None = None, *, path: str | None = None) -> int:
        """Store one already-extracted response (audited now when ``audit`` is None); returns
        its response id. Idempotent like ingest: the same text again replaces the old row."""
        return _ingest.store_record(self.engine, record, audit, path=path)

    def collect(self, targets: Iterable[str] = (), **options) -> "CollectSummary":
        """Fetch new or changed responses from the web and ingest them (see
        :func:`answerable.collect.collect` for the options)."""
        from answerable.collect import collect as _collect

        return _collect(self, list(targets), **options)

    def ingest_log(self, run_id: str | None = None) -> "pd.DataFrame":
        query = select(schema.ingest_log).order_by(schema.ingest_log.c.id)
        if run_id:
            query = query.where(schema.ingest_log.c.run_id == run_id)
        return self._frame(query)

    # --- search -------------------------------------------------------------------------------
    def search(self, query: str, *, force: str | None = None, report: str | None = None,
               year: int | None = None, kind: str | None = None, stance: str | None = None,
               semantic: bool = False, limit: int = 20) -> list[Hit]:
        """Ranked hits; ``semantic`` ranks statements by meaning instead of words."""
        filters = _search.Filters(force=force, report=report, year=year, kind=kind, stance=stance)
        if semantic:
            return _search.semantic(self.engine, query, filters, limit, cache=self._vectors)
        return _search.full_text(self.engine, query, filters, limit)

    def embed(self) -> int:
        """Store vectors for every statement that has none (for semantic search)."""
        return _search.fill_embeddings(self.engine)

    # --- reports and compare ------------------------------------------------------------------
    def _catalogue_(self):
        if self._catalogue is None:
            from answerable.catalogue import load_catalogue

            self._catalogue = load_catalogue()
        return self._catalogue

    def report(self, report_id: str) -> Report:
        """A report from the store (imported or seen at ingest), else from the catalogue."""
        table = schema.reports
        with self.engine.connect() as conn:
            data = conn.execute(select(table.c.data).where(table.c.id == report_id)).scalar()
        if data is not None:
            return Report.model_validate(data)
        return self._catalogue_().get(report_id)  # raises UnknownReportError with suggestions

    def reports(self) -> list[StoredReport]:
        """Reports in the store, with how many responses each has."""
        table, resp = schema.reports, schema.responses
        counts = (select(resp.c.report_id, func.count().label("n")).group_by(resp.c.report_id).subquery())
        query = (select(table.c.id, table.c.title, table.c.published, table.c.kind, table.c.origin,
                        func.coalesce(counts.c.n, 0).label("n"))
                 .outerjoin(counts, counts.c.report_id == table.c.id).order_by(table.c.published, table.c.id))
        with self.engine.connect() as conn:
            return [StoredReport(id=r.id, title=r.title, published=r.published, kind=r.kind,
                                 origin=r.origin, responses=r.n) for r in conn.execute(query)]

    # --- provisional reports (grouped from the responses that name them) -----------------------
    def provisional_reports(self) -> list[Report]:
        """Reports grouped at ingest from responses that name a report the catalogue lacks."""
        from answerable.store import provisional as _provisional

        with self.engine.connect() as conn:
            return _provisional.provisional_reports(conn)

    def confirm_report(self, report_id: str) -> Report:
        """Keep a provisional report: no longer provisional (see ``reports confirm``)."""
        from answerable.store import provisional as _provisional
        from answerable.store.ingest import write_report

        return _provisional.confirm(self.engine, report_id, write_report)

    def rename_report(self, report_id: str, *, new_id: str | None = None, title: str | None = None) -> Report:
        """Another id and/or title for a provisional report; its responses follow."""
        from answerable.store import provisional as _provisional
        from answerable.store.ingest import write_report

        return _provisional.rename(self.engine, report_id, new_id, title, write_report)

    def merge_report(self, report_id: str, into: str) -> Report:
        """Merge a provisional report into another; its responses answer that one."""
        from answerable.store import provisional as _provisional
        from answerable.store.ingest import write_report

        return _provisional.merge(self.engine, report_id, into, write_report, self._catalogue_())

    def compare(self, report_id: str) -> Comparison:
        """One row per force that answered ``report_id``, who has not, and shared wording; with
        collection, what each force's policing body's site showed at the last collect."""
        from answerable.store import collected as _collected

        result = _compare.compare(self.engine, self.report(report_id), list(_all_forces()))
        result.collection = _collected.collection_status(self.engine, result)
        return result

    # --- responses ----------------------------------------------------------------------------
    def get_response(self, response_id: int) -> StoredResponse:
        resp, docs = schema.responses, schema.documents
        query = (select(resp, docs.c.text, docs.c.sha256).join(docs, docs.c.id == resp.c.document_id)
                 .where(resp.c.id == response_id))
        row = None
        if id_fits(self.engine, response_id):
            with self.engine.connect() as conn:
                row = conn.execute(query).mappings().first()
        if row is None:
            raise errors.NotFoundError(
                f"no response with id {response_id}: run `answerable responses` to list them")
        record = Record.model_validate({**row["record"], "text": row["text"]})
        audit = Audit.model_validate(row["audit"])
        return StoredResponse(id=row["id"], ingested_at=row["ingested_at"], path=row["path"],
                              sha256=row["sha256"], record=record, audit=audit)

    def list_responses(self, *, force: str | None = None, report: str | None = None,
                       year: int | None = None, limit: int = 50, offset: int = 0) -> list[ResponseSummary]:
        resp = schema.responses
        query = _response_filters(select(resp).order_by(resp.c.id).limit(max(1, limit)).offset(max(0, offset)),
                                  force, report, year)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [ResponseSummary(
            id=r.id, path=r.path, force=r.force, author=r.author_name, role=r.author_role, date=r.letter_date,
            report_id=r.report_id, report_title=r.report_title, stance=r.stance, day=r.day,
            deadline_status=r.deadline_status, recs_answered=r.recs_answered, recs_total=r.recs_total,
            commitments=r.n_commitments, ingested_at=r.ingested_at) for r in rows]

    def count_responses(self, *, force: str | None = None, report: str | None = None,
                        year: int | None = None) -> int:
        """How many responses :meth:`list_responses` pages through with these filters."""
        query = _response_filters(select(func.count()).select_from(schema.responses), force, report, year)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    # --- commitments --------------------------------------------------------------------------
    def commitments(self, *, overdue: bool = False, force: str | None = None, status: str | None = None,
                    report: str | None = None, history: bool = False, limit: int | None = None,
                    offset: int = 0) -> list[Commitment]:
        return _commitments.list_commitments(self.engine, overdue=overdue, force=force, status=status,
                                             report=report, history=history, limit=limit, offset=offset)

    def count_commitments(self, *, overdue: bool = False, force: str | None = None,
                          status: str | None = None, report: str | None = None) -> int:
        return _commitments.count_commitments(self.engine, overdue=overdue, force=force, status=status,
                                              report=report)

    def commitment(self, commitment_id: int) -> Commitment:
        return _commitments.get_commitment(self.engine, commitment_id)

    def set_commitment(self, commitment_id: int, status: str, *, note: str | None = None,
                       who: str | None = None, target_date: Optional[dt.date] = None) -> Commitment:
        return _commitments.set_commitment(self.engine, commitment_id, status, note=note, who=who,
                                           target_date=target_date)

    # --- export and frames --------------------------------------------------------------------
    def export(self, fmt: str, out_dir: str | Path) -> list[Path]:
        from answerable.store import export as _export

        return _export.export(self.engine, fmt, out_dir)

    def _frame(self, query) -> "pd.DataFrame":
        import pandas as pd

        with self.engine.connect() as conn:
            result = conn.execute(query)
            return pd.DataFrame(result.all(), columns=list(result.keys()))

    def responses(self) -> "pd.DataFrame":
        """One row per response (without the JSON record and audit)."""
        resp = schema.responses
        return self._frame(select(*[c for c in resp.columns if c.name not in ("record", "audit")])
                           .order_by(resp.c.id))

    def statements(self) -> "pd.DataFrame":
        st, resp = schema.statements, schema.responses
        return self._frame(select(st.c.id, st.c.response_id, resp.c.force, resp.c.report_id, st.c.idx,
                                  st.c.kind, st.c.text, st.c.start, st.c.end, st.c.actor, st.c.grounding)
                           .join(resp, resp.c.id == st.c.response_id).order_by(st.c.id))

    def findings(self) -> "pd.DataFrame":
        fi, resp = schema.findings, schema.responses
        return self._frame(select(fi.c.id, fi.c.response_id, resp.c.force, resp.c.report_id, fi.c.requirement,
                                  fi.c.status, fi.c.message, fi.c.recommendation_id)
                           .join(resp, resp.c.id == fi.c.response_id).order_by(fi.c.id))

    def commitments_frame(self) -> "pd.DataFrame":
        table = schema.commitments
        return self._frame(select(*[c for c in table.columns if c.name != "key"]).order_by(table.c.id))

    def counts(self) -> dict[str, int]:
        """Rows per table (documents, responses, statements, ...)."""
        with self.engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in schema.TABLES if t.name != "store_meta"}

    # --- users --------------------------------------------------------------------------------
    def add_user(self, name: str, role: str, password: str) -> User:
        return _users.add_user(self.engine, name, role, password)

    def authenticate(self, name: str, password: str) -> User | None:
        return _users.authenticate(self.engine, name, password)

    def create_token(self, user_name: str) -> str:
        return _users.create_token(self.engine, user_name)

    def user_for_token(self, token: str) -> User | None:
        return _users.user_for_token(self.engine, token)

    def set_password(self, name: str, password: str) -> User:
        """A new password for ``name``; every web session of theirs ends."""
        return _users.set_password(self.engine, name, password)

    def start_session(self, user_name: str, max_age: int) -> str:
        return _users.start_session(self.engine, user_name, max_age)

    def user_for_session(self, session_id: str) -> User | None:
        return _users.user_for_session(self.engine, session_id)

    def end_session(self, session_id: str) -> None:
        _users.end_session(self.engine, session_id)

    def users(self) -> list[User]:
        return _users.list_users(self.engine)

    def get_user(self, name: str) -> User | None:
        return _users.get_user(self.engine, name)

    def ping(self) -> bool:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True


def _response_filters(query, force: str | None, report: str | None, year: int | None):
    resp = schema.responses
    if force:
        query = query.where(func.lower(resp.c.force) == force.lower())
    if report:
        query = query.where(resp.c.report_id == report)
    if year:
        query = query.where(resp.c.year == int(year))
    return query


@lru_cache(maxsize=1)
def _all_forces() -> tuple[str, ...]:
    """The 43 territorial forces, from ``data/forces.yaml`` when it is there."""
    try:
        from importlib import resources

        import yaml

        data = yaml.safe_load((resources.files("answerable") / "data" / "forces.yaml").read_text("utf-8"))
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return ()
    items = data.get("forces", data) if isinstance(data, dict) else data
    names = []
    for item in items or []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and item.get("name"):
            names.append(item["name"])
    return tuple(names)
