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

from dataclasses import dataclass
from functools import lru_cache

from answerable.extract.context import Context
from answerable.extract.lexicon import CuePattern, cues
from answerable.models import Span, Stance

@dataclass(frozen=True)
class _Patterns:
    agrees: CuePattern
    welcomes: CuePattern
    critical_strong: CuePattern
    critical: CuePattern
    disappointed: CuePattern
    target: CuePattern
    reported: CuePattern
    mixed: CuePattern


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    s = cues()["stance"]
    return _Patterns(
        agrees=CuePattern(s["agrees_with_recommendations"]),
        welcomes=CuePattern(s["welcomes"]),
        critical_strong=CuePattern(s["critical_strong"]),
        critical=CuePattern(s["critical"]),
        disappointed=CuePattern([s["critical_disappointed"]]),
        target=CuePattern([s["critical_target"]]),
        reported=CuePattern([cues()["statements"]["reported_speech"]]),
        mixed=CuePattern(s["mixed"]),
    )


_TARGET_BEFORE = 80  # characters: "this ongoing production of reports, ..., is very confusing"
_TARGET_AFTER = 40  # "inaccurate judgements"


def _criticises(ctx: Context, p: _Patterns, s: int, e: int) -> bool:
    """A weak critical cue ("inaccurate", "does not reflect") in ``[s, e)`` close to a word for
    the report or the inspectorate, that is the writer's own judgement, not part of a finding
    the report states ("The report found that crime recording was inaccurate"), nor about
    something else in a long sentence ("... identified by HMICFRS, ... an unfair and outdated
    funding formula")."""
    hit = ctx.first_cue(p.critical, s, e, affirmed=False)
    if hit is None:
        return False
    if ctx.first_cue(p.reported, s, hit[0], affirmed=False) is not None:
        return False
    return ctx.first_cue(p.target, max(s, hit[0] - _TARGET_BEFORE), min(e, hit[1] + _TARGET_AFTER), affirmed=False) is not None


def extract_stance(ctx: Context) -> Stance:
    p = _patterns()
    agree: list[Span] = []
    welcome: list[Span] = []
    critical: list[Span] = []
    spans = list(ctx.sentences) + [seg.span for seg in ctx.of_kind("heading", "subject")]
    mixed: list[Span] = []
    deciding = (p.agrees, p.critical_strong, p.disappointed, p.critical, p.welcomes, p.mixed)
    for s, e in spans:
        if not ctx.any_cue(deciding, s, e):
            continue
        if ctx.first_cue(p.agrees, s, e):
            agree.append((s, e))
            continue
        if ctx.first_cue(p.critical_strong, s, e, affirmed=False) or ctx.first_cue(p.disappointed, s, e, affirmed=False) \
                or _criticises(ctx, p, s, e):
            critical.append((s, e))
        if ctx.first_cue(p.mixed, s, e, affirmed=False):  # "It is a mixed picture."
            mixed.append((s, e))
        if ctx.first_cue(p.welcomes, s, e):  # "I welcome the report, while maintaining reservations"
            welcome.append((s, e))
    if agree:
        return Stance(value="agrees_with_recommendations", evidence=agree)
    if welcome and critical:
        return Stance(value="mixed", evidence=sorted(set(welcome + critical)))
    if mixed and not critical:
        return Stance(value="mixed", evidence=sorted(set(welcome + mixed)))
    if critical:
        return Stance(value="critical", evidence=critical)
    if welcome:
        return Stance(value="welcomes", evidence=welcome)
    return Stance(value="neutral", evidence=[])
