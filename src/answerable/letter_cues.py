"""What a response says about the report it answers, beyond its title: which kind of
inspection, PEEL pillar and period it names, which name of the inspectorate it uses (an era),
and whether it says the report was "published today" (and so on which date).

``letter_cues(record, config)`` -> :class:`LetterCues`, computed once per letter and shared by
every catalogue entry :mod:`answerable.link` scores. The vocabulary of kinds, pillars and periods
is :mod:`answerable.kinds` (``data/report_kinds.yaml``); eras and "published today" phrasings are
in ``data/link.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

from answerable.extract.dates import find_dates
from answerable.kinds import classify, find_period, vocabulary
from answerable.models import Record, Span

# "Police Effectiveness, Efficiency and Legitimacy" spells PEEL out: it names no one pillar
_PEEL_EXPANSION = re.compile(
    r"(?:police\s+)?(?:effectiveness|efficiency|legitimacy)(?:\s*,\s*|\s+and\s+|\s*&\s*)"
    r"(?:effectiveness|efficiency|legitimacy)(?:\s*,?\s*(?:and\s+|&\s*)?(?:effectiveness|efficiency|legitimacy))?",
    re.I)
# a sentence that is about a report, in the top of the letter
_REPORT_WORDS = re.compile(r"\b(?:report|inspection|assessment|PEEL|HMIC|HMICFRS|inspectorate|review)\b", re.I)
_SENTENCE = re.compile(r"[^.!?\n]+(?:\n(?![ \t]*\n)[^.!?\n]+)*(?:[.!?]+|\n|$)")  # across a wrapped line
_SCAN = 2500  # characters of the letter read for report sentences
_STALE = 20  # a date more than this many years before the letter is not its date


@dataclass(frozen=True)
class Era:
    name: str
    patterns: tuple[re.Pattern[str], ...]
    after: Optional[dt.date]
    before: Optional[dt.date]


@dataclass(frozen=True)
class DayMonth:
    """A date written without its year, with the weekday when one is given."""

    month: int
    day: int
    weekday: Optional[int]  # Monday = 0
    span: Span

    def fits(self, date: dt.date) -> bool:
        """True when ``date`` has this day and month (and weekday, when given)."""
        return (date.month, date.day) == (self.month, self.day) and \
            (self.weekday is None or date.weekday() == self.weekday)

    def __str__(self) -> str:
        day = f"{_WEEKDAYS[self.weekday]} " if self.weekday is not None else ""
        return f"{day}{self.day} {_MONTH_NAMES[self.month - 1]}"


@dataclass
class LetterCues:
    """The report-naming cues of one letter, with where each was seen."""

    kinds: set[str] = field(default_factory=set)
    kind_order: list[str] = field(default_factory=list)  # the kinds named, first named first
    kinds_from_title: bool = False
    pillars: set[str] = field(default_factory=set)
    periods: list[tuple[str, Span]] = field(default_factory=list)
    periods_from_title: bool = False
    era: Optional[Era] = None
    era_span: Optional[Span] = None
    today: Optional[dt.date] = None  # "published today" on this date
    today_span: Optional[Span] = None
    # "published today (Thursday 22 September)": a day and month without the year
    today_day: Optional[DayMonth] = None
    # the letter's date, the "today" date, else the latest date it mentions (not a deadline)
    reference_date: Optional[dt.date] = None
    # a dateline without a year ("Merseyside / April 10", "Tuesday 13 December")
    dateline: Optional[DayMonth] = None
    # the report's publication date: as extracted, else the one date in a sentence saying
    # "published" ("published on Friday 27th September 2019")
    published: Optional[dt.date] = None
    published_span: Optional[Span] = None
    # "since the last report in 2022": the report answered came out after this year
    since_year: Optional[int] = None
    # "this evening (Tuesday 13 December)": the full dates a weekday and day make possible
    weekday_dates: list[tuple[dt.date, DayMonth]] = field(default_factory=list)

    @property
    def names_a_report(self) -> bool:
        return bool(self.kinds or self.periods or self.today)


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


def report_sentences(text: str, limit: int = _SCAN) -> list[Span]:
    """Sentences (or lines) in the top of ``text`` that speak of a report or inspection."""
    end = min(len(text), limit)
    hits = [m.start() for m in _REPORT_WORDS.finditer(text, 0, end)]
    if not hits:
        return []
    out: list[Span] = []
    i = 0
    for m in _SENTENCE.finditer(text, 0, end):
        while i < len(hits) and hits[i] < m.start():
            i += 1
        if i == len(hits):
            break
        if hits[i] < m.end():
            out.append(m.span())
    return out


@lru_cache(maxsize=1)
def _combined() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """All kinds (and all pillars) of ``data/report_kinds.yaml`` in one pattern each, the word
    boundaries checked once for all, so a text is read once (the group name says which kind)."""
    from answerable.extract.lexicon import load_yaml

    data = load_yaml("report_kinds")

    def join(items: dict[str, list[str]], prefix: str) -> re.Pattern[str]:
        groups = "|".join(f"(?P<{prefix}{i}>{'|'.join(f'(?:{p})' for p in pats)})"
                          for i, pats in enumerate(items.values()))
        return re.compile(rf"(?<![\w-])(?:{groups})(?![\w-])", re.I)

    return join(data["kinds"], "k"), join(data["pillars"], "p")


def _found(pattern: re.Pattern[str], items: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> set[str]:
    return {items[int(m.lastgroup[1:])][0] for m in pattern.finditer(text) if m.lastgroup}


def _kinds_in(text: str) -> set[str]:
    return _kinds_from(_found(_combined()[0], vocabulary().kinds, text), text)


def _kinds_from(found: set[str], text: str) -> set[str]:
    """The kinds named, PEEL's pillar-only words made a PEEL pillar when a pillar is named."""
    found = set(found)
    pillar_words = _pillars_in(text)
    if "peel_pillar_only" in found:
        found.discard("peel_pillar_only")
        if pillar_words:
            found.add("peel_pillar")
    if "peel" in found and pillar_words:
        found.add("peel_pillar")
    return found


def _kind_order(text: str, config: Any) -> list[str]:
    """The kinds ``text`` names, in the order it first names them (PEEL's pillars as PEEL)."""
    vocab = vocabulary()
    first: dict[str, int] = {}
    for m in _combined()[0].finditer(text):
        if not m.lastgroup:
            continue
        first.setdefault(vocab.kinds[int(m.lastgroup[1:])][0], m.start())
    for kind, rx in config.kind_cues:
        m = rx.search(text)
        if m:
            first[kind] = min(first.get(kind, m.start()), m.start())
    return sorted(first, key=first.__getitem__)


def letter_kinds(text: str) -> set[str]:
    """The kinds of inspection ``text`` names (all of them, not only the first)."""
    return _kinds_in(text)


def _pillars_in(text: str) -> set[str]:
    low = text.lower()
    if not any(w in low for w in ("effective", "efficien", "legitima", "leadership")):
        return set()
    blanked = _blank(text, _PEEL_EXPANSION) if "legitima" in low else text
    return _found(_combined()[1], vocabulary().pillars, blanked)


def _era(text: str, eras: list[Era]) -> tuple[Optional[Era], Optional[Span]]:
    """The latest inspectorate name the letter uses (a later name bounds it more tightly)."""
    best: tuple[Optional[Era], Optional[Span]] = (None, None)
    for era in eras:
        for rx in era.patterns:
            m = rx.search(text)
            if m:
                best = (era, m.span())
                break
    return best


def _today(record: Record, patterns: list[re.Pattern[str]]) -> tuple[Optional[dt.date], Optional[Span]]:
    """The date of a "published today" statement: a date in its sentence, else the letter's."""
    text = record.text[:_SCAN]
    if "today" not in text.lower():
        return None, None
    for rx in patterns:
        m = rx.search(text)
        if not m:
            continue
        start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        stop = min([i for i in (text.find(".", m.end()), text.find("\n", m.end())) if i != -1] or [len(text)])
        dates = _dates_in(record.text, start, stop)
        if dates:
            return dates[0].value, m.span()
        return record.date.value, m.span()
    return None, None


_CACHE: dict[tuple, LetterCues] = {}


def letter_cues(record: Record, config: Any) -> LetterCues:
    """The cues of ``record``; ``config`` is a :class:`answerable.link.LinkConfig`. (The last
    few are kept: linking and provisional grouping read the same letter.)"""
    ref = record.report
    key = (record.source.sha256, len(record.text), ref.title, ref.published, ref.kind, ref.pillar, ref.period,
           record.date.value, record.force.name, id(config))
    cached = _CACHE.get(key)
    if cached is None:
        if len(_CACHE) > 64:
            _CACHE.clear()
        cached = _CACHE[key] = _letter_cues(record, config)
    return cached


def _letter_cues(record: Record, config: Any) -> LetterCues:
    cues = LetterCues()
    ref = record.report
    title = ref.title or ""
    if ref.kind or title:
        guess = classify(title) if title else None
        kind = ref.kind or (guess.kind if guess else None)
        if kind:
            cues.kinds = {kind} | ({"peel"} if kind == "peel_pillar" else set())
            cues.kinds_from_title = True
        pillar = ref.pillar or (guess.pillar if guess else None)
        if pillar:
            cues.pillars = {pillar}
        period = ref.period or (guess.period if guess else None)
        if period:
            cues.periods = [(period, ref.period_span or ref.span or (0, 0))]
            cues.periods_from_title = True
    spans = report_sentences(record.text)
    about = " ".join(record.text[s:e] for s, e in spans)
    if not cues.kinds:
        cues.kind_order = _kind_order(about, config)
        cues.kinds = _kinds_from(set(cues.kind_order), about)
    else:
        cues.kind_order = sorted(cues.kinds)
    if not cues.pillars and ("peel_pillar" in cues.kinds or "peel" in cues.kinds):
        pillars = _pillars_in(about)
        cues.pillars = pillars if len(pillars) == 1 else set()
    if not cues.periods:
        cues.periods = _text_periods(record.text, spans)
    cues.era, cues.era_span = _era(record.text[:_SCAN], config.eras)
    cues.today, cues.today_span = _today(record, config.today_patterns)
    if cues.today is None and cues.today_span is not None:
        cues.today_day = _day_month(record.text, *_sentence_around(record.text, cues.today_span))
    cues.dateline = _day_month(record.text, 0, min(len(record.text), _DATELINE))
    cues.reference_date = record.date.value or cues.today or _latest_mentioned(record.text)
    cues.weekday_dates = _weekday_dates(record.text, config.first_year, config.last_year)
    if cues.reference_date is None:
        cues.reference_date = _one_possible(cues)
    head = record.text[:_SCAN].lower()
    years = [int(m.group(1)) for rx in config.since_patterns for m in rx.finditer(record.text, 0, _SCAN)] \
        if "since" in head or "following" in head else []
    cues.since_year = max(years) if years else None
    if ref.published:
        cues.published, cues.published_span = ref.published, ref.published_span
    else:
        cues.published, cues.published_span = _stated_published(record.text, spans)
    return cues


_PUBLISHED_WORD = re.compile(r"\b(?:published|released|publication)\b", re.I)


def _stated_published(text: str, spans: list[Span]) -> tuple[Optional[dt.date], Optional[Span]]:
    """The one full date in a sentence about a report that says it was published."""
    for s, e in spans:
        if not _PUBLISHED_WORD.search(text, s, e):
            continue
        dates = [h for h in _dates_in(text, s, e) if not _NOT_BEFORE.search(text, max(0, h.span[0] - 30), h.span[0])]
        if len({h.value for h in dates}) == 1:
            return dates[0].value, dates[0].span
    return None, None


_DATELINE = 400  # characters at the top of a page where its (yearless) date stands
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTH_NAMES = ("January February March April May June July August September October November "
                "December").split()
_MONTH_RX = r"(?P<m{n}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|" \
            r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_DAY_MONTH = re.compile(
    r"(?<![\w/])(?:(?P<w>Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:the\s+)?"
    r"(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTH_RX.format(n=1) + r"|"
    + _MONTH_RX.format(n=2) + r"\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)(?![\w/])(?!,?\s+(?:19|20)\d\d)", re.I)
_NOT_BEFORE = re.compile(r"\b(?:by|before|until|till|deadline|due|no later than|end of)\W*(?:\w+\W+){0,2}\Z", re.I)


def _sentence_around(text: str, span: Span) -> Span:
    start = max(text.rfind(".", 0, span[0]), text.rfind("\n", 0, span[0])) + 1
    stops = [i for i in (text.find(".", span[1]), text.find("\n", span[1])) if i != -1]
    return start, min(stops) if stops else len(text)


_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _day_months(text: str, start: int, end: int) -> list[DayMonth]:
    """Every day and month written without a year in ``text[start:end]``, in order. (The
    month words are found with ``str.find`` first: a regular expression over the whole text
    costs more than the rest of the link.)"""
    low = text.lower()
    hits: set[int] = set()
    for key in _MONTH_KEYS:
        at = low.find(key, start, end)
        while at != -1:
            hits.add(at)
            at = low.find(key, at + 3, end)
    out: list[DayMonth] = []
    after = start
    for at in sorted(hits):
        if at < after:
            continue
        m = _DAY_MONTH.search(text, max(after, at - 24), min(end, at + 16))
        if not m or not (m.start() <= at < m.end()):
            continue
        after = m.end()
        month = _MONTH_KEYS.index((m.group("m1") or m.group("m2"))[:3].lower()) + 1
        day = int(m.group("d1") or m.group("d2"))
        weekday = [w[:3].lower() for w in _WEEKDAYS].index(m.group("w")[:3].lower()) if m.group("w") else None
        try:
            dt.date(2000, month, day)  # a leap year: 29 February is a day
        except ValueError:
            continue
        out.append(DayMonth(month, day, weekday, m.span()))
    return out


def _day_month(text: str, start: int, end: int) -> Optional[DayMonth]:
    """The first day and month written without a year in ``text[start:end]``."""
    found = _day_months(text, start, end)
    return found[0] if found else None


def _weekday_dates(text: str, first: int, last: int) -> list[tuple[dt.date, DayMonth]]:
    """Every full date that a yearless "Tuesday 13 December" in the top of ``text`` can be,
    between the years ``first`` and ``last``."""
    out: list[tuple[dt.date, DayMonth]] = []
    for day in _day_months(text, 0, min(len(text), _SCAN)):
        if day.weekday is None:
            continue
        for year in range(first, last + 1):
            try:
                date = dt.date(year, day.month, day.day)
            except ValueError:
                continue
            if date.weekday() == day.weekday:
                out.append((date, day))
    return out


def _dates_in(text: str, start: int, end: int) -> list:
    """The full dates in ``text[start:end]``, from the whole text's dates (cached: the extractor
    has read them already)."""
    return [h for h in find_dates(text) if start <= h.span[0] and h.span[1] <= end]


def _one_possible(cues: LetterCues) -> Optional[dt.date]:
    """The letter's date when its yearless weekday dates leave one possibility in the era of the
    inspectorate's name it uses (and not in the future)."""
    era = cues.era
    today = dt.date.today()
    dates = {d for d, _ in cues.weekday_dates
             if d <= today and not (era and ((era.after and d < era.after) or (era.before and d > era.before)))}
    return dates.pop() if len(dates) == 1 else None


def _latest_mentioned(text: str) -> Optional[dt.date]:
    """The latest full date in the top of the letter that is not a deadline ("by 31 March")."""
    dates = [h.value for h in find_dates(text) if h.span[0] < _SCAN  # cached: the extractor read them
             and not _NOT_BEFORE.search(text, max(0, h.span[0] - 30), h.span[0])]
    return max(dates) if dates else None


def _text_periods(text: str, spans: list[Span]) -> list[tuple[str, Span]]:
    """Periods named in sentences about a report: a round ("2021/22", "2023-25") anywhere, a
    single year only beside the inspection's name ("PEEL 2016", "2017 effectiveness",
    "inspection for 2017"), never after "following", "since", "previous" ..."""
    found: list[tuple[str, Span]] = []
    for s, e in spans:
        if not _ANY_PERIOD.search(text, s, e):
            continue
        sentence = _blank(text[s:e], _DATES_BLANK)
        for m in _ANY_PERIOD.finditer(sentence):
            period, _ = find_period(m.group())
            if not period:
                continue
            is_round = "/" in period or "-" in period
            if not is_round and not (_YEAR_BEFORE.search(sentence, 0, m.start()) or
                                     _YEAR_AFTER.match(sentence, m.end())):
                continue
            if _EARLIER.search(sentence, max(0, m.start() - 40), m.start()):
                continue
            found.append((period, (s + m.start(), s + m.end())))
    return found


_ANY_PERIOD = re.compile(r"(?<![\d/])(?:19|20)\d\d(?:\s*(?:/|-|–|to)\s*(?:(?:19|20)?\d\d))?(?![\d/])")
_KIND_WORD = r"(?:PEEL|effectiveness|efficiency|legitimacy|leadership|crime data integrity|CDI|inspection|assessment)"
_YEAR_BEFORE = re.compile(_KIND_WORD + r"\W+(?:(?:report|inspection|assessment|programme)\W+)?"
                          r"(?:for\W+(?:the\W+)?(?:year\W+)?)?\Z", re.I)
_YEAR_AFTER = re.compile(r"\W+(?:PEEL\W+)?" + _KIND_WORD, re.I)
_EARLIER = re.compile(r"\b(?:following|since|after|previous|prior|last|earlier|compared|in)\W+(?:the\W+|its\W+)?\Z", re.I)


# full dates and "March 2023" are not periods: "since the report published in March 2023"
_DATES_BLANK = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?,?\s+(?:19|20)\d\d\b|"
    r"\b\d{1,2}/\d{1,2}/(?:19|20)?\d\d\b", re.I)
