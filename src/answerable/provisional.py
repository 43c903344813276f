"""Reports found from the responses themselves: when responses name a report the catalogue
lacks, they are grouped across forces into one *provisional* report.

What a response says about its report (:func:`signature`): the title words it gives, the kind
of inspection, PEEL pillar and period it names, the publication date it states or implies
("published today"), and whether the report is about its own force (a force's PEEL report) or
forces nationally (a thematic). Two responses name the same report when those agree
(:func:`same_report`). :func:`group_responses` groups a batch; :func:`assign` places one more
response among provisional reports already made (the store does this at ingest). A provisional
report is a :class:`~answerable.models.Report` with ``provisional=True``, an id starting
``provisional-``, the paths of the texts it came from in ``sources``, and no recommendations
until they are known, so the deadline, the comparison and the non-responders list work for it.
Settle it with ``answerable reports confirm|merge|rename``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from rapidfuzz import fuzz

from answerable.catalogue import Catalogue
from answerable.letter_cues import LetterCues, letter_cues
from answerable.link import LinkConfig, _specific, _years, link, load_link_config, normalise_title
from answerable.models import Link, Record, Report
from answerable.reports import slugify

PREFIX = "provisional-"
_FAMILY = {"peel_pillar": "peel"}
_TITLE_SAME = 85  # rapidfuzz token_set_ratio of the content words of two titles
_DAYS_SAME = 3  # stated publication dates this close are one report (a day's slip in a press page)


@dataclass
class Signature:
    """What one response says about the report it answers."""

    title: Optional[str]  # as the response gives it, when it names the report
    words: str  # the title's content words, normalised
    kind: Optional[str]
    pillar: Optional[str]
    period: Optional[str]
    published: Optional[dt.date]
    force: Optional[str]  # the response's force
    scope: str  # "force": a report on the response's own force; "national"
    path: Optional[str] = None

    @property
    def names_a_report(self) -> bool:
        return bool(self.words or self.kind or self.period or self.published)


def signature(record: Record, cfg: Optional[LinkConfig] = None, cues: Optional[LetterCues] = None) -> Signature:
    """What ``record`` says about its report (see :class:`Signature`)."""
    cfg = cfg or load_link_config()
    cues = cues or letter_cues(record, cfg)
    title = _clean_title(record.report.title, cfg) if record.report.title else None
    norm = normalise_title(title) if title else ""
    words = _content(norm, cfg) if _specific(norm, cfg) else ""
    kinds = [k for k in cues.kinds if k not in ("thematic", "other")]
    kind = _main_kind(kinds) or _first_kind(cues) or ("thematic" if "thematic" in cues.kinds or words else None)
    pillar = next(iter(cues.pillars)) if len(cues.pillars) == 1 and kind in ("peel", "peel_pillar") else None
    if kind == "peel" and pillar:
        kind = "peel_pillar"
    period = cues.periods[0][0] if cues.periods else None
    published = cues.published or cues.today
    scope = "force" if kind in cfg.force_scoped_kinds and record.force.name else "national"
    return Signature(title=title if words else None, words=words, kind=kind, pillar=pillar, period=period,
                     published=published, force=record.force.name, scope=scope, path=record.source.path)


_TRAILING = re.compile(r"[\s,;:–—-]+(?:on|in|by|at|of|the|and|for|to)?\s*$", re.I)


def _clean_title(title: str, cfg: LinkConfig) -> str:
    """The name of the report in the words a response gives: without leading words that are not
    part of it ("HMICFRS published its report ...") nor a dangling last word ("... at night on")."""
    words = title.split()
    while len(words) > 2 and normalise_title(words[0]) in cfg.generic_words | {"published", "publishes"}:
        words.pop(0)
    cleaned = " ".join(words)
    while True:
        shorter = _TRAILING.sub("", cleaned)
        if shorter == cleaned or len(shorter) < 3:
            return cleaned
        cleaned = shorter


def _main_kind(kinds: list[str]) -> Optional[str]:
    """The one kind named, PEEL over its pillars; None when several unrelated kinds are."""
    families = {_FAMILY.get(k, k) for k in kinds}
    if len(families) != 1:
        return None
    return "peel_pillar" if "peel_pillar" in kinds else kinds[0]


def _first_kind(cues: LetterCues) -> Optional[str]:
    """The kind the letter names first, when it names several (PEEL as PEEL, or its pillar)."""
    kind = next((k for k in cues.kind_order if k not in ("thematic", "other")), None)
    kind = "peel" if kind == "peel_pillar_only" else kind
    if kind == "peel" and "peel_pillar" in cues.kinds:
        return "peel_pillar"
    return kind


def _content(norm: str, cfg: LinkConfig) -> str:
    return " ".join(w for w in norm.split() if w not in cfg.generic_words and not w.isdigit())


def same_report(a: Signature, b: Signature) -> bool:
    """True when two responses name the same report: nothing they say disagrees, and they agree
    on enough (the same force and kind for a force's report; the title words or the publication
    date and kind for a national one)."""
    if a.scope != b.scope:
        return False
    if a.published and b.published and abs((a.published - b.published).days) > _DAYS_SAME:
        return False
    if a.period and b.period and not _years(a.period) & _years(b.period):
        return False
    if a.pillar and b.pillar and a.pillar != b.pillar:
        return False
    if a.kind and b.kind and _FAMILY.get(a.kind, a.kind) != _FAMILY.get(b.kind, b.kind):
        return False
    if a.scope == "force":
        return a.force == b.force and a.kind is not None and b.kind is not None
    if a.words and b.words:
        return fuzz.token_set_ratio(a.words, b.words) >= _TITLE_SAME
    return bool(a.published and b.published and a.kind and a.kind == b.kind)


@dataclass
class Group:
    """Responses that name one report the catalogue lacks."""

    members: list[Signature] = field(default_factory=list)
    report_id: Optional[str] = None

    def fits(self, sig: Signature) -> bool:
        return any(same_report(sig, m) for m in self.members) and \
            not any(_conflicts(sig, m) for m in self.members)


def _conflicts(a: Signature, b: Signature) -> bool:
    """Facts two members of one group may not disagree on (dates, periods, pillars)."""
    return bool((a.published and b.published and abs((a.published - b.published).days) > _DAYS_SAME) or
                (a.period and b.period and not _years(a.period) & _years(b.period)) or
                (a.pillar and b.pillar and a.pillar != b.pillar))


_KIND_NAMES = {"peel": "PEEL", "peel_pillar": "PEEL", "crime_data_integrity": "Crime data integrity",
               "custody": "Custody", "child_protection": "Child protection",
               "vetting_counter_corruption": "Vetting and counter-corruption", "domestic_abuse": "Domestic abuse",
               "state_of_policing": "State of policing", "revisit": "Revisit", "thematic": "Thematic",
               "other": "Inspection"}


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:60].strip("-")


def report_for(group: Group, taken: Iterable[str] = ()) -> Report:
    """The provisional :class:`Report` of ``group`` (its id not among ``taken``)."""
    first = group.members[0]
    kind = next((m.kind for m in group.members if m.kind == "peel_pillar"), None) or \
        next((m.kind for m in group.members if m.kind), None) or "other"
    pillar = next((m.pillar for m in group.members if m.pillar), None)
    period = Counter(m.period for m in group.members if m.period).most_common(1)
    period_s = period[0][0] if period else None
    dates = Counter(m.published for m in group.members if m.published).most_common(1)
    published = dates[0][0] if dates else None
    titles = Counter(m.title for m in group.members if m.title).most_common(1)
    label = " ".join(x for x in (_KIND_NAMES.get(kind, "Inspection"), pillar or "", period_s or "") if x)
    if first.scope == "force":
        title = f"{label} report on {first.force}"
        base = _slug(f"{kind.replace('_', '-')} {pillar or ''} {period_s or (published.year if published else '')} {first.force}")
    else:
        title = titles[0][0] if titles else f"{label} report published {published.isoformat()}" if published else label
        named = titles[0][0] if titles else None
        base = slugify(named) if named else _slug(f"{kind} {published or period_s or ''}")
    rid = PREFIX + (base or "report")
    taken = set(taken)
    n = 2
    while rid in taken:
        rid, n = f"{PREFIX}{base}-{n}", n + 1
    forces = sorted({m.force for m in group.members if m.force}) if first.scope == "force" else []
    paths = [m.path for m in group.members if m.path]
    return Report(id=rid, title=title, kind=kind, pillar=pillar if kind == "peel_pillar" else None,  # type: ignore[arg-type]
                  period=period_s, published=published, scope=first.scope,  # type: ignore[arg-type]
                  forces=forces, provisional=True, sources=list(dict.fromkeys(paths)),
                  recommendations_known=False,
                  notes=f"Provisional: grouped from {len(group.members)} response(s) that name a report the "
                        "catalogue lacks. Check it, then `answerable reports confirm|merge|rename`.")


@dataclass
class Grouping:
    """Provisional reports made from a batch, and which response joined which."""

    reports: list[Report]
    members: dict[int, str]  # index of the record in the batch -> provisional report id
    links: dict[int, Link]  # every record's link (to the catalogue, or not linked)


def group_responses(records: list[Record], catalogue: Catalogue, cfg: Optional[LinkConfig] = None) -> Grouping:
    """Link every record; group those that name a report the catalogue lacks (or cannot tell
    apart) into provisional reports."""
    cfg = cfg or load_link_config()
    links: dict[int, Link] = {}
    groups: list[Group] = []
    members: dict[int, Group] = {}
    for i, record in enumerate(records):
        found = link(record, catalogue, cfg=cfg)
        links[i] = found
        if found.report_id:
            continue
        sig = signature(record, cfg)
        if not sig.names_a_report:
            continue
        group = next((g for g in groups if g.fits(sig)), None)
        if group is None:
            group = Group()
            groups.append(group)
        group.members.append(sig)
        members[i] = group
    taken = {r.id for r in catalogue.reports()}
    reports: list[Report] = []
    for group in groups:
        report = report_for(group, taken)
        taken.add(report.id)
        group.report_id = report.id
        reports.append(report)
    return Grouping(reports=reports, members={i: g.report_id for i, g in members.items()},  # type: ignore[misc]
                    links=links)


def report_signature(report: Report) -> Signature:
    """The signature a provisional report stands for (to place more responses with it)."""
    words = _content(normalise_title(report.title), load_link_config()) if report.scope != "force" else ""
    return Signature(title=report.title, words=words, kind=report.kind, pillar=report.pillar, period=report.period,
                     published=report.published, force=report.forces[0] if report.forces else None,
                     scope=report.scope)


def assign(record: Record, provisional: list[Report], taken: Iterable[str] = (),
           cfg: Optional[LinkConfig] = None) -> tuple[Optional[Report], bool]:
    """Place ``record`` (not linked to the catalogue) with one of ``provisional`` (the report,
    False), or a new provisional report for it (the report, True); (None, False) when the
    record names no report."""
    cfg = cfg or load_link_config()
    sig = signature(record, cfg)
    if not sig.names_a_report:
        return None, False
    for report in provisional:
        rsig = report_signature(report)
        if same_report(sig, rsig) and not _conflicts(sig, rsig):
            return _with_source(report, sig), False
    return report_for(Group(members=[sig]), [*taken, *(r.id for r in provisional)]), True


def _with_source(report: Report, sig: Signature) -> Report:
    sources = list(dict.fromkeys([*report.sources, *([sig.path] if sig.path else [])]))
    update: dict = {"sources": sources}
    if report.scope == "force" and sig.force and sig.force not in report.forces:
        update["forces"] = sorted({*report.forces, sig.force})
    if report.published is None and sig.published:
        update["published"] = sig.published
    n = len(sources)
    update["notes"] = (f"Provisional: grouped from {n} response(s) that name a report the catalogue lacks. "
                       "Check it, then `answerable reports confirm|merge|rename`.")
    return report.model_copy(update=update)


def provisional_link(report: Report) -> Link:
    """The link of a response placed with a provisional report."""
    return Link(report_id=report.id, confidence=0.0, method="provisional",
                evidence=[f"no catalogued report fits; grouped with other responses into the provisional "
                          f"report {report.id!r} ({report.title})"])
