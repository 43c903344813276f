"""Benchmark: PDF reading speed in pages per second (target: >= 100 pages/s).

Generates a ~200-page A4 PDF of prose paragraphs with fpdf2 in a temporary folder, reads it
five times with ``answerable.read.read`` and prints the median::

    .venv/bin/python bench/bench_read_pdf.py [--pages 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

SENTENCE = ("The commissioner reviewed the force's plan with the chief constable and asked for "
            "assurance that neighbourhood teams would keep working with partners on safeguarding. ")


def make_pdf(path: Path, pages: int) -> None:
    """A PDF of ``pages`` full pages: wrapped paragraphs and a "Page n of m" footer."""
    from fpdf import FPDF

    class Paged(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Paged(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    while pdf.page_no() < pages:
        pdf.multi_cell(0, 5.5, SENTENCE * 4, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.output(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from answerable.read import read
    from answerable.settings import Settings

    settings = Settings(max_pdf_pages=max(500, args.pages))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.pdf"
        make_pdf(path, args.pages)
        size = path.stat().st_size
        doc = read(path, settings=settings)  # warm-up (imports, font caches)
        pages = len(doc.page_starts)
        times, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            read(path, settings=settings)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    best, best_cpu = statistics.median(times), statistics.median(cpu)
    print(f"pdf: {pages} pages, {len(doc.text):,} characters, {size:,} bytes")
    print(f"median read time over {args.runs} runs: {best * 1000:.0f} ms wall, {best_cpu * 1000:.0f} ms CPU")
    print(f"median pages/s: {pages / best:.0f} (wall clock), {pages / best_cpu:.0f} per CPU-second "
          "(the second is steadier on a shared machine)")
    text_letter_rate(args.runs)


def text_letter_rate(runs: int) -> None:
    """For the extract budget: plain-text letters read per second (the bundled seed letters)."""
    from answerable.read import read

    seeds = sorted((Path(__file__).resolve().parents[2] / "shared/corpus/seeds").glob("*.txt"))
    if not seeds:
        return
    rounds = 300
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(rounds):
            for path in seeds:
                read(path)
        times.append(time.perf_counter() - start)
    per_file = statistics.median(times) / (rounds * len(seeds))
    print(f"txt: median {per_file * 1e6:.0f} µs per letter, {1 / per_file:,.0f} letters/s (read only)")


if __name__ == "__main__":
    main()
