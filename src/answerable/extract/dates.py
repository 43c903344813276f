"""Dates as people write them in letters, found with one precompiled regex.

"5 March 2020", "6th February 2020", "5th of March 2020", "Thursday 5 March 2020",
"5 Mar 2020", "March 5, 2020", "05/03/2020", "05.03.20", "05-03-2020" (UK order: day first), "5 th March 2020"
(a superscript read out of a PDF), "the 5th day of March 2020" and "2020-03-05".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from answerable.extract.lexicon import lower_pattern
from answerable.models import Span

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    # Welsh, for bilingual letters: Ionawr, Chwefror, Mawrth, Ebrill, Mai, Mehefin, Gorffennaf,
    # Awst, Medi, Hydref, Tachwedd, Rhagfyr
    "ion": 1, "chw": 2, "maw": 3, "ebr": 4, "mai": 5, "meh": 6, "gor": 7, "aws": 8,
    "med": 9, "hyd": 10, "tac": 11, "rha": 12,
}
MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
         r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|"
         r"Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr)\.?")
WEEKDAY = (r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Mon|Tue|Wed|Thu|Fri|Sat|Sun|"
           r"Dydd (?:Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul)),?\s+")
_DAY = r"(?P<{n}>[0-3]?\d)(?: ?(?:st|nd|rd|th))?"  # "5 th": a superscript read out of a PDF
DATE_RX = re.compile(
    r"(?<![\w/.-])(?:"
    + _DAY.format(n="d1") + r"(?:\s+of)?\s+(?P<m1>" + MONTH + r"),?\s+(?P<y1>(?:19|20)\d\d)"
    + r"|(?P<m2>" + MONTH + r")\s+" + _DAY.format(n="d2") + r",?\s+(?P<y2>(?:19|20)\d\d)"
    + r"|(?P<d3>[0-3]?\d)[/.](?P<m3>[01]?\d)[/.](?P<y3>(?:19|20)\d\d|\d\d)"
    + r"|(?P<y4>(?:19|20)\d\d)-(?P<m4>[01]\d)-(?P<d4>[0-3]\d)"
    + r"|" + _DAY.format(n="d5") + r"\s+day\s+of\s+(?P<m5>" + MONTH + r"),?\s+(?P<y5>(?:19|20)\d\d)"
    + r"|(?P<d6>[0-3]?\d)-(?P<m6>[01]?\d)-(?P<y6>(?:19|20)\d\d)"
    + r")(?![\w/-])",
    re.I,
)
_DATE_LOW = re.compile(lower_pattern(DATE_RX.pattern))
MONTH_YEAR_RX = re.compile(r"(?<![\w])(?P<m>" + MONTH + r")\s+(?P<y>(?:19|20)\d\d)(?![\w/])", re.I)
WEEKDAY_RX = re.compile(WEEKDAY + r"\Z", re.I)


@dataclass(frozen=True)
class DateHit:
    value: dt.date
    span: Span


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")[:3]]


def _value(m: re.Match[str]) -> dt.date | None:
    g = m.groupdict()
    try:
        if g["d1"]:
            return dt.date(int(g["y1"]), _month(g["m1"]), int(g["d1"]))
        if g["d2"]:
            return dt.date(int(g["y2"]), _month(g["m2"]), int(g["d2"]))
        if g["d3"]:
            year = int(g["y3"])
            year = year + 2000 if year < 100 else year
            return dt.date(year, int(g["m3"]), int(g["d3"]))
        if g["d5"]:  # "2nd day of March 2020"
            return dt.date(int(g["y5"]), _month(g["m5"]), int(g["d5"]))
        if g["d6"]:  # "05-03-2020"
            return dt.date(int(g["y6"]), int(g["m6"]), int(g["d6"]))
        return dt.date(int(g["y4"]), int(g["m4"]), int(g["d4"]))
    except ValueError:  # "31 February 2020"
        return None


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateHit]:
    """Every valid full date written in ``text[start:end]``, in order."""
    if start == 0 and end is None:
        return list(_all_dates(text))
    return _find(text, start, len(text) if end is None else end)


@lru_cache(maxsize=8)
def _all_dates(text: str) -> tuple[DateHit, ...]:
    return tuple(_find(text, 0, len(text)))


@lru_cache(maxsize=4)
def _lower(text: str) -> str:
    return text.lower()  # once per text: find_dates is called once per line of a long text


def _find(text: str, start: int, end: int) -> list[DateHit]:
    low = _lower(text)
    rx, subject = (_DATE_LOW, low) if len(low) == len(text) else (DATE_RX, text)
    hits = []
    for m in rx.finditer(subject, start, end):
        value = _value(m)
        if value is not None:
            hits.append(DateHit(value, m.span()))
    return hits


def month_years(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, Span]]:
    """"January 2020" mentions: (year, month, span)."""
    end = len(text) if end is None else end
    out = []
    for m in MONTH_YEAR_RX.finditer(text, start, end):
        if _DAY_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue  # the month and year of a full date ("21 October 2022")
        out.append((int(m["y"]), _month(m["m"]), m.span()))
    return out


_DAY_BEFORE = re.compile(r"\b[0-3]?\d(?:\s?(?:st|nd|rd|th))?(?:\s+of)?\s+\Z")


def parse_date(text: str) -> dt.date | None:
    """The date if ``text`` is exactly one date as written (``"5th of March 2020"``), else None."""
    text = text.strip()
    day = re.match(WEEKDAY, text, re.I)
    m = DATE_RX.fullmatch(text[day.end():] if day else text)
    return _value(m) if m else None


# --- the response's own date ---------------------------------------------------------------
from answerable.extract.lexicon import cues  # noqa: E402


@lru_cache(maxsize=1)
def _context_rx() -> tuple["CuePattern", "CuePattern", re.Pattern[str]]:
    # cue patterns: tried only where one of their first words is (linear in a text's dates)
    from answerable.extract.lexicon import CuePattern

    c = cues()
    return (CuePattern([c["report"]["published_before"]], scanned=False), CuePattern([c["dates"]["sent_before"]], scanned=False),
            re.compile(c["report"]["published_label"], re.I))


def _ends_with(cue, words: str) -> bool:
    """True when ``cue`` (a pattern ending in ``$``) matches at the end of ``words``."""
    from answerable.extract.lexicon import lowered

    return cue.search(words, lowered(words)) is not None


_FORM_TITLE = re.compile(r"(?im)^(?:report\s+title|title\s+of\s+(?:the\s+)?(?:HMICFRS\s+)?(?:report|inspection)|"
                         r"(?:report|inspection)\s+name|name\s+of\s+(?:the\s+)?report)\s*[:|]")
_PUBLICATION_LABEL = re.compile(r"[^:\n\d]{0,30}\b(?:published|publication)\b", re.I)
_PAGE_DATE_LABEL = re.compile(r"[^:\n\d]{0,30}\b(?:published|publication|posted|updated|issued)\b", re.I)
_REPORT_LABEL = re.compile(r"\b(?:report|inspection)\b", re.I)  # "Report published: <date>" dates the report
# labels of dates that are not the response's own: "Response deadline: ...", "Received: ..."
_OTHER_DATE_LABEL = re.compile(r"\b(?:report|inspection|deadline|due|received|meeting|publication)\b", re.I)


_PUBLISHED_REACH = 160  # characters: "published by <two inspectorates> on <date>"


@lru_cache(maxsize=1)
def _published_after() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(cues()["report"]["published_after"]), re.compile(r"\b[Oo]n\s+(?:" + WEEKDAY + r")?\Z")


@lru_cache(maxsize=1)
def _other_document() -> re.Pattern[str]:
    return re.compile(cues()["dates"]["other_document_before"], re.I)


def is_publication_date(text: str, span: Span) -> bool:
    """True when the words just before the date make it a publication date ("published on"),
    or it opens "On <date> HMICFRS published ..."."""
    after, on = _published_after()
    if on.search(text, max(0, span[0] - 16), span[0]) and after.match(text[span[1]:span[1] + 120]):
        return True
    published, _, label = _context_rx()
    reach = max(0, span[0] - _PUBLISHED_REACH)  # every look-back is bounded: linear in dates
    para_start = text.rfind("\n\n", reach, span[0]) + 2  # a sentence may wrap onto the date's line
    before = " ".join(text[max(para_start, reach):span[0]].split()) + " "
    if _ends_with(published, before):
        return True
    line_start = text.rfind("\n", reach, span[0]) + 1
    return bool(line_start or reach == 0) and bool(label.search(text[line_start:span[0]]))


def _own_letter(ctx, author_at: int | None) -> tuple[int, int] | None:
    """With two letters in one file (a chief constable's letter, then the commissioner's
    response, or the other way round), the range of the one the author signed: from the
    sign-off before the author's own to the start of the next letter. Date lines inside it
    are preferred; when it holds none, nothing changes."""
    if author_at is None:
        return None
    sign_offs, salutes = ctx.of_kind("sign_off"), ctx.of_kind("salutation")
    if len(sign_offs) < 2 and len(salutes) < 2:
        return None
    before = [seg.span[1] for seg in sign_offs if seg.span[1] <= author_at]
    start = before[-2] if len(before) >= 2 else 0  # the last one before the name is the author's own
    after = [seg.span[0] for seg in sign_offs + salutes if seg.span[0] > author_at]
    return start, (min(after) if after else len(ctx.text))


def extract_date(ctx, author_at: int | None = None) -> "DateRef":  # ctx: answerable.extract.context.Context
    """The date of the response: a dated line (top of the letter first, then the signature
    block), then "sent to ... on <date>", then a date inside the letterhead or headings.
    Never a publication date or another date in the body. ``author_at``: where the author's
    name is; with two letters in one file, the dated line of the author's own letter wins."""
    from answerable.models import DateRef

    text = ctx.text
    _, sent, _ = _context_rx()
    body_start, body_end = ctx.body_span
    lines = ctx.of_kind("date_line")
    # top of the letter first, then the signature block, then the rest (one pass: linear)
    ordered = sorted(lines, key=lambda seg: 0 if seg.span[0] < body_start or not body_end
                     else 1 if seg.span[0] >= body_end else 2)
    # "Date:", "Dated", a bare date before "Published:"/"Posted on" (a web page's own date)
    ordered.sort(key=lambda seg: bool(_PAGE_DATE_LABEL.match(text, seg.span[0], seg.span[1])))
    if _FORM_TITLE.search(text):  # a response form: its "Date of publication:" is the report's
        ordered = [seg for seg in ordered if not _PUBLICATION_LABEL.match(text, seg.span[0], seg.span[1])]
    own = _own_letter(ctx, author_at)
    if own is not None:
        ordered.sort(key=lambda seg: not own[0] <= seg.span[0] < own[1])
    for seg in ordered:
        hits = [h for h in find_dates(text, *seg.span) if not _REPORT_LABEL.search(text, seg.span[0], h.span[0])]
        if hits:
            return DateRef(value=hits[0].value, span=hits[0].span)
    all_hits = find_dates(text)
    for h in all_hits:
        para_start = text.rfind("\n\n", max(0, h.span[0] - 120), h.span[0]) + 2
        before = " ".join(text[max(para_start, h.span[0] - 120):h.span[0]].split()) + " "
        if _ends_with(sent, before) and not _other_document().search(before) \
                and not is_publication_date(text, h.span):
            return DateRef(value=h.value, span=h.span)
    for h in all_hits:  # a headline's own date in brackets: "PCC welcomes the HMIC report on custody (7 Dec 2016)"
        seg = ctx.segment_at(h.span[0])
        if seg is not None and seg.kind == "heading" and h.span[0] < body_start and text[h.span[0] - 1:h.span[0]] == "(" \
                and text[h.span[1]:seg.span[1]].strip() == ")":
            return DateRef(value=h.value, span=h.span)
    for h in all_hits:
        kind = ctx.kind_at(h.span[0])
        top_heading = kind == "heading" and h.span[0] < body_start
        line_start = max(text.rfind("\n", max(0, h.span[0] - 200), h.span[0]) + 1, h.span[0] - 200)
        if (kind in ("letterhead", "addressee", "signature", "subject") or top_heading) \
                and not is_publication_date(text, h.span) and not _OTHER_DATE_LABEL.search(text, line_start, h.span[0]):
            return DateRef(value=h.value, span=h.span)
    if all_hits and all(is_publication_date(text, h.span) for h in all_hits):
        ctx.warnings.append("no response date found: the only dates refer to the report's publication")
    elif all_hits:
        ctx.warnings.append("no response date found: the dates in the text are in the body and do not date the letter")
    else:
        ctx.warnings.append("no response date found: the text states no date")
    return DateRef()
