"""Render a letter's text as HTML with every piece of evidence marked.

Each evidence span ``(start, end)`` becomes ``<mark class="ev kind-…" id="ev-start-end"
data-ev="ev-start-end">…</mark>``, so a finding or field can link to ``#ev-start-end``: CSS
``:target`` marks it without JavaScript and ``static/answerable.js`` adds ``active`` to every
piece of it on click. Statement spans carry their kind (``kind-commitment``…); other evidence
(fields, findings) carries ``kind-evidence``. Spans that cross each other are split so the HTML
stays well nested; the continuation pieces share the ``data-ev`` name but not the ``id``.

All text is escaped here (markupsafe), so a letter containing ``<script>`` shows as text.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Iterable, Optional

from markupsafe import Markup, escape

Span = tuple[int, int]


def ev_id(span: Span) -> str:
    """The anchor name of an evidence span: ``ev-12-80``."""
    return f"ev-{int(span[0])}-{int(span[1])}"


@dataclass
class Mark:
    """One evidence span to mark, with its CSS classes and a tooltip."""

    start: int
    end: int
    classes: list[str] = field(default_factory=list)
    title: str = ""


def _merge(marks: Iterable[Mark], length: int) -> list[Mark]:
    """Clip spans to the text, drop empty ones, and merge marks with identical spans."""
    merged: dict[Span, Mark] = {}
    for mark in marks:
        start, end = max(0, int(mark.start)), min(length, int(mark.end))
        if end <= start:
            continue
        key = (start, end)
        if key in merged:
            have = merged[key]
            have.classes += [c for c in mark.classes if c not in have.classes]
            if mark.title and mark.title not in have.title:
                have.title = f"{have.title}; {mark.title}" if have.title else mark.title
        else:
            merged[key] = Mark(start, end, list(mark.classes), mark.title)
    return list(merged.values())


@dataclass(order=True)
class _Piece:
    start: int
    neg_end: int
    seq: int
    mark: Mark = field(compare=False)
    first: bool = field(compare=False, default=True)

    @property
    def end(self) -> int:
        return -self.neg_end


def _open_tag(piece: _Piece, name: str) -> str:
    classes = " ".join(["ev", *piece.mark.classes])
    id_attr = f' id="{name}"' if piece.first else ""
    title = f' title="{escape(piece.mark.title)}"' if piece.mark.title else ""
    return f'<mark class="{escape(classes)}"{id_attr} data-ev="{name}"{title}>'


def render_marked(text: str, marks: Iterable[Mark]) -> Markup:
    """``text`` as escaped HTML with each mark wrapped in a ``<mark>`` element (well nested)."""
    heap: list[_Piece] = []
    for seq, mark in enumerate(_merge(marks, len(text))):
        heapq.heappush(heap, _Piece(mark.start, -mark.end, seq, mark))
    out: list[str] = []
    stack: list[_Piece] = []
    pos = 0
    seq = len(heap)

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1].end <= limit:
            top = stack.pop()
            out.append(str(escape(text[pos:top.end])))
            pos = top.end
            out.append("</mark>")

    while heap:
        piece = heapq.heappop(heap)
        close_until(piece.start)
        if stack and piece.end > stack[-1].end:  # crosses its parent: split it
            seq += 1
            cont = Mark(piece.mark.start, piece.mark.end, piece.mark.classes, piece.mark.title)
            rest = _Piece(stack[-1].end, -piece.end, seq, cont, first=False)
            heapq.heappush(heap, rest)
            piece = _Piece(piece.start, -stack[-1].end, piece.seq, piece.mark, piece.first)
        out.append(str(escape(text[pos:piece.start])))
        pos = piece.start
        out.append(_open_tag(piece, ev_id((piece.mark.start, piece.mark.end))))
        stack.append(piece)
    close_until(len(text) + 1)
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def statement_marks(statements: Iterable[object]) -> list[Mark]:
    """One mark per statement, classed by its kind (``kind-commitment``)."""
    marks = []
    for st in statements:
        span = getattr(st, "span", None)
        if not span:
            continue
        kind = str(getattr(st, "kind", "statement"))
        marks.append(Mark(span[0], span[1], [f"kind-{kind}"], kind.replace("_", " ")))
    return marks


def evidence_marks(spans: Iterable[Optional[Span]], title: str = "") -> list[Mark]:
    """Marks for other evidence (fields, findings)."""
    return [Mark(s[0], s[1], ["kind-evidence"], title) for s in spans if s]
