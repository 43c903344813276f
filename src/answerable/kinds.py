"""What sort of inspection a report is, from the words of its name.

``classify("HMIC's PEEL effectiveness report 2016")`` ->
``KindGuess(kind="peel_pillar", pillar="effectiveness", period="2016")``. The vocabulary is data:
``data/report_kinds.yaml``. Used by extraction (``ReportRef.kind``), linking (``link``) and the
catalogue import (``reports``), so all three agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, cast, get_args

from answerable.extract.lexicon import load_yaml
from answerable.models import InspectionKind, PeelPillar, Span

INSPECTION_KINDS: tuple[str, ...] = get_args(InspectionKind)
PEEL_PILLARS: tuple[str, ...] = get_args(PeelPillar)


@dataclass(frozen=True)
class KindGuess:
    kind: Optional[InspectionKind] = None
    pillar: Optional[PeelPillar] = None
    period: Optional[str] = None  # "2016", "2021/22", "2023-25"
    period_span: Optional[Span] = None  # into the classified text


@dataclass(frozen=True)
class _Vocabulary:
    kinds: tuple[tuple[str, re.Pattern[str]], ...]
    pillars: tuple[tuple[str, re.Pattern[str]], ...]
    period: re.Pattern[str]


def _words(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![\w-])", re.I)


@lru_cache(maxsize=1)
def vocabulary() -> _Vocabulary:
    data = load_yaml("report_kinds")
    return _Vocabulary(
        kinds=tuple((k, _words(v)) for k, v in data["kinds"].items()),
        pillars=tuple((k, _words(v)) for k, v in data["pillars"].items()),
        period=re.compile(data["period"]),
    )


def find_period(text: str) -> tuple[Optional[str], Optional[Span]]:
    """The first PEEL round or year in ``text``, normalised: "2021/22", "2023-25", "2016"."""
    m = vocabulary().period.search(text)
    if not m:
        return None, None
    start, end = m.group(1), m.group(2)
    if not end:
        return start, m.span()
    end2 = end[-2:]
    if int(end2) <= int(start[-2:]) or int(end2) - int(start[-2:]) > 3:
        return start, m.span(1)  # "2016-10" is not a round: keep the year alone
    sep = "/" if "/" in m.group(0) else "-"
    return f"{start}{sep}{end2}", m.span()


def classify(text: str) -> KindGuess:
    """The inspection kind, PEEL pillar and period that the words of a report's name give."""
    vocab = vocabulary()
    pillars = [p for p, rx in vocab.pillars if rx.search(text)]
    pillar = cast(Optional[PeelPillar], pillars[0] if len(pillars) == 1 else None)
    kind: Optional[str] = None
    for name, rx in vocab.kinds:
        if rx.search(text):
            kind = name
            break
    if kind == "peel":
        kind = "peel_pillar" if pillar else "peel"
    elif kind == "peel_pillar_only":
        kind = "peel_pillar" if pillar else None
    if kind != "peel_pillar":
        pillar = None
    period, span = find_period(text)
    return KindGuess(kind=cast(Optional[InspectionKind], kind), pillar=pillar, period=period, period_span=span)
