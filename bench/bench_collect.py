"""Collect benchmark: a plain script that prints medians (not a timed test).

    .venv/bin/python bench/bench_collect.py            # 3 rounds of each measurement
    .venv/bin/python bench/bench_collect.py -r 5

The fictional site of the bar (tests/collect/collect_sites.py: 200 pages, 300 documents of
which 240 are response files, 60 are responses published as pages, 60 are not responses) is
served on 127.0.0.1 by uvicorn in another process (the server is not what is measured). With
the per-host delay at 0 and the default per-host concurrency (2), each round collects into a
fresh SQLite store with 2 ingest workers and reports (wall figures depend on the machine's load,
so the CPU time per document is printed too: 2 idle cores can do no more than 2 s / that):

1. first collect: documents fetched and ingested per second (the bar: >= 50 on 2 cores), with
   the crawl and ingest overlapping (the default) and one after the other, and their ratio;
2. the fetch side alone (ingest=False): requests per second;
3. second collect: every request conditional (all 304), seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "collect"))

SERVER = r"""
import hashlib, sys
sys.path.insert(0, sys.argv[1])
from collect_sites import Site, build_bar_site
import uvicorn

site = Site()
build_bar_site(site)
tags = {p: '"' + hashlib.sha256(r.body).hexdigest()[:16] + '"' for p, r in site.routes.items()}

async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    path = scope["path"]
    route = site.routes.get(path)
    headers = dict(scope["headers"])
    if route is None:
        await send({"type": "http.response.start", "status": 404, "headers": [(b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})
        return
    tag = tags[path].encode()
    if headers.get(b"if-none-match") == tag:
        await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", tag)]})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": [
        (b"content-type", route.content_type.encode()), (b"etag", tag),
        (b"content-length", str(len(route.body)).encode())]})
    await send({"type": "http.response.body", "body": route.body})

uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server() -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(ROOT / "tests" / "collect"), str(port)])
    import httpx

    for _ in range(200):
        try:
            httpx.get(f"http://127.0.0.1:{port}/robots.txt", timeout=1)
            return proc, f"http://127.0.0.1:{port}"
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("the fixture server did not start")


def _cpu() -> float:
    import resource

    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def one_round(base: str, *, overlap: bool, ingest: bool = True) -> dict:
    from answerable.collect import collect
    from answerable.settings import Settings
    from answerable.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite:///{tmp}/bench.db", collect_delay=0)
        with open_store(settings.database_url) as store:
            cpu = _cpu()
            first = collect(store, [base + "/"], settings=settings, workers=2, overlap=overlap, ingest=ingest)
            cpu = _cpu() - cpu
            second = collect(store, [base + "/"], settings=settings, workers=2, overlap=overlap, ingest=ingest)
    assert not first.failed, first.failed[:3]
    assert second.not_modified == second.requests, second.line()
    return {"docs": first.new / first.seconds, "stored": first.stored, "requests": first.requests / first.seconds,
            "second": second.seconds, "first": first.seconds, "cpu_ms": 1000 * cpu / first.new}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-r", "--rounds", type=int, default=3)
    args = parser.parse_args()
    proc, base = start_server()
    try:
        one_round(base, overlap=True, ingest=False)  # warm: imports, page cache
        runs: dict[str, list[dict]] = {"overlap": [], "sequential": [], "fetch": []}
        for _ in range(args.rounds):  # interleaved, so machine load hits each the same
            runs["overlap"].append(one_round(base, overlap=True))
            runs["sequential"].append(one_round(base, overlap=False))
            runs["fetch"].append(one_round(base, overlap=False, ingest=False))
    finally:
        proc.kill()
    med = {k: {m: statistics.median(r[m] for r in v) for m in v[0]} for k, v in runs.items()}
    print(f"collect bench: 200 pages, 300 documents on 127.0.0.1, delay 0, 2 workers, "
          f"{args.rounds} rounds, load average {os.getloadavg()[0]:.1f} (medians)")
    print(f"  first collect, overlapped:  {med['overlap']['docs']:6.1f} documents/s fetched and ingested "
          f"({med['overlap']['first']:.2f} s, {med['overlap']['stored']:.0f} stored)")
    print(f"  first collect, sequential:  {med['sequential']['docs']:6.1f} documents/s "
          f"({med['sequential']['first']:.2f} s); overlapped / sequential = "
          f"{med['overlap']['docs'] / med['sequential']['docs']:.2f}")
    cpu = med["sequential"]["cpu_ms"]
    print(f"  CPU per document (crawl + ingest, every process of ours): {cpu:.1f} ms, so at most "
          f"{2000 / cpu:.0f} documents/s on 2 idle cores (the wall figures above depend on the machine's load)")
    print(f"  fetch only (no ingest):     {med['fetch']['docs']:6.1f} documents/s, {med['fetch']['requests']:.0f} requests/s")
    print(f"  second collect (all 304):   {med['overlap']['second']:6.2f} s")


if __name__ == "__main__":
    main()
