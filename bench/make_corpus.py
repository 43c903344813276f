"""Write N realistic plain-text response letters by varying the labelled dev-set letters.

    python bench/make_corpus.py OUT_DIR -n 2000 --seed 1
    python bench/make_corpus.py OUT_DIR -n 100000 --seed 1 --per-dir 1000 --truth truth.jsonl

Each letter starts from one labelled plain-text letter of tests/fixtures/devset (the seeds, the
dev set and its holdouts: about 60 templates) and gets another force, another invented author,
every date shifted by the same number of days (each re-written in its original shape: weekday,
ordinal, “day of”, dd/mm/yyyy, dd.mm.yyyy, ISO, Welsh months), and its body paragraphs varied:
one dropped, two swapped, or one borrowed from another letter. Letters from bodies that are not
commissioners (London, the City, mayors) keep their force; Welsh letters stay in Wales.

It streams: letters are generated and written one at a time, in constant memory, at thousands
of letters per second, so it can feed 100,000-letter store benchmarks. ``--truth`` writes one
JSON line per letter with the values it was given (force, author, role, date, and the template
as ``_template``), file paths relative to the truth file: it is a labels file, so
``answerable eval truth.jsonl`` measures the extractor on the generated letters.
``--noise 0.3`` gives 30 % of the letters what real files do to text (hard wraps, OFFICIAL
markings, page footers, CRLF, Windows-1252) without changing their facts.
Library use: ``generate(n, seed)`` yields ``(name, text, truth)``; ``write_corpus(...)``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Union

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "fixtures" / "devset"
FORCES_YAML = ROOT / "src" / "answerable" / "data" / "forces.yaml"

#: English forces with a commissioner, used only when src/answerable/data/forces.yaml cannot be read.
FALLBACK_FORCES = [
    "Avon and Somerset", "Bedfordshire", "Cambridgeshire", "Cheshire", "Cleveland", "Cumbria",
    "Derbyshire", "Devon and Cornwall", "Dorset", "Durham", "Essex",
    "Gloucestershire", "Hampshire", "Hertfordshire", "Humberside", "Kent",
    "Lancashire", "Leicestershire", "Lincolnshire", "Merseyside", "Norfolk",
    "North Yorkshire", "Northamptonshire", "Northumbria", "Nottinghamshire",
    "South Yorkshire", "Staffordshire", "Suffolk", "Surrey", "Sussex", "Thames Valley",
    "Warwickshire", "West Mercia", "West Midlands", "Wiltshire",
]
#: Forces whose local policing body is not a commissioner: never swapped in or out.
NO_SWAP_FORCES = {"Metropolitan Police", "City of London", "Greater Manchester", "West Yorkshire",
                  "South Yorkshire"}
#: Letters from Welsh forces (bilingual, Welsh bodies named) only move to another Welsh force.
WELSH_FORCES = ["Dyfed-Powys", "Gwent", "North Wales", "South Wales"]
#: Longer ways a template writes its force, replaced whole.
FORCE_ALIASES = {
    "Leicestershire": ["Leicester, Leicestershire and Rutland"],
    "Devon and Cornwall": ["Devon, Cornwall and the Isles of Scilly"],
    "Hampshire": ["Hampshire and the Isle of Wight", "Hampshire and Isle of Wight"],
    "Wiltshire": ["Wiltshire and Swindon"],
    "Cambridgeshire": ["Cambridgeshire and Peterborough"],
}

FIRST_NAMES = [
    "Alys", "Bethan", "Callum", "Dafydd", "Eleanor", "Fergus", "Gemma", "Hamish", "Isla",
    "Jasper", "Keira", "Lachlan", "Maren", "Niall", "Orla", "Piers", "Rhiannon", "Soren",
    "Tamsin", "Ulric", "Verity", "Wilf", "Yasmin", "Zachary", "Anwen", "Barnaby", "Cressida",
    "Declan", "Esme", "Florian", "Greer", "Hollis", "Ines", "Jago", "Kezia", "Linus",
]
SURNAMES = [
    "Ashcombe-Reid", "Brightwater", "Caldecott-Mayne", "Dunmore-Wilde", "Elsworth-Pryce",
    "Fairbairn-Holt", "Gatesby", "Harrowgate-Lowe", "Ingleby-Cross", "Jessop-Vaughan",
    "Kilbride-Mott", "Langstone", "Marchetti-Dale", "Netherwood", "Oakhampton-Rees",
    "Penhallow", "Quarrington", "Rushworth-Kaye", "Stanwick-Bell", "Thornbury-Hale",
    "Underwood-Sims", "Vellacott", "Wetherall-Finch", "Yardley-Strand",
]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WELSH_MONTHS = ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
                "Medi", "Hydref", "Tachwedd", "Rhagfyr"]
ABBREVIATIONS = {m[:3]: i for i, m in enumerate(MONTHS)} | {"Sept": 8}  # "5th Sept 2022", "19 Jul 2022"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_M, _CY, _WD = "|".join(MONTHS), "|".join(WELSH_MONTHS), "|".join(WEEKDAYS)
_MA = "|".join(MONTHS + sorted(ABBREVIATIONS, key=len, reverse=True))  # full names first
#: Dates as letters write them; each is shifted and re-written in the same shape.
DATE_RE = re.compile(
    rf"\b(?:(?P<wd>{_WD})(?P<wdsep>,? ))?(?P<d1>\d{{1,2}})(?P<ord>st|nd|rd|th)?(?P<of> day of| of)? "
    rf"(?P<m1>{_MA})(?P<comma>,?) (?P<y1>\d{{4}})\b"
    rf"|\b(?P<m2>{_M}) (?P<d2>\d{{1,2}}), (?P<y2>\d{{4}})\b"
    rf"|\b(?P<d3>\d{{2}})(?P<sep>[/.])(?P<m3>\d{{2}})(?P=sep)(?P<y3>\d{{4}})\b"
    rf"|\b(?P<y5>\d{{4}})-(?P<m5>\d{{2}})-(?P<d5>\d{{2}})\b"
    rf"|\b(?P<d6>\d{{1,2}}) (?P<m6>{_CY}) (?P<y6>\d{{4}})\b"
    rf"|\b(?P<m4>{_M}) (?P<y4>\d{{4}})\b"
)

Piece = Union[str, tuple]  # literal text, or ("force", upper) / ("author"|"surname"|"initial",) / ("date", shape, date)


@dataclass
class Template:
    """A dev-set letter compiled into blocks of literal text and placeholders."""

    name: str
    force: str
    role: Optional[str]
    date: Optional[dt.date]
    swap_force: bool
    blocks: list[list[Piece]]
    body: list[int]  # body paragraphs that may move: long, between salutation and sign-off, not naming the author
    pool: list[list[Piece]] = field(default_factory=list)  # body blocks safe to borrow


def load_forces() -> list[str]:
    """Canonical force names from the project's data file, or the built-in list."""
    try:
        import yaml

        data = yaml.safe_load(FORCES_YAML.read_text(encoding="utf-8"))
        items = data.get("forces", data) if isinstance(data, dict) else data
        names = [i["name"] if isinstance(i, dict) else str(i) for i in items] \
            if isinstance(items, list) else list(items)
        names = [n for n in names if n not in NO_SWAP_FORCES and n not in WELSH_FORCES]
        return names if len(names) >= 30 else FALLBACK_FORCES
    except Exception:  # noqa: BLE001 - absent or different layout: the fallback is fine here
        return FALLBACK_FORCES


def _case_pattern(phrase: str) -> re.Pattern:
    return re.compile(rf"\b{re.escape(phrase)}\b", re.IGNORECASE)


def compile_block(text: str, force: Optional[str], author: Optional[str]) -> list[Piece]:
    """Split one block of text into literals and placeholders for force, author and dates."""
    marks: list[tuple[int, int, tuple]] = []
    if force:
        for alias in FORCE_ALIASES.get(force, []):
            for m in _case_pattern(alias).finditer(text):
                marks.append((m.start(), m.end(), ("force", m.group(0).isupper())))
        for m in _case_pattern(force).finditer(text):
            marks.append((m.start(), m.end(), ("force", m.group(0).isupper())))
    if author:
        surname = author.split()[-1]
        for m in _case_pattern(author).finditer(text):
            marks.append((m.start(), m.end(), ("author", m.group(0).isupper())))
        for m in re.finditer(rf"\b[A-Z]\. ?{re.escape(surname)}\b", text):
            marks.append((m.start(), m.end(), ("initial",)))
        for m in _case_pattern(surname).finditer(text):
            marks.append((m.start(), m.end(), ("surname", m.group(0).isupper())))
    for m in DATE_RE.finditer(text):
        token = _date_token(m)
        if token:
            marks.append((m.start(), m.end(), token))
    pieces: list[Piece] = []
    pos = 0
    for start, end, token in sorted(marks, key=lambda t: (t[0], -(t[1] - t[0]))):
        if start < pos:  # overlaps a longer, earlier mark (surname inside the full name)
            continue
        pieces.extend([text[pos:start], token])
        pos = end
    pieces.append(text[pos:])
    return [p for p in pieces if p != ""]


def _date_token(m: re.Match) -> Optional[tuple]:
    """("date", shape, date): the shape is a dict that says how to write the date again."""
    g = m.groupdict()
    try:
        if g["d1"]:
            month = g["m1"]
            shape = {"style": "dmy", "ord": bool(g["ord"]), "of": g["of"] or "", "comma": g["comma"],
                     "weekday": g["wdsep"] if g["wd"] else None,
                     "abbr": None if month in MONTHS else ("Sept" if month == "Sept" else "3")}
            number = MONTHS.index(month) + 1 if month in MONTHS else ABBREVIATIONS[month] + 1
            return ("date", shape, dt.date(int(g["y1"]), number, int(g["d1"])))
        if g["m2"]:
            return ("date", {"style": "mdy"}, dt.date(int(g["y2"]), MONTHS.index(g["m2"]) + 1, int(g["d2"])))
        if g["d3"]:
            return ("date", {"style": "num", "sep": g["sep"]}, dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"])))
        if g["y5"]:
            return ("date", {"style": "iso"}, dt.date(int(g["y5"]), int(g["m5"]), int(g["d5"])))
        if g["d6"]:
            return ("date", {"style": "cy"}, dt.date(int(g["y6"]), WELSH_MONTHS.index(g["m6"]) + 1, int(g["d6"])))
        return ("date", {"style": "my"}, dt.date(int(g["y4"]), MONTHS.index(g["m4"]) + 1, 1))
    except ValueError:  # "31/02/2020": leave as written
        return None


def _body_range(blocks: list[str]) -> tuple[int, int]:
    first = next((i + 1 for i, b in enumerate(blocks) if re.match(r"(Annwyl .*/ )?Dear\b", b)), 2)
    last = next((i for i, b in enumerate(blocks) if re.match(r"(Yours|Yn gywir)", b)), len(blocks) - 2)
    return (min(first, last), max(first, last))


def load_templates(devset: Path = DEVSET) -> list[Template]:
    """Compile every labelled plain-text letter of the dev set and its holdouts (seeds included)."""
    templates = []
    for labels_file in sorted(devset.rglob("labels.json")):
        for lb in json.loads(labels_file.read_text(encoding="utf-8")):
            template = _template(lb, labels_file.parent)
            if template:
                templates.append(template)
    if not templates:
        raise SystemExit(f"make_corpus: error: no plain-text letters labelled under {devset}")
    return templates


def _template(lb: dict, base: Path) -> Optional[Template]:
    """One labelled .txt letter compiled into a template, or None for other formats."""
    path = _resolve(lb["file"], base)
    if path is None or path.suffix != ".txt":
        return None
    text = _decode(path.read_bytes()).strip()
    raw_blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", text) if b.strip()]
    force, author = lb.get("force"), lb.get("author")
    blocks = [compile_block(b, force, author) for b in raw_blocks]
    lo, hi = _body_range(raw_blocks)
    body = [i for i in range(lo, hi) if len(raw_blocks[i]) > 150 and not _names_author(blocks[i])]
    swap = force not in NO_SWAP_FORCES
    pool = [blocks[i] for i in body if swap and len(raw_blocks[i]) > 200]
    date = dt.date.fromisoformat(lb["date"]) if lb.get("date") else None
    return Template(path.name, force, lb.get("role"), date, swap, blocks, body, pool)


def _decode(data: bytes) -> str:
    """UTF-8, else Windows-1252 (one dev-set letter is saved that way on purpose)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _names_author(block: list[Piece]) -> bool:
    return any(isinstance(p, tuple) and p[0] in ("author", "surname", "initial") for p in block)


def _resolve(name: str, base: Path) -> Optional[Path]:
    for folder in [base, *base.parents]:
        if (folder / name).is_file():
            return folder / name
    bundled = ROOT / "src" / "answerable" / "data" / "corpus" / "seeds" / Path(name).name
    return bundled if bundled.is_file() else None


def _ordinal(day: int) -> str:
    return f"{day}{'th' if 11 <= day <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


def _month_name(month: int, abbr: Optional[str]) -> str:
    """Full month name, or its abbreviation in the letter's style ("Sep" or "Sept")."""
    name = MONTHS[month - 1]
    if abbr is None:
        return name
    return "Sept" if (abbr == "Sept" and month == 9) else name[:3]


def format_date(shape: dict, d: dt.date) -> str:
    """Write ``d`` in the shape a letter used (weekday, ordinal, “day of”, separators...)."""
    style = shape["style"]
    if style == "dmy":
        day = _ordinal(d.day) if shape["ord"] else str(d.day)
        weekday = f"{WEEKDAYS[d.weekday()]}{shape['weekday']}" if shape["weekday"] is not None else ""
        return f"{weekday}{day}{shape['of']} {_month_name(d.month, shape['abbr'])}{shape['comma']} {d.year}"
    if style == "mdy":
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "num":
        return f"{d.day:02d}{shape['sep']}{d.month:02d}{shape['sep']}{d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "cy":
        return f"{d.day} {WELSH_MONTHS[d.month - 1]} {d.year}"
    return f"{MONTHS[d.month - 1]} {d.year}"


def render(blocks: list[list[Piece]], force: str, first: str, surname: str, shift: dt.timedelta) -> str:
    """Fill a letter's placeholders."""
    author = f"{first} {surname}"
    out = []
    for block in blocks:
        parts = []
        for p in block:
            if isinstance(p, str):
                parts.append(p)
            elif p[0] == "force":
                parts.append(force.upper() if p[1] else force)
            elif p[0] == "author":
                parts.append(author.upper() if p[1] else author)
            elif p[0] == "surname":
                parts.append(surname.upper() if p[1] else surname)
            elif p[0] == "initial":
                parts.append(f"{first[0]}. {surname}")
            else:
                parts.append(format_date(p[1], p[2] + shift))
        out.append("".join(parts))
    return "\n\n".join(out) + "\n"


def vary(t: Template, templates: list[Template], rng: random.Random) -> list[list[Piece]]:
    """The template's blocks with the body varied: drop one, swap two, or borrow one.

    Only body paragraphs move, so date lines, headings and signatures stay where they are.
    """
    blocks = list(t.blocks)
    body = t.body
    roll = rng.random()
    if roll < 0.3 and len(body) > 3:
        del blocks[rng.choice(body)]
    elif roll < 0.6 and len(body) >= 2:
        k = rng.randrange(len(body) - 1)
        i, j = body[k], body[k + 1]
        blocks[i], blocks[j] = blocks[j], blocks[i]
    elif roll < 0.85 and body and t.swap_force:  # mayoral / City letters borrow nothing
        donor = rng.choice(templates)
        if donor.pool and donor is not t:
            blocks.insert(rng.choice(body) + 1, rng.choice(donor.pool))
    return blocks


def add_noise(text: str, rng: random.Random) -> tuple[str, str]:
    """What real files do to letters: hard wraps, page furniture, CRLF, Windows-1252.

    Returns the new text and the encoding to save it in. Dates, names and forces are never
    split across lines, so the truth still holds.
    """
    blocks = text.rstrip("\n").split("\n\n")
    if rng.random() < 0.5:
        blocks = [_wrap(b) if len(b) > 150 and "\n" not in b else b for b in blocks]
    if rng.random() < 0.4:
        blocks = ["OFFICIAL", *blocks, "OFFICIAL"]
    if rng.random() < 0.4:
        blocks.append(f"Page 1 of 1    Ref: OPCC/{rng.randint(1000, 9999)}")
    text = "\n\n".join(blocks) + "\n"
    if rng.random() < 0.3:
        text = text.replace("\n", "\r\n")
    encoding = "utf-8"
    if rng.random() < 0.3:
        try:
            text.encode("cp1252")
            encoding = "cp1252"
        except UnicodeEncodeError:
            pass
    return text, encoding


def _wrap(paragraph: str, width: int = 72) -> str:
    """Hard-wrap at ``width`` columns, never inside a date or a capitalised name."""
    protected = re.sub(r"(?<=\S) (?=(?:\d|[A-Z]))", "\u00a0", paragraph)  # keep "5 March 2020", "Kent Police"
    wrapped = textwrap.fill(protected, width=width, break_long_words=False, break_on_hyphens=False)
    return wrapped.replace("\u00a0", " ")


def generate(n: int, seed: int = 1, templates: Optional[list[Template]] = None,
             noise: float = 0.0) -> Iterator[tuple[str, str, dict]]:
    """Yield ``n`` letters as ``(file name, text, truth)``, deterministically for a seed.

    With ``noise`` > 0 that share of letters get :func:`add_noise`; ``truth["_encoding"]``
    says how to save each one. The letters themselves do not depend on ``noise``.
    """
    rng = random.Random(seed)
    noise_rng = random.Random(seed * 7919 + 1)
    templates = templates or load_templates()
    forces = load_forces()
    width = max(6, len(str(n)))
    for i in range(1, n + 1):
        t = rng.choice(templates)
        if not t.swap_force:
            force = t.force
        else:
            force = rng.choice(WELSH_FORCES if t.force in WELSH_FORCES else forces)
        first, surname = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        shift = dt.timedelta(days=rng.randint(-1200, 1200))
        text = render(vary(t, templates, rng), force, first, surname, shift)
        truth = {"force": force, "author": f"{first} {surname}", "role": t.role,
                 "date": (t.date + shift).isoformat() if t.date else None, "_template": t.name}
        if noise and noise_rng.random() < noise:
            text, truth["_encoding"] = add_noise(text, noise_rng)
        yield f"letter_{i:0{width}d}.txt", text, truth


def write_corpus(out_dir: Path, n: int, seed: int = 1, *, per_dir: int = 0,
                 truth_path: Optional[Path] = None, noise: float = 0.0) -> int:
    """Write ``n`` letters under ``out_dir`` (in sub-folders of ``per_dir`` files if > 0)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    truth = open(truth_path, "w", encoding="utf-8") if truth_path else None
    truth_dir = Path(truth_path).resolve().parent if truth_path else None
    made = set()
    try:
        for i, (name, text, facts) in enumerate(generate(n, seed, noise=noise)):
            folder = out_dir / f"{i // per_dir:04d}" if per_dir else out_dir
            if folder not in made:
                folder.mkdir(exist_ok=True)
                made.add(folder)
            (folder / name).write_bytes(text.encode(facts.get("_encoding", "utf-8")))
            if truth:
                rel = os.path.relpath(folder / name, truth_dir)
                truth.write(json.dumps({"file": rel, **facts}) + "\n")
    finally:
        if truth:
            truth.close()
    return n


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path, help="folder to write the letters into (created)")
    ap.add_argument("-n", type=int, default=2000, help="number of letters (default 2000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (same seed, same letters)")
    ap.add_argument("--per-dir", type=int, default=0,
                    help="put at most this many letters in each sub-folder (0: all in OUT_DIR)")
    ap.add_argument("--truth", type=Path, help="also write the generated values as JSON Lines here")
    ap.add_argument("--noise", type=float, default=0.0,
                    help="share of letters (0-1) given hard wraps, OFFICIAL markings, page footers, "
                    "CRLF or Windows-1252, as real files have (default 0)")
    args = ap.parse_args(argv)
    if args.n < 0 or args.per_dir < 0:
        ap.error("-n and --per-dir must be zero or more")
    if not 0 <= args.noise <= 1:
        ap.error("--noise must be between 0 and 1")
    start = time.perf_counter()
    write_corpus(args.out_dir, args.n, args.seed, per_dir=args.per_dir, truth_path=args.truth,
                 noise=args.noise)
    took = time.perf_counter() - start
    print(f"wrote {args.n} letters to {args.out_dir} in {took:.2f}s "
          f"({args.n / took if took else 0:.0f} letters/s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
