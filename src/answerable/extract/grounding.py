"""Find where a quoted value sits in a text: ``locate(text, quote) -> (span, Grounding)``.

Tried in order: the exact characters; the same words ignoring case and whitespace; a
rapidfuzz partial alignment scoring at least ``min_score``. Anything else is unlocated.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from answerable.models import Grounding, Span


def locate(text: str, quote: str, *, min_score: float = 85.0) -> tuple[Span | None, Grounding]:
    """Span of ``quote`` in ``text`` and how it was found (``exact``, ``fuzzy``, ``unlocated``)."""
    quote = quote.strip()
    if not quote:
        return None, Grounding.unlocated
    i = text.find(quote)
    if i >= 0:
        return (i, i + len(quote)), Grounding.exact
    words = quote.split()
    m = re.search(r"\s+".join(re.escape(w) for w in words), text, re.I)
    if m:
        return m.span(), Grounding.fuzzy
    if len(quote) > len(text):
        return None, Grounding.unlocated
    al = fuzz.partial_ratio_alignment(quote, text, score_cutoff=min_score)
    if al is None or al.dest_end <= al.dest_start:
        return None, Grounding.unlocated
    s, e = al.dest_start, al.dest_end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e), Grounding.fuzzy
