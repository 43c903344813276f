"""Benchmark: linking one response to its report in a catalogue of 5,000 entries.

Plain script (not a test). Builds a FICTIONAL catalogue the shape of the real one grown large:
one report per force per PEEL round and pillar, crime data integrity, custody and child
protection reports per force, plus national thematics (invented titles), about 5,000 entries
with the bundled entries added. Extracts the letters once (the seeds, the dev set and, when
present, ../shared/corpus/real), then times ``link(record, catalogue)`` and, when the module is
there, provisional grouping, per response. Prints medians and the 90th percentile.

    .venv/bin/python bench/bench_link.py [--entries 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from answerable.catalogue import force_names, load_catalogue  # noqa: E402
from answerable.models import Report  # noqa: E402

_WORDS = ("bright quiet open safer clear steady firm honest early late shared common careful swift "
          "patient certain plain fair steady whole").split()
_NOUNS = ("mornings streets doors journeys harbours bridges lanes gardens signals lanterns ledgers "
          "compasses anchors beacons thresholds").split()


def _force_reports(force: str, rng: random.Random) -> list[Report]:
    slug = force.lower().replace(" ", "-")
    out: list[Report] = []
    for year in range(2014, 2018):
        for pillar in ("effectiveness", "efficiency", "legitimacy", "leadership"):
            out.append(Report(id=f"bench-peel-{year}-{pillar}-{slug}", kind="peel_pillar", pillar=pillar,
                              title=f"PEEL: Police {pillar} {year} (fictional) - {force}", period=str(year),
                              scope="force", forces=[force],
                              published=dt.date(year + 1, rng.randint(1, 12), rng.randint(1, 28))))
    for period, year in (("2018/19", 2019), ("2021/22", 2022), ("2023-25", 2024), ("2025-27", 2026)):
        out.append(Report(id=f"bench-peel-{period.replace('/', '-')}-{slug}", kind="peel", period=period,
                          title=f"PEEL {period} (fictional): an inspection of {force}", scope="force",
                          forces=[force], published=dt.date(year, rng.randint(1, 12), rng.randint(1, 28))))
    for i, kind in enumerate(["crime_data_integrity", "custody", "child_protection", "revisit",
                              "vetting_counter_corruption"] * 18):
        year = 2014 + i % 12
        out.append(Report(id=f"bench-{kind.replace('_', '-')}-{i}-{slug}", kind=kind,  # type: ignore[arg-type]
                          title=f"{kind.replace('_', ' ').title()} inspection {year} (fictional) - {force}",
                          period=str(year), scope="force", forces=[force],
                          published=dt.date(year, rng.randint(1, 12), rng.randint(1, 28))))
    return out


def build_catalogue(entries: int, seed: int = 7):
    rng = random.Random(seed)
    catalogue = load_catalogue(include_user=False)
    forces = sorted(set(force_names().values()))
    for force in forces:
        for report in _force_reports(force, rng):
            catalogue.add(report)
    n = 0
    while len(catalogue) < entries:
        n += 1
        title = f"{rng.choice(_WORDS).title()} {rng.choice(_NOUNS)} {n}: a thematic inspection"
        catalogue.add(Report(id=f"bench-thematic-{n}", title=title, kind="thematic", scope="national",
                             forces=forces, published=dt.date(rng.randint(2014, 2025), rng.randint(1, 12),
                                                              rng.randint(1, 28))))
    return catalogue


def letters() -> list[Path]:
    paths = sorted((ROOT / "tests" / "fixtures" / "devset").rglob("*.txt"))
    shared = ROOT.parent / "shared" / "corpus"
    for sub in ("seeds", "real"):
        if (shared / sub).is_dir():
            paths += sorted((shared / sub).glob("*.txt"))
    return paths


def _reference_ms(rounds: int = 15) -> float:
    """Median CPU time of a fixed pure-Python workload: the unit the link time is given in."""
    times = []
    for _ in range(rounds):
        c0 = time.process_time()
        sum(range(10**6))
        times.append((time.process_time() - c0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from answerable.extract import extract
    from answerable.link import link

    catalogue = build_catalogue(args.entries)
    records = [extract(p) for p in letters()]
    print(f"catalogue: {len(catalogue)} entries; letters: {len(records)}")
    link(records[0], catalogue)  # warm the caches (title normalisation, the force index)
    times: list[float] = []
    cpu: list[float] = []
    print(f"load average before: {os.getloadavg()[0]:.1f} (the machine is shared; CPU time is steadier)")
    for _ in range(args.runs):
        for rec in records:
            t0, c0 = time.perf_counter(), time.process_time()
            link(rec, catalogue)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
    times.sort()
    print(f"link: median {statistics.median(times):.2f} ms wall, {statistics.median(cpu):.2f} ms CPU; "
          f"p90 {times[int(len(times) * 0.9)]:.2f} ms wall per response ({len(times)} links)")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    ref = _reference_ms()
    print(f"reference (sum(range(10**6)), the same run): {ref:.2f} ms CPU; link median = "
          f"{statistics.median(cpu) / ref:.2f} x reference (compare machines and loads by this ratio)")
    try:
        from answerable.provisional import group_responses
    except ImportError:
        return
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(args.runs):
        group_responses(records, catalogue)
    n = args.runs * len(records)
    print(f"link + provisional grouping: {(time.perf_counter() - t0) * 1000 / n:.2f} ms wall, "
          f"{(time.process_time() - c0) * 1000 / n:.2f} ms CPU per response (mean over {args.runs} runs)")


if __name__ == "__main__":
    main()
