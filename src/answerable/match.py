"""Match the sentences of a response to the recommendations of a report, and say how each
recommendation is answered.

``match(record, report) -> list[Verdict]`` gives one :class:`~answerable.models.Verdict` per
recommendation, in the report's order:

* ``action_taken``        the letter says something has been done or is under way;
* ``action_proposed``     it says something will be done (will, plan to, by <date>);
* ``no_action_explained`` it gives a reason for no action (already in place, a matter for the
  Home Office, not applicable ...);
* ``acknowledged_only``   it only agrees with / welcomes the recommendation, or speaks of "the
  recommendations" as a whole without answering this one;
* ``not_addressed``       nothing in it is about this recommendation.

How a sentence is tied to a recommendation: an explicit reference ("Recommendation 3", "R3",
a heading, a numbered list aligned with the recommendations), or meaning — the cosine
similarity of sentence embeddings (:mod:`answerable.embed`) plus the share of the
recommendation's key terms the sentence uses, when that relevance is high enough *and*
clearly higher than the sentence's relevance to any other recommendation. Sentences of the
same paragraph support the match. Cue phrases, thresholds and generic words are data:
``data/match.yaml``. The record's text is split into sentences itself, so matching works
whether or not the extractor found statements; statement kinds are used only as a fallback
for sentences without a cue of their own.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import numpy as np
import yaml
from rapidfuzz import fuzz

from answerable.errors import ConfigError
from answerable.models import Recommendation, Record, Report, Source, Span, Verdict, VerdictValue

DEFAULT_CONFIG_PATH = Path(__file__).resolve().parent / "data" / "match.yaml"

# kind of a sentence -> verdict, in order of precedence when several sentences are evidence
_KIND_VERDICT: dict[str, VerdictValue] = {
    "no_action": "no_action_explained",
    "taken": "action_taken",
    "proposed": "action_proposed",
    "acknowledged": "acknowledged_only",
}
_KIND_ORDER = ["no_action", "taken", "proposed", "acknowledged"]
_BODY_SEGMENTS = {"paragraph", "list_item", "heading"}
_NO_SOURCE = Source(sha256="0" * 64, format="text")


# --- configuration -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Thresholds:
    """Numbers that decide acceptance; see ``data/match.yaml`` for their meaning."""

    accept: float = 0.34
    accept_other_report: float = 0.65
    accept_uncued: float = 0.50
    margin: float = 0.025
    lexical_weight: float = 0.30
    explicit: float = 0.95
    blanket: float = 0.25
    min_words: int = 5
    paragraph_support: float = 0.20
    list_alignment: float = 0.5
    list_top_k: int = 1
    list_min_similarity: float = 0.30


@dataclass(frozen=True)
class MatchConfig:
    """Compiled contents of ``match.yaml``."""

    thresholds: Thresholds
    references: dict[str, tuple[str, ...]]
    reference_lists: tuple[re.Pattern, ...]
    preamble: tuple[re.Pattern, ...]
    ignore: tuple[re.Pattern, ...]
    cues: dict[str, tuple[re.Pattern, ...]]
    blanket_subject: re.Pattern
    blanket_cues: tuple[re.Pattern, ...]
    statement_kinds: dict[str, str]
    generic_words: frozenset[str]
    anaphora: re.Pattern
    number_words: tuple[str, ...] = ()
    number_word_hint: re.Pattern = re.compile(r"(?!x)x")  # matches nothing
    digest: str = ""

    @classmethod
    def from_file(cls, path: Path | str) -> "MatchConfig":
        """Read and compile a match configuration file; errors name the file and the fix."""
        path = Path(path)
        try:
            raw_text = path.read_text(encoding="utf-8")
            raw = yaml.safe_load(raw_text) or {}
        except OSError as exc:
            raise ConfigError(
                f"cannot read the match configuration ({exc.strerror}). Point ANSWERABLE_MATCH_CONFIG at a "
                "readable copy of the bundled match.yaml, or unset it to use the bundled file.",
                path=str(path),
            ) from exc
        except yaml.YAMLError as exc:
            raise ConfigError(f"the match configuration is not valid YAML ({exc}); fix the file.", path=str(path)) from exc
        try:
            return cls._compile(raw, hashlib.sha1(raw_text.encode()).hexdigest()[:12])
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise ConfigError(
                f"the match configuration is incomplete or has a bad value ({type(exc).__name__}: {exc}); "
                f"compare it with the bundled {DEFAULT_CONFIG_PATH.name}.",
                path=str(path),
            ) from exc

    @classmethod
    def _compile(cls, raw: dict, digest: str) -> "MatchConfig":
        def comp(patterns: Iterable[str]) -> tuple[re.Pattern, ...]:
            return tuple(re.compile(p, re.IGNORECASE) for p in patterns)

        known = set(Thresholds.__dataclass_fields__)
        unknown = set(raw.get("thresholds", {})) - known
        if unknown:
            raise ValueError(f"unknown thresholds {sorted(unknown)}; known: {sorted(known)}")
        for patterns in raw["references"].values():  # compiled per report; check them now
            for pattern in patterns:
                if "{n}" not in pattern:
                    raise ValueError(f"reference pattern {pattern!r} has no {{n}} for the number")
                re.compile(pattern.replace("{n}", "1"))
        return cls(
            thresholds=Thresholds(**raw.get("thresholds", {})),
            references={k: tuple(v) for k, v in raw["references"].items()},
            reference_lists=comp(raw.get("reference_lists", [])),
            preamble=comp(raw.get("preamble", [])),
            ignore=comp(raw.get("ignore", [])),
            cues={kind: comp(raw["cues"].get(kind, [])) for kind in _KIND_ORDER},
            blanket_subject=re.compile(raw["blanket"]["subject"], re.IGNORECASE),
            blanket_cues=comp(raw["blanket"]["cues"]),
            statement_kinds=dict(raw.get("statement_kinds", {})),
            generic_words=frozenset(str(w).lower() for w in raw.get("generic_words", [])),
            anaphora=re.compile(r"^\W*(?:" + "|".join(re.escape(str(w)) for w in raw.get("anaphora", ["this"])) + r")\b",
                                re.IGNORECASE),
            number_words=tuple(str(w).lower() for w in raw.get("number_words", [])),
            number_word_hint=re.compile(r"\b(?:" + "|".join(map(re.escape, map(str, raw.get("number_words", [])))) + r")\b",
                                        re.IGNORECASE) if raw.get("number_words") else re.compile(r"(?!x)x"),
            digest=digest,
        )


def load_match_config(path: Optional[str] = None) -> MatchConfig:
    """The match configuration: ``path``, else the file named by ``ANSWERABLE_MATCH_CONFIG``,
    else the bundled ``data/match.yaml`` (each file read once per process)."""
    return _load_config(str(path or os.environ.get("ANSWERABLE_MATCH_CONFIG") or DEFAULT_CONFIG_PATH))


@lru_cache(maxsize=8)
def _load_config(path: str) -> MatchConfig:
    return MatchConfig.from_file(path)


# --- splitting the response into units ----------------------------------------------------------
@dataclass
class Unit:
    """One sentence, heading or list item of the response."""

    span: Span
    text: str
    block: int  # index of the paragraph / segment it belongs to
    heading: bool = False
    list_number: Optional[str] = None  # "3" for a list item that starts "3." / "(3)"
    refs: set[str] = field(default_factory=set)  # recommendation ids named in the unit
    context: set[str] = field(default_factory=set)  # ids it falls under (heading, paragraph)
    context_distance: int = 0  # 0: same block as the reference; 1+: blocks after a heading
    kind: Optional[str] = None  # no_action | taken | proposed | acknowledged | None
    ignored: bool = False  # boilerplate, quotation of a recommendation, or the report title
    quotes: Optional[str] = None  # id of the recommendation this unit quotes
    bare: bool = False  # only names or quotes a recommendation ("Recommendation 3", a quotation)
    group_kind: Optional[str] = None  # the kind of the sentence that continues this one

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def label_like(self) -> bool:
        """A name, address, letterhead or title line rather than a sentence: no closing
        punctuation and mostly capitalised words."""
        if re.search(r"[.!?;:]\W*$", self.text):
            return False
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", self.text)]
        caps = sum(w[0].isupper() for w in words)
        return not words or caps / len(words) >= 0.5


_SENT_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|No|Nos|Rt|Hon|Cllr|Supt|Insp|Sgt|Ch|Det|Co|Ltd|e\.g|i\.e|etc|vs|cf|para|Rec|Fig)|\b[A-Z])\.$")
_LIST_MARK = re.compile(r"^\s*(?:[-•*–·▪●]\s+|\(?(\d{1,2}[a-z]?)[.)]\s+|(\d{1,2}[a-z]?)\s*[:–-]\s+)")
_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n\s*")


def _blocks(record: Record) -> list[tuple[Span, bool]]:
    """(span, is_heading) of each body block: the extractor's segments when there are any,
    else the paragraphs of the text (split at blank lines)."""
    if record.segments:
        return [(tuple(s.span), s.kind == "heading") for s in record.segments if s.kind in _BODY_SEGMENTS]
    text, blocks, pos = record.text, [], 0
    for m in list(_BLOCK_SPLIT.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        if text[pos:end].strip():
            blocks.append(((pos, end), False))
        pos = m.end() if m else end
    return blocks


def _strip(text: str, start: int, end: int) -> Optional[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


_CELL_SPLIT = re.compile(r"\s\|\s")
_NUMBER_CELL = re.compile(r"^\s*\(?(\d{1,2}[a-z]?)[.)]?\s*$")  # "3", "3.", "(3)"; "Recommendation 3" is a reference


def _table_row(text: str, span: Span) -> Optional[list[tuple[Span, bool, Optional[str]]]]:
    """A table row as the readers write it ("1 | <recommendation> | <response>"): one piece
    per cell; a leading cell holding only a number numbers the cells after it."""
    line = text[span[0]:span[1]]
    if not _CELL_SPLIT.search(line):
        return None
    pieces, number, pos = [], None, span[0]
    for cell in _CELL_SPLIT.split(line):
        cell_span = _strip(text, pos, pos + len(cell))
        pos += len(cell) + 3
        if cell_span is None:
            continue
        m = _NUMBER_CELL.match(text[cell_span[0]:cell_span[1]])
        if m and not pieces:
            number = m.group(1)
            continue
        pieces.append((cell_span, False, number))
    return pieces


def _lines(text: str, span: Span) -> list[tuple[Span, bool, Optional[str]]]:
    """Split a block into pieces at list markers, at a short heading line and at table cells:
    (span, is_heading_line, list_number)."""
    start, end = span
    raw_lines, pos = [], start
    for line in text[start:end].split("\n"):
        raw_lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    rows = [_table_row(text, line_span) for line_span in raw_lines if text[line_span[0]:line_span[1]].strip()]
    if rows and all(r is not None for r in rows):
        return [piece for row in rows for piece in row]
    pieces: list[list] = []
    for i, (a, b) in enumerate(raw_lines):
        line = text[a:b]
        if not line.strip():
            continue
        mark = _LIST_MARK.match(line)
        words = line.split()
        is_heading = bool(re.match(r"^\s*#{1,6}\s", line)) or (
            not pieces and len(words) <= 10 and not re.search(r"[.,;:!?]\s*$", line) and not mark
        )
        if mark or is_heading or not pieces or pieces[-1][1]:
            number = (mark.group(1) or mark.group(2)) if mark else None
            pieces.append([a, is_heading, number, b])
        else:
            pieces[-1][3] = b
    return [((a, b), h, n) for a, h, n, b in pieces]


_NONSPACE = re.compile(r"\S+")
_MAX_WORDS = 80  # longer "sentences" (text with no full stops, e.g. a table from a PDF) are cut


def _chunks(text: str, span: Span, size: int = 60) -> list[Span]:
    """A run-on span cut into pieces of about ``size`` words, so that no piece is truncated
    by the encoder and each keeps one topic."""
    words = [m.span() for m in _NONSPACE.finditer(text, span[0], span[1])]
    if len(words) <= _MAX_WORDS:
        return [span]
    return [(words[i][0], words[min(i + size, len(words)) - 1][1]) for i in range(0, len(words), size)]


def _sentences(text: str, span: Span) -> list[Span]:
    """Sentence spans inside ``span`` (run-on ones cut into chunks)."""
    return [c for s in _raw_sentences(text, span) for c in _chunks(text, s)]


def _raw_sentences(text: str, span: Span) -> list[Span]:
    start, end = span
    out, pos = [], start
    for m in _SENT_END.finditer(text, start, end):
        before = text[pos:m.start() + 1]
        if _ABBREV.search(before) or re.fullmatch(r"\s*\(?\d{1,2}[a-z]?[.)]", before):
            continue
        piece = _strip(text, pos, m.start() + 1)
        if piece:
            out.append(piece)
        pos = m.end()
    piece = _strip(text, pos, end)
    if piece:
        out.append(piece)
    return out


def split_units(record: Record) -> list[Unit]:
    """The response's body as sentences / headings / list items, with spans into
    ``record.text``."""
    units: list[Unit] = []
    text = record.text
    for b, (span, seg_heading) in enumerate(_blocks(record)):
        for line_span, line_heading, number in _lines(text, span):
            heading = seg_heading or line_heading
            spans = [line_span] if heading else _sentences(text, line_span)
            for i, s in enumerate(spans):
                units.append(Unit(span=s, text=text[s[0]:s[1]], block=b, heading=heading,
                                  list_number=number if i == 0 else None))
    return units


# --- lexical signal ----------------------------------------------------------------------------
_WORD = re.compile(r"[a-z][a-z']+")
_SUFFIXES = ("ings", "ing", "ities", "ity", "ies", "ied", "ed", "es", "s", "ly", "e")


def _stem(word: str) -> str:
    word = word.replace("'", "")
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:7]


def key_terms(text: str, config: Optional[MatchConfig] = None) -> set[str]:
    """The stemmed content words of ``text`` (generic words of ``match.yaml`` left out)."""
    config = config or load_match_config()
    return {_stem(w) for w in _WORD.findall(text.lower().replace("’", "'")) if w not in config.generic_words and len(w) > 2}


# --- the report side (cached) ------------------------------------------------------------------
@dataclass
class ReportIndex:
    """What matching needs of a report: recommendation vectors and weighted key terms."""

    ids: list[str]
    recs: list[Recommendation]
    core_texts: list[str]
    vectors: np.ndarray  # [m, 384]
    terms: list[dict[str, float]]  # per recommendation: stem -> idf weight
    ref_patterns: list[tuple[re.Pattern, ...]]
    titles: list[str]  # normalised title and short names
    norm_texts: list[str] = field(default_factory=list)  # normalised recommendation texts
    norm_words: list[set[str]] = field(default_factory=list)
    numbers: list[Optional[str]] = field(default_factory=list)  # "3" for R3, as written


def _core_text(text: str, config: MatchConfig) -> str:
    """The recommendation without its opening "By <date>, chief constables should"."""
    core = " ".join(text.split())
    for pattern in config.preamble:
        core = pattern.sub("", core, count=1)
    core = core.strip()
    return (core[:1].upper() + core[1:]) if core else text


def _number(rec: Recommendation) -> Optional[str]:
    if rec.number:
        return rec.number.strip()
    m = re.search(r"(\d+[a-z]?)$", rec.id)
    return m.group(1) if m else None


def _ref_patterns(rec: Recommendation, config: MatchConfig) -> tuple[re.Pattern, ...]:
    number = _number(rec)
    if not number:
        return ()
    n = re.escape(number)
    if number.isdigit() and 0 < int(number) <= len(config.number_words):  # "recommendation three"
        n = f"(?:{n}|{re.escape(config.number_words[int(number) - 1])})"
    return tuple(re.compile(p.replace("{n}", n), re.IGNORECASE)
                 for p in config.references.get(rec.kind, ()))


def normalise_title(text: str) -> str:
    """Lower case, letters and digits only, single spaces ("Both sides of the coin - ..." and
    "Both sides of the coin: ..." normalise alike)."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower().replace("’", "'").replace("'", "")).split())


_INDEX_CACHE: "OrderedDict[str, ReportIndex]" = OrderedDict()
_INDEX_LOCK = threading.Lock()
_INDEX_CACHE_SIZE = 64


def report_index(report: Report, config: Optional[MatchConfig] = None, encoder=None) -> ReportIndex:
    """The report's recommendation vectors and key terms, computed once per report version
    (keyed by report id and a hash of its recommendation texts)."""
    config = config or load_match_config()
    recs = list(report.recommendations)
    names = "\x1d".join([report.title, *report.short_names])
    digest = hashlib.sha1((names + "\x1f".join(f"{r.id}\x1e{r.kind}\x1e{r.number}\x1e{r.text}" for r in recs)).encode()).hexdigest()
    key = f"{report.id}:{digest}:{config.digest}"
    with _INDEX_LOCK:
        hit = _INDEX_CACHE.get(key)
        if hit is not None:
            _INDEX_CACHE.move_to_end(key)
            return hit
    cores = [_core_text(r.text, config) for r in recs]
    vectors = _encoder(encoder).encode(cores) if recs else np.zeros((0, 384), dtype=np.float32)
    stems = [key_terms(c, config) for c in cores]
    df: dict[str, int] = {}
    for s in stems:
        for t in s:
            df[t] = df.get(t, 0) + 1
    m = max(1, len(recs))
    terms = [{t: math.log(1.0 + m / df[t]) for t in s} for s in stems]
    titles = [normalise_title(t) for t in [report.title, report.title.split(":")[0], *report.short_names] if t]
    index = ReportIndex(ids=[r.id for r in recs], recs=recs, core_texts=cores, vectors=vectors, terms=terms,
                        ref_patterns=[_ref_patterns(r, config) for r in recs], titles=[t for t in titles if len(t) >= 6],
                        norm_texts=[normalise_title(r.text) for r in recs],
                        norm_words=[set(normalise_title(r.text).split()) for r in recs],
                        numbers=[_number(r) for r in recs])
    with _INDEX_LOCK:
        _INDEX_CACHE[key] = index
        while len(_INDEX_CACHE) > _INDEX_CACHE_SIZE:
            _INDEX_CACHE.popitem(last=False)
    return index


def _encoder(encoder=None):
    if encoder is not None:
        return encoder
    from answerable.embed import get_encoder

    return get_encoder()


# --- reading the units -------------------------------------------------------------------------
_DIGIT = re.compile(r"\d")


def _explicit_refs(unit: Unit, index: ReportIndex, config: MatchConfig) -> set[str]:
    if not _DIGIT.search(unit.text) and not config.number_word_hint.search(unit.text):
        return set()  # every reference carries a number, in figures or in words
    found = {rid for rid, pats in zip(index.ids, index.ref_patterns) if any(p.search(unit.text) for p in pats)}
    for pattern in config.reference_lists:  # "recommendations 3 and 4", "recommendations 1 to 4"
        for m in pattern.finditer(unit.text):
            numbers = _numbers_in(m.group(1))
            found |= {rid for rid, number in zip(index.ids, index.numbers) if number in numbers}
    return found


def _numbers_in(listing: str) -> set[str]:
    """The numbers a list names, ranges expanded: "1, 3 and 5" -> 1 3 5; "2 to 4" -> 2 3 4."""
    numbers = set(re.findall(r"\d+[a-z]?", listing))
    for a, b in re.findall(r"(\d+)\s*(?:to|-|–)\s*(\d+)\b", listing):
        if 0 < int(b) - int(a) <= 50:
            numbers |= {str(n) for n in range(int(a), int(b) + 1)}
    return numbers


def _first_cue(text: str, patterns: Iterable[re.Pattern]) -> Optional[int]:
    starts = [m.start() for m in (p.search(text) for p in patterns) if m]
    return min(starts) if starts else None


def _sentence_kind(unit: Unit, record: Record, config: MatchConfig) -> Optional[str]:
    """no_action if it gives a reason for none; else taken or proposed, whichever cue comes
    first ("I will publish the protocol once it has been agreed" is proposed); else
    acknowledged; else the kind of the extractor's statement there, if any."""
    if any(p.search(unit.text) for p in config.cues["no_action"]):
        return "no_action"
    taken = _first_cue(unit.text, config.cues["taken"])
    proposed = _first_cue(unit.text, config.cues["proposed"])
    if taken is not None or proposed is not None:
        return "taken" if proposed is None or (taken is not None and taken <= proposed) else "proposed"
    if any(p.search(unit.text) for p in config.cues["acknowledged"]):
        return "acknowledged"
    for st in record.statements:  # the extractor's reading, when the sentence has no cue
        if st.span[0] < unit.span[1] and unit.span[0] < st.span[1]:
            kind = config.statement_kinds.get(st.kind)
            if kind:
                return kind
    return None


def sentence_kind(text: str, config: Optional[MatchConfig] = None) -> Optional[str]:
    """The kind of answer one sentence gives, from the cue phrases of ``match.yaml``:
    ``no_action``, ``taken``, ``proposed``, ``acknowledged`` or None."""
    config = config or load_match_config()
    unit = Unit(span=(0, len(text)), text=text, block=0)
    return _sentence_kind(unit, Record(source=_NO_SOURCE, text=text), config)


def _quotes(unit: Unit, index: ReportIndex) -> Optional[str]:
    """The id of the recommendation this unit quotes (nearly verbatim), if any."""
    if unit.words < 6:
        return None
    text = normalise_title(unit.text)
    words = set(text.split())
    for rid, rec_text, rec_words in zip(index.ids, index.norm_texts, index.norm_words):
        if len(words & rec_words) < 0.7 * len(words):  # a quotation uses the recommendation's words
            continue
        if fuzz.ratio(text, rec_text) >= 85 or (len(text) <= len(rec_text) + 10 and fuzz.partial_ratio(text, rec_text) >= 92):
            return rid
    return None


def _names_report(text: str, index: ReportIndex) -> bool:
    """Whether ``text`` names the report: its title, the part before the colon, or a short
    name, exactly after normalising, or the full title at fuzzy ratio 90 or more."""
    if not index.titles:
        return False
    norm = normalise_title(text)
    if any(t in norm for t in index.titles):
        return True
    full = index.titles[0]
    return len(norm) >= len(full) and fuzz.partial_ratio(full, norm) >= 90


def _about_the_title(unit: Unit, kind: Optional[str], index: ReportIndex) -> bool:
    """A subject line or a sentence that only names the report ("I welcome the report
    'Safer at Night'"), as opposed to an answer that happens to name it."""
    if unit.refs or not _names_report(unit.text, index):
        return False
    return kind not in ("no_action", "taken", "proposed") or unit.label_like


def _prepare_units(record: Record, index: ReportIndex, config: MatchConfig) -> list[Unit]:
    units = split_units(record)
    for u in units:
        u.refs = _explicit_refs(u, index, config)
        u.quotes = _quotes(u, index)
        boiler = any(p.search(u.text) for p in config.ignore) or bool(re.match(r"^\s*\[[^\]]*\]\s*$", u.text))
        kind = _sentence_kind(u, record, config)
        u.ignored = boiler or u.quotes is not None or _about_the_title(u, kind, index)
        u.kind = None if u.ignored else kind
        u.bare = u.quotes is not None or (bool(u.refs) and (u.heading or _bare_reference(u, index)))
    _align_numbered_list(units, index, config)
    _propagate_context(units)
    _lend_kinds(units, config)
    return units


def _lend_kinds(units: list[Unit], config: MatchConfig) -> None:
    """A sentence without a cue takes the cue of the sentence that continues it ("... would need
    a change to the guidance. That is a matter for the Home Office ...")."""
    for u, nxt in zip(units, units[1:]):
        if (u.kind in (None, "acknowledged") and nxt.kind not in (None, "acknowledged") and not u.ignored
                and nxt.block == u.block and not nxt.refs and config.anaphora.match(nxt.text)):
            u.group_kind = nxt.kind


def _bare_reference(unit: Unit, index: ReportIndex) -> bool:
    """Whether the unit does nothing but name recommendations ("### Recommendation 3")."""
    rest = unit.text
    for rid in unit.refs:
        for pattern in index.ref_patterns[index.ids.index(rid)]:
            rest = pattern.sub(" ", rest)
    return not re.search(r"[A-Za-z]{2,}", rest)


def _propagate_context(units: list[Unit]) -> None:
    """A reference covers the rest of its block; a reference in a heading (or a quotation of a
    recommendation) covers the blocks after it, until the next heading or reference."""
    current: set[str] = set()
    origin_block = -1
    sticky = False
    for u in units:
        named = u.refs or ({u.quotes} if u.quotes else set())
        if named:
            current, origin_block = set(named), u.block
            sticky = u.heading or u.bare
        elif u.heading:
            current, sticky = set(), False
        elif u.block != origin_block and not sticky:
            current = set()
        u.context = set(current)
        u.context_distance = max(0, u.block - origin_block) if current else 0


def _align_numbered_list(units: list[Unit], index: ReportIndex, config: MatchConfig) -> None:
    """A numbered list whose items line up (by meaning) with the recommendations of the same
    numbers is read as answering them in order."""
    by_number = {number: rid for rid, number in zip(index.ids, index.numbers) if number}
    items = [u for u in units if u.list_number and u.list_number in by_number and not u.refs and not u.ignored]
    if len(items) < 2 or len(index.ids) < 2:
        return
    vecs = _encoder().encode([u.text for u in items])
    sims = vecs @ index.vectors.T
    k = min(config.thresholds.list_top_k, len(index.ids))
    hits = 0
    for row, u in zip(sims, items):
        j = index.ids.index(by_number[u.list_number])
        hits += j in np.argsort(-row)[:k] and row[j] >= config.thresholds.list_min_similarity
    if hits / len(items) >= config.thresholds.list_alignment:
        for u in items:
            u.refs = {by_number[u.list_number]}


# --- scoring -------------------------------------------------------------------------------------
def _lexical(units: list[Unit], live: list[int], index: ReportIndex, config: MatchConfig) -> np.ndarray:
    """[len(live), n_recs] weighted share of each recommendation's key terms each unit uses."""
    lex = np.zeros((len(live), len(index.ids)), dtype=np.float32)
    totals = [sum(terms.values()) or 1.0 for terms in index.terms]
    for row, i in enumerate(live):
        stems = key_terms(units[i].text, config)
        for j, terms in enumerate(index.terms):
            lex[row, j] = sum(v for t, v in terms.items() if t in stems) / totals[j]
    return lex


def _needs_meaning(u: Unit, lexical_hit: bool, cued_blocks: set[int]) -> bool:
    """Whether a unit's embedding can change the outcome: not when it is already tied to a
    recommendation by a reference in its own paragraph, nor when it states nothing (no cue),
    shares no key term with any recommendation and sits in a paragraph without a cued sentence."""
    if u.refs or (u.context and u.context_distance == 0):
        return False
    cued = u.kind is not None or u.group_kind is not None
    return cued or lexical_hit or u.block in cued_blocks or bool(u.context)


def _relevance(units: list[Unit], index: ReportIndex, config: MatchConfig) -> tuple[np.ndarray, np.ndarray]:
    """([n_units, n_recs] relevance, [n_units, n_recs] cosine). Relevance is the cosine plus
    lexical_weight x weighted key-term coverage; rows are zero for units not compared by
    meaning. Only units whose embedding can matter are encoded, in one batched call."""
    rel = np.zeros((len(units), len(index.ids)), dtype=np.float32)
    cos_all = np.zeros_like(rel)
    live = [i for i, u in enumerate(units)
            if not u.ignored and not u.heading and not u.label_like and u.words >= config.thresholds.min_words
            and not (not u.refs and config.blanket_subject.search(u.text))]  # "the recommendations" as a whole
    if not live or not index.ids:
        return rel, cos_all
    lex = _lexical(units, live, index, config)
    cued_blocks = {u.block for u in units if u.kind in ("no_action", "taken", "proposed")}
    keep = [row for row, i in enumerate(live) if _needs_meaning(units[i], bool(lex[row].any()), cued_blocks)]
    if keep:
        vecs = _encoder().encode([units[live[row]].text for row in keep])
        cos = vecs @ index.vectors.T
        for k, row in enumerate(keep):
            rel[live[row]] = cos[k] + config.thresholds.lexical_weight * lex[row]
            cos_all[live[row]] = cos[k]
    return np.clip(rel, 0.0, 1.0), cos_all


@dataclass
class _Evidence:
    unit: Unit
    relevance: float


@dataclass
class _Scores:
    """Everything the acceptance rules read."""

    rel: np.ndarray  # [n_units, n_recs] cosine + lexical
    cos: np.ndarray  # [n_units, n_recs] cosine alone
    about_this: bool  # False when the letter names a different report
    anaphora: re.Pattern  # words that continue the sentence before ("That is ...")


def _accepted_by_meaning(i: int, u: Unit, scores: _Scores, th: Thresholds) -> Optional[int]:
    """The recommendation (column) unit ``i`` answers by meaning, if any: its best relevance
    clears the bar (``accept`` for a sentence stating an action, plan or reason; for one that
    does not, its cosine alone must clear ``accept_uncued``; ``accept_other_report`` for a
    letter about another report) and beats the next recommendation by ``margin``."""
    row = scores.rel[i]
    if not row.any():
        return None
    best = int(np.argmax(row))
    second = float(np.partition(row, -2)[-2]) if len(row) > 1 else 0.0
    cued = bool({u.kind, u.group_kind} & {"no_action", "taken", "proposed"})
    strength = row[best] if cued else scores.cos[i, best]
    bar = th.accept if cued else max(th.accept, th.accept_uncued)
    if not scores.about_this:
        bar = max(bar, th.accept_other_report)
    return best if strength >= bar and row[best] - second >= th.margin else None


def _attribute(i: int, u: Unit, scores: _Scores, index: ReportIndex, th: Thresholds,
               previous: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """[(recommendation id, relevance)] unit ``i`` is evidence for, by (in order): a reference
    in the unit; a reference earlier in its paragraph; a continuing word ("That is ...") after a
    matched sentence; meaning (which may override a heading further up); the heading above."""
    row = scores.rel[i]
    if u.refs:
        return [(rid, max(th.explicit, float(row[index.ids.index(rid)]))) for rid in u.refs]
    if u.context and u.context_distance == 0:
        return [(rid, max(th.explicit, float(row[index.ids.index(rid)]))) for rid in u.context]
    if previous and scores.anaphora.match(u.text):
        return [(rid, r * 0.9) for rid, r in previous]
    best = _accepted_by_meaning(i, u, scores, th)
    if best is not None and (not u.context or index.ids[best] not in u.context):
        return [(index.ids[best], float(row[best]))]
    if u.context:  # the paragraph right under the heading; further ones must be relevant
        return [(rid, max(th.explicit * 0.9, float(row[index.ids.index(rid)]))) for rid in u.context
                if u.context_distance <= 1 or row[index.ids.index(rid)] >= th.paragraph_support]
    return []


def _evidence(units: list[Unit], scores: _Scores, index: ReportIndex, config: MatchConfig) -> dict[str, list[_Evidence]]:
    """For each recommendation id, the units that answer it, then the sentences of the same
    paragraphs that support them."""
    th = config.thresholds
    out: dict[str, list[_Evidence]] = {rid: [] for rid in index.ids}
    blocks: dict[str, set[int]] = {rid: set() for rid in index.ids}
    previous: tuple[int, list[tuple[str, float]]] = (-1, [])  # (block, attributions) of the last unit
    for i, u in enumerate(units):
        if u.ignored:
            continue
        found = _attribute(i, u, scores, index, th, previous[1] if previous[0] == u.block else [])
        for rid, relevance in found:
            out[rid].append(_Evidence(u, relevance))
            blocks[rid].add(u.block)
        previous = (u.block, found)
    _add_paragraph_support(units, scores.rel, index, th, out, blocks)
    return out


def _add_paragraph_support(units: list[Unit], rel: np.ndarray, index: ReportIndex, th: Thresholds,
                           out: dict[str, list[_Evidence]], blocks: dict[str, set[int]]) -> None:
    """A sentence in a paragraph that holds evidence for a recommendation supports it when it
    is somewhat relevant to it and not clearly about another one."""
    for j, rid in enumerate(index.ids):
        have = {id(e.unit) for e in out[rid]}
        for i, u in enumerate(units):
            if (u.block in blocks[rid] and id(u) not in have and not u.ignored and not u.refs
                    and not u.context and rel[i, j] >= th.paragraph_support
                    and rel[i, j] >= float(rel[i].max()) - th.margin):
                out[rid].append(_Evidence(u, float(rel[i, j]) * 0.9))


def _blanket_units(units: list[Unit], config: MatchConfig) -> list[Unit]:
    """Sentences that speak of "the recommendations" as a whole and accept / note them."""
    return [u for u in units if not u.refs and not u.quotes and config.blanket_subject.search(u.text)
            and any(p.search(u.text) for p in config.blanket_cues)]


_QUOTED = re.compile(r"[\"“‘']([A-Z][^\"”’\n]{12,200})[\"”’']")
# a subject or heading line that reads as a title: "Re: X", "Both sides of the coin - The ...",
# "Safer at Night: an inspection of ..."
_TITLE_LINE = re.compile(
    r"^[ \t#>*]*(?:(?:re|subject|response\s+to(?:\s+the)?(?:\s+hmicfrs)?(?:\s+report)?)\s*[:\-–]?\s*(?P<a>\S.{10,250})"
    r"|(?P<b>(?:[A-Za-z'’]+\s+){2,}[A-Za-z'’]+\s*(?::|\s[-–])\s+\S.{8,250}))$",
    re.IGNORECASE | re.MULTILINE)


def _named_titles(head: str) -> list[str]:
    """Strings near the top of a letter that look like report titles."""
    found = [m.group(1) for m in _QUOTED.finditer(head)]
    for m in _TITLE_LINE.finditer(head):
        line = m.group(0).strip()
        if len(line.split()) <= 40 and (m.group("a") or not line.endswith(".")):  # a title, not a sentence
            found.append(m.group("a") or m.group("b"))
    return found


def _about_this_report(record: Record, index: ReportIndex) -> bool:
    """Whether general words about "the recommendations" can be taken to be about this report:
    the letter names it, or names no other report."""
    if not index.titles:
        return True
    head = record.text[:4000]
    if _names_report(head, index):
        return True
    if record.report.title:
        return _names_report(record.report.title, index)
    return not any(not _names_report(title, index) for title in _named_titles(head))


def _decide(evidence: list[_Evidence]) -> Optional[tuple[VerdictValue, float, list[Span]]]:
    """The verdict from the kinds of the evidence sentences; None when the evidence only
    names or quotes the recommendation. Spans: the sentences that decided the verdict first
    (most relevant first), then the other evidence in text order, bare headings last."""
    if all(e.unit.bare for e in evidence):
        return None
    kinds = {e.unit.kind for e in evidence}
    deciding_kind: Optional[str] = next((k for k in _KIND_ORDER if k in kinds), None)
    verdict: VerdictValue = _KIND_VERDICT[deciding_kind] if deciding_kind else "acknowledged_only"
    score = max(e.relevance for e in evidence)
    deciding = sorted((e for e in evidence if deciding_kind and e.unit.kind == deciding_kind),
                      key=lambda e: (-e.relevance, e.unit.span))
    rest = sorted((e for e in evidence if e not in deciding), key=lambda e: (e.unit.bare, e.unit.span))
    spans: list[Span] = []
    for e in deciding + rest:
        if tuple(e.unit.span) not in spans:
            spans.append(tuple(e.unit.span))
    return verdict, round(min(1.0, score), 3), spans


def match(record: Record, report: Report, *, config: Optional[MatchConfig] = None) -> list[Verdict]:
    """One verdict per recommendation of ``report`` (in its order) for the response ``record``.

    Returns ``[]`` when the report has no recommendation texts. ``score`` (0..1) is the
    relevance of the best evidence: ``explicit`` (0.95) or more for a recommendation named by
    number, the cosine plus the lexical share for one matched by meaning, ``blanket`` (0.25)
    for one covered only by general agreement with "the recommendations", and for
    ``not_addressed`` the relevance of the closest sentence, capped just below ``accept``.
    ``evidence`` holds spans into ``record.text``, the sentences that decided the verdict
    first. Loads the sentence model on first use (:func:`answerable.embed.get_encoder`)."""
    config = config or load_match_config()
    if not report.recommendations:
        return []
    index = report_index(report, config)
    units = _prepare_units(record, index, config)
    rel, cos = _relevance(units, index, config)
    about_this = _about_this_report(record, index)
    evidence = _evidence(units, _Scores(rel, cos, about_this, config.anaphora), index, config)
    blanket = _blanket_units(units, config) if about_this else []
    verdicts = []
    for j, rid in enumerate(index.ids):
        decided = _decide(evidence[rid]) if evidence[rid] else None
        if decided:
            verdict, score, spans = decided
        elif blanket:
            verdict, score, spans = "acknowledged_only", config.thresholds.blanket, [tuple(u.span) for u in blanket]
        else:
            closest = float(rel[:, j].max()) if len(units) else 0.0
            verdict, score, spans = "not_addressed", round(min(closest, config.thresholds.accept - 0.01), 3), []
        verdicts.append(Verdict(id=rid, verdict=verdict, score=score, evidence=spans))
    return verdicts


def explain(record: Record, report: Report, *, config: Optional[MatchConfig] = None) -> list[dict]:
    """For debugging and the web page: every unit with its kind, references and relevance to
    each recommendation."""
    config = config or load_match_config()
    if not report.recommendations:
        return []
    index = report_index(report, config)
    units = _prepare_units(record, index, config)
    rel, _ = _relevance(units, index, config)
    return [
        {"span": u.span, "text": u.text, "kind": u.kind, "refs": sorted(u.refs), "context": sorted(u.context),
         "ignored": u.ignored, "relevance": {rid: round(float(rel[i, j]), 3) for j, rid in enumerate(index.ids)}}
        for i, u in enumerate(units)
    ]
