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
from answerable.models import Author, ForceRef, Span

_TIED_BEFORE = re.compile(
    r"(?:Commissioner|PCC|PFCC|OPCC|OPFCC|Mayor|Chief\s+Constable|Office|Policing\s+Body|Comisiynydd)"
    r"(?:\s*\([A-Z]+\))?\s+(?:for|of)\s+(?:the\s+)?\Z", re.I)
_TIED_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:(?:Deputy\s+)?Police,?\s+(?:Fire,?\s+)?(?:and|&)\s+Crime\s+Commissioner|(?:Deputy\s+)?PCC|PFCC|OPCC|OPFCC)\b"
    r"|\s+(?:and|&)\s+Crime\s+Commissioner\b|,?\s+Fire\s+(?:and|&)\s+Crime\s+Commissioner\b"
    r"|\s+Commissioner\s+for\s+Police\b", re.I)
_PROMINENT = ("letterhead", "heading", "signature", "footer", "subject", "date_line")


def _trim_police(text: str, span: Span) -> Span:
    """"Dorset Police and Crime Commissioner": the force is "Dorset", not "Dorset Police"."""
    s, e = span
    m = re.search(r"\s+Police\Z", text[s:e], re.I)
    if m and re.match(r"\s+(?:and|&)\s+Crime", text[e:e + 20], re.I):
        return s, s + m.start()
    return span


_TIED_BODY_WEIGHT = 3.0
_IN_TITLE_WEIGHT = 0.1


def extract_force(ctx: Context, author: Author | None = None, report: Span | None = None) -> ForceRef:
    """The author's force: the one named with the author's own role ("Police and Crime
    Commissioner for Cheshire" in the signature or heading), else a role-tied mention in the
    letterhead/headings, else the best-scoring mention (role-tied mentions in the body count
    extra, since "the PCC for Cumbria" in a Lancashire letter is a neighbour, not the writer;
    a force named inside the report's title, "an inspection of ... in Greater Manchester
    Police", counts for little)."""
    text = ctx.text
    prominent_tied: list[tuple[str, Span]] = []
    scores: dict[str, float] = defaultdict(float)
    first: dict[str, Span] = {}
    role_span = author.role_span if author is not None else None
    for name, span, strong in forces().finditer(text):
        kind = ctx.kind_at(span[0])
        if kind == "addressee":
            continue
        tied = bool(_TIED_BEFORE.search(text[max(0, span[0] - 60):span[0]]) or _TIED_AFTER.match(text, span[1]))
        if tied and role_span and (0 <= span[0] - role_span[1] <= 12 or 0 <= role_span[0] - span[1] <= 6):
            return ForceRef(name=name, span=_trim_police(text, span))  # "<role> for <force>"
        if tied and kind in _PROMINENT:
            prominent_tied.append((name, _trim_police(text, span)))
        weight = (2.0 if strong else 1.0) * (2.0 if kind in _PROMINENT else 1.0)
        if report and report[0] <= span[0] < report[1]:
            weight *= _IN_TITLE_WEIGHT
        scores[name] += weight + (_TIED_BODY_WEIGHT if tied else 0.0)
        first.setdefault(name, _trim_police(text, span) if tied else span)
    if prominent_tied:
        name, span = prominent_tied[0]
        return ForceRef(name=name, span=span)
    if not scores:
        ctx.warnings.append("no force found: the text names none of the 43 forces or their policing bodies")
        return ForceRef()
    best = max(scores, key=lambda n: (scores[n], -first[n][0]))
    return ForceRef(name=best, span=first[best])
