"""The store's tables (SQLAlchemy 2 Core). The Alembic migrations in ``migrations/versions``
create exactly these; ``SCHEMA_VERSION`` is the number of the newest migration and is also
kept in the ``store_meta`` table so that an older answerable can refuse a newer database.

Full-text search lives beside the tables and is dialect specific (made by the migrations):

* SQLite: FTS5 tables ``documents_fts`` and ``statements_fts`` made the way sqlite-utils makes
  them (``content=[documents]``), kept in step by triggers, so Datasette finds them;
* PostgreSQL: generated ``tsv`` columns (the English words, the facet tokens and a recency
  bucket token, ``xn`` + id >> 12) with GIN indexes.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

SCHEMA_VERSION = 4
HEAD_REVISION = "0004_web_sessions"

metadata = MetaData()

store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("path", Text),
    Column("format", String(16), nullable=False),
    Column("kind", String(16), nullable=False),  # "response" | "report"
    Column("text", Text, nullable=False),
    # filter tokens (force, report, year, stance) indexed beside the text: see search.facets()
    Column("facets", Text),
    Column("size", Integer, nullable=False),
    Column("extractor_version", String(32), nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)
Index("ix_documents_path", documents.c.path)

reports = Table(
    "reports",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("title", Text, nullable=False),
    Column("published", Date),
    Column("kind", String(32), nullable=False),
    Column("origin", String(16), nullable=False),  # "catalogue" | "imported"
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="SET NULL")),
    Column("data", JSON, nullable=False),  # the whole models.Report
)

recommendations = Table(
    "recommendations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", String(200), ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("rec_id", String(32), nullable=False),
    Column("number", String(16)),
    Column("kind", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("due", Date),
)
Index("ix_recommendations_report", recommendations.c.report_id)

responses = Table(
    "responses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False, unique=True),
    Column("path", Text),
    Column("force", String(100)),
    Column("author_name", String(200)),
    Column("author_role", String(100)),
    Column("letter_date", Date),
    Column("year", Integer),
    Column("report_id", String(200)),
    Column("report_title", Text),
    Column("stance", String(40), nullable=False),
    Column("deadline_due", Date),
    Column("day", Integer),
    Column("deadline_status", String(16), nullable=False),
    Column("recs_answered", Integer, nullable=False),
    Column("recs_total", Integer, nullable=False),
    Column("n_commitments", Integer, nullable=False),
    Column("audit_failed", Boolean, nullable=False),
    Column("extractor_version", String(32), nullable=False),
    Column("record", JSON, nullable=False),  # models.Record without its text
    Column("audit", JSON, nullable=False),  # models.Audit without its record
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)
Index("ix_responses_report", responses.c.report_id)
Index("ix_responses_force", responses.c.force)
Index("ix_responses_year", responses.c.year)

statements = Table(
    "statements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("response_id", Integer, ForeignKey("responses.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("actor", String(32), nullable=False),
    Column("grounding", String(16), nullable=False),
    Column("facets", Text),  # the response's filter tokens plus the statement kind
    Column("embedding", LargeBinary),  # float32 x 384, filled by --embed or first semantic search
)
Index("ix_statements_response", statements.c.response_id)
Index("ix_statements_kind", statements.c.kind)

matches = Table(
    "matches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("response_id", Integer, ForeignKey("responses.id", ondelete="CASCADE"), nullable=False),
    Column("rec_id", String(32), nullable=False),
    Column("verdict", String(32), nullable=False),
    Column("score", Float, nullable=False),
    Column("evidence", JSON, nullable=False),
)
Index("ix_matches_response", matches.c.response_id)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("response_id", Integer, ForeignKey("responses.id", ondelete="CASCADE"), nullable=False),
    Column("requirement", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("message", Text, nullable=False),
    Column("recommendation_id", String(32)),
    Column("evidence", JSON, nullable=False),
)
Index("ix_findings_response", findings.c.response_id)

commitments = Table(
    "commitments",
    metadata,
    Column("id", Integer, primary_key=True),
    # stable across re-extraction: sha1 of force | report | normalised words (or the document)
    Column("key", String(40), nullable=False, unique=True),
    Column("response_id", Integer, ForeignKey("responses.id", ondelete="SET NULL")),
    Column("statement_id", Integer, ForeignKey("statements.id", ondelete="SET NULL")),
    Column("force", String(100)),
    Column("report_id", String(200)),
    Column("text", Text, nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("status", String(16), nullable=False),
    Column("target_date", Date),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_commitments_status", commitments.c.status)
Index("ix_commitments_response", commitments.c.response_id)
Index("ix_commitments_force", commitments.c.force)

commitment_history = Table(
    "commitment_history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("commitment_id", Integer, ForeignKey("commitments.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String(200)),
    Column("note", Text),
    Column("old_status", String(16)),
    Column("new_status", String(16), nullable=False),
    Column("old_target_date", Date),
    Column("new_target_date", Date),
)
Index("ix_commitment_history_commitment", commitment_history.c.commitment_id)

ingest_log = Table(
    "ingest_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", String(32), nullable=False),
    Column("path", Text, nullable=False),
    Column("sha256", String(64)),
    Column("status", String(16), nullable=False),  # new | changed | skipped | failed
    Column("message", Text),
    Column("at", DateTime(timezone=True), nullable=False),
)
Index("ix_ingest_log_run", ingest_log.c.run_id)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # editor | admin
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# --- collect (answerable.collect): web sources and what was fetched from them (0003) -------
collect_sources = Table(
    "collect_sources",
    metadata,
    Column("id", String(100), primary_key=True),  # a sources.yaml id, or "url:<host>"
    Column("name", Text),
    Column("force", String(100)),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),  # null while a run is going (or was killed)
    Column("status", String(16)),  # ok | partial | unreachable
    Column("message", Text),
    Column("pages", Integer, nullable=False, default=0),
    Column("documents", Integer, nullable=False, default=0),
)

collected = Table(
    "collected",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("source_id", String(100)),
    Column("kind", String(16), nullable=False),  # page | document | robots
    Column("linked_from", Text),  # the page whose link led here
    Column("link_text", Text),
    Column("status", Integer),  # HTTP status of the last fetch (304 when unchanged)
    Column("fetched_at", DateTime(timezone=True)),  # last fetch (conditional or not)
    Column("changed_at", DateTime(timezone=True)),  # last time the bytes changed
    Column("etag", Text),
    Column("last_modified", Text),
    Column("content_type", String(200)),
    Column("format", String(16)),  # sniffed: pdf | docx | html | txt | xml
    Column("sha256", String(64)),
    Column("size", Integer),
    Column("content", LargeBinary),  # the raw bytes, so a record can be re-extracted offline
    Column("ingest_status", String(16)),  # null (pending) | stored | failed | not_response
    Column("message", Text),  # the last failure (fetch or ingest), null when none
)
Index("ix_collected_source", collected.c.source_id)
Index("ix_collected_sha256", collected.c.sha256)

# a signed-in browser's session (the cookie holds the random id; only its hash is kept)
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
Index("ix_web_sessions_user", web_sessions.c.user_id)

# tables in dependency order, for export and for wiping
TABLES = [store_meta, documents, reports, recommendations, responses, statements, matches,
          findings, commitments, commitment_history, ingest_log, users, api_tokens,
          collect_sources, collected, web_sessions]
