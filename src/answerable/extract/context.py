"""What every field extractor reads: the text, its segments and its sentences."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from answerable.extract.lexicon import CuePattern, cue_count, lowered, scan_cues
from answerable.models import Segment, Span

BODY_KINDS = ("paragraph", "list_item")
_WRAP = re.compile(r"(?<!\n)\n(?!\n)")
SCANNED_KINDS = ("paragraph", "list_item", "heading", "subject")
NEGATION = re.compile(
    r"\b(?:not|never|no|cannot|can't|don't|doesn't|didn't|won't|neither|nor|without|unable to)\b[^.;,]{0,25}\Z", re.I)
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|No|Nos|vs|etc|Cllr|Prof|Rt|Hon|Co|Ltd|para|paras|p|pp|Supt|Insp|Sgt|Det|Ch|approx|Fig|Vol|ref)|\b[A-Z]|\be\.g|\bi\.e)\.$"
)
_SENT_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_BULLET_PREFIX = re.compile(r"\s*(?:[-•*–·▪●◦‣]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)])\s+")


def strip_span(text: str, s: int, e: int) -> Span:
    """Shrink ``(s, e)`` past surrounding whitespace."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


@dataclass
class Context:
    """One letter being extracted: its text, segments and sentences, the warnings gathered so
    far, and cue matches computed once and shared by the stance and statement extractors."""

    text: str
    segments: list[Segment]
    warnings: list[str] = field(default_factory=list)
    _hits: dict[int, list[Span]] = field(default_factory=dict, repr=False)
    _scan: tuple[int, dict[int, list[Span]]] | None = field(default=None, repr=False)
    _merged: dict[tuple[int, ...], list[int]] = field(default_factory=dict, repr=False)
    memo: dict[str, object] = field(default_factory=dict, repr=False)  # results shared by extractors

    def cue_hits(self, cue: CuePattern) -> list[Span]:
        """Every match of ``cue`` inside the paragraphs, list items, headings and subject lines,
        sorted by start, in text offsets; computed once per letter."""
        hits = self._hits.get(id(cue))
        if hits is None:
            view = self._view
            if cue.prefixes is not None and self.low is not None and cue.index >= 0:
                found = self._word_scan(cue.index).get(cue.index, [])
            elif view is None:
                found = [m.span() for m in cue.finditer(self.text, self.low)]
            else:
                found = [view.span_in_text(m.span()) for m in cue.finditer(view.text, view.text)]
            hits = [h for h in found if self._scanned(h)]  # the body's, in text offsets
            self._hits[id(cue)] = hits
        return hits

    def _word_scan(self, needed: int) -> dict[int, list[Span]]:
        """Every cue list's matches from one pass over the words (see ``lexicon.scan_cues``),
        redone if cue list ``needed`` was compiled after the last pass."""
        if self._scan is None or needed >= self._scan[0]:
            view = self._view
            count = cue_count()
            if view is None:
                hits = scan_cues(self.low or "")
            else:
                hits = {ci: [view.span_in_text(h) for h in spans] for ci, spans in scan_cues(view.text).items()}
            self._scan = (count, hits)
        return self._scan[1]

    @cached_property
    def _scanned_spans(self) -> tuple[list[int], list[int]]:
        spans = sorted([s.span for s in self.segments if s.kind in SCANNED_KINDS] + [s.span for s in self.prose_tail])
        return [s for s, _ in spans], [e for _, e in spans]

    def _scanned(self, hit: Span) -> bool:
        """True when ``hit`` lies inside one paragraph, list item, heading or subject line."""
        starts, ends = self._scanned_spans
        i = bisect.bisect_right(starts, hit[0]) - 1
        return i >= 0 and hit[1] <= ends[i]

    @cached_property
    def _view(self) -> "_JoinedView | None":
        """The lowercased text with words broken at a line-end hyphen joined again
        ("recommenda-\\ntions"), when there are any; None otherwise."""
        low = self.low
        if low is None or "-" not in low:
            return None
        cuts = [m.start() for m in _HYPHEN_BREAK.finditer(self.text)]
        return _JoinedView(low, cuts) if cuts else None

    def any_cue(self, cues: tuple[CuePattern, ...], s: int, e: int) -> bool:
        """True when a match of any of ``cues`` starts inside ``[s, e)``: one bisect, so a
        sentence with no cue at all is passed over without trying each list."""
        key = tuple(id(c) for c in cues)
        starts = self._merged.get(key)
        if starts is None:
            starts = sorted(h[0] for c in cues for h in self.cue_hits(c))
            self._merged[key] = starts
        i = bisect.bisect_left(starts, s)
        return i < len(starts) and starts[i] < e

    def first_cue(self, cue: CuePattern, s: int, e: int, *, affirmed: bool = True) -> Span | None:
        """The first match of ``cue`` inside ``[s, e)``; with ``affirmed``, the first one not
        preceded by a negation in the same clause ("do not agree with")."""
        hits = self.cue_hits(cue)
        i = bisect.bisect_left(hits, (s, -1))
        while i < len(hits) and hits[i][0] < e:
            hs, he = hits[i]
            if he <= e and not (affirmed and NEGATION.search(self.text, max(s, hs - 40), hs)):
                return hits[i]
            i += 1
        return None

    @cached_property
    def role_hits(self) -> list[tuple[str, Span]]:
        """Every role title in the text, (canonical role, span), in order; found once."""
        from answerable.extract.lexicon import roles

        return list(roles().finditer(self.text))

    def roles_in(self, s: int, e: int) -> list[tuple[str, Span]]:
        """The role titles that lie inside ``[s, e)``."""
        hits = self.role_hits
        i = bisect.bisect_left(hits, s, key=lambda h: h[1][0])
        out = []
        while i < len(hits) and hits[i][1][0] < e:
            if hits[i][1][1] <= e:
                out.append(hits[i])
            i += 1
        return out

    def of_kind(self, *kinds: str) -> list[Segment]:
        return [s for s in self.segments if s.kind in kinds]

    def seg_text(self, seg: Segment) -> str:
        return self.text[seg.span[0]:seg.span[1]]

    @cached_property
    def low(self) -> str | None:
        """The lowercased text when offsets survive lowercasing (for fast cue matching), with
        each line break inside a paragraph read as a space, so cues match across wrapped lines."""
        low = lowered(self.text)
        return _WRAP.sub(" ", low) if low is not None and "\n" in low else low

    @cached_property
    def _starts(self) -> list[int]:
        return [s.span[0] for s in self._outer]

    @cached_property
    def _outer(self) -> list[Segment]:
        return [s for s in self.segments if s.kind != "link_residue"]

    def segment_at(self, offset: int) -> Segment | None:
        """The (outer) segment holding ``offset``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self._outer[i].span[0] <= offset < self._outer[i].span[1]:
            return self._outer[i]
        return None

    def kind_at(self, offset: int) -> str | None:
        """Kind of the (outer) segment holding ``offset``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0:
            seg = self._outer[i]
            if seg.span[0] <= offset < seg.span[1]:
                return seg.kind
        return None

    @cached_property
    def body_span(self) -> Span:
        """From the first to the end of the last paragraph or list item."""
        body = self.of_kind(*BODY_KINDS)
        if not body:
            return (0, 0)
        return body[0].span[0], body[-1].span[1]

    @cached_property
    def prose_tail(self) -> list[Segment]:
        """Lines the segmenter took for a heading or a signature that are prose: a quoted
        line of a press statement without its full stop ("“This is a key role for PCCs and I
        will ensure it is followed through"), or a truncated page's last sentence taken for a
        signature with no sign-off before it."""
        signed = bool(self.of_kind("sign_off"))
        out = []
        for seg in self.segments:
            if seg.kind == "heading" or seg.kind == "signature" and not signed:
                text = self.seg_text(seg)
                words = text.split()
                if len(words) >= 8 and sum(w[:1].islower() for w in words) * 2 > len(words) \
                        and (seg.kind == "signature" or text[:1] in "“\"‘"):
                    out.append(seg)
        return out

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences of paragraphs and list items (and of a prose tail); link residue cuts a
        sentence in two."""
        residues = [s.span for s in self.of_kind("link_residue")]
        out: list[Span] = []
        body = self.of_kind(*BODY_KINDS) + self.prose_tail
        for seg in sorted(body, key=lambda g: g.span):
            s, e = seg.span
            if seg.kind == "list_item":
                m = _BULLET_PREFIX.match(self.text, s)
                if m and m.end() < e:
                    s = m.end()
            holes = [r for r in residues if s <= r[0] and r[1] <= e]
            # a line opening a new quotation starts a new sentence, full stop or not
            holes += [(m.start(), m.start() + 1) for m in _NEW_QUOTE_LINE.finditer(self.text, s, e)]
            for ps, pe in _cut(s, e, holes):
                out.extend(split_sentences(self.text, ps, pe))
        return out

    def sentence_at(self, offset: int) -> Span | None:
        for s, e in self.sentences:
            if s <= offset < e:
                return (s, e)
        return None


_NEW_QUOTE_LINE = re.compile(r"\n(?=[ \t]*[“\"‘'])")
_HYPHEN_BREAK = re.compile(r"(?<=[A-Za-z])-\n(?=[a-z])")


class _JoinedView:
    """``low`` with the two characters ``-\\n`` removed at each cut, and the offset maps."""

    __slots__ = ("text", "cuts", "view_cuts")

    def __init__(self, low: str, cuts: list[int]):
        parts, pos = [], 0
        for c in cuts:
            parts.append(low[pos:c])
            pos = c + 2
        parts.append(low[pos:])
        self.text = "".join(parts)
        self.cuts = cuts
        self.view_cuts = [c - 2 * i for i, c in enumerate(cuts)]  # where each join sits in the view

    def to_view(self, offset: int) -> int:
        return offset - 2 * bisect.bisect_right(self.cuts, offset - 1)

    def to_text(self, offset: int) -> int:
        return offset + 2 * bisect.bisect_right(self.view_cuts, offset)

    def span_in_text(self, span: Span) -> Span:
        return self.to_text(span[0]), self.to_text(span[1] - 1) + 1


def _cut(s: int, e: int, holes: list[Span]) -> list[Span]:
    out, pos = [], s
    for hs, he in sorted(holes):
        if hs > pos:
            out.append((pos, hs))
        pos = max(pos, he)
    if pos < e:
        out.append((pos, e))
    return out


def split_sentences(text: str, s: int, e: int) -> list[Span]:
    """Sentence spans inside ``text[s:e]``, whitespace-trimmed, never empty."""
    spans, start = [], s
    for m in _SENT_END.finditer(text, s, e):
        end = m.end()
        if _ABBREV.search(text, max(start, end - 8), end) and text[end - 1] == ".":
            continue
        spans.append(strip_span(text, start, end))
        start = end
    spans.append(strip_span(text, start, e))
    return [(a, b) for a, b in spans if b > a and any(ch.isalnum() for ch in text[a:b])]
