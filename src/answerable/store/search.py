"""Search: ranked full text with snippets (SQLite FTS5 bm25 + snippet(); PostgreSQL tsvector +
GIN, ts_rank + ts_headline), filters, and meaning-based search over statement vectors.

Filters are tokens in a ``facets`` column (``xfcheshire``, ``xy2020``, ``xkcommitment``)
indexed with the words — a second FTS5 column on SQLite, extra lexemes of the ``tsv`` column
on PostgreSQL — so the full-text index itself intersects them with the words. When a query matches more than
``RANK_WINDOW`` rows, the most recently stored ``RANK_WINDOW`` of them are ranked.

Without ``kind`` a hit is a response (its whole text is searched); with ``kind`` a hit is one
statement of that kind. Queries are always searched literally: every word is quoted, a
"quoted phrase" stays a phrase when the quotes balance, and FTS operators (NEAR, AND, OR, *,
:, ^, parentheses) are just words — a user never writes FTS syntax by accident.
"""

from __future__ import annotations

import html
import math
import re
import time
from dataclasses import dataclass
from typing import Optional, get_args

from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.engine import Engine

from answerable import errors
from answerable.models import StanceValue, StatementKind
from answerable.store.db import writer
from answerable.store import schema
from answerable.store.types import Hit

MARK_START, MARK_END = "\ue000", "\ue001"  # private-use markers, turned into <mark> after escaping
KINDS = set(get_args(StatementKind))
STANCES = set(get_args(StanceValue))
_WORD = re.compile(r"\w+(?:['’]\w+)*")
# When more letters (or statements) than this match, the most recently stored RANK_WINDOW of
# them are ranked (bm25 / ts_rank); below it the ranking is exact. Keeps search fast at scale:
# at 100,000 letters on PostgreSQL a window of 2,000 gave p95 51 ms, 1,000 gave 30 ms (one run).
RANK_WINDOW = 1000


@dataclass(frozen=True)
class Filters:
    """What a search is narrowed to (all optional)."""

    force: Optional[str] = None
    report: Optional[str] = None
    year: Optional[int] = None
    kind: Optional[str] = None
    stance: Optional[str] = None

    def checked(self) -> "Filters":
        """These filters with the force's canonical name; a bad kind, stance or force is refused."""
        if self.force:
            return Filters(force=canonical_force(self.force), report=self.report, year=self.year,
                           kind=self.kind, stance=self.stance)._checked()
        return self._checked()

    def _checked(self) -> "Filters":
        if self.kind and self.kind not in KINDS:
            raise errors.QueryError(f"{self.kind!r} is not a statement kind: use one of {', '.join(sorted(KINDS))}")
        if self.stance and self.stance not in STANCES:
            raise errors.QueryError(f"{self.stance!r} is not a stance: use one of {', '.join(sorted(STANCES))}")
        return self


def canonical_force(name: str) -> str:
    """The canonical name of a force written in any case ("cheshire" -> "Cheshire"); an
    unknown name is refused with the nearest names."""
    from answerable.store import _all_forces

    forces = _all_forces()
    by_lower = {f.lower(): f for f in forces}
    if not forces or name.lower() in by_lower:
        return by_lower.get(name.lower(), name)
    from rapidfuzz import process

    near = [match for match, score, _ in process.extract(name, forces, limit=3) if score >= 60]
    hint = f" Did you mean: {', '.join(near)}?" if near else ""
    raise errors.QueryError(f"no force is named {name!r}.{hint} Use a name from data/forces.yaml, "
                            "e.g. Cheshire, Metropolitan Police, Devon and Cornwall")


def parse_query(query: str) -> list[str]:
    """The phrases to search for, each a list of words joined by spaces.

    ``"county lines" NEAR(x*`` -> ["county lines", "NEAR", "x"]. Unbalanced quotes are ignored.
    """
    parts: list[str] = []
    if query.count('"') % 2 == 0:
        for i, chunk in enumerate(query.split('"')):
            words = _WORD.findall(chunk)
            if i % 2 == 1 and words:
                parts.append(" ".join(words))
            else:
                parts.extend(words)
    else:
        parts = _WORD.findall(query)
    if not parts:
        raise errors.QueryError(f"{query!r} has no words to search for: give at least one word")
    return parts


def fts5_query(parts: list[str]) -> str:
    """An FTS5 MATCH string in which every phrase is a quoted string (so nothing is syntax)."""
    return " ".join('"' + part.replace('"', '""') + '"' for part in parts)


def mark_up(snippet: str) -> str:
    """HTML-escape a snippet and turn the private markers into <mark> tags."""
    return html.escape(snippet, quote=False).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def _where(filters: Filters, params: dict, *, statements: bool) -> str:
    clauses = []
    if filters.force:
        clauses.append("r.force = :force")
        params["force"] = filters.force
    if filters.report:
        clauses.append("r.report_id = :report")
        params["report"] = filters.report
    if filters.year:
        clauses.append("r.year = :year")
        params["year"] = int(filters.year)
    if filters.stance:
        clauses.append("r.stance = :stance")
        params["stance"] = filters.stance
    if statements and filters.kind:
        clauses.append("s.kind = :kind")
        params["kind"] = filters.kind
    return "".join(f" AND {c}" for c in clauses)


_COLUMNS = "r.id AS response_id, r.path, r.force, r.report_id, r.report_title, r.year, r.stance"
_STATEMENT_COLUMNS = ", s.id AS statement_id, s.kind, s.start, s.\"end\""
_NO_STATEMENT = ", NULL AS statement_id, NULL AS kind, NULL AS start, NULL AS \"end\""


def facet_tokens(*, force: str | None = None, report: str | None = None, year: int | None = None,
                 stance: str | None = None, kind: str | None = None) -> list[str]:
    """Filter values as single index tokens ("xfcheshire", "xy2020"), stored in the ``facets``
    column beside the text so that SQLite filters inside the full-text index itself."""
    pairs = (("xf", force), ("xr", report), ("xy", year), ("xs", stance), ("xk", kind))
    return [prefix + re.sub(r"[^0-9a-z]", "", str(value).lower()) for prefix, value in pairs
            if value not in (None, "")]


def fts5_match(parts: list[str], filters: Filters, *, statements: bool) -> str:
    """The whole MATCH expression: the words in ``text``, the filters in ``facets``."""
    expression = f"text : ({fts5_query(parts)})"
    tokens = facet_tokens(force=filters.force, report=filters.report, year=filters.year,
                          stance=filters.stance, kind=filters.kind if statements else None)
    if tokens:
        expression += " AND facets : (" + " ".join(f'"{t}"' for t in tokens) + ")"
    return expression


def _sqlite(engine: Engine, parts: list[str], filters: Filters, limit: int) -> list[Hit]:
    on_statements = bool(filters.kind)
    params: dict = {"q": fts5_match(parts, filters, statements=on_statements), "limit": limit}
    if on_statements:
        fts, join, extra = "statements_fts", ("JOIN statements s ON s.id = statements_fts.rowid "
                                              "JOIN responses r ON r.id = s.response_id"), _STATEMENT_COLUMNS
    else:
        fts, join, extra = "documents_fts", "JOIN responses r ON r.document_id = documents_fts.rowid", _NO_STATEMENT
    with engine.connect() as conn:
        window = ""
        boundary = conn.execute(text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :q ORDER BY rowid DESC "
                                     f"LIMIT 1 OFFSET :skip"), {"q": params["q"], "skip": RANK_WINDOW - 1}).scalar()
        if boundary is not None:
            window, params["boundary"] = f" AND {fts}.rowid >= :boundary", boundary
        top = (f"SELECT {fts}.rowid AS rid, -bm25({fts}, 1.0, 0.0) AS score, {_COLUMNS}{extra} FROM {fts} {join} "
               f"WHERE {fts} MATCH :q{window} ORDER BY score DESC, {fts}.rowid DESC LIMIT :limit")
        rows = conn.execute(text(top), params).mappings().all()
        if not rows:
            return []
        snip = text(f"SELECT rowid, snippet({fts}, 0, :a, :b, '…', 24) FROM {fts} "
                    f"WHERE {fts} MATCH :q AND rowid IN :ids").bindparams(bindparam("ids", expanding=True))
        snippets = dict(conn.execute(snip, {"q": params["q"], "a": MARK_START, "b": MARK_END,
                                            "ids": [r["rid"] for r in rows]}).all())
    return [_hit(r, snippets.get(r["rid"], "")) for r in rows]


def _pg_tsquery(parts: list[str], params: dict) -> str:
    terms = []
    for i, part in enumerate(parts):
        params[f"p{i}"] = part
        terms.append(f"phraseto_tsquery('english', :p{i})")
    return " && ".join(terms)


def _postgres(engine: Engine, parts: list[str], filters: Filters, limit: int) -> list[Hit]:
    params: dict = {"limit": limit, "window": RANK_WINDOW}
    query = _pg_tsquery(parts, params)
    tokens = facet_tokens(force=filters.force, report=filters.report, year=filters.year,
                          stance=filters.stance, kind=filters.kind)
    if tokens:  # filters are terms of the tsvector too (see the migration): one GIN lookup
        params["facets"] = " & ".join(tokens)
        query += " && to_tsquery('simple', :facets)"
    if filters.kind:
        table, alias, join, extra = "statements", "s", "JOIN responses r ON r.id = s.response_id", _STATEMENT_COLUMNS
    else:
        table, alias, join, extra = "documents", "d", "JOIN responses r ON r.document_id = d.id", _NO_STATEMENT
    source = f"{table} {alias}"
    with engine.connect() as conn:
        newest, lexemes = conn.execute(text(
            f"SELECT (SELECT max(id) FROM {table}), tsvector_to_array(to_tsvector('english', :words) "
            f"|| to_tsvector('simple', :facets))"), {"words": " ".join(parts), "facets": " ".join(tokens)}).one()
        if newest is None:
            return []
        frequency = _lexeme_frequencies(conn, engine, table)
        share = min((frequency.get(lexeme, 0.0) for lexeme in lexemes), default=0.0)
        params.update(_pg_buckets(newest, share))
        rows = conn.execute(text(_pg_sql(alias, source, join, extra, query)), params).mappings().all()
    return [_hit(r, r["snippet"]) for r in rows]


# Every tsv carries a recency-bucket lexeme ("xn" + id >> BUCKET_BITS; migration 0002 freezes
# the 12). Candidates are taken bucket by bucket, newest first, with the bucket's lexeme ANDed
# into the query: GIN's fast scan then skips along a common word's posting tree and reads at
# most 4,096 rows a bucket, where one scan of the word would read and sort every match (a word
# in 90% of 100,000 letters: 90,000 rows). After NEWEST_BUCKETS buckets the rest is one scan.
BUCKET_BITS = 12
NEWEST_BUCKETS = 48


_FREQUENCIES: dict[tuple[str, str], tuple[float, dict[str, float]]] = {}
FREQUENCIES_TTL = 300.0  # seconds; ANALYZE (autovacuum) refreshes the statistics about as often


def _lexeme_frequencies(conn, engine: Engine, table: str) -> dict[str, float]:
    """The share of ``table``'s rows holding each common lexeme, from the tsvector statistics
    ANALYZE keeps (empty before the first ANALYZE); cached per store for FREQUENCIES_TTL.

    The smallest share among a query's lexemes bounds how many rows can match, so correlated
    words ("domestic abuse") are never mistaken for rare ones; a lexeme too rare to be listed
    counts as 0. The bound only chooses how many buckets to walk, never which rows match."""
    key = (engine.url.render_as_string(hide_password=True), table)
    cached = _FREQUENCIES.get(key)
    if cached and time.monotonic() - cached[0] < FREQUENCIES_TTL:
        return cached[1]
    rows = conn.execute(text(
        "SELECT e.elem, e.freq FROM pg_stats st, "
        "unnest(st.most_common_elems::text::text[], st.most_common_elem_freqs) AS e(elem, freq) "
        "WHERE st.schemaname = current_schema() AND st.tablename = :table AND st.attname = 'tsv' "
        "AND e.elem IS NOT NULL"), {"table": table}).all()
    frequencies = {elem: float(freq) for elem, freq in rows}
    _FREQUENCIES[key] = (time.monotonic(), frequencies)
    return frequencies


def _pg_buckets(newest: int, share: float) -> dict:
    """Which buckets to walk one by one: none when few rows can match (one scan of them all is
    cheaper), else enough to hold RANK_WINDOW matches at that share, plus one."""
    top = newest >> BUCKET_BITS
    walk = 0
    if share * newest > 4 * RANK_WINDOW:
        walk = min(NEWEST_BUCKETS, 2 * math.ceil(RANK_WINDOW / (share * (1 << BUCKET_BITS))) + 1)
    bottom = max(top - walk + 1, 0)  # walk 0: top + 1, an empty series, and the rest is everything
    return {"top": top, "bottom": bottom, "floor": bottom << BUCKET_BITS}


def _pg_sql(alias: str, source: str, join: str, extra: str, query: str) -> str:
    """Candidates (the newest RANK_WINDOW matches, bucket by bucket; bucket -1 is everything
    older than the walked buckets), ranked by ts_rank, headlines for the top ``limit``.

    ``ORDER BY id + 0`` keeps the planner off a backward primary-key walk that would test
    every row's tsvector; the lateral scan per bucket is always the GIN index's."""
    in_bucket = "CASE WHEN b.n >= 0 THEN q.q && to_tsquery('simple', 'xn' || b.n) ELSE q.q END"
    return (f"WITH q AS (SELECT {query} AS q), "
            f"cand AS (SELECT c.id FROM (SELECT generate_series(:top, :bottom, -1) AS n "
            f"UNION ALL SELECT -1) AS b, q, LATERAL (SELECT {alias}.id FROM {source} "
            f"WHERE {alias}.tsv @@ ({in_bucket}) AND (b.n >= 0 OR {alias}.id < :floor) "
            f"ORDER BY {alias}.id + 0 DESC) AS c LIMIT :window), "
            f"top AS (SELECT {alias}.id AS rid, ts_rank({alias}.tsv, q.q) AS score "
            f"FROM cand JOIN {source} ON {alias}.id = cand.id, q "
            f"ORDER BY score DESC, {alias}.id DESC LIMIT :limit) "
            f"SELECT top.*, {_COLUMNS}{extra}, ts_headline('english', {alias}.text, q.q, "
            f"'StartSel={MARK_START}, StopSel={MARK_END}, MaxFragments=2, MaxWords=24, MinWords=8') AS snippet "
            f"FROM top JOIN {source} ON {alias}.id = top.rid {join}, q ORDER BY top.score DESC, top.rid DESC")


def _hit(row, snippet: str) -> Hit:
    span = (row["start"], row["end"]) if row["start"] is not None else None
    return Hit(response_id=row["response_id"], statement_id=row["statement_id"], path=row["path"],
               force=row["force"], report=row["report_id"], report_title=row["report_title"],
               year=row["year"], kind=row["kind"], stance=row["stance"], score=round(float(row["score"]), 6),
               snippet=mark_up(snippet or ""), span=span)


def full_text(engine: Engine, query: str, filters: Filters, limit: int = 20) -> list[Hit]:
    """Ranked full-text hits for ``query`` (searched literally)."""
    parts = parse_query(query)
    run = _sqlite if engine.dialect.name == "sqlite" else _postgres
    return run(engine, parts, filters.checked(), max(1, min(int(limit), 1000)))


# --- meaning-based -----------------------------------------------------------------------------
def fill_embeddings(engine: Engine, batch: int = 256) -> int:
    """Compute and store vectors for statements that have none; returns how many were added."""
    from answerable.store.analyse import embed_texts

    table = schema.statements
    added = 0
    while True:
        with engine.connect() as conn:
            rows = conn.execute(select(table.c.id, table.c.text).where(table.c.embedding.is_(None))
                                .order_by(table.c.id).limit(batch)).all()
        if not rows:
            return added
        vectors = embed_texts([r.text for r in rows])
        with writer(engine).begin() as conn:
            conn.execute(update(table).where(table.c.id == bindparam("sid"))
                         .values(embedding=bindparam("vec")),
                         [{"sid": r.id, "vec": v} for r, v in zip(rows, vectors)])
        added += len(rows)


@dataclass
class VectorCache:
    """Statement vectors held in memory between semantic searches (one per Store); reloaded
    when statements with vectors are added or removed."""

    key: tuple = ()
    ids: object = None  # np.ndarray of statement ids, ascending
    matrix: object = None  # np.ndarray [n, 384] float32

    def load(self, engine: Engine):
        import numpy as np

        table = schema.statements
        with engine.connect() as conn:
            key = tuple(conn.execute(select(func.count(), func.max(table.c.id))
                                     .where(table.c.embedding.is_not(None))).one())
            if key != self.key:
                rows = conn.execute(select(table.c.id, table.c.embedding).where(table.c.embedding.is_not(None))
                                    .order_by(table.c.id)).all()
                self.ids = np.fromiter((r.id for r in rows), dtype=np.int64, count=len(rows))
                self.matrix = (np.frombuffer(b"".join(r.embedding for r in rows), dtype=np.float32)
                               .reshape(len(rows), -1) if rows else np.zeros((0, 384), np.float32))
                self.key = key
        return self.ids, self.matrix


def semantic(engine: Engine, query: str, filters: Filters, limit: int = 20,
             cache: VectorCache | None = None) -> list[Hit]:
    """Statements nearest in meaning to ``query`` (cosine over stored unit vectors)."""
    import numpy as np

    from answerable.embed import get_encoder

    if not query.strip():
        raise errors.QueryError("the search is empty: give some words to search for")
    filters = filters.checked()
    fill_embeddings(engine)
    ids, matrix = (cache or VectorCache()).load(engine)
    if not len(ids):
        return []
    scores = matrix @ np.asarray(get_encoder().encode([query]), dtype=np.float32)[0]
    params: dict = {}
    where = _where(filters, params, statements=True)
    with engine.connect() as conn:
        if where:
            allowed = conn.execute(text(f"SELECT s.id FROM statements s JOIN responses r ON r.id = s.response_id "
                                        f"WHERE s.embedding IS NOT NULL{where}"), params).scalars().all()
            scores = np.where(np.isin(ids, np.asarray(allowed, dtype=np.int64)), scores, -np.inf)
        order = [i for i in np.argsort(-scores)[:limit] if np.isfinite(scores[i])]
        if not order:
            return []
        found = conn.execute(text(f"SELECT s.id AS statement_id, s.kind, s.start, s.\"end\", s.text, {_COLUMNS} "
                                  f"FROM statements s JOIN responses r ON r.id = s.response_id WHERE s.id IN :ids")
                             .bindparams(bindparam("ids", expanding=True)),
                             {"ids": [int(ids[i]) for i in order]}).mappings().all()
    by_id = {row["statement_id"]: row for row in found}
    return [_hit({**by_id[int(ids[i])], "score": float(scores[i])}, by_id[int(ids[i])]["text"])
            for i in order if int(ids[i]) in by_id]


def statement_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema.statements)).scalar_one()
