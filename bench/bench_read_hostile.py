"""Hostile inputs, timed and weighed (a plain script printing medians; not a test).

    .venv/bin/python bench/bench_read_hostile.py [--runs 3] [--big] [--src OTHER/src]

Each case runs in a fresh Python process; the figure is the wall time of the operation
(imports excluded) and the process's peak resident memory (``wait4`` rusage, imports included).
Cases (every file is made here, in a temporary folder; no letter text is real):

  bomb-zeros    a ~1 MB .docx whose word/document.xml unpacks to 1 GiB of NUL bytes
  bomb-paras    a ~1 MB .docx whose document.xml is 1 GiB of empty paragraphs (<w:p/>)
  nested-ol     360 KB of nested <ol><li> (16,000 deep)
  ol-20000      one <ol> of 20,000 items
  slow-ingest   `ingest --workers 2` of 6 letters and one slow one: when the six are stored
  sigterm       `answerable serve`, a slow upload, SIGTERM: seconds until the server is gone
  page-50mb     (--big) `answerable extract` of a 49 MiB web page: stopped by the time budget

``--src`` measures another checkout's ``src`` folder (e.g. a worktree of an older commit) with
the same cases, for before/after figures in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

GIB = 1024 ** 3
SLOW_PARAGRAPH = ("Paragraph {i}. The force will review its approach to call handling and I will hold "
                  "the Chief Constable to account for progress.")


# --- inputs ------------------------------------------------------------------------------------
def _base_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Dear Home Secretary,")
    document.add_paragraph("I welcome the report.")
    document.save(str(path))
    return path


def make_bomb(path: Path, unit: bytes) -> Path:
    """A real .docx whose body is padded with ``unit`` repeated to 1 GiB (streamed, never held)."""
    base = _base_docx(path.with_suffix(".base.docx"))
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != "word/document.xml":
                out.writestr(info.filename, data)
                continue
            head, tail = data.split(b"<w:body>", 1)
            info = zipfile.ZipInfo("word/document.xml")
            info.compress_type = zipfile.ZIP_DEFLATED
            with out.open(info, "w", force_zip64=True) as member:
                member.write(head + b"<w:body>")
                block = unit * (8 * 1024 * 1024 // len(unit))
                for _ in range(GIB // len(block)):
                    member.write(block)
                member.write(tail)
    base.unlink()
    return path


def make_nested(path: Path) -> Path:
    depth = 16_000
    path.write_text("<html><body><main>" + "<ol><li>item " * depth + "</li></ol>" * depth + "</main></body></html>")
    return path


def make_long_list(path: Path) -> Path:
    items = "".join(f"<li>Action {i} is under way.</li>" for i in range(20_000))
    path.write_text(f"<html><body><main><p>Dear Home Secretary,</p><ol>{items}</ol></main></body></html>")
    return path


def make_big_page(path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        out.write("<html><body><main><p>Dear Home Secretary,</p>")
        i = 0
        while out.tell() < 49 * 1024 * 1024:  # just under the 50 MiB file limit
            out.write(f"<p>{SLOW_PARAGRAPH.format(i=i)}</p>\n")
            i += 1
        out.write("</main></body></html>")
    return path


def slow_text(paragraphs: int) -> str:
    body = "\n\n".join(SLOW_PARAGRAPH.format(i=i) for i in range(paragraphs))
    return f"Dear Home Secretary,\n\n{body}\n\nYours sincerely,\n\nA Name\n"


# --- running a case in its own process ------------------------------------------------------
READ = """
import json, sys, time
from pathlib import Path
import answerable.read
from answerable.read import read
started = time.perf_counter()
try:
    doc = read(Path(sys.argv[1])); outcome = f"read {len(doc.text)} chars"
except Exception as exc:
    outcome = f"{type(exc).__name__}: {str(exc)[:90]}"
print(json.dumps({"seconds": time.perf_counter() - started, "outcome": outcome}))
"""

EXTRACT = """
import contextlib, io, json, sys, time
from answerable.cli import main
sys.argv = ["answerable", "extract", sys.argv[1], "--format", "json"]
err, out = io.StringIO(), io.StringIO()
started = time.perf_counter()
with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
    try:
        main()
    except SystemExit:
        pass
print(json.dumps({"seconds": time.perf_counter() - started,
                  "outcome": (err.getvalue().strip() or "extracted")[-150:]}))
"""

INGEST = """
import json, sys, time
from pathlib import Path
from answerable.store import open_store
store = open_store(sys.argv[2])
seen = {}
started = time.perf_counter()
store.ingest([sys.argv[1]], workers=2, progress=lambda e: seen.setdefault(Path(e.path).name, time.perf_counter() - started))
slow = seen.pop("0-slow.txt")
print(json.dumps({"seconds": max(seen.values()), "outcome": f"6 stored after {max(seen.values()):.1f} s; slow one after {slow:.1f} s"}))
"""


def run_case(code: str, args: list[str], env: dict) -> dict:
    """Run ``code`` in a new interpreter; its JSON line plus the peak RSS in MB."""
    process = subprocess.Popen([sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    out, err = process.stdout.read(), process.stderr.read()
    try:
        result = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        result = {"seconds": float("nan"), "outcome": f"crashed: {err.strip()[-150:]}"}
    result["rss_mb"] = usage.ru_maxrss / 1024
    return result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sigterm_case(tmp: Path, env: dict) -> dict:
    """Seconds from SIGTERM to the server's exit while a slow upload is being audited."""
    port = _free_port()
    env = {**env, "ANSWERABLE_SECRET_KEY": "k" * 40, "ANSWERABLE_TIME_BUDGET_SECONDS": "600",
           "ANSWERABLE_UPLOAD_MAX_BYTES": str(20 * 1024 * 1024)}
    server = subprocess.Popen([sys.executable, "-c", "from answerable.cli import main; main()", "serve", "--port",
                               str(port), "--db", f"sqlite:///{tmp / 'serve.db'}"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api/v1/audit"

    def post(text: str, timeout: float) -> None:
        request = urllib.request.Request(url, data=json.dumps({"text": text}).encode(),
                                         headers={"content-type": "application/json"})
        urllib.request.urlopen(request, timeout=timeout).read()

    deadline = time.monotonic() + 90
    while True:
        try:
            post("Dear Home Secretary,\n\nI welcome the report.\n\nYours sincerely", 60)
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                return {"seconds": float("nan"), "outcome": "server did not start", "rss_mb": 0}
            time.sleep(0.3)
    import threading

    threading.Thread(target=lambda: _quiet(post, slow_text(40_000), 300), daemon=True).start()
    time.sleep(3)
    started = time.monotonic()
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=300)
    except subprocess.TimeoutExpired:
        server.kill()
    took = time.monotonic() - started
    return {"seconds": took, "outcome": f"server gone {took:.1f} s after SIGTERM", "rss_mb": 0}


def _quiet(func, *args) -> None:
    try:
        func(*args)
    except Exception:  # noqa: BLE001 - the server goes away mid-request
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs of each quick case (median shown)")
    parser.add_argument("--big", action="store_true", help="also the 50 MB page (a minute or more)")
    parser.add_argument("--src", help="the src folder of another checkout to measure instead")
    parser.add_argument("--only", nargs="*", help="case names to run")
    args = parser.parse_args()
    env = {**os.environ}
    if args.src:
        env["PYTHONPATH"] = os.path.abspath(args.src)
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as folder:
        tmp = Path(folder)
        cases = {
            "bomb-zeros": lambda: (READ, [str(make_bomb(tmp / "bomb1.docx", b"\0"))], args.runs),
            "bomb-paras": lambda: (READ, [str(make_bomb(tmp / "bomb3.docx", b"<w:p/>"))], args.runs),
            "nested-ol": lambda: (READ, [str(make_nested(tmp / "nested.html"))], args.runs),
            "ol-20000": lambda: (READ, [str(make_long_list(tmp / "long.html"))], args.runs),
            "slow-ingest": lambda: (INGEST, [str(_ingest_folder(tmp)), f"sqlite:///{tmp / 'ingest.db'}"], 1),
        }
        if args.big:
            cases["page-50mb"] = lambda: (EXTRACT, [str(make_big_page(tmp / "page.html"))], 1)
        print(f"{'case':<12} {'input':>9} {'median s':>9} {'peak MB':>8}  outcome")
        for name, make in cases.items():
            if args.only and name not in args.only:
                continue
            code, case_args, runs = make()
            size = os.path.getsize(case_args[0]) if os.path.isfile(case_args[0]) else 0
            results = []
            for _ in range(runs):
                if name == "slow-ingest":
                    (tmp / "ingest.db").unlink(missing_ok=True)
                results.append(run_case(code, case_args, env))
            seconds = statistics.median(r["seconds"] for r in results)
            rss = statistics.median(r["rss_mb"] for r in results)
            print(f"{name:<12} {size / 1e6:>7.2f}MB {seconds:>9.3f} {rss:>8.0f}  {results[-1]['outcome']}", flush=True)
        if not args.only or "sigterm" in args.only:
            result = sigterm_case(tmp, env)
            print(f"{'sigterm':<12} {'':>9} {result['seconds']:>9.1f} {'':>8}  {result['outcome']}")


def _ingest_folder(tmp: Path) -> Path:
    folder = tmp / "letters"
    folder.mkdir(exist_ok=True)
    for i in range(6):
        (folder / f"letter-{i}.txt").write_text(
            f"Dear Home Secretary,\n\nLetter {i}: I welcome the report and the force will act on it by "
            f"March 202{i}.\n\nYours sincerely,\n\nA Name\nPolice and Crime Commissioner for Dorset\n")
    (folder / "0-slow.txt").write_text(slow_text(8_000))
    return folder


if __name__ == "__main__":
    main()
