"""Which of the 43 forces the response is about.

A mention tied to the writer's office wins ("Police and Crime Commissioner for Cheshire",
"OPCC for Surrey", "Kent's Police and Crime Commissioner"); otherwise the force mentioned most
(full names such as "Dorset Police" count double, mentions in the letterhead, headings and
signature count double again), ties going to the earliest. Mentions of regional units
("West Midlands Regional Organised Crime Unit") and in the addressee block do not count.
"""

from __future__ import annotations

import re
from collections import defaultdict

from answerable.extract.context import Context
from answerable.extract.lexicon import forces
from answerable.models import ForceRef, Span

_TIED_BEFORE = re.compile(
    r"(?:Commissioner|PCC|PFCC|OPCC|OPFCC|Mayor|Chief\s+Constable|Office|Policing\s+Body|Comisiynydd)"
    r"(?:\s*\([A-Z]+\))?\s+(?:for|of)\s+(?:the\s+)?\Z", re.I)
_TIED_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:(?:Deputy\s+)?Police,?\s+(?:Fire,?\s+)?(?:and|&)\s+Crime\s+Commissioner|(?:Deputy\s+)?PCC|PFCC|OPCC|OPFCC)\b"
    r"|\s+(?:and|&)\s+Crime\s+Commissioner\b|,?\s+Fire\s+(?:and|&)\s+Crime\s+Commissioner\b", re.I)
_PROMINENT = ("letterhead", "heading", "signature", "footer", "subject", "date_line")


def _trim_police(text: str, span: Span) -> Span:
    """"Dorset Police and Crime Commissioner": the force is "Dorset", not "Dorset Police"."""
    s, e = span
    m = re.search(r"\s+Police\Z", text[s:e], re.I)
    if m and re.match(r"\s+(?:and|&)\s+Crime", text[e:e + 20], re.I):
        return s, s + m.start()
    return span


def extract_force(ctx: Context) -> ForceRef:
    text = ctx.text
    tied: list[tuple[int, str, Span]] = []
    scores: dict[str, float] = defaultdict(float)
    first: dict[str, Span] = {}
    for name, span, strong in forces().finditer(text):
        kind = ctx.kind_at(span[0])
        if kind == "addressee":
            continue
        before = text[max(0, span[0] - 60):span[0]]
        if _TIED_BEFORE.search(before) or _TIED_AFTER.match(text, span[1]):
            prominence = 0 if kind in _PROMINENT else 1
            tied.append((prominence, name, _trim_police(text, span)))
        weight = (2.0 if strong else 1.0) * (2.0 if kind in _PROMINENT else 1.0)
        scores[name] += weight
        first.setdefault(name, span)
    if tied:
        counts = defaultdict(int)
        for _, name, _ in tied:
            counts[name] += 1
        tied.sort(key=lambda t: (t[0], -counts[t[1]]))
        _, name, span = tied[0]
        return ForceRef(name=name, span=span)
    if not scores:
        ctx.warnings.append("no force found: the text names none of the 43 forces or their policing bodies")
        return ForceRef()
    best = max(scores, key=lambda n: (scores[n], -first[n][0]))
    return ForceRef(name=best, span=first[best])
