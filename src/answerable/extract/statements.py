"""Sentences and clauses of the body, each classified by cue phrases from cues.yaml.

A sentence is cut into clauses where a conjunction introduces a new subject and verb ("...
this issue and I will be seeking assurance ..."), at semicolons and around link residue. Each
clause gives one :class:`Statement` per kind it matches (a clause can be both a ``commitment``
and ``seeks_assurance``). Verbs inside a reported finding ("the inspection found that forces
have improved") are the inspectorate's words, so they make no ``action_taken`` or
``commitment``. ``actor`` is the subject nearest before the deciding cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from answerable.extract.context import Context, strip_span
from answerable.extract.lexicon import CuePattern, compile_list, cues
from answerable.models import Grounding, Span, Statement

_CLAUSE_SPLIT = re.compile(
    r";\s+|,?\s(?:and|but|while|whilst|so|and\s+also)\s+(?=(?:I|[Ww]e|[Tt]he\s+(?:Force|Constabulary|Chief\s+Constable|OPCC|Commissioner)|"
    r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?\s+(?:Police|Constabulary))\s+(?:\w+ly\s+)?"
    r"(?:will|shall|have|has|had|am|are|is|would|can|intend|plan|hosted|held|created|established|also|continue)\b"
    r"|(?:I|[Ww]e)['’](?:ll|ve|m|re)\b)"
)
_FUTURE_KINDS = ("commitment", "action_taken")
_MIN_CLAUSE_WORDS = 4
_NOT_KINDS = ("reported_speech", "quoted_recommendation")


@dataclass(frozen=True)
class _Patterns:
    kinds: tuple[tuple[str, CuePattern], ...]
    reported: CuePattern
    actors: tuple[tuple[str, re.Pattern[str]], ...]
    quoted_recommendation: CuePattern


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    c = cues()
    st = c["statements"]
    kinds = tuple((k, CuePattern(v)) for k, v in st.items() if k not in _NOT_KINDS)
    actors = tuple((k, compile_list(v, flags=0)) for k, v in c["actors"].items())
    return _Patterns(kinds, CuePattern([st["reported_speech"]]), actors,
                     CuePattern(st["quoted_recommendation"]))


def clauses(text: str, s: int, e: int) -> list[Span]:
    """Clause spans of the sentence ``text[s:e]``."""
    out, pos = [], s
    for m in _CLAUSE_SPLIT.finditer(text, s, e):
        if len(text[pos:m.start()].split()) < _MIN_CLAUSE_WORDS:  # "I and the Chief Constable will"
            continue
        out.append(strip_span(text, pos, m.start()))
        pos = m.end()
    out.append(strip_span(text, pos, e))
    return [(a, b) for a, b in out if b - a >= 3]


def _actor(text: str, s: int, cue: Span) -> str:
    """The subject that starts no later than the deciding cue and ends nearest its end; the
    longest when several end there ("The Chief Constable and I" over "I"). An object inside
    the cue ("hold the Chief Constable to account") is not a subject."""
    best: tuple[int, int, str] | None = None
    for name, rx in _patterns().actors:
        for m in rx.finditer(text, s, cue[1]):
            if m.start() > cue[0]:
                break
            key = (m.end(), m.end() - m.start())
            if best is None or key > best[:2]:
                best = (key[0], key[1], name)
    return best[2] if best else "unknown"


def _classify(ctx: Context, s: int, e: int) -> list[tuple[str, Span]]:
    """(kind, span of its cue) for each kind the clause matches."""
    p = _patterns()
    reported = ctx.first_cue(p.reported, s, e, affirmed=False)
    out = []
    for kind, cue in p.kinds:
        m = ctx.first_cue(cue, s, e)
        if m is None:
            continue
        if kind in _FUTURE_KINDS and reported and m[0] >= reported[1]:
            continue
        out.append((kind, m))
    return out


def extract_statements(ctx: Context) -> list[Statement]:
    text = ctx.text
    out: list[Statement] = []
    quoted = _patterns().quoted_recommendation
    kinds = tuple(cue for _, cue in _patterns().kinds)
    for ss, se in ctx.sentences:
        if not ctx.any_cue(kinds, ss, se) or ctx.first_cue(quoted, ss, se, affirmed=False):
            continue
        for cs, ce in clauses(text, ss, se):
            for kind, cue in _classify(ctx, cs, ce):
                actor = _actor(text, cs, cue)
                if actor == "unknown" and kind == "will_publish":  # "This response will be published"
                    actor = "author"
                # values are valid by construction: skip pydantic validation (hot loop)
                out.append(Statement.model_construct(kind=kind, text=text[cs:ce], span=(cs, ce),
                                                     grounding=Grounding.exact.value, actor=actor))
    return out
