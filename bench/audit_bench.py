"""Benchmark the section 55 audit (a plain script printing medians; not a test).

    .venv/bin/python bench/audit_bench.py [--runs 30]

Measures, on a FICTIONAL 20-recommendation report and a fictional response that answers
some of them:
  * catalogue load (bundled YAML), link of one record, report import from text;
  * the first audit (loads the sentence model) and its time;
  * audit of an already extracted letter against the 20-recommendation report, after the
    model is loaded (the figure the issue bounds at 100 ms median);
  * audit of a letter file including reading and extraction;
  * peak resident memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import tempfile
import time
from pathlib import Path

from answerable.audit import audit
from answerable.catalogue import load_catalogue
from answerable.extract import extract
from answerable.link import link
from answerable.models import Recommendation, Report
from answerable.reports import import_report

TOPICS = [  # (subject, action) -- invented for this benchmark, not any real report's words
    ("chief constables", "train every response officer to recognise coercive control"),
    ("chief constables", "record the ethnicity of every person stopped and searched"),
    ("police and crime commissioners", "fund independent advisers for victims of stalking"),
    ("chief constables", "review how missing children are risk-assessed on the first call"),
    ("chief constables", "make sure that body-worn video is switched on at every domestic abuse incident"),
    ("the Home Office", "publish guidance on retaining mobile phone data"),
    ("chief constables", "set up a dedicated team to investigate rural crime"),
    ("police and crime commissioners", "publish the outcomes of complaints reviews every quarter"),
    ("chief constables", "answer 999 calls within ten seconds on at least nine in ten occasions"),
    ("chief constables", "give neighbourhood officers time to solve problems with local partners"),
    ("the College of Policing", "write national standards for investigating fraud"),
    ("chief constables", "check that every vetting decision is recorded with its reasons"),
    ("chief constables", "make sure custody detainees are offered a mental health assessment"),
    ("police and crime commissioners", "commission restorative justice services for young offenders"),
    ("chief constables", "reduce the backlog of digital devices awaiting forensic examination"),
    ("chief constables", "use drones to search for missing people in open country"),
    ("the National Crime Agency", "share intelligence about organised immigration crime with forces"),
    ("chief constables", "publish how many officers and staff have completed leadership training"),
    ("chief constables", "inspect the condition of every police station front counter"),
    ("police and crime commissioners", "hold public meetings on policing priorities in every district"),
]

LETTER = """Office of the Police and Crime Commissioner for Kent (a fictional test letter)

Rt Hon Home Secretary
2 Marsham Street
London SW1P 4DF

2 May 2024

Dear Home Secretary

Response to the HMICFRS report "Twenty Questions (fictional): a benchmark inspection"

I welcome the report, published on 14 March 2024, and following consultation with the Chief
Constable I set out below how we answer it. A copy goes to HMICFRS.

Recommendation 1: every response officer in Kent has completed training on coercive control.

In response to recommendation 2, the force will record the ethnicity of every person stopped
and searched from June 2024.

My office has funded two independent stalking advocates since January.

Recommendation 6 is a matter for the Home Office, so no local action is proposed.

We will set up a rural crime team by the end of the year.

Calls to 999 are now answered within ten seconds nine times in ten.

I agree with the recommendations about custody and mental health.

This response will be published on my website.

Yours sincerely

A. Fictional
Police and Crime Commissioner for Kent
"""


def report_20() -> Report:
    recs = [Recommendation(id=f"R{i}", number=str(i), text=f"By 31 March 2025, {who} should {what}.",
                           addressees=[who], due=dt.date(2025, 3, 31))
            for i, (who, what) in enumerate(TOPICS, 1)]
    return Report(id="twenty-questions", title="Twenty Questions (fictional): a benchmark inspection",
                  short_names=["Twenty Questions"], published=dt.date(2024, 3, 14),
                  forces=["Kent"], recommendations=recs)


def _variant(i: int) -> str:
    """The letter with every body sentence changed, so no sentence embedding is cached."""
    return LETTER.replace(".\n", f" (note {i}).\n").replace(". A copy", f" (ref {i}). A copy")


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    ms, catalogue = timed(lambda: load_catalogue(include_user=False), runs)
    print(f"catalogue load (bundled YAML)           median {ms:7.2f} ms")
    report = report_20()
    catalogue.add(report)
    with tempfile.TemporaryDirectory() as tmp:
        letter = Path(tmp) / "letter.txt"
        letter.write_text(LETTER, encoding="utf-8")
        record = extract(letter)
        ms, found = timed(lambda: link(record, catalogue), runs)
        print(f"link one record ({len(catalogue)} reports)             median {ms:7.2f} ms -> {found.report_id}")
        many = load_catalogue(include_user=False)
        for i in range(200):
            many.add(Report(id=f"fictional-{i}", title=f"Fictional inspection number {i}: {TOPICS[i % 20][1]}",
                            short_names=[f"Fictional {i}"], published=dt.date(2021, 1, 1) + dt.timedelta(days=i)))
        many.add(report)
        ms, found = timed(lambda: link(record, many), runs)
        print(f"link one record ({len(many)} reports)           median {ms:7.2f} ms -> {found.report_id}")
        source = "\n\n".join(f"Recommendation {r.number}: {r.text}" for r in report.recommendations)
        ms, imported = timed(lambda: import_report("Title: Twenty Questions (fictional)\n\n" + source), runs)
        print(f"import a 20-recommendation report text  median {ms:7.2f} ms -> {len(imported.recommendations)} found")
        seed = Path(__file__).resolve().parents[2] / "shared/corpus/seeds/004_df1bf6ab2fdeee1f.txt"
        audit(extract(seed), catalogue=catalogue)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak resident memory before the model   {rss:7.1f} MB (a seed audited: no matching)")
        start = time.perf_counter()
        first = audit(record, catalogue=catalogue)
        print(f"first audit (loads the model)           {(time.perf_counter() - start) * 1000:7.1f} ms")
        ms, result = timed(lambda: audit(record, catalogue=catalogue), runs)
        print(f"audit one extracted letter, 20 recs     median {ms:7.2f} ms  (same letter again: caches warm)")
        fresh = [extract(_variant(i)) for i in range(runs)]
        times = []
        for rec in fresh:
            start = time.perf_counter()
            audit(rec, catalogue=catalogue)
            times.append((time.perf_counter() - start) * 1000)
        print(f"audit a new extracted letter, 20 recs   median {statistics.median(times):7.2f} ms  "
              "(every sentence new; bar: <= 100 ms)")
        ms, _ = timed(lambda: audit(letter, catalogue=catalogue), runs)
        print(f"audit one letter file (read+extract)    median {ms:7.2f} ms")
    seed_record = extract(seed)
    ms, _ = timed(lambda: audit(seed_record, catalogue=catalogue), runs)
    print(f"audit Dorset seed (no recommendation texts, no matching) median {ms:5.2f} ms")
    verdicts = {v.id: v.verdict for v in result.recommendations}
    print("verdicts:", ", ".join(f"{k}={v}" for k, v in verdicts.items()))
    assert first.report.id == "twenty-questions"
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory                    {rss:7.1f} MB")


if __name__ == "__main__":
    main()
