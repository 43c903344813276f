"""Link a response to the report it answers: title, kind, force, period and dates, with evidence.

Each catalogued report is scored from the letter's title (as extracted, else found by scanning
the top of the letter), tolerant of partial, abbreviated and re-punctuated titles; the kind of
inspection, PEEL pillar and period the letter names (:mod:`answerable.letter_cues`); the
publication date it states or implies ("published today"); its own date; the name it uses for
the inspectorate; and the force. A report about another force is never a candidate. The best
report is linked when its confidence reaches the threshold and beats the next one by a margin;
otherwise nothing is linked, the evidence says why and ``Link.candidates`` lists the entries
that came close. Weights and cues are data: ``data/link.yaml``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from rapidfuzz import fuzz

from answerable.catalogue import Catalogue, load_yaml
from answerable.letter_cues import Era, LetterCues, letter_cues, letter_kinds
from answerable.models import Link, LinkCandidate, Record, Report, Span

_TOKEN = re.compile(r"[A-Za-z0-9]+|&")


@dataclass(frozen=True)
class LinkConfig:
    """Weights and limits of the link score (confidence = sum, clamped to 0..1); see data/link.yaml."""

    threshold: float = 0.5
    margin: float = 0.12
    close: float = 0.2
    max_candidates: int = 3
    title_floor: float = 0.7  # title similarity below this counts for nothing
    title_weight: float = 0.7
    same_published: float = 0.3
    other_published: float = -0.5
    today_same: float = 0.35
    today_other: float = -0.3
    dated_before: float = -0.6
    dated_within_year: float = 0.05
    dated_long_after: float = -0.25  # more than a year after publication: probably another report
    force_in_scope: float = 0.05
    force_out_of_scope: float = -0.3
    own_force: float = 0.25
    other_force: float = -1.0
    kind_match: float = 0.2
    kind_mismatch: float = -0.3
    pillar_match: float = 0.2
    pillar_mismatch: float = -0.5
    period_match: float = 0.2
    period_exact: float = 0.05
    period_mismatch: float = -0.4
    period_mismatch_text: float = -0.15
    latest_newest: float = 0.1
    latest_superseded: float = -0.2
    latest_days: int = 400
    era_outside: float = -0.3
    title_specific_words: int = 2
    title_mismatch_below: float = 0.5
    title_mismatch: float = -0.25
    generic_words: frozenset[str] = frozenset()
    scan_chars: int = 4000  # how much of the letter is scanned for a title
    min_name_chars: int = 12  # shorter names are only compared whole, never searched for
    partial_floor: float = 88  # a partial (contained) title match counts from this rapidfuzz score
    force_scoped_kinds: tuple[str, ...] = ("peel", "peel_pillar", "crime_data_integrity", "custody",
                                           "child_protection", "revisit")
    eras: tuple[Era, ...] = ()
    kind_cues: tuple[tuple[str, re.Pattern[str]], ...] = ()
    since_earlier: float = -0.3
    since_patterns: tuple[re.Pattern[str], ...] = ()
    sole_gap: float = 0.3
    sole_bonus: float = 0.1
    first_year: int = 2013  # a yearless "Tuesday 13 December" is looked for in these years
    last_year: int = 2030
    weekday_near: float = 0.15
    weekday_days: int = 30
    several_similarity: float = 0.85
    national_of_own_kind: float = -0.3
    pool_share: float = 0.6  # share of a name's words the top of a letter must have to score it
    today_patterns: tuple[re.Pattern[str], ...] = ()


def _date(value: Any) -> Optional[dt.date]:
    return value if isinstance(value, dt.date) or value is None else dt.date.fromisoformat(str(value))


def config_from_dict(data: dict[str, Any]) -> LinkConfig:
    """A :class:`LinkConfig` from the mapping of ``data/link.yaml``."""
    t, p, d, f = data["title"], data["published"], data["dated"], data["force"]
    eras = tuple(Era(e["name"], tuple(re.compile(x) for x in e["patterns"]), _date(e.get("after")),
                     _date(e.get("before"))) for e in data.get("eras", []))
    return LinkConfig(
        threshold=data["threshold"], margin=data["margin"], close=data["close"],
        max_candidates=data["max_candidates"], title_floor=t["floor"], title_weight=t["weight"],
        scan_chars=t["scan_chars"], min_name_chars=t["min_name_chars"], partial_floor=t["partial_floor"],
        same_published=p["same"], other_published=p["other"], today_same=p["today_same"],
        today_other=p["today_other"], today_patterns=tuple(re.compile(x, re.I) for x in p["today_patterns"]),
        dated_before=d["before"],
        dated_within_year=d["within_year"], dated_long_after=d["long_after"],
        force_in_scope=f["in_scope"], force_out_of_scope=f["out_of_scope"], own_force=f["own_report"],
        other_force=f["other_force"], kind_match=data["kind"]["match"], kind_mismatch=data["kind"]["mismatch"],
        pillar_match=data["pillar"]["match"], pillar_mismatch=data["pillar"]["mismatch"],
        period_match=data["period"]["match"], period_exact=data["period"]["exact"],
        period_mismatch=data["period"]["mismatch"], period_mismatch_text=data["period"]["mismatch_text"],
        latest_newest=data["latest"]["newest"], latest_superseded=data["latest"]["superseded"],
        latest_days=data["latest"]["within_days"],
        kind_cues=tuple((k, re.compile(x, re.I)) for k, xs in data.get("kind_cues", {}).items() for x in xs),
        since_earlier=data["since"]["earlier"],
        since_patterns=tuple(re.compile(x, re.I) for x in data["since"]["patterns"]),
        first_year=data["weekday_date"]["first_year"], last_year=data["weekday_date"]["last_year"],
        weekday_near=data["weekday_date"]["near"], weekday_days=data["weekday_date"]["within_days"],
        several_similarity=data["several"]["similarity"],
        national_of_own_kind=data["force"]["national_of_own_kind"],
        sole_gap=data["sole_fit"]["gap"], sole_bonus=data["sole_fit"]["bonus"],
        era_outside=data["era"]["outside"], title_specific_words=t["specific_words"],
        title_mismatch_below=t["mismatch_below"], title_mismatch=t["mismatch"],
        generic_words=frozenset(t["generic_words"].lower().split()), force_scoped_kinds=tuple(data["force_scoped_kinds"]), eras=eras)


@lru_cache(maxsize=1)
def load_link_config() -> LinkConfig:
    """The bundled ``data/link.yaml`` (read once per process)."""
    text = (resources.files("answerable") / "data" / "link.yaml").read_text(encoding="utf-8")
    return config_from_dict(load_yaml(text))


@dataclass
class Candidate:
    """One report's score for a letter."""

    report_id: str
    confidence: float
    title_similarity: float
    method: str = "none"
    evidence: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    title_how: str = ""  # "title": the letter's own title matched; "text": found in its text


@lru_cache(maxsize=4096)
def normalise_title(text: str) -> str:
    """Lower-case words only: quotes, dashes, colons and '&' no longer matter."""
    folded = unicodedata.normalize("NFKC", text) if not text.isascii() else text
    return " ".join("and" if w == "&" else w.lower() for w in _TOKEN.findall(folded))


def _normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Like :func:`normalise_title`, plus the offset in ``text`` of every output character."""
    if not text.isascii():  # keep offsets valid: only when compatibility forms keep the length
        folded = unicodedata.normalize("NFKC", text)
        text = folded if len(folded) == len(text) else text
    parts: list[str] = []
    where: list[int] = []
    for m in _TOKEN.finditer(text):
        word = "and" if m.group() == "&" else m.group().lower()
        if parts:
            parts.append(" ")
            where.append(m.start())
        parts.append(word)
        where.extend([m.start()] * 3 if word == "and" and m.group() == "&" else range(m.start(), m.end()))
    return "".join(parts), where


def _names(report: Report) -> list[str]:
    """The names a letter may use for ``report``: full title, main title, short names."""
    main = re.split(r"\s*[:\u2013\u2014]\s+|\s+-\s+", report.title, maxsplit=1)[0]
    return list(dict.fromkeys([report.title, main, *report.short_names]))


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _other_years(name: str, text: str) -> bool:
    """True when ``name`` and the words it was found in both give years, and none in common:
    "crime data integrity 2016" is not "crime data integrity inspection for 2017"."""
    want = set(_YEAR.findall(name))
    seen = set(_YEAR.findall(text))
    return bool(want and seen and not want & seen)


def _compare(a: str, b: str, cfg: LinkConfig) -> float:
    """Similarity of two normalised titles, 0..1; partial matches count when long enough."""
    if _other_years(a, b):
        return 0.0
    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    if min(len(a), len(b)) >= cfg.min_name_chars and len(min(a, b, key=len).split()) >= 3:
        partial = fuzz.partial_ratio(a, b)
        if partial >= cfg.partial_floor:  # one title (nearly) inside the other
            score = max(score, partial * 0.98)
    return score / 100.0


class _LetterView:
    """The letter's normalised title and scanned top, computed once for all candidates."""

    def __init__(self, record: Record, cfg: LinkConfig):
        self.record = record
        self.title = normalise_title(record.report.title) if record.report.title else ""
        self._head = record.text[: cfg.scan_chars]
        self.top = normalise_title(self._head)
        self._where: Optional[list[int]] = None  # offsets of ``top`` in the text, when a name is found
        self.partial_floor = cfg.partial_floor
        self.words = set(self.top.split())
        self.title_words = set(self.title.split())
        self.specific = _specific(self.title, cfg)
        self.title_kinds = letter_kinds(record.report.title) if self.specific else set()

    def all_words(self) -> set[str]:
        """Every word of the letter's title and top."""
        return self.words | set(self.title.split())

    def names_another(self, report: Report) -> bool:
        """True when the letter's (specific) title speaks of a report but names neither this
        force report's force nor its kind: "Bright mornings: a review of patrols"."""
        if not _REPORT_WORD.search(self.title):
            return False
        if _FAMILY.get(report.kind, report.kind) in {_FAMILY.get(k, k) for k in self.title_kinds}:
            return False
        return not any(normalise_title(f) in self.title for f in report.forces)

    def may_contain(self, words: tuple[str, ...]) -> bool:
        """Cheap filter before :meth:`scan`: most of a name's words occur in the letter's top."""
        return sum(w in self.words for w in words) >= 0.6 * len(words)

    def scan(self, name: str) -> tuple[float, Optional[Span]]:
        """How well the normalised ``name`` occurs in the top of the letter, and where."""
        if not self.top:
            return 0.0, None
        if len(name) <= len(self.top):
            found = fuzz.partial_ratio_alignment(name, self.top)
            lo, hi = (found.dest_start, found.dest_end) if found else (0, 0)
        else:  # a letter shorter than the title: compare it whole
            found = fuzz.partial_ratio_alignment(self.top, name)
            lo, hi = (found.src_start, found.src_end) if found else (0, 0)
        if found is None or hi <= lo or found.score < self.partial_floor:
            return 0.0, None
        if _other_years(name, self.top[lo:hi + 12]):
            return 0.0, None
        if self._where is None:
            top, self._where = _normalise_with_map(self._head)
            if top != self.top:  # compatibility forms changed the length: no offsets to give
                return found.score / 100.0 * 0.98, None
        start = self._where[lo]
        end = self._where[hi - 1] + 1
        return found.score / 100.0 * 0.98, (start, end)


_REPORT_WORD = re.compile(r"\b(?:report|inspection|review|assessment|peel|thematic|inquiry)\b")


def _specific(title: str, cfg: LinkConfig) -> bool:
    """True when a normalised title has words that name a report, beyond generic, kind, force
    and period words ("PEEL report on Lincolnshire Police 2021/22" names none)."""
    if not title:
        return False
    from answerable.catalogue import force_names
    from answerable.kinds import vocabulary

    vocab = vocabulary()
    rest = title
    for _, rx in (*vocab.kinds, *vocab.pillars):
        rest = rx.sub(" ", rest)
    for name in sorted(force_names(), key=len, reverse=True):
        if name in rest:
            rest = re.sub(rf"\b{re.escape(name)}\b", " ", rest)
    words = [w for w in rest.split() if w not in cfg.generic_words and not w.isdigit()]
    return len(words) >= cfg.title_specific_words


@dataclass(frozen=True)
class _Name:
    """One name of a report, normalised once."""

    text: str
    norm: str
    words: tuple[str, ...]
    content: frozenset[str]  # words beyond the generic ones and years
    specific: bool  # has words beyond generic, kind, force and period ones ("PEEL 2018/19 - Kent" has none)


_NAMES: dict[tuple[int, str], tuple[_Name, ...]] = {}


def _prepared(report: Report, cfg: LinkConfig) -> tuple[_Name, ...]:
    key = (id(report), report.title)
    names = _NAMES.get(key)
    if names is None:
        if len(_NAMES) > 50_000:
            _NAMES.clear()
        names = tuple(_Name(n, norm, tuple(norm.split()),
                            frozenset(w for w in norm.split() if w not in cfg.generic_words and not w.isdigit()),
                            _specific(norm, cfg))
                      for n in _names(report) if (norm := normalise_title(n)))
        _NAMES[key] = names
    return names


def _title_part(view: _LetterView, report: Report, cfg: LinkConfig) -> tuple[float, str, Optional[Span], str]:
    """The best title similarity of ``report`` to the letter, how it was found, where, and
    whether in the letter's own title ("title") or its text ("text")."""
    best, how, span, kind = 0.0, "", None, ""
    force_report = is_force_report(report, cfg)
    for name in _prepared(report, cfg):
        if force_report and not name.specific:  # kind, force and period words: those cues judge it
            continue
        if view.title and (not name.content or name.content & view.title_words):
            score = _compare(view.title, name.norm, cfg)
            if score > best:
                best, how, span = score, f"the letter's title matches {name.text!r}", view.record.report.span
                kind = "title"
        if len(name.norm) >= cfg.min_name_chars and len(name.words) >= 3 and view.may_contain(name.words):
            score, where = view.scan(name.norm)
            if score > best:
                best, how, span = score, f"the letter names {name.text!r}", where
                kind = "text"
    return best, how, span, kind


def _cfg(cfg: Optional[LinkConfig]) -> LinkConfig:
    return cfg if cfg is not None else load_link_config()


def is_force_report(report: Report, cfg: Optional[LinkConfig] = None) -> bool:
    """True for a report about one force (a force's PEEL report), not forces nationally."""
    return report.scope == "force" or (len(report.forces) == 1 and report.kind in _cfg(cfg).force_scoped_kinds)


def score_report(record: Record, report: Report, cfg: Optional[LinkConfig] = None,
                 view: Optional[_LetterView] = None, cues: Optional[LetterCues] = None) -> Candidate:
    """How likely ``record`` answers ``report``, with the evidence."""
    cfg = _cfg(cfg)
    view = view or _LetterView(record, cfg)
    cues = cues or letter_cues(record, cfg)
    sim, how, span, found_in = _title_part(view, report, cfg)
    cand = Candidate(report.id, 0.0, sim, title_how=found_in)
    if sim >= cfg.title_floor:
        cand.confidence += cfg.title_weight * (sim - cfg.title_floor) / (1 - cfg.title_floor)
        cand.evidence.append(f"{how} (similarity {sim:.2f})")
        cand.method = "title"
        if span:
            cand.spans.append(span)
    elif view.specific and sim < cfg.title_mismatch_below and \
            (not is_force_report(report, cfg) or view.names_another(report)):
        cand.confidence += cfg.title_mismatch
        cand.evidence.append(f"the letter names {view.record.report.title!r}, not {report.id!r} "
                             f"(best similarity {sim:.2f})")
    else:
        cand.evidence.append(f"no title of {report.id!r} found in the letter (best similarity {sim:.2f})")
    _score_dates(record, cues, report, cfg, cand)
    _score_today(cues, report, cfg, cand)
    _score_force(record, report, cfg, cand)
    _score_kind(cues, report, cfg, cand)
    _score_period(cues, report, cfg, cand)
    _score_era(cues, report, cfg, cand)
    _score_since(cues, report, cfg, cand)
    _score_weekday(cues, report, cfg, cand)
    if cand.method == "none" and cand.confidence > 0:
        cand.method = "cues"
    return cand


_MONTHS = ("January February March April May June July August September October November "
           "December").split()


def _d(date: dt.date) -> str:
    """'10 January 2020' (faster than strftime, and the same on every platform)."""
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def _month_only(record: Record) -> bool:
    return any("month only" in w for w in record.warnings)


def _score_dates(record: Record, cues: LetterCues, report: Report, cfg: LinkConfig, cand: Candidate) -> None:
    """Publication date the letter states, and the letter's own date, against the report's."""
    said, published = cues.published, report.published
    if said and published:
        same = said == published or (_month_only(record) and (said.year, said.month) == (published.year, published.month))
        if same:
            cand.confidence += cfg.same_published
            cand.evidence.append(f"the letter says the report was published {_d(said)}, as catalogued")
            cand.method = "title_and_date" if cand.method == "title" else "date"
            if cues.published_span:
                cand.spans.append(cues.published_span)
        else:
            cand.confidence += cfg.other_published
            cand.evidence.append(f"the letter says the report was published {_d(said)}, "
                                 f"but {report.id!r} was published {_d(published)}")
    dated = record.date.value
    if dated and published:
        days = (dated - published).days
        if days < 0:
            cand.confidence += cfg.dated_before
            cand.evidence.append(f"the letter is dated {_d(dated)}, before the report was "
                                 f"published ({_d(published)})")
        elif days <= 365:
            cand.confidence += cfg.dated_within_year
            cand.evidence.append(f"dated {_d(dated)}, day {days + 1} counting from publication")
        else:
            cand.confidence += cfg.dated_long_after
            cand.evidence.append(f"dated {_d(dated)}, more than a year after the report was "
                                 f"published ({_d(published)})")


def _score_today(cues: LetterCues, report: Report, cfg: LinkConfig, cand: Candidate) -> None:
    """A letter saying the report was "published today" dates the report; so does a page's
    dateline without a year ("Merseyside / April 10") on a page that says "today"."""
    if report.published is None:
        return
    day = cues.today_day or (cues.dateline if cues.today_span else None)
    if cues.today is None and day is not None:
        if day.fits(report.published):
            cand.confidence += cfg.today_same
            cand.evidence.append(f"the letter says the report was published today, {day}, as catalogued "
                                 f"({_d(report.published)})")
            cand.spans.append(day.span)
            if cand.method in ("none", "title"):
                cand.method = "title_and_date" if cand.method == "title" else "date"
        else:
            cand.confidence += cfg.today_other
            cand.evidence.append(f"the letter says the report was published today, {day}, but "
                                 f"{report.id!r} was published {_d(report.published)}")
        return
    if cues.today is None:
        return
    if cues.today == report.published:
        cand.confidence += cfg.today_same
        cand.evidence.append(f"the letter says the report was published that day, {_d(cues.today)}, as catalogued")
        if cues.today_span:
            cand.spans.append(cues.today_span)
        if cand.method in ("none", "title"):
            cand.method = "title_and_date" if cand.method == "title" else "date"
    else:
        cand.confidence += cfg.today_other
        cand.evidence.append(f"the letter says the report was published {_d(cues.today)}, "
                             f"but {report.id!r} was published {_d(report.published)}")


def _score_force(record: Record, report: Report, cfg: LinkConfig, cand: Candidate) -> None:
    """Whether the letter's force is the report's force, or among the forces in its scope."""
    force = record.force.name
    if not force or not report.forces:
        return
    if is_force_report(report, cfg):
        if force in report.forces:
            cand.confidence += cfg.own_force
            cand.evidence.append(f"a report on {force}, the letter's force")
        else:
            cand.confidence += cfg.other_force
            cand.evidence.append(f"a report on {', '.join(report.forces)}, not on {force}")
    elif force in report.forces:
        cand.confidence += cfg.force_in_scope
        cand.evidence.append(f"{force} is in the report's scope")
    else:
        cand.confidence += cfg.force_out_of_scope
        cand.evidence.append(f"{force} is not among the forces in the report's scope")


_FAMILY = {"peel_pillar": "peel"}


def _score_kind(cues: LetterCues, report: Report, cfg: LinkConfig, cand: Candidate) -> None:
    """The kind of inspection (and PEEL pillar) the letter names against the report's."""
    if not cues.kinds:
        return
    families = {_FAMILY.get(k, k) for k in cues.kinds}
    kind = report.kind.replace("_", " ")
    if report.kind in cues.kinds or _FAMILY.get(report.kind, report.kind) in families:
        if report.kind not in ("thematic", "other"):  # a catch-all: naming one says little
            cand.confidence += cfg.kind_match
            cand.evidence.append(f"the letter names a {kind} report")
    elif report.kind not in ("thematic", "other") or (cues.kinds_from_title and families <= set(cfg.force_scoped_kinds)):
        cand.confidence += cfg.kind_mismatch
        cand.evidence.append(f"the letter names a {' or '.join(sorted(k.replace('_', ' ') for k in cues.kinds))} "
                             f"report, not a {kind} one")
    if report.kind == "peel_pillar" and report.pillar and len(cues.pillars) == 1:
        (pillar,) = cues.pillars
        if pillar == report.pillar:
            cand.confidence += cfg.pillar_match
            cand.evidence.append(f"the letter names the PEEL {pillar} pillar")
        else:
            cand.confidence += cfg.pillar_mismatch
            cand.evidence.append(f"the letter names PEEL {pillar}, not {report.pillar}")


def _years(period: str) -> set[int]:
    """The years a period covers: "2021/22" -> {2021, 2022}; "2023-25" -> {2023, 2024, 2025}."""
    first = re.match(r"(\d{4})(?:[/-](\d{2,4}))?", period)
    if not first:
        return set()
    start = int(first.group(1))
    end = first.group(2)
    stop = start if not end else (int(end) if len(end) == 4 else start // 100 * 100 + int(end))
    return set(range(start, max(start, stop) + 1))


def _score_period(cues: LetterCues, report: Report, cfg: LinkConfig, cand: Candidate) -> None:
    """The PEEL round or year the letter names against the report's period and publication year."""
    if not cues.periods or not (report.period or report.published):
        return
    years = _years(report.period) if report.period else set()
    if report.published:
        years.add(report.published.year)
    said = [p for p, _ in cues.periods]
    exact = report.period is not None and report.period in said
    hit = next((p for p in said if _years(p) & years), None)
    if exact or hit:
        cand.confidence += cfg.period_match + (cfg.period_exact if exact else 0.0)
        cand.evidence.append(f"the letter names the period {report.period if exact else hit}")
        return
    cand.confidence += cfg.period_mismatch if cues.periods_from_title else cfg.period_mismatch_text
    what = report.period or str(report.published.year)  # type: ignore[union-attr]
    cand.evidence.append(f"the letter names {', '.join(dict.fromkeys(said))}, not {what}")


def _score_weekday(cues: LetterCues, report: Report, cfg: LinkConfig, cand: Candidate) -> None:
    """A report published shortly before a date the letter gives by weekday and day alone."""
    if not cues.weekday_dates or report.published is None:
        return
    for date, day in cues.weekday_dates:
        if 0 <= (date - report.published).days <= cfg.weekday_days:
            cand.confidence += cfg.weekday_near
            cand.evidence.append(f"published {(date - report.published).days} days before {day} "
                                 f"({date.year}), a date the letter gives")
            cand.spans.append(day.span)
            return


def _score_since(cues: LetterCues, report: Report, cfg: LinkConfig, cand: Candidate) -> None:
    """"Since the last report in 2022": a report out by the end of 2022 is that earlier one."""
    if cues.since_year is None:
        return
    years = _years(report.period) if report.period else set()
    last = report.published.year if report.published else (max(years) if years else None)
    if last is not None and last <= cues.since_year:
        cand.confidence += cfg.since_earlier
        cand.evidence.append(f"the letter speaks of an earlier report in {cues.since_year}; "
                             f"{report.id!r} came out by then")


def _score_era(cues: LetterCues, report: Report, cfg: LinkConfig, cand: Candidate) -> None:
    """The inspectorate's name the letter uses against when the report was published."""
    era, published = cues.era, report.published
    if era is None or published is None:
        return
    if (era.after and published < era.after) or (era.before and published > era.before):
        cand.confidence += cfg.era_outside
        cand.evidence.append(f"the letter says {era.name}, a name the inspectorate did not use when "
                             f"{report.id!r} was published ({_d(published)})")


@dataclass
class _Index:
    """The catalogue indexed once: reports on each force, by the words of their names, by
    publication date (and day of the year) and by kind, so a letter scores only the reports
    its words, dates or kinds could pick."""

    key: tuple[int, int, int]
    by_force: dict[str, list[Report]]
    by_word: dict[str, list[Report]]
    by_date: dict[dt.date, list[Report]]
    by_day: dict[tuple[int, int], list[Report]]
    by_kind: dict[str, list[Report]]
    # word -> (report id, name number) for every name of a report not on one force
    by_name_word: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    n_words: dict[tuple[str, int], int] = field(default_factory=dict)  # distinct words of each name
    name_words: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    force_words: dict[str, set[str]] = field(default_factory=dict)  # name words of reports on a force


_INDEX: dict[int, _Index] = {}


def _index(catalogue: Catalogue, cfg: LinkConfig) -> _Index:
    reports = catalogue._reports  # noqa: SLF001 - read only, to avoid sorting 5,000 entries per letter
    key = (id(reports), len(reports), sum(map(id, reports.values())))
    cached = _INDEX.get(id(catalogue))
    if cached is not None and cached.key == key:
        return cached
    index = _Index(key, {}, {}, {}, {}, {})
    frequency: dict[str, int] = {}
    for report in reports.values():
        words = {w for name in _prepared(report, cfg) for w in name.content}
        if is_force_report(report, cfg) and report.forces:
            for force in report.forces:
                index.by_force.setdefault(force, []).append(report)
            index.force_words[report.id] = words - {w for f in report.forces for w in normalise_title(f).split()}
            continue
        for word in words:
            index.by_word.setdefault(word, []).append(report)
        for i, name in enumerate(_names(report)):
            name_words = _content_words(name, cfg)
            index.n_words[(report.id, i)] = len(name_words)
            index.name_words[(report.id, i)] = name_words
            for word in name_words:
                frequency[word] = frequency.get(word, 0) + 1
    # each name under its k rarest words, k = n - ceil(share * n) + 1: a letter holding the
    # share of a name's words holds one of them, so only those names are looked at
    for key, words in index.name_words.items():
        need = math.ceil(cfg.pool_share * len(words))
        for word in sorted(words, key=lambda w: (frequency[w], w))[: len(words) - need + 1]:
            index.by_name_word.setdefault(word, []).append(key)
        if report.published:
            index.by_date.setdefault(report.published, []).append(report)
            index.by_day.setdefault((report.published.month, report.published.day), []).append(report)
        if report.kind not in ("thematic", "other"):
            index.by_kind.setdefault(report.kind, []).append(report)
    if len(_INDEX) > 8:
        _INDEX.clear()
    _INDEX[id(catalogue)] = index
    return index


def _pool(record: Record, view: _LetterView, cues: LetterCues, catalogue: Catalogue,
          cfg: LinkConfig) -> list[Report]:
    """The reports worth scoring: every report on the letter's force, and the others that share
    a word of their names with the letter, were published on a date it gives, or are of a kind
    it names. (A report on another force is never linked; with the force unknown, reports on a
    force are found like the others.)"""
    index = _index(catalogue, cfg)
    chosen: dict[str, Report] = {}
    force = record.force.name
    families = {_FAMILY.get(k, k) for k in cues.kinds}
    dates = {d for d in (cues.published, cues.today, record.date.value) if d}
    days = [d for d in (cues.today_day, cues.dateline) if d]
    years = {y for p, _ in cues.periods for y in _years(p)}
    weekdays = [d for d, _ in cues.weekday_dates]
    for report in index.by_force.get(force, []) if force else []:
        # of a kind the letter names, or pointed at by its words, dates or periods
        if _FAMILY.get(report.kind, report.kind) in families or _names_in(index.force_words[report.id], view.title_words, cfg) or \
                report.published in dates or \
                (report.published and (any(d.fits(report.published) for d in days) or
                                       any(0 <= (w - report.published).days <= cfg.weekday_days for w in weekdays))) or \
                (years and report.period and years & _years(report.period)):
            chosen[report.id] = report
    others: list[list[Report]] = [index.by_word.get(w, []) for w in view.title.split()]
    seen: set[tuple[str, int]] = set()
    near: list[Report] = []
    for word in view.words:  # the top of the letter: most of one name's words must be there
        for key in index.by_name_word.get(word, ()):
            if key in seen:
                continue
            seen.add(key)
            words = index.name_words[key]
            if sum(w in view.words for w in words) >= cfg.pool_share * len(words):
                near.append(catalogue._reports[key[0]])  # noqa: SLF001
    others.append(near)
    for date in (cues.published, cues.today, record.date.value):
        if date:
            others.append(index.by_date.get(date, []))
    for day in (cues.today_day, cues.dateline):
        if day:
            others.append(index.by_day.get((day.month, day.day), []))
    others += [index.by_kind.get(k, []) for k in cues.kinds]
    for group in others:
        for report in group:
            chosen.setdefault(report.id, report)
    if force is None:  # reports on a force only when the letter's title names one of them
        chosen.update({r.id: r for rs in index.by_force.values() for r in rs
                       if _names_in(index.force_words[r.id], view.title_words, cfg)})
    return list(chosen.values())


def _names_in(words: set[str], title_words: set[str], cfg: LinkConfig) -> bool:
    """True when the letter's title holds most of a name's distinctive words."""
    return bool(words) and bool(title_words) and len(words & title_words) >= cfg.pool_share * len(words)


def _content_words(name: str, cfg: LinkConfig) -> set[str]:
    return {w for w in normalise_title(name).split() if w not in cfg.generic_words and not w.isdigit()}


def _name_words(report: Report, cfg: LinkConfig) -> set[str]:
    return {w for name in _names(report) for w in _content_words(name, cfg)}


def candidates(record: Record, catalogue: Catalogue, cfg: Optional[LinkConfig] = None) -> list[Candidate]:
    """Every catalogued report worth scoring for ``record``, best first."""
    cfg = _cfg(cfg)
    view = _LetterView(record, cfg)
    cues = letter_cues(record, cfg)
    pool = _pool(record, view, cues, catalogue, cfg)
    scored = [score_report(record, report, cfg, view, cues) for report in pool]
    _score_latest(cues, pool, scored, cfg)
    _score_own_over_national(record, pool, scored, cfg)
    _score_sole_fit(record, cues, pool, scored, cfg)
    for cand in scored:
        cand.confidence = round(min(1.0, max(0.0, cand.confidence)), 3)
    return sorted(scored, key=lambda c: (-c.confidence, -c.title_similarity, c.report_id))


def _order(report: Report) -> tuple[int, int]:
    """When a report came out, for ordering one force's reports: its publication date, else
    the last year of its period."""
    if report.published:
        return report.published.toordinal(), 1
    years = _years(report.period) if report.period else set()
    return (dt.date(max(years), 12, 31).toordinal(), 0) if years else (0, 0)


def _out_by(report: Report, when: dt.date) -> bool:
    """True when ``report`` was (or, from its period, may have been) published by ``when``."""
    if report.published:
        return report.published <= when
    years = _years(report.period) if report.period else set()
    return bool(years) and min(years) <= when.year


def _score_own_over_national(record: Record, pool: list[Report], scored: list[Candidate], cfg: LinkConfig) -> None:
    """A commissioner answers their own force's report: a national report of a kind forces get
    their own reports of (the national PEEL pillar report) loses to the force's own one."""
    force = record.force.name
    if force is None:
        return
    own = {(_FAMILY.get(r.kind, r.kind), r.pillar) for r, c in zip(pool, scored)
           if is_force_report(r, cfg) and force in r.forces and c.confidence > 0}
    for report, cand in zip(pool, scored):
        key = (_FAMILY.get(report.kind, report.kind), report.pillar)
        if not is_force_report(report, cfg) and report.kind in cfg.force_scoped_kinds and \
                (key in own or (key[0], None) in own):
            cand.confidence += cfg.national_of_own_kind
            cand.evidence.append(f"a national {report.kind.replace('_', ' ')} report; {force} has its own")


def _score_sole_fit(record: Record, cues: LetterCues, pool: list[Report], scored: list[Candidate],
                    cfg: LinkConfig) -> None:
    """The best report on the letter's force, of the kind the letter names, gains when the cues
    ruled out every other one of its kind (not when it is merely the only one catalogued)."""
    if not scored or record.force.name is None:
        return
    by_id = {r.id: r for r in pool}
    best = max(scored, key=lambda c: c.confidence)
    report = by_id[best.report_id]
    if not is_force_report(report, cfg) or best.confidence <= 0:
        return
    family = _FAMILY.get(report.kind, report.kind)
    if family not in {_FAMILY.get(k, k) for k in cues.kinds}:
        return
    others = [c for c in scored if c is not best and is_force_report(by_id[c.report_id], cfg)
              and _FAMILY.get(by_id[c.report_id].kind, by_id[c.report_id].kind) == family]
    if others and all(c.confidence <= best.confidence - cfg.sole_gap for c in others):
        best.confidence += cfg.sole_bonus
        best.evidence.append(f"the only {report.kind.replace('_', ' ')} report on {record.force.name} "
                             "the letter's words fit")


def _recent(report: Report, when: dt.date, cfg: LinkConfig) -> bool:
    """True when ``report`` came out within the recency window before ``when`` (by its period,
    when its date is unknown: ``when`` falls in the period or the year after it)."""
    if report.published:
        return 0 <= (when - report.published).days <= cfg.latest_days
    years = _years(report.period) if report.period else set()
    return bool(years) and min(years) <= when.year <= max(years) + 1


def _score_latest(cues: LetterCues, pool: list[Report], scored: list[Candidate], cfg: LinkConfig) -> None:
    """Of one force's reports of one kind out by the letter's date, the latest is meant (a lone
    one only when it came out within the recency window before that date)."""
    when = cues.reference_date
    if when is None:
        return
    groups: dict[tuple[str, str, Optional[str]], list[tuple[Report, Candidate]]] = {}
    for report, cand in zip(pool, scored):
        if is_force_report(report, cfg) and cand.confidence > 0 and _out_by(report, when):
            key = (",".join(report.forces), _FAMILY.get(report.kind, report.kind), report.pillar)
            groups.setdefault(key, []).append((report, cand))
    for members in groups.values():
        members.sort(key=lambda rc: _order(rc[0]))
        newest = members[-1][0]
        if len(members) == 1 and not _recent(newest, when, cfg):
            continue
        for report, cand in members:
            if report is newest:
                cand.confidence += cfg.latest_newest
                cand.evidence.append(f"the latest such report by {_d(when)}")
            else:
                cand.confidence += cfg.latest_superseded
                cand.evidence.append(f"superseded by {newest.id!r} by {_d(when)}")


def link(record: Record, catalogue: Catalogue, report_id: str | None = None,
         cfg: Optional[LinkConfig] = None) -> Link:
    """The report ``record`` answers; ``report_id`` overrides (unknown ids list near matches)."""
    cfg = _cfg(cfg)
    ranked = candidates(record, catalogue, cfg) if report_id is None or report_id in catalogue else []
    if report_id is not None:
        report = catalogue.get(report_id)
        evidence = [f"report given by the user: {report.id}"]
        other = next((c for c in ranked if c.report_id != report.id), None)
        if other and other.confidence >= cfg.threshold and other.confidence > _confidence(ranked, report.id):
            evidence.append(f"note: the letter looks more like a response to {other.report_id!r} "
                            f"(confidence {other.confidence:.2f}): {'; '.join(other.evidence)}")
        return Link(report_id=report.id, confidence=1.0, method="given", evidence=evidence)
    if not len(catalogue):
        return Link(evidence=["the catalogue has no reports: add one with `answerable reports add`"])
    if not ranked:
        return Link(evidence=[*_uncatalogued(record, ranked, cfg),
                              "no catalogued report shares a name, a date or a kind with the letter",
                              "name the report with --report ID"])
    best = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None
    ambiguous = runner is not None and best.confidence >= cfg.threshold and \
        best.confidence - runner.confidence < cfg.margin
    several = _several(ranked, cfg) if best.confidence >= cfg.threshold and not ambiguous else []
    if best.confidence < cfg.threshold or ambiguous or several:
        why = [f"{best.report_id!r} ({best.confidence:.2f}) and {runner.report_id!r} "  # type: ignore[union-attr]
               f"({runner.confidence:.2f}) are too close to choose"] if ambiguous else []
        if several:
            why = [f"the letter names several catalogued reports ({', '.join(several)}): a list, "
                   "not a response to one of them"]
        return Link(confidence=best.confidence, method="none",
                    evidence=[*_uncatalogued(record, ranked, cfg), *why, *_rejections(ranked, cfg),
                              "name the report with --report ID"],
                    candidates=_close(ranked, cfg))
    method = best.method if best.method in ("title", "title_and_date", "date", "cues") else "title"
    return Link(report_id=best.report_id, confidence=best.confidence, method=method,
                evidence=best.evidence, spans=best.spans)


def _several(ranked: list[Candidate], cfg: LinkConfig) -> list[str]:
    """The reports named in the letter's text (not its own title) when there are several."""
    named = [c.report_id for c in ranked
             if c.title_similarity >= cfg.several_similarity and c.title_how == "text"]
    by_title = any(c.title_how == "title" and c.title_similarity >= cfg.several_similarity for c in ranked)
    return named if len(named) >= 2 and not by_title else []


def _close(ranked: list[Candidate], cfg: LinkConfig) -> list[LinkCandidate]:
    return [LinkCandidate(report_id=c.report_id, confidence=c.confidence, evidence=c.evidence)
            for c in ranked[: cfg.max_candidates] if c.confidence >= cfg.close]


def _uncatalogued(record: Record, ranked: list[Candidate], cfg: LinkConfig) -> list[str]:
    """What to do when the letter names a report whose title no catalogued report has."""
    if not record.report.title or max((c.title_similarity for c in ranked), default=0.0) >= cfg.title_floor:
        return []
    when = f", published {_d(record.report.published)}," if record.report.published else ""
    return [f"the letter answers {record.report.title!r}{when} which matches no catalogued report: "
            "add it with `answerable reports add report.pdf`"]


def _confidence(ranked: list[Candidate], report_id: str) -> float:
    return next((c.confidence for c in ranked if c.report_id == report_id), 0.0)


def _rejections(ranked: list[Candidate], cfg: LinkConfig) -> list[str]:
    """Why the best candidate, and the best by title if another, were not linked."""
    shown = [ranked[0]]
    by_title = max(ranked, key=lambda c: c.title_similarity)
    if by_title is not ranked[0] and by_title.title_similarity >= cfg.title_floor:
        shown.append(by_title)
    return [f"{c.report_id!r} scored {c.confidence:.2f}, below {cfg.threshold:.2f}: " + "; ".join(c.evidence)
            for c in shown]
