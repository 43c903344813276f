"""Split a letter's normalised text into typed segments.

``segment(text)`` classifies every block (paragraphs are separated by blank lines) or, in
blocks of short lines such as address and signature blocks, every line, as one of the
:data:`~answerable.models.SegmentKind` values. Two kinds live *inside* other segments: a
``footer`` slogan fused onto the start or end of a paragraph is cut off as its own segment
(the paragraph then starts after it), and ``link_residue`` ("(see link here)") is marked
inside the paragraph that holds it. Segments come back sorted by start offset (a segment
holding another comes before it); every span
satisfies ``text[s:e] == text[s:e].strip()`` and is never empty.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from answerable.extract.dates import DATE_RX, WEEKDAY
from answerable.extract.lexicon import compile_list, cues, roles
from answerable.models import Segment

_BLOCK_SPLIT = re.compile(r"\r?\n[ \t\r]*\n")
_LINE = re.compile(r"[^\n]+")
_BULLET = re.compile(r"\s*(?:[-•*–·▪●◦‣]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)]|Recommendation \d+\s*[:.\-–])\s+")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")
_SENTENCE_END = re.compile(r"[.;:,!?][\"”’')\]]*\s*$")


@lru_cache(maxsize=1)
def _recipient() -> re.Pattern[str]:
    """Any way of writing a recipient (cues.yaml ``addressees``) or their address."""
    c = cues()["addressees"]
    names = [p for k, v in c.items() if isinstance(v, list) and k != "home_secretary_names" for p in v]
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in names) + r"|Rt\.? Hon|Right Honourable|Marsham Street|"
                      r"Inspector(?:ate)? of Constabulary)\b", re.I)


@dataclass(frozen=True)
class _Patterns:
    sign_off: re.Pattern[str]
    image: re.Pattern[str]
    footer_whole: re.Pattern[str]
    footer_prefix: re.Pattern[str]
    footer_suffix: re.Pattern[str]
    link_residue: re.Pattern[str]
    subject: re.Pattern[str]
    date_line: re.Pattern[str]
    letterhead: re.Pattern[str]
    salutation: re.Pattern[str]
    cc_line: re.Pattern[str]
    reference: re.Pattern[str]
    marking: re.Pattern[str]


_UNNAMED_DATE = re.sub(r"\(\?P<\w+>", "(?:", DATE_RX.pattern)  # a second date in one pattern


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    seg = cues()["segments"]
    footer = seg["footer"]
    slogans = [p for p in footer if not p.startswith(("Page", "(?:Tel", "(?:www", "Follow"))]
    return _Patterns(
        sign_off=compile_list(seg["sign_off"], whole=True),
        image=compile_list(seg["image_description"], whole=True),
        footer_whole=compile_list(footer, whole=True),
        # a slogan fused onto a paragraph keeps its own capitals ("...a safer DORSET The Force")
        footer_prefix=re.compile(r"(?i:" + "|".join(f"(?:{p})" for p in slogans) + r")(?=\s+[A-Z])"),
        footer_suffix=re.compile(r"(?<=[.!?])\s+(?i:" + "|".join(f"(?:{p})" for p in slogans) + r")\Z"),
        link_residue=compile_list(seg["link_residue"]),
        subject=compile_list(seg["subject"], re.I | re.S, whole=True),
        # "5 March 2020", "Date: 5 March 2020", bilingual "5 Mawrth 2020 / 5 March 2020"
        date_line=re.compile(r"(?:" + seg["date_prefix"] + r")?(?:" + WEEKDAY + r")?(?:" + DATE_RX.pattern + r")"
                             r"(?:\s*[/|]\s*(?:" + WEEKDAY + r")?(?:" + _UNNAMED_DATE + r"))?\.?\Z", re.I),
        letterhead=compile_list(seg["letterhead"], whole=True),
        salutation=re.compile(seg["salutation"], re.I),
        cc_line=re.compile(seg["cc_line"], re.I),
        reference=re.compile(seg["reference_line"], re.I),
        marking=re.compile(seg["marking"]),  # case-sensitive: "OFFICIAL", not "official"
    )


@dataclass
class _Unit:
    start: int
    end: int
    text: str
    kind: str = "paragraph"
    block: int = -1  # index of the blank-line-separated block holding the unit


def _blocks(text: str) -> list[tuple[int, int]]:
    blocks, pos = [], 0
    for m in _BLOCK_SPLIT.finditer(text):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, len(text)))
    return [_strip(text, s, e) for s, e in blocks if text[s:e].strip()]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _lines(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out = []
    for m in _LINE.finditer(text, s, e):
        ls, le = _strip(text, m.start(), m.end())
        if le > ls:
            out.append((ls, le))
    return out


_TERMINAL = ".!?:;\"”’)]"
_SIGNATURE_MAX = 200  # characters: a longer unit after the sign-off is a paragraph
_NEW_ITEM = re.compile(r"(?:cc|c\.c\.|copy|encs?|enclosures?)\b", re.I)


def _groups(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Units of one block. Without a line that carries on a sentence (starts lowercase) every
    line is its own unit: address and signature blocks, or one paragraph per line. With one,
    the block may be hard-wrapped: a line joins the one before when it starts lowercase, or
    when the line before is about as long as the block's longest (a wrapped line) and stops
    mid-sentence. Bullets and "cc:" lines always start a new unit."""
    if len(lines) < 2 or not any(text[s].islower() and not _NEW_ITEM.match(text, s) for s, _ in lines[1:]):
        return lines
    wrap_width = max(40, 0.6 * max(e - s for s, e in lines))
    groups = [lines[0]]
    prev = lines[0]
    for s, e in lines[1:]:
        wrapped = (prev[1] - prev[0]) >= wrap_width and text[prev[1] - 1] not in _TERMINAL
        carries_on = text[s].islower() or wrapped
        if carries_on and not _BULLET.match(text, s) and not _NEW_ITEM.match(text, s):
            groups[-1] = (groups[-1][0], e)
        else:
            groups.append((s, e))
        prev = (s, e)
    return groups


def _units(text: str) -> list[_Unit]:
    units = []
    for b, (bs, be) in enumerate(_blocks(text)):
        units.extend(_Unit(s, e, text[s:e], block=b) for s, e in _groups(text, _lines(text, bs, be)))
    return units


def _is_heading(t: str) -> bool:
    """A short line (or a short title wrapped over lines) that does not end like a sentence."""
    if len(t) > 200 or t.count("\n") > 2 or _SENTENCE_END.search(t) or t[:1].islower():
        return False
    return len(t.split()) <= 30 and (len(t) <= 160 or "\n" in t)


def _first_pass(units: list[_Unit], p: _Patterns) -> None:
    """Kinds that a unit shows on its own, whatever its place in the letter."""
    for u in units:
        t = u.text
        if len(t) < 250 and p.image.match(t):
            u.kind = "image_description"
        elif len(t) < 60 and p.date_line.match(t):
            u.kind = "date_line"
        elif len(t) < 90 and p.salutation.fullmatch(t) and "\n" not in t:
            u.kind = "salutation"
        elif len(t) < 40 and p.sign_off.match(t):
            u.kind = "sign_off"
        elif len(t) < 120 and (p.footer_whole.match(t) or p.marking.fullmatch(t)):
            u.kind = "footer"
        elif len(t) < 100 and "\n" not in t and p.reference.fullmatch(t):
            u.kind = "letterhead"
        elif len(t) < 250 and "\n" not in t and p.cc_line.fullmatch(t):
            u.kind = "addressee"
        elif _BULLET.match(t):
            u.kind = "list_item"
        elif _is_heading(t):
            u.kind = "heading"


def _repeated_footers(units: list[_Unit]) -> None:
    """A short line printed identically on several pages is a running footer/header."""
    counts = Counter(u.text for u in units if u.kind == "heading")
    for u in units:
        if u.kind == "heading" and counts[u.text] > 1 and len(u.text) < 80 and not roles().first(u.text):
            u.kind = "footer"  # a repeated role line is the letterhead and the signature, not a footer


def _top_of_letter(units: list[_Unit], p: _Patterns) -> None:
    """Letterhead, addressee and subject before the body; the subject right after 'Dear ...'."""
    body = next((i for i, u in enumerate(units) if u.kind in ("paragraph", "list_item")), len(units))
    salute = next((i for i, u in enumerate(units[:body]) if u.kind == "salutation"), None)
    address_blocks = _address_blocks(units[:salute]) if salute is not None else set()
    for i, u in enumerate(units[:body]):
        if u.kind not in ("heading", "paragraph"):
            continue
        if p.subject.match(u.text) and (salute is None or i > salute):
            u.kind = "subject"
        elif salute is not None and i < salute:
            u.kind = "addressee" if u.block in address_blocks else "letterhead"
        elif salute is None and _recipient().search(u.text) and (_POSTCODE.search(u.text) or "Rt" in u.text):
            u.kind = "addressee"
        elif salute is None and (p.letterhead.match(u.text) or _POSTCODE.search(u.text)):
            u.kind = "letterhead"
    for i in range(body, len(units)):  # "Re: ..." straight after the salutation
        if units[i].kind == "heading" and i > 0 and units[i - 1].kind == "salutation" and p.subject.match(units[i].text):
            units[i].kind = "subject"


def _address_blocks(top: list[_Unit]) -> set[int]:
    """Blocks above the salutation that hold the recipient: any naming a recipient ("Home
    Secretary", "HMICFRS"); failing that, the last address-like block (a postcode) when a
    letterhead block comes before it."""
    blocks = sorted({u.block for u in top if u.kind in ("heading", "paragraph")})
    text_of = {b: "\n".join(u.text for u in top if u.block == b) for b in blocks}
    named = {b for b in blocks if _recipient().search(text_of[b])}
    if named:
        return named
    if len(blocks) >= 2 and _POSTCODE.search(text_of[blocks[-1]]):
        return {blocks[-1]}
    return set()


_SIGNED_LABEL = re.compile(r"(?:Signed|Signature|Sgd)\s*[:.\-–]\s*\S", re.I)
_NEXT_LETTER = ("sign_off", "salutation", "date_line", "subject")


def _signed_lines(units: list[_Unit]) -> None:
    """A form's "Signed: Jane Doe" line, and the role lines under it in the same block, are a
    signature wherever they sit (a response form has one per section)."""
    block = -1
    for u in units:
        if u.kind == "heading" and len(u.text) <= _SIGNATURE_MAX and _SIGNED_LABEL.match(u.text):
            u.kind, block = "signature", u.block
        elif u.kind == "heading" and u.block == block and len(u.text) <= 120 and not u.text.endswith("comments"):
            u.kind = "signature"
        else:
            block = -1


def _bottom_of_letter(units: list[_Unit]) -> None:
    """Name and role lines after the sign-off, or after the last paragraph, are the signature."""
    signs = [i for i, u in enumerate(units) if u.kind == "sign_off"]
    if signs:  # after each sign-off up to the next real paragraph (comments or a translation may
        # follow) or the start of a second letter in the same file (a salutation, a dated line)
        ranges = []
        for sign in signs:
            stop = next((j for j in range(sign + 1, len(units))
                         if units[j].kind == "paragraph" and len(units[j].text) > _SIGNATURE_MAX
                         or units[j].kind in _NEXT_LETTER and units[j].block != units[j - 1].block
                         or units[j].kind == "paragraph" and _SENTENCE_END.search(units[j].text)
                         and len(units[j].text.split()) > 12), len(units))
            ranges.append((sign + 1, stop))
    else:
        ranges = [(1 + max((i for i, u in enumerate(units) if u.kind in ("paragraph", "list_item")), default=-1), len(units))]
    for start, stop in ranges:
        for u in units[start:stop]:
            if u.kind in ("heading", "paragraph") and len(u.text) <= _SIGNATURE_MAX:
                u.kind = "signature"


def _split_fused(units: list[_Unit], text: str, p: _Patterns) -> list[_Unit]:
    """Cut slogans fused onto a paragraph's start or end into their own footer units."""
    out: list[_Unit] = []
    for u in units:
        if u.kind not in ("paragraph", "list_item", "heading"):
            out.append(u)
            continue
        m = p.footer_prefix.match(u.text)
        if m and len(u.text) > m.end() + 20:
            out.append(_Unit(u.start, u.start + m.end(), m.group(0), "footer", u.block))
            rs, re_ = _strip(text, u.start + m.end(), u.end)
            u = _Unit(rs, re_, text[rs:re_], u.kind, u.block)
        m = p.footer_suffix.search(u.text)
        if m:
            cut = u.start + m.start()
            fs, fe = _strip(text, cut, u.end)
            out.append(_Unit(u.start, cut, text[u.start:cut], u.kind, u.block))
            out.append(_Unit(fs, fe, text[fs:fe], "footer", u.block))
            continue
        out.append(u)
    return out


def _residue(units: list[_Unit], text: str, p: _Patterns) -> list[_Unit]:
    out = []
    for u in units:
        if u.kind in ("paragraph", "list_item") and ("(" in u.text or "[" in u.text):
            out.extend(_Unit(m.start(), m.end(), m.group(0), "link_residue")
                       for m in p.link_residue.finditer(text, u.start, u.end))
    return out


def segment(text: str) -> list[Segment]:
    """Classify the blocks and lines of ``text``; see the module docstring."""
    p = _patterns()
    units = _units(text)
    _first_pass(units, p)
    _repeated_footers(units)
    units = _split_fused(units, text, p)
    _top_of_letter(units, p)
    _signed_lines(units)
    _bottom_of_letter(units)
    units += _residue(units, text, p)
    units.sort(key=lambda u: (u.start, -u.end))
    return [Segment(kind=u.kind, span=(u.start, u.end)) for u in units]  # type: ignore[arg-type]
