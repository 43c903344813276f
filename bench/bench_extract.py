"""Extraction speed: the whole CLI over 2,000 plain-text letters, and in-process ms/letter.

    .venv/bin/python bench/bench_extract.py            # 2,000 letters, 3 CLI runs
    .venv/bin/python bench/bench_extract.py -n 500 --runs 5

Generates the letters with bench/make_corpus.py into a temporary folder, runs
``answerable extract DIR --format json > /dev/null`` (a fresh process each time, so start-up and
imports are counted) with one and with two worker processes, and prints the median letters per
second of wall-clock time and per CPU-second (the figure that does not depend on other load on a
shared machine); then extracts the same files in this process and prints the median CPU
milliseconds per letter, and the accuracy on the generated letters (their truth file is a labels
file). The target is ≥ 200 letters/s for the CLI run. First, CPU seconds of extract() on a 1 MB
and a 5 MB text with a date on every line and on a long press page (``--big-only``: just those).
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


_PAGE_PARAGRAPH = (
    "Police and Crime Commissioner Nerys Holt said: “I welcome the HMICFRS PEEL assessment of Kent Police, "
    "published on {day} March 2023. I will hold the Chief Constable to account and we will continue to work "
    "with partners.” Chief Constable Osbert Quayle said: “We accept the findings and have already put in "
    "place a new plan.” The panel met on {day} June 2022 and again on {day} July 2022.\n\n")


def many_dates_text(target: int) -> str:
    """A fictional page of ``target`` characters where every line holds a date (the shape that
    used to be quadratic: 1 MB took 46 s)."""
    lines, size, i = ["Response to the HMICFRS report on fictional night-time patrols", "", "14 May 2021", ""], 0, 0
    while size < target:
        day, month = 1 + i % 28, ("January", "March", "June", "October")[i % 4]
        line = (f"Posted on {day} {month} 2019." if i % 3 else
                f"Published on {day} {month} 2018.")  # a line of its own: a date line
        lines.append(line)
        size, i = size + len(line) + 1, i + 1
    return "\n".join(lines + ["", "Yours sincerely,", "", "Imelda Crowe", "Police and Crime Commissioner for Kent"])


def long_page_text(target: int) -> str:
    """A fictional press page of ``target`` characters, quotes and role titles throughout."""
    parts, size, i = ["Kent PCC statement on the HMICFRS PEEL assessment\n\n"], 0, 0
    while size < target:
        para = _PAGE_PARAGRAPH.format(day=1 + i % 28)
        parts.append(para)
        size, i = size + len(para), i + 1
    return "".join(parts)


def big_texts(runs: int) -> None:
    """Median CPU seconds of extract() on big texts; the ratios show it stays linear."""
    from answerable.extract import extract

    extract("Dear Home Secretary, I will.")  # warm
    for name, make in (("many-dates text", many_dates_text), ("press page", long_page_text)):
        medians = {}
        for size in (1_000_000, 5_000_000):
            text = make(size)
            times = []
            for _ in range(max(1, runs)):
                start = time.process_time()
                extract(text)
                times.append(time.process_time() - start)
            medians[size] = statistics.median(times)
            print(f"  {name} {len(text) / 1e6:.1f} MB: median {medians[size]:.2f} CPU s")
        print(f"{name}: 5 MB / 1 MB = {medians[5_000_000] / medians[1_000_000]:.1f}x (linear is 5x)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=2000, help="letters to generate (default 2000)")
    ap.add_argument("--runs", type=int, default=3, help="CLI runs (default 3)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--noise", type=float, default=0.0,
                    help="share of letters with hard wraps, page furniture, CRLF or Windows-1252")
    ap.add_argument("--big-only", action="store_true", help="only the big-text timings (1 MB and 5 MB)")
    args = ap.parse_args()
    big_texts(args.runs)
    if args.big_only:
        return 0
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
