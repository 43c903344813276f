"""Store benchmark: a plain script that prints medians (not a timed test).

    .venv/bin/python bench/bench_store.py                       # SQLite, 2,000 letters, 100k search
    .venv/bin/python bench/bench_store.py --pg postgresql://answerable@127.0.0.1:54331/answerable_test
    .venv/bin/python bench/bench_store.py -n 500 --big 20000    # quicker

Measures
0. with --kill: SIGKILL an ingest of the ``-n`` letters part-way, run again, count each once;
1. ingest (read + extract + audit + store) with 2 workers of ``-n`` generated letters
   (bench/make_corpus.py varies the dev-set letters): letters/s, and peak RSS of the parent
   and of the largest worker;
2. embedding-based matching (answerable.match over the fictional "Safer at night" report,
   whose recommendations are known) in letters/s, separately;
3. search p95 / median and compare time at ``--big`` letters (100,000 by default). The big
   store is filled by BULK INSERT of synthetic rows (generated letter texts, statements cut
   from their sentences, ~40 responses per report) rather than by extracting each letter —
   the read path (FTS / tsvector indexes, queries) is the real one. PostgreSQL then gets the
   VACUUM ANALYZE autovacuum would give it; a first round of queries is reported apart, and
   p95 / median come from the 5 rounds after it.
Each database is fresh (a temp SQLite file; a new schema on PostgreSQL, dropped afterwards).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from sqlalchemy import insert  # noqa: E402

from answerable.store import open_store, schema  # noqa: E402
from answerable.store.search import facet_tokens  # noqa: E402

QUERIES = [
    ("county lines", {}), ("early intervention", {}), ("night-time economy", {}),
    ('"chief constable"', {}), ("safeguarding", {"kind": "commitment"}), ("domestic abuse", {}),
    ("we will publish", {}), ("recommendation", {"force": "Kent"}), ("training", {"year": 2021}),
    ("victims", {"kind": "concern"}), ("licensing hotspots", {}), ("spiking", {}),
    ("scrutiny board", {}), ("welcome the report", {}), ("partnership", {"kind": "partnership"}),
    ("\"county lines", {}), ("NEAR(county lines)", {}), ("exploitation", {"stance": "welcomes"}),
]
KIND_CUES = [("commitment", r"\bwe will\b|\bI will\b|\bwill be\b"), ("concern", r"\bconcern"),
             ("agrees", r"\baccept|\bagree"), ("partnership", r"\bpartner"), ("action_taken", r"\bhas (?:created|completed|allocated)")]


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def pg_schema_url(base: str) -> tuple[str, str]:
    name = "bench_" + uuid.uuid4().hex[:10]
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={name}')}", name


def drop_schema(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {name} CASCADE")


# --- 1. ingest -----------------------------------------------------------------------------------
def bench_ingest(url: str, corpus: Path, n: int, workers: int, label: str) -> None:
    store = open_store(url)
    cpu_self, cpu_children = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    summary = store.ingest([corpus], workers=workers)
    took = time.perf_counter() - started
    parent = (_cpu(resource.RUSAGE_SELF) - cpu_self) / n * 1000
    children = (_cpu(resource.RUSAGE_CHILDREN) - cpu_children) / n * 1000
    # on `workers` free cores shared by the parent (writing) and the workers (extracting)
    free = min(workers * 1000 / (parent + children), 1000 / parent, workers * 1000 / children)
    print(f"[{label}] ingest {n} letters, {workers} workers: {took:.1f} s = {n / took:.0f} letters/s wall "
          f"({summary.line()}); CPU per letter: parent {parent:.1f} ms, workers {children:.1f} ms "
          f"-> {free:.0f} letters/s on {workers} idle cores")
    again = time.perf_counter()
    summary = store.ingest([corpus], workers=workers)
    print(f"[{label}] re-ingest (all skipped): {time.perf_counter() - again:.1f} s ({summary.line()})")
    print(f"[{label}] peak RSS: parent {rss_mb(resource.RUSAGE_SELF):.0f} MB, "
          f"largest worker {rss_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    store.close()


def bench_kill(url: str, corpus: Path, n: int, label: str) -> None:
    """SIGKILL an ingest of the whole corpus part-way, run it again, count every file once."""
    import os
    import signal
    import subprocess

    from sqlalchemy import text

    open_store(url).close()
    script = ("import sys; from answerable.store import open_store; "
              "open_store(sys.argv[1]).ingest([sys.argv[2]], workers=2)")
    child = subprocess.Popen([sys.executable, "-c", script, url, str(corpus)], stderr=subprocess.DEVNULL)
    probe = open_store(url)
    while probe.counts()["documents"] < n // 3 and child.poll() is None:
        time.sleep(0.2)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    before = probe.counts()["documents"]
    summary = probe.ingest([corpus], workers=2)
    with probe.engine.connect() as conn:
        row = conn.execute(text("SELECT count(*), count(DISTINCT sha256), count(DISTINCT path) FROM documents")).one()
    ok = tuple(row) == (n, n, n) and summary.new == n - before and not summary.failed
    print(f"[{label}] kill test: SIGKILL after {before} of {n} files, then again: {summary.line()}; "
          f"documents/distinct hashes/distinct paths = {tuple(row)} -> {'every file once' if ok else 'FAILED'}")
    probe.close()


# --- 2. embedding-based matching -----------------------------------------------------------------
def bench_matching(corpus: Path, n: int) -> None:
    from answerable.catalogue import load_report_file
    from answerable.extract import extract
    from answerable.match import match

    report = load_report_file(ROOT / "tests" / "fixtures" / "reports" / "safer-at-night.yaml")
    records = [extract(p) for p in sorted(corpus.glob("*.txt"))[:n]]
    match(records[0], report)  # load the model once
    times = []
    for _ in range(3):
        started = time.perf_counter()
        for record in records:
            match(record, report)
        times.append(time.perf_counter() - started)
    took = statistics.median(times)
    print(f"embedding-based matching: {len(records)} letters x {len(report.recommendations)} recommendations: "
          f"{len(records) / took:.0f} letters/s (median of 3)")
    bench_semantic(corpus, n)


def bench_semantic(corpus: Path, n: int) -> None:
    """Ingest ``n`` letters with --embed (statement vectors) and time semantic searches."""
    import shutil

    with tempfile.TemporaryDirectory(prefix="bench-semantic-") as tmp:
        few = Path(tmp) / "letters"
        few.mkdir()
        for path in sorted(corpus.glob("*.txt"))[:n]:
            shutil.copy(path, few / path.name)
        store = open_store(f"sqlite:///{tmp}/semantic.db")
        started = time.perf_counter()
        store.ingest([few], workers=2, embed=True)
        took = time.perf_counter() - started
        statements = store.counts()["statements"]
        print(f"ingest with --embed: {n} letters ({statements} statement vectors) in {took:.1f} s = "
              f"{n / took:.0f} letters/s")
        store.search("children exploited by drug gangs", semantic=True)  # load the vectors once
        times = []
        for query in ("children exploited by drug gangs", "training for door staff", "publish the response",
                      "money for more officers", "hold the chief constable to account"):
            started = time.perf_counter()
            store.search(query, semantic=True)
            times.append((time.perf_counter() - started) * 1000)
        print(f"semantic search over {statements} statements: median {statistics.median(times):.1f} ms")
        store.close()


# --- 3. search and compare at scale --------------------------------------------------------------
def _statements(text: str) -> list[tuple[str, str, int, int]]:
    found = []
    for m in re.finditer(r"[^.!?\n]{30,400}[.!?]", text):
        for kind, cue in KIND_CUES:
            if re.search(cue, m.group(0), re.I):
                found.append((kind, m.group(0).strip(), m.start(), m.end()))
                break
    return found[:12]


def fill_big(url: str, big: int, seed: int = 7) -> dict:
    """Bulk-insert ``big`` synthetic responses; returns ids to query."""
    from make_corpus import generate, load_forces

    store = open_store(url)
    rng = random.Random(seed)
    forces = load_forces()
    n_reports = max(1, big // 40)
    now = dt.datetime.now(dt.timezone.utc)
    reports = []
    for i in range(n_reports):
        published = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3000))
        reports.append({"id": f"bench-report-{i:05d}", "title": f"Bench report {i} (fictional)",
                        "published": published.isoformat(), "kind": "thematic",
                        "forces": forces, "recommendations": []})
    with store.engine.begin() as conn:
        conn.execute(insert(schema.reports), [dict(id=r["id"], title=r["title"],
                     published=dt.date.fromisoformat(r["published"]), kind=r["kind"], origin="imported",
                     data=r) for r in reports])
    started = time.perf_counter()
    batch: list[tuple[str, dict]] = []
    doc_id = 0
    for _name, text, truth in generate(big, seed):
        batch.append((text, truth))
        if len(batch) == 1000:
            doc_id = _insert_batch(store, batch, doc_id, reports, rng, now)
            batch = []
    if batch:
        _insert_batch(store, batch, doc_id, reports, rng, now)
    took = time.perf_counter() - started
    print(f"bulk insert of {big} synthetic responses: {took:.0f} s")
    if store.dialect == "postgresql":  # what autovacuum does after a bulk load: statistics for
        # the planner and search, GIN pending lists merged, visibility map set
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    store.close()
    return {"report": reports[0]["id"]}


def _insert_batch(store, batch, doc_id, reports, rng, now) -> int:
    docs, resps, stmts = [], [], []
    for text, truth in batch:
        doc_id += 1
        report = rng.choice(reports)
        published = dt.date.fromisoformat(report["published"])
        day = rng.randint(10, 90)
        date = published + dt.timedelta(days=day - 1)
        docs.append(dict(id=doc_id, sha256=hashlib.sha256(f"{doc_id}{text}".encode()).hexdigest(),
                         path=f"/bench/letter_{doc_id:06d}.txt", format="txt", kind="response", text=text,
                         size=len(text), extractor_version="bench", ingested_at=now))
        found = _statements(text)
        stance = rng.choice(["welcomes", "agrees_with_recommendations", "mixed", "neutral"])
        meta = dict(force=truth["force"], report=report["id"], year=date.year, stance=stance)
        docs[-1]["facets"] = " ".join(facet_tokens(**meta))
        resps.append(dict(id=doc_id, document_id=doc_id, path=f"/bench/letter_{doc_id:06d}.txt",
                          force=truth["force"], author_name=truth["author"], author_role=truth["role"],
                          letter_date=date, year=date.year, report_id=report["id"], report_title=report["title"],
                          stance=stance,
                          deadline_due=published + dt.timedelta(days=55), day=day,
                          deadline_status="on_time" if day <= 56 else "late", recs_answered=0, recs_total=0,
                          n_commitments=sum(k == "commitment" for k, *_ in found), audit_failed=day > 56,
                          extractor_version="bench", record={}, audit={}, ingested_at=now))
        stmts += [dict(response_id=doc_id, idx=i, kind=k, text=t, start=s, end=e, actor="author",
                       grounding="exact", facets=" ".join(facet_tokens(**meta, kind=k)))
                  for i, (k, t, s, e) in enumerate(found)]
    with store.engine.begin() as conn:
        conn.execute(insert(schema.documents), docs)
        conn.execute(insert(schema.responses), resps)
        conn.execute(insert(schema.statements), stmts)
    return doc_id


def _search_round(store) -> list[float]:
    """Milliseconds for each of QUERIES, once."""
    times = []
    for query, filters in QUERIES:
        started = time.perf_counter()
        store.search(query, **filters)
        times.append((time.perf_counter() - started) * 1000)
    return times


def bench_queries(url: str, ids: dict, label: str, rounds: int = 5) -> None:
    store = open_store(url)
    cold = _search_round(store)  # a first round on a new connection, reported apart
    print(f"[{label}] first round (cold caches): median {statistics.median(cold):.1f} ms, max {max(cold):.1f} ms")
    times = sorted(t for _ in range(rounds) for t in _search_round(store))
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"[{label}] search over {store.counts()['responses']} responses: median {statistics.median(times):.1f} ms, "
          f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms ({len(times)} queries)")
    compares = []
    for _ in range(rounds):
        started = time.perf_counter()
        result = store.compare(ids["report"])
        compares.append((time.perf_counter() - started) * 1000)
    print(f"[{label}] compare {ids['report']} ({len(result.rows)} responses): median "
          f"{statistics.median(compares):.1f} ms, max {max(compares):.1f} ms")
    store.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=2000, help="letters to ingest (default 2000; 0 skips)")
    ap.add_argument("--big", type=int, default=100_000, help="responses for search/compare (0 skips)")
    ap.add_argument("--match-n", type=int, default=200, help="letters for the matching benchmark")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pg", help="PostgreSQL URL (a fresh schema is made in it and dropped)")
    ap.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL (with --pg)")
    ap.add_argument("--kill", action="store_true", help="also the kill test at -n files")
    args = ap.parse_args(argv)

    from make_corpus import write_corpus

    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        corpus = Path(tmp) / "letters"
        write_corpus(corpus, args.n, seed=1)
        targets = [] if args.no_sqlite else [("sqlite", f"sqlite:///{tmp}/ingest.db", None)]
        if args.pg:
            url, name = pg_schema_url(args.pg)
            targets.append(("postgresql", url, name))
        for label, url, _ in targets if args.n else []:
            bench_ingest(url, corpus, args.n, args.workers, label)
        if args.kill and args.n:
            kill_targets = [] if args.no_sqlite else [("sqlite", f"sqlite:///{tmp}/kill.db", None)]
            if args.pg:
                url, name = pg_schema_url(args.pg)
                kill_targets.append(("postgresql", url, name))
            for label, url, _ in kill_targets:
                bench_kill(url, corpus, args.n, label)
            targets += [t for t in kill_targets if t[2]]
        if args.n and args.match_n:
            bench_matching(corpus, args.match_n)
        if args.big:
            big_targets = [] if args.no_sqlite else [("sqlite", f"sqlite:///{tmp}/big.db", None)]
            if args.pg:
                url, name = pg_schema_url(args.pg)
                big_targets.append(("postgresql", url, name))
            for label, url, _ in big_targets:
                ids = fill_big(url, args.big)
                bench_queries(url, ids, label)
        if args.pg:
            for _, _, name in targets + (big_targets if args.big else []):
                if name:
                    drop_schema(args.pg, name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
