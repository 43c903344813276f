"""Rebuilding a PDF's text from its printed lines: paragraphs, columns, running heads.

PDF text has a hard line break at the end of every printed line, so paragraphs are rebuilt:
a vertical gap larger than the usual line spacing (or a first-line indent, or a short line
ending a sentence before a full one) starts a new paragraph; inside one, a line is joined to
the one before when that line was wrapped (the next line's first word would not have fitted,
or it starts in lower case without the line before ending a sentence). Page headers/footers
repeated on most pages and page numbers ("Page 2 of 3", "- 2 -", a lone "2") are dropped.
Line-end hyphens are removed only when the document itself spells the joined word without one.
Side-by-side blocks (an address on the left, the office's details on the right) are read one
after the other. Everything here works on :class:`Line` records, not on PDFium.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from answerable.read.registry import Extracted

# "2", "- 2 -", "Page 2", "Page 2 of 3", "2/3"
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-\u2013\u2014 ]*\d{1,3}[-\u2013\u2014 ]*(?:(?:of|/)\s*\d{1,3})?$",
                          re.I)
_SENTENCE_END = re.compile(r"[.!?:;\"\u201d)]$")
_LIST_START = re.compile(r"^\s*(?:[-\u2022\u25cf\u25aa\u2013*\uf0b7]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s)")
_SOFT_HYPHENS = ("\u00ad", "\x02")
# Prefixes after which a line-end hyphen is part of the word ("co-\nordination" -> "co-ordination")
_KEEP_HYPHEN_AFTER = frozenset({"co", "non", "self", "re", "pre", "post", "anti", "multi", "cross",
                                "cyber", "ex", "inter", "sub", "well", "long", "short", "high", "low",
                                "full", "part", "semi", "vice", "mid", "e"})
_MAX_LINE_STEP = 1.45  # baseline step of single- to 1.5-spaced text, in ems
_EDGE_LINES = 2  # lines at the top and bottom of a page examined for headers/footers
_WRAPPED_FRACTION = 0.72  # a line this long (relative to the long lines) was wrapped


@dataclass
class Line:
    """One printed line: its text, baseline height (PDF points, up the page) and font size."""

    text: str
    y: Optional[float] = None
    size: float = 0.0
    left: Optional[float] = None  # left edge of the first character
    right: Optional[float] = None  # right edge of the last character
    first_word: float = 0.0  # width of the first word, to tell whether it would have fitted above
    top: Optional[float] = None  # top of the first character's box
    column: Optional[int] = None  # 0/1 for the halves of a printed line split at a wide gap
    page_width: Optional[float] = None
    gapped: bool = False  # a table row: a wide gap inside, kept as one line


def order_columns(lines: list[Line]) -> list[Line]:
    """Lines with side-by-side blocks read one after the other: for a run of rows split into
    two columns (and the one-sided rows that continue it), the left column, then the right."""
    steps = sorted(a.y - b.y for a, b in zip(lines, lines[1:])
                   if a.y is not None and b.y is not None and a.y > b.y)
    usual = steps[len(steps) // 2] if steps else None
    out: list[Line] = []
    run: list[Line] = []
    split_x: Optional[float] = None
    for line in lines:
        if line.column == 1:
            split_x = line.left if split_x is None else min(split_x, line.left or split_x)
        if line.column is not None or (run and _continues_run(run[-1], line, split_x, usual)):
            if line.column is None:
                right_side = split_x is not None and line.left is not None and line.left >= split_x - 2
                line.column = 1 if right_side else 0
            run.append(line)
            continue
        out.extend(_by_column(run))
        run, split_x = [], None
        out.append(line)
    out.extend(_by_column(run))
    return out


def _continues_run(prev: Line, line: Line, split_x: Optional[float], usual: Optional[float]) -> bool:
    """True when a one-sided row belongs to the two-column block above it: no paragraph gap, and
    it stays on one side of the split."""
    if split_x is None or usual is None or None in (prev.y, line.y, line.left, line.right):
        return False
    close = 0 < prev.y - line.y <= 1.25 * usual
    return close and (line.right < split_x - 2 or line.left >= split_x - 2)


def _by_column(run: list[Line]) -> list[Line]:
    """The left-column lines of a run, then the right-column ones."""
    return [line for line in run if line.column == 0] + [line for line in run if line.column == 1]


def drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Pages without page numbers and without running headers/footers.

    A line at the top or bottom of a page is running when the same text is at an edge of at
    least half the pages (two at least), at the same height on each; or, if it differs only in
    numbers, when one of its numbers follows the page number ("Page 3", "OPCC | 3/7") and it is
    a footer or says "page" (so per-page headings like "Recommendation 3" are kept).
    """
    sides = [_edge_indexes(lines) for lines in pages]
    edges = [sorted(top | bottom) for top, bottom in sides]
    needed = max(2, (len(pages) + 1) // 2)
    exact: Counter[str] = Counter()
    heights: dict[str, list[float]] = {}
    shaped: dict[str, list[tuple[int, list[int]]]] = {}
    for page_no, (lines, idx) in enumerate(zip(pages, edges)):
        for key in {_key(lines[i]) for i in idx}:
            exact[key] += 1
        for i in idx:
            if lines[i].y is not None:
                heights.setdefault(_key(lines[i]), []).append(lines[i].y)
        for i in idx:
            shape, numbers = _shape(lines[i])
            if numbers:
                shaped.setdefault(shape, []).append((page_no, numbers))
    running_text = {k for k, n in exact.items() if n >= needed and _same_place(heights.get(k, []))}
    running_shape = {k for k, seen in shaped.items()
                     if len({p for p, _ in seen}) >= needed and _follows_pages(seen)}
    out = []
    for lines, idx, (_, footer) in zip(pages, edges, sides):
        drop = set()
        for i in idx:
            text = lines[i].text.strip()
            shape = _shape(lines[i])[0]
            if (_key(lines[i]) in running_text or _PAGE_NUMBER.match(text)
                    or shape in running_shape and (i in footer or _PAGEISH.search(text))):
                drop.add(i)
        out.append([line for i, line in enumerate(lines) if i not in drop])
    return out


_PAGEISH = re.compile(r"\bpage\b|\d\s*(?:/|of)\s*\d", re.I)


def _same_place(heights: list[float]) -> bool:
    """True when a repeated line sits at one height on every page (or heights are unknown)."""
    return not heights or max(heights) - min(heights) <= 2.0


def _key(line: Line) -> str:
    """A line's text with whitespace collapsed and lower-cased, for spotting repeats."""
    return " ".join(line.text.split()).lower()


def _shape(line: Line) -> tuple[str, list[int]]:
    """The line with its numbers replaced by "#", and those numbers."""
    key = _key(line)
    return re.sub(r"\d+", "#", key), [int(n) for n in re.findall(r"\d+", key)[:6]]


def _follows_pages(seen: list[tuple[int, list[int]]]) -> bool:
    """True when some number in the line is the page number plus a constant on every page."""
    width = min(len(numbers) for _, numbers in seen)
    return any(len({numbers[j] - page for page, numbers in seen}) == 1 for j in range(width))


def _edge_indexes(lines: list[Line]) -> tuple[set[int], set[int]]:
    """Indexes of the lines at the top and at the bottom of a page: first and last in reading
    order, and highest and lowest on the page (browsers write their running head last)."""
    n = len(lines)
    top = set(range(min(_EDGE_LINES, n)))
    bottom = set(range(max(0, n - _EDGE_LINES), n))
    placed = sorted((line.y, i) for i, line in enumerate(lines) if line.y is not None)
    top.update(i for _, i in placed[-_EDGE_LINES:])
    bottom.update(i for _, i in placed[:_EDGE_LINES])
    return top, bottom


def assemble(pages: list[list[Line]], title: Optional[str]) -> Extracted:
    """Page texts with paragraphs rebuilt, and which pages carry on the page before."""
    spacing = _typical_spacing(pages)
    layout = _Layout.of(pages)
    words = Vocabulary(pages)
    web_page = _printed_web_page(pages)
    texts: list[str] = []
    continued: list[bool | str] = []
    previous: Optional[Line] = None
    for lines in pages:
        text = _page_text(lines, spacing, layout, words)
        text = _drop_widget_lines(text) if web_page else text
        carries_on = bool(previous and lines and _continues_on_next_page(previous, lines[0], layout))
        joiner: bool | str = carries_on
        if carries_on and texts and texts[-1].endswith("-"):  # "recom-" | "mendations" over a page break
            texts[-1], right = join_words(texts[-1], text, words)
            joiner = right[: len(right) - len(text)]  # " ", or "" when the hyphen joins a word
        continued.append(joiner)
        texts.append(text)
        if lines:
            previous = lines[-1]
    return Extracted(pages=texts, paged=True, continued=continued, title=title)


_WEB_MARKERS = re.compile(r"skip to (?:the )?(?:main )?content|quick exit|(?:accept|reject)\b.{0,20}\bcookies"
                          r"|we use (?:some )?(?:essential )?cookies|text size", re.I)


def _printed_web_page(pages: list[list[Line]]) -> bool:
    """True when the PDF is a web page printed from a browser (it has a skip link, cookie
    banner, quick-exit link or text-size widget on its first page)."""
    return any(_WEB_MARKERS.search(line.text) for line in (pages[0] if pages else []))


def _drop_widget_lines(text: str) -> str:
    """A page without lines that are web-page widgets ("Skip to main content", "Accept all
    cookies"): a web page printed to PDF carries them. The phrases are the HTML reader's."""
    from answerable.read.html import boilerplate

    rules = boilerplate()
    return "\n".join(line for line in text.split("\n") if not rules.is_widget_line(line))


def _page_text(lines: list[Line], spacing: Optional[float], layout: _Layout, words: "Vocabulary") -> str:
    """One page's lines as text: blank lines between paragraphs, wrapped lines joined."""
    out: list[str] = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        if i == 0:
            out.append(text)
            continue
        prev = lines[i - 1]
        if _gap(prev, line, spacing) or layout.indented_start(prev, line):
            out.append("\n\n" + text)
        elif _continues(prev, line, layout):
            out[-1], text = join_words(out[-1], text, words)
            out.append(text)
        elif _SENTENCE_END.search(prev.text.rstrip()) and layout.full(line) and not layout.full(prev):
            out.append("\n\n" + text)  # a short last line, then a full one: a new paragraph
        else:
            out.append("\n" + text)
    return "".join(out)


def _gap(prev: Line, line: Line, spacing: Optional[float]) -> bool:
    """True when the vertical space between two lines, or a change of font size, marks a new
    paragraph. ``spacing`` is the usual baseline step as a multiple of the font size."""
    if prev.size and line.size and abs(prev.size - line.size) > 0.15 * max(prev.size, line.size):
        return True
    if spacing is None or prev.y is None or line.y is None:
        return False
    step = (prev.y - line.y) / _em(prev, line)
    return step < -spacing or step > 1.3 * spacing  # a big step down, or a jump back up (new column)


def _continues(prev: Line, line: Line, layout: "_Layout") -> bool:
    """True when ``line`` carries on the paragraph ``prev`` was wrapped in."""
    before, after = prev.text.rstrip(), line.text.lstrip()
    if not before or not after or _LIST_START.match(after):
        return False
    if before.endswith(("-",) + _SOFT_HYPHENS):
        return after[0].isalnum()
    if after[0].islower() and not _SENTENCE_END.search(before):
        return True
    set_lines = prev.column is not None or line.column is not None or prev.gapped or line.gapped
    if before.endswith(":") or set_lines:
        return False  # side-by-side blocks (address, office details) and table rows are set lines
    return layout.wrapped(prev, line)


def _continues_on_next_page(prev: Line, line: Line, layout: "_Layout") -> bool:
    """True when a page starts in the middle of the paragraph the page before ended in."""
    before = prev.text.rstrip()
    if _SENTENCE_END.search(before) and not line.text.lstrip()[:1].islower():
        return False
    return _continues(prev, line, layout)


@dataclass
class _Layout:
    """Where full lines end: a line was wrapped when the next line's first word would not fit."""

    right: Optional[float]  # usual right edge of full lines
    long_line: int  # characters in a full line, when there is no geometry
    left: Optional[float] = None  # usual left margin

    def indented_start(self, prev: Line, line: Line) -> bool:
        """True when ``line`` is a first-line-indented paragraph start after a finished sentence."""
        if self.left is None or prev.left is None or line.left is None:
            return False
        em = line.size or 10.0
        return (line.left > self.left + em and prev.left <= self.left + 0.3 * em
                and bool(_SENTENCE_END.search(prev.text.rstrip())))

    def full(self, line: Line) -> bool:
        """True when ``line`` reaches the usual right edge (it was filled, then wrapped)."""
        if self.right is None or line.right is None:
            return len(line.text.strip()) >= _WRAPPED_FRACTION * self.long_line
        return line.right >= self.right - 1.5 * (line.size or 10.0)

    def wrapped(self, prev: Line, line: Line) -> bool:
        """True when ``prev`` ended because ``line``'s first word did not fit on it."""
        if self.right is not None and prev.right is not None and line.left is not None:
            size = prev.size or 10.0  # a space is ~0.3 em; allow 0.75 em of slack at the margin
            return prev.right + 0.3 * size + line.first_word > self.right - 0.75 * size
        return len(prev.text.strip()) >= _WRAPPED_FRACTION * self.long_line

    @classmethod
    def of(cls, pages: list[list[Line]]) -> "_Layout":
        """The layout measured over all the document's lines."""
        rights = sorted(line.right for lines in pages for line in lines if line.right is not None)
        right = rights[int(0.9 * (len(rights) - 1))] if rights else None
        lefts = sorted(line.left for lines in pages for line in lines if line.left is not None)
        left = lefts[int(0.1 * (len(lefts) - 1))] if lefts else None
        width = next((line.page_width for lines in pages for line in lines if line.page_width), None)
        if right is not None and left is not None and width:
            mirrored = width - left  # margins are usually equal: where full lines would end
            if right - left < 0.75 * (mirrored - left):
                right = mirrored  # no line reaches across the page: none of them is full
        return cls(right=right, long_line=_long_line_length(pages), left=left)


def join_words(left: str, right: str, words: "Vocabulary") -> tuple[str, str]:
    """The two halves of a wrapped line, with the space or line-end hyphen between them decided."""
    if left.endswith(_SOFT_HYPHENS):
        return left[:-1], right
    if not left.endswith("-"):
        return left, " " + right
    match = re.search(r"(\w+)-$", left)
    if not match:
        return left, " " + right
    head = match.group(1)
    tail = re.match(r"\w+", right)
    joined = (head + tail.group(0)).lower() if tail else ""
    if head.lower() not in _KEEP_HYPHEN_AFTER and joined in words.words:
        return left[:-1], right  # "recom-" + "mendations", and the text spells "recommendations"
    return left, right  # a real hyphen: "county-" + "lines"


def _typical_spacing(pages: list[list[Line]]) -> Optional[float]:
    """The usual distance between the baselines of consecutive lines of a paragraph, as a
    multiple of the font size (so a large heading wrapped over lines is still one block)."""
    ratios = []
    for lines in pages:
        for prev, line in zip(lines, lines[1:]):
            if prev.y is not None and line.y is not None and prev.y > line.y:
                ratios.append((prev.y - line.y) / _em(prev, line))
    if len(ratios) < 2:
        return None
    ratios.sort()
    middle = ratios[len(ratios) // 2]
    usual = [r for r in ratios if r >= 0.5 * middle]  # not superscripts or split fragments
    # the lower quartile (paragraph lines outnumber paragraph gaps), but no more than 1.45 em:
    # in a letter of one-line paragraphs every step is a paragraph gap
    return min(usual[len(usual) // 4], _MAX_LINE_STEP)


def _em(prev: Line, line: Line) -> float:
    """The font size that scales the spacing between two lines."""
    return max(prev.size, line.size) or 10.0


def _long_line_length(pages: list[list[Line]]) -> int:
    """Characters in a full-width line: the 90th percentile of line lengths."""
    lengths = sorted(len(line.text.strip()) for lines in pages for line in lines)
    if not lengths:
        return 80
    return max(20, lengths[int(0.9 * (len(lengths) - 1))])


class Vocabulary:
    """The document's words, lower-cased; collected only when a line-end hyphen needs them."""

    def __init__(self, pages: list[list[Line]]) -> None:
        self._pages = pages
        self._words: Optional[set[str]] = None

    @property
    def words(self) -> set[str]:
        """Every word of the document, lower-cased."""
        if self._words is None:
            self._words = {w.lower() for lines in self._pages for line in lines
                           for w in re.findall(r"\w+", line.text)}
        return self._words
