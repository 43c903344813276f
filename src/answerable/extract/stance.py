"""The response's overall stance towards the report.

``agrees_with_recommendations`` when the text explicitly accepts the recommendations (this
wins over everything); ``mixed`` when it both welcomes the report and disputes it or is
disappointed with it; ``critical`` when it only disputes; ``welcomes`` when it only welcomes or
recognises; ``neutral`` otherwise. Cues come from cues.yaml; a cue preceded by a negation
("do not agree with the recommendations") does not count. Criticism counts only in a
sentence about the report, its findings or the inspectorate (or an outright "I do not
accept"/"I disagree"). Evidence: the sentences that decided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from answerable.extract.context import Context
from answerable.extract.lexicon import compile_list, cues
from answerable.models import Span, Stance

NEGATION = re.compile(r"\b(?:not|never|no|cannot|can't|don't|doesn't|didn't|won't|neither|nor|without|unable to)\b[^.;,]{0,25}\Z", re.I)


@dataclass(frozen=True)
class _Patterns:
    agrees: re.Pattern[str]
    welcomes: re.Pattern[str]
    critical_strong: re.Pattern[str]
    critical: re.Pattern[str]
    target: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    s = cues()["stance"]
    return _Patterns(
        agrees=compile_list(s["agrees_with_recommendations"]),
        welcomes=compile_list(s["welcomes"]),
        critical_strong=compile_list(s["critical"][:2]),
        critical=compile_list(s["critical"][2:]),
        target=re.compile(s["critical_target"], re.I),
    )


def affirmed(text: str, rx: re.Pattern[str], s: int, e: int) -> re.Match[str] | None:
    """First match of ``rx`` in ``text[s:e]`` not preceded by a negation in its sentence."""
    for m in rx.finditer(text, s, e):
        if not NEGATION.search(text, max(s, m.start() - 40), m.start()):
            return m
    return None


def extract_stance(ctx: Context) -> Stance:
    p = _patterns()
    text = ctx.text
    agree: list[Span] = []
    welcome: list[Span] = []
    critical: list[Span] = []
    spans = list(ctx.sentences) + [seg.span for seg in ctx.of_kind("heading", "subject")]
    for s, e in spans:
        if affirmed(text, p.agrees, s, e):
            agree.append((s, e))
            continue
        if p.critical_strong.search(text, s, e) or (p.critical.search(text, s, e) and p.target.search(text, s, e)):
            critical.append((s, e))
        elif affirmed(text, p.welcomes, s, e):
            welcome.append((s, e))
    if agree:
        return Stance(value="agrees_with_recommendations", evidence=agree)
    if welcome and critical:
        return Stance(value="mixed", evidence=sorted(welcome + critical))
    if critical:
        return Stance(value="critical", evidence=critical)
    if welcome:
        return Stance(value="welcomes", evidence=welcome)
    return Stance(value="neutral", evidence=[])
