"""Extraction speed: the whole CLI over 2,000 plain-text letters, and in-process ms/letter.

    .venv/bin/python bench/bench_extract.py            # 2,000 letters, 3 CLI runs
    .venv/bin/python bench/bench_extract.py -n 500 --runs 5

Generates the letters with bench/make_corpus.py into a temporary folder, runs
``answerable extract DIR --format json > /dev/null`` (a fresh process each time, so start-up and
imports are counted) with one and with two worker processes, and prints the median letters per
second of wall-clock time and per CPU-second (the figure that does not depend on other load on a
shared machine); then extracts the same files in this process and prints the median CPU
milliseconds per letter, and the accuracy on the generated letters (their truth file is a labels
file). The target is ≥ 200 letters/s for the CLI run.
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_LETTERS_PER_S = 200


def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", HERE / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def cli_run(folder: Path, n: int, workers: int) -> tuple[float, float]:
    """One whole `answerable extract` run over ``folder``: (letters/s wall, letters/s of CPU).

    The CPU figure (user + system time of the process and its workers) does not depend on
    what else the machine is doing, so it is the one to compare on a shared machine.
    """
    exe = Path(sys.executable).with_name("answerable")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([str(exe), "extract", str(folder), "--format", "json",
                           "--workers", str(workers)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        print(f"  (exit {proc.returncode}: {proc.stderr.strip().splitlines()[:3]})", file=sys.stderr)
    return n / took, n / cpu


def in_process(files: list[Path], runs: int) -> list[float]:
    """CPU milliseconds per letter for :func:`answerable.extract.extract`, one figure per run."""
    from answerable.extract import extract

    extract(files[0])  # warm: data files and regexes loaded once per process
    figures = []
    for _ in range(runs):
        start = time.process_time()
        for f in files:
            extract(f)
        figures.append(1000 * (time.process_time() - start) / len(files))
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=2000, help="letters to generate (default 2000)")
    ap.add_argument("--runs", type=int, default=3, help="CLI runs (default 3)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--noise", type=float, default=0.0,
                    help="share of letters with hard wraps, page furniture, CRLF or Windows-1252")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="answerable-bench-") as tmp:
        folder = Path(tmp) / "letters"
        start = time.perf_counter()
        truth = Path(tmp) / "truth.jsonl"
        _make_corpus().write_corpus(folder, args.n, args.seed, truth_path=truth, noise=args.noise)
        print(f"generated {args.n} letters in {time.perf_counter() - start:.2f}s")
        for workers in (1, 2):
            walls, cpus = [], []
            for i in range(args.runs):
                wall, cpu = cli_run(folder, args.n, workers)
                walls.append(wall)
                cpus.append(cpu)
                print(f"  --workers {workers} run {i + 1}: {wall:.0f} letters/s wall, "
                      f"{cpu:.0f} letters per CPU-second")
            median = statistics.median(walls)
            verdict = "meets" if median >= TARGET_LETTERS_PER_S else "BELOW"
            print(f"answerable extract DIR --format json --workers {workers}: median {median:.0f} "
                  f"letters/s wall ({verdict} the {TARGET_LETTERS_PER_S}/s target), "
                  f"{statistics.median(cpus):.0f} letters per CPU-second, over {args.n} letters")
        files = sorted(folder.glob("*.txt"))
        ms = in_process(files, max(1, args.runs))
        print(f"in-process extract(): median {statistics.median(ms):.2f} CPU ms/letter "
              f"({1000 / statistics.median(ms):.0f} letters/s)")
        from answerable.evaluate import evaluate

        report = evaluate(truth)
        figures = ", ".join(f"{f} {100 * report.accuracy(f):.1f}%"
                            for f in ("force", "author", "role", "date", "span_exactness"))
        print(f"accuracy on the generated letters: {figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
