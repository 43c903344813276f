"""Extraction speed: the whole CLI over 2,000 plain-text letters, and in-process ms/letter.

    .venv/bin/python bench/bench_extract.py            # 2,000 letters, 3 CLI runs
    .venv/bin/python bench/bench_extract.py -n 500 --runs 5

Generates the letters with bench/make_corpus.py into a temporary folder, runs
``answerable extract DIR --format json > /dev/null`` (a fresh process each time, so start-up and
imports are counted) and prints the median letters per second; then extracts the same files
in this process and prints the median milliseconds per letter. The target is ≥ 200 letters/s
for the CLI run.
"""

from __future__ import annotations

import argparse
import importlib.util
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
    spec.loader.exec_module(module)
    return module


def cli_run(folder: Path, n: int) -> float:
    """Letters per second for one whole `answerable extract` run over ``folder``."""
    exe = Path(sys.executable).with_name("answerable")
    start = time.perf_counter()
    proc = subprocess.run([str(exe), "extract", str(folder), "--format", "json"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        print(f"  (exit {proc.returncode}: {proc.stderr.strip().splitlines()[:3]})", file=sys.stderr)
    return n / took


def in_process(files: list[Path], runs: int) -> list[float]:
    """Median ms per letter for :func:`answerable.extract.extract`, one figure per run."""
    from answerable.extract import extract

    extract(files[0])  # warm: data files and regexes loaded once per process
    figures = []
    for _ in range(runs):
        start = time.perf_counter()
        for f in files:
            extract(f)
        figures.append(1000 * (time.perf_counter() - start) / len(files))
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=2000, help="letters to generate (default 2000)")
    ap.add_argument("--runs", type=int, default=3, help="CLI runs (default 3)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="answerable-bench-") as tmp:
        folder = Path(tmp) / "letters"
        start = time.perf_counter()
        _make_corpus().write_corpus(folder, args.n, args.seed)
        print(f"generated {args.n} letters in {time.perf_counter() - start:.2f}s")
        rates = []
        for i in range(args.runs):
            rates.append(cli_run(folder, args.n))
            print(f"  CLI run {i + 1}: {rates[-1]:.0f} letters/s")
        median = statistics.median(rates)
        verdict = "meets" if median >= TARGET_LETTERS_PER_S else "BELOW"
        print(f"answerable extract DIR --format json: median {median:.0f} letters/s "
              f"over {args.n} letters ({verdict} the {TARGET_LETTERS_PER_S}/s target)")
        files = sorted(folder.glob("*.txt"))
        ms = in_process(files, max(1, args.runs))
        print(f"in-process extract(): median {statistics.median(ms):.2f} ms/letter "
              f"({1000 / statistics.median(ms):.0f} letters/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
