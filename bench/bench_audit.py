"""Benchmark: matching / auditing one letter against a 20-recommendation report.

Plain script (not a test). Builds a FICTIONAL 20-recommendation report (the 8 of
tests/fixtures/reports/safer-at-night.yaml plus 12 more invented ones), writes ~20 fictional
letters that answer some recommendations, loads the sentence model (prints load time and
memory), then times:

* ``match(record, report)``            - the matcher alone, on a text-only record;
* ``audit_record(record, report, ..)`` - the audit of an already extracted record (if importable);
* ``audit(text, report_id=...)``       - extract + link + audit from the letter text (if importable).

"cold" = each letter with an empty sentence cache (only the report's recommendation vectors
are cached); "warm" = repeat runs of the same letters.

    .venv/bin/python bench/bench_audit.py [--letters 20] [--runs 5]
    ANSWERABLE_ENCODER_THREADS=1 .venv/bin/python bench/bench_audit.py   # one onnxruntime thread

The machine is shared: the load average is printed before and after, and the CPU time of the
cold runs is printed beside their wall time (wall time under load overstates the cost).
"""

from __future__ import annotations

import argparse
import os
import hashlib
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from answerable.catalogue import load_report_file  # noqa: E402
from answerable.models import Recommendation, Record, Report, Source  # noqa: E402

EXTRA_RECOMMENDATIONS = [
    "Chief constables should review CCTV coverage of late-night streets with local authorities and close the gaps they find.",
    "Police and crime commissioners should fund training for taxi and private hire drivers on spotting passengers at risk.",
    "Chief constables should agree with universities a way to share concerns about students who are vulnerable at night.",
    "Chief constables should make sure that licensing officers use their powers to seek reviews of premises linked to violence.",
    "Chief constables should agree with ambulance services to share anonymised data on assaults treated at night.",
    "The Security Industry Authority should require door supervisors to complete training in first aid and safeguarding.",
    "Chief constables should make sure that neighbourhood teams have a written patrol plan for each night-time economy area.",
    "Police and crime commissioners should consult women and girls on how safe they feel in town centres after dark.",
    "Chief constables should record and review every use of dispersal powers in the night-time economy.",
    "Chief constables should make sure that victims of sexual assault at night are offered a specialist officer within one hour.",
    "The Home Office should publish national data on drink spiking offences each year.",
    "Chief constables should evaluate the effect of late-night levies on crime and disorder and share the results.",
]

TOWNS = ["Ashford", "Bexley", "Crewe", "Derby", "Ely", "Frome", "Grays", "Hove", "Ilford", "Jarrow",
         "Kendal", "Leek", "Louth", "Malton", "Nelson", "Otley", "Poole", "Ripon", "Selby", "Truro"]
FORCES = ["Kent", "Sussex", "Cheshire", "Dorset", "Merseyside", "West Yorkshire", "Essex", "Surrey",
          "Norfolk", "Suffolk", "Durham", "Cumbria", "Gwent", "Wiltshire", "Lancashire", "Derbyshire",
          "Staffordshire", "Hampshire", "Cleveland", "Humberside"]

# (sentence template, the recommendation it answers or None, the verdict it should give)
ANSWERS = [
    ("In {town}, every officer on weekend patrols has completed vulnerability and spiking training since {month}.", "R1", "action_taken"),
    ("My office has funded {n} safe spaces in {town} with the district council, and an evaluation is under way.", "R3", "action_taken"),
    ("Body-worn video is in place for all night-time patrols in {town}, and footage is kept for {n} days.", "R4", "action_taken"),
    ("The force has created a spiking marker on its crime system and {n} reports from {town} have been analysed.", "R2", "action_taken"),
    ("Licensing officers in {town} have shared information about {n} risky individuals with door supervisors.", "R6", "action_taken"),
    ("CCTV gaps on {n} streets in {town} have been closed with the borough council.", "R9", "action_taken"),
    ("The force has agreed a data-sharing protocol on assaults with the ambulance service covering {town}.", "R13", "action_taken"),
    ("By {month} the force will publish the number of sexual offences reported in {town} at night and their outcomes.", "R7", "action_proposed"),
    ("We will ask {n} women and girls in {town} how safe they feel in the town centre after dark.", "R16", "action_proposed"),
    ("The force plans to write a patrol plan for the {town} night-time economy by {month}.", "R15", "action_proposed"),
    ("I intend to fund training for taxi drivers in {town} from {month}.", "R10", "action_proposed"),
    ("Door supervisor training is a matter for the Security Industry Authority, so no local action is proposed.", "R14", "no_action_explained"),
    ("National guidance on transport hubs is a matter for the College of Policing rather than for {force}.", "R8", "no_action_explained"),
    ("Dispersal powers in {town} are already recorded and reviewed monthly, so no further action is needed.", "R17", "no_action_explained"),
    ("I welcome the report and thank the inspectors for their work in {town}.", None, None),
    ("The night-time economy in {town} brings {n} thousand visitors each weekend.", None, None),
    ("The Chief Constable and I meet every {n} weeks to review performance.", None, None),
    ("Partnership working with {town} council remains strong.", None, None),
]
MONTHS = ["January", "March", "April", "June", "September", "October", "December"]


def build_report() -> Report:
    base = load_report_file(ROOT / "tests" / "fixtures" / "reports" / "safer-at-night.yaml")
    recs = list(base.recommendations)
    for i, text in enumerate(EXTRA_RECOMMENDATIONS, start=len(recs) + 1):
        recs.append(Recommendation(id=f"R{i}", number=str(i), text=text, addressees=["chief constables"]))
    return base.model_copy(update={"id": "safer-at-night-20", "recommendations": recs})


def build_letter(i: int, rng: random.Random) -> tuple[str, dict[str, str]]:
    """A fictional letter and the verdict it should get for each recommendation it answers."""
    force, town = FORCES[i % len(FORCES)], TOWNS[i % len(TOWNS)]

    def fill(s: str) -> str:
        return s.format(town=town, force=force, n=rng.randint(2, 60), month=rng.choice(MONTHS))

    chosen = rng.sample(ANSWERS, k=rng.randint(8, 13))
    expected = {rid: verdict for _, rid, verdict in chosen if rid}
    paras = [f"Recommendation {rid[1:]}: {fill(s)}" if rid and rng.random() < 0.3 else fill(s) for s, rid, _ in chosen]
    text = "\n\n".join([
        f"Office of the Police and Crime Commissioner for {force}",
        f"{rng.randint(1, 28)} April 2024",
        "Dear Home Secretary",
        "Response to the HMICFRS report \"Safer at Night (fictional): an inspection of how police forces "
        "protect people in the night-time economy\"",
        f"This fictional letter answers the report for {force}, published on 14 March 2024. "
        "I invited the Chief Constable to comment, and her comments are attached.",
        *paras,
        "This response will be published on my website, and copies are sent to HMICFRS.",
        "Yours sincerely",
        f"A. N. Other {i}\nPolice and Crime Commissioner for {force}",
    ])
    return text, expected


def record_of(text: str) -> Record:
    return Record(source=Source(sha256=hashlib.sha256(text.encode()).hexdigest(), format="text"), text=text)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kilobytes on Linux


def summary(name: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    print(f"{name:<44} n={len(ms):<4} median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms")


CPU_MS: list[float] = []  # process CPU time of each timed call, all threads together


def timed(fn, *args, **kwargs) -> float:
    start, cpu = time.perf_counter(), time.process_time()
    fn(*args, **kwargs)
    CPU_MS.append((time.process_time() - cpu) * 1000.0)
    return (time.perf_counter() - start) * 1000.0


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    rng = random.Random(55)
    report = build_report()
    built = [build_letter(i, rng) for i in range(args.letters)]
    letters = [text for text, _ in built]
    sentences = sum(t.count(". ") + t.count(".\n") + 1 for t in letters) / len(letters)
    print(f"report: {len(report.recommendations)} recommendations; letters: {len(letters)}, "
          f"~{sentences:.0f} sentences and {sum(map(len, letters)) / len(letters):.0f} characters each")

    rss0 = rss_mb()
    from answerable import embed
    from answerable.match import match, report_index

    start = time.perf_counter()
    encoder = embed.get_encoder()
    load_s = time.perf_counter() - start
    print(f"model load: {load_s * 1000:.0f} ms (sha256 check + onnxruntime session + tokenizer); "
          f"max RSS {rss0:.0f} MB before, {rss_mb():.0f} MB after")
    start = time.perf_counter()
    report_index(report)
    print(f"recommendation vectors for the report (once per report): {(time.perf_counter() - start) * 1000:.0f} ms")

    records = [record_of(t) for t in letters]
    match(record_of(build_letter(999, random.Random(1))[0]), report)  # first run: memory arenas
    print(load())
    cold, cold_cpu, encoded = [], [], []
    for r in records:  # each letter with an empty sentence cache: nothing shared with the others
        encoder.clear_cache()
        CPU_MS.clear()
        cold.append(timed(match, r, report))
        cold_cpu.append(CPU_MS[0])
        encoded.append(encoder.cache_len)
    warm = [timed(match, r, report) for _ in range(args.runs) for r in records]
    summary("match, cold (new sentences)", cold)
    summary("match, cold: CPU time (all threads)", cold_cpu)
    print(f"sentences encoded per cold letter: median {statistics.median(encoded):.0f} "
          f"(the others are headings, names, boilerplate, or tied to a recommendation by number)")
    summary("match, warm (sentences cached)", warm)
    right = total = 0
    for record, (_, expected) in zip(records, built):
        for v in match(record, report):
            total += 1
            right += v.verdict == expected.get(v.id, "not_addressed")
    print(f"verdicts right on the generated letters: {right}/{total} ({100 * right / total:.1f}%)")

    # throughput of the encoder itself, uncached
    fresh = [f"Sentence {i} about patrols in {TOWNS[i % 20]} and the safety of people at night." for i in range(256)]
    enc = embed.Encoder(embed.EncoderConfig(cache_size=0))
    start = time.perf_counter()
    enc.encode(fresh)
    print(f"encoder throughput (uncached, batch {enc.config.batch_size}, {enc.config.threads} threads): "
          f"{len(fresh) / (time.perf_counter() - start):.0f} sentences/s")
    del enc

    try:
        from answerable.audit import audit, audit_record
        from answerable.catalogue import load_catalogue
        from answerable.models import Link
    except ImportError as exc:  # the audit module is optional for this benchmark
        print(f"answerable.audit not importable ({exc}); skipped")
    else:
        more = [build_letter(100 + i, rng)[0] for i in range(args.letters)]
        catalogue = load_catalogue()
        catalogue.add(report)
        given = Link(report_id=report.id, confidence=1.0, method="given")
        cold_a = []
        for t in more:
            encoder.clear_cache()
            cold_a.append(timed(audit_record, record_of(t), report, given))
        summary("audit_record, cold (record already extracted)", cold_a)
        summary("audit_record, warm", [timed(audit_record, r, report, given) for _ in range(args.runs) for r in records])
        even_more = [build_letter(200 + i, rng)[0] for i in range(args.letters)]
        cold_t = []
        for t in even_more:
            encoder.clear_cache()
            cold_t.append(timed(audit, t, report_id=report.id, catalogue=catalogue))
        summary("audit(text): extract+link+audit, cold", cold_t)
        summary("audit(text): extract+link+audit, warm",
                [timed(audit, t, report_id=report.id, catalogue=catalogue) for _ in range(args.runs) for t in letters])
    print(f"max RSS at the end: {rss_mb():.0f} MB; {load()}")


if __name__ == "__main__":
    main()
