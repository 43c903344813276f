"""To whom the response is sent: "Home Secretary" and "HMICFRS".

A recipient counts only where the text addresses it: the address block, the salutation
("Dear Home Secretary", "Dear Priti,"), a "cc:"/"copied to" line, or a sentence that sends or
provides the response *to* it ("provide the following response to the HMICFRS and the
Secretary of State"). "Response to the HMICFRS report" names the report's author, not a
recipient. One entry per recipient; its span is the first addressing mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from answerable.extract.context import Context
from answerable.extract.lexicon import CuePattern, alternation, cues
from answerable.models import Addressee, Span


@dataclass(frozen=True)
class _Patterns:
    recipient: re.Pattern[str]  # one named group per canonical recipient
    names: tuple[str, ...]
    secretary_names: re.Pattern[str]
    sending_to: CuePattern
    not_after: re.Pattern[str]
    cc_line: re.Pattern[str]
    joiner: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    c = cues()["addressees"]
    names = tuple(k for k in c if k not in ("home_secretary_names", "sending", "not_recipient_after"))
    groups = "|".join(f"(?P<a{i}>{alternation(c[n])})" for i, n in enumerate(names))
    recipient = re.compile(r"(?<![\w-])(?:" + groups + r")(?![\w-])", re.I)
    secs = sorted(c.get("home_secretary_names") or [], key=len, reverse=True)
    return _Patterns(
        recipient=recipient,
        names=names,
        secretary_names=re.compile(r"\bDear\s+(?P<n>" + "|".join(re.escape(s) for s in secs) + r")\b"),
        sending_to=CuePattern([r"\b" + c["sending"] + r"[^.;\n]{0,60}?\bto\s*:?\s+(?:both\s+)?(?=\S)"]),
        not_after=re.compile(c["not_recipient_after"], re.I),
        cc_line=re.compile(r"(?im)^(?:(?:cc\.?|copy(?:\s+to)?|copies\s+to|copied\s+to|c\.c\.)\s*[:\-–]?\s+"
                           r"|(?:to|sent\s+to|recipients?|distribution(?:\s+list)?|addressees?)\s*:\s*).*$"),
        joiner=re.compile(r"\s*(?:,|;|and|&|as\s+well\s+as)\s*(?:to\s+)?(?:the\s+)?", re.I),
    )


_HEADLINE_WORD = re.compile(r"(?:response|respond|responding|reply|comments?|statement)\b", re.I)
_ASKS_WHO = re.compile(r"\b(?:sent|received|receive|copied|copy|copies|addressed)\b[^\n]*\?\s*\Z", re.I)


def _answered_recipients(ctx: Context):
    """Question-and-answer responses: "Who has received this response?" then "The Home
    Secretary and HMICFRS." """
    segs = ctx.segments
    for prev, seg in zip(segs, segs[1:]):
        if _ASKS_WHO.search(ctx.text, prev.span[0], prev.span[1]):
            s = seg.span[0] + len(re.match(r"(?:the\s+)?", ctx.text[seg.span[0]:], re.I).group(0))  # type: ignore[union-attr]
            yield from _mentions(ctx, s, seg.span[1], chained=True)


def _mentions(ctx: Context, s: int, e: int, *, chained: bool = False):
    """Recipient mentions in ``text[s:e]``; ``chained``: only a list starting right at ``s``."""
    p = _patterns()
    text = ctx.text
    pos = s
    while pos < e:
        m = p.recipient.match(text, pos, e) if chained else p.recipient.search(text, pos, e)
        if not m:
            return
        if not p.not_after.match(text, m.end()):
            yield p.names[int(m.lastgroup[1:])], m.span()  # type: ignore[index]
        elif chained:
            return
        pos = m.end()
        if chained:
            j = p.joiner.match(text, pos, e)
            if not j or j.end() == pos:
                return
            pos = j.end()


def extract_addressees(ctx: Context) -> list[Addressee]:
    p = _patterns()
    text = ctx.text
    found: list[tuple[Span, str]] = []
    for seg in ctx.of_kind("addressee", "salutation"):
        found.extend((span, name) for name, span in _mentions(ctx, *seg.span))
        if seg.kind == "salutation":
            m = p.secretary_names.search(text, seg.span[0], seg.span[1])
            if m:
                found.append((m.span("n"), "Home Secretary"))
    found.extend((span, name) for name, span in _answered_recipients(ctx))
    for m in p.cc_line.finditer(text):
        found.extend((span, name) for name, span in _mentions(ctx, m.start(), m.end()))
    for m in p.sending_to.finditer(text, ctx.low):
        if ctx.kind_at(m.start()) in ("heading", "subject") and _HEADLINE_WORD.match(text, m.start()):
            continue  # a headline "PCC response to HMICFRS inspection" names the report's author
        skip = re.match(r"(?:the\s+)?", text[m.end():]).end()  # type: ignore[union-attr]
        end = text.find(".", m.end())
        end = len(text) if end < 0 else end
        found.extend((span, name) for name, span in _mentions(ctx, m.end() + skip, min(end, m.end() + 200), chained=True))
    out: dict[str, Span] = {}
    for span, name in sorted(found):
        out.setdefault(name, span)
    return [Addressee(name=n, span=s) for n, s in sorted(out.items(), key=lambda kv: kv[1])]
