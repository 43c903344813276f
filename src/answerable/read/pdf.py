"""PDF via pypdfium2: the text layer page by page, rebuilt into paragraphs.

PDF text has a hard line break at the end of every printed line, so paragraphs are rebuilt:
a vertical gap larger than the usual line spacing starts a new paragraph; inside one, a line
is joined to the one before when that line was wrapped (it is long, or the next line starts in
lower case without the line before ending a sentence). Page headers/footers repeated on most
pages and page numbers ("Page 2 of 3", "- 2 -", a lone "2") are dropped. Line-end hyphens are
removed only when the document itself spells the joined word without one.
"""

from __future__ import annotations

import ctypes
import re
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Optional

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from answerable.errors import CorruptFileError, EncryptedFileError, FileTooLargeError, NeedsOCRError
from answerable.read.registry import Extracted, ReadContext, Reader, register

_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
# PDFium is not thread-safe: the web server may read two uploads at once, so one at a time.
_PDFIUM_LOCK = threading.Lock()
# "2", "- 2 -", "Page 2", "Page 2 of 3", "2/3"
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-\u2013\u2014 ]*\d{1,3}[-\u2013\u2014 ]*(?:(?:of|/)\s*\d{1,3})?$",
                          re.I)
# PDFium ends a line at CR LF, except after a hyphen that ends a line: it writes U+FFFE there
# instead of "-" and carries straight on, so a line is split after U+FFFE too.
_LINE_SPLIT = re.compile("\r\n|\r|\n|(?<=\ufffe)")
_SENTENCE_END = re.compile(r"[.!?:;\"\u201d)]$")
_LIST_START = re.compile(r"^\s*(?:[-\u2022\u25cf\u25aa\u2013*\uf0b7]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s)")
_SOFT_HYPHENS = ("\u00ad", "\x02")
# Prefixes after which a line-end hyphen is part of the word ("co-\nordination" -> "co-ordination")
_KEEP_HYPHEN_AFTER = frozenset({"co", "non", "self", "re", "pre", "post", "anti", "multi", "cross",
                                "cyber", "ex", "inter", "sub", "well", "long", "short", "high", "low",
                                "full", "part", "semi", "vice", "mid", "e"})
# The left cell of a table row, not a block of its own: "3", "4.", "Recommendation 2", "AFI 5"
_ROW_LABEL = re.compile(r"^(?:\(?\d{1,3}[.)]?|[a-z][.)]|(?:recommendation|area for improvement|afi|"
                        r"cause of concern)\s*\d{0,3}[.:]?)$", re.I)
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


def sniff_pdf(data: bytes) -> bool:
    """True for bytes that start (give or take a little junk) with ``%PDF-``."""
    return b"%PDF-" in data[:1024]


def read_pdf(data: bytes, ctx: ReadContext) -> Extracted:
    """Text of every page of a PDF, with paragraphs rebuilt and running heads dropped."""
    with _PDFIUM_LOCK:
        count, pages, title = _extract_lines(data, ctx)
    if not any(line.text.strip() for lines in pages for line in lines):
        raise NeedsOCRError(
            f"the PDF ({count} page{'s' if count != 1 else ''}) has no text layer (scanned image?); "
            "run OCR (e.g. ocrmypdf) first, then read the OCR'd file.",
            path=ctx.path,
        )
    _check_legible(pages, ctx.path)
    blank = [str(i + 1) for i, lines in enumerate(pages) if not lines]
    pages = drop_running_lines(pages)
    result = _assemble(pages, _clean_title(title))
    if blank and count > 1:
        many = len(blank) > 1
        result.warnings.append(
            f"page{'s' if many else ''} {', '.join(blank)} of {count} ha{'ve' if many else 's'} no text "
            f"layer (scanned?), so {'their' if many else 'its'} text is missing: run OCR (e.g. "
            f"ocrmypdf) to read {'them' if many else 'it'}.")
    return result


def _extract_lines(data: bytes, ctx: ReadContext) -> tuple[int, list[list[Line]], Optional[str]]:
    """The page count, each page's lines and the metadata title (all PDFium work is here)."""
    document = _open(data, ctx.path)
    try:
        count = len(document)
        limit = ctx.settings.max_pdf_pages
        if count > limit:
            raise FileTooLargeError(
                f"the PDF has {count} pages, more than the limit of {limit}: split it, or raise "
                "the limit with ANSWERABLE_MAX_PDF_PAGES.",
                path=ctx.path, detail={"pages": count, "limit": limit},
            )
        pages = [_page_lines(document[i]) for i in range(count)]
        title = (document.get_metadata_value("Title") or "").strip() or None
    finally:
        document.close()
    return count, pages, title


def _check_legible(pages: list[list[Line]], path: str) -> None:
    """Refuse a text layer that is mostly unmapped glyphs (fonts without a Unicode map)."""
    sample = "".join(line.text for lines in pages[:20] for line in lines)[:50_000]
    visible = [c for c in sample if not c.isspace()]
    if not visible:
        return
    bad = sum(1 for c in visible if c == "\ufffd" or "\ue000" <= c <= "\uf8ff" or ord(c) < 32)
    if bad / len(visible) > 0.3:
        raise NeedsOCRError(
            f"the PDF's text layer is unreadable ({bad * 100 // len(visible)}% of its characters "
            "are unmapped glyphs, from fonts without a Unicode map); run OCR (e.g. ocrmypdf "
            "--force-ocr) and read the OCR'd file.", path=path)


def _clean_title(title: Optional[str]) -> Optional[str]:
    """The metadata title, or None when it is only a file name ("Microsoft Word - letter.docx")."""
    if not title:
        return None
    title = re.sub(r"^Microsoft (?:Word|PowerPoint) - ", "", title).strip()
    if not title or title.lower() in ("untitled", "title"):
        return None
    if re.search(r"\.(?:docx?|pdf|rtf|odt|pages|txt)$", title, re.I):  # a file name
        return None
    return title


def _open(data: bytes, path: str) -> pdfium.PdfDocument:
    """The pdfium document, or the error that says why these bytes cannot be opened."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PASSWORD_ERROR:
            raise EncryptedFileError(
                "the PDF is encrypted and needs a password to open: save an unprotected copy "
                "(e.g. qpdf --decrypt) and read that.",
                path=path,
            ) from None
        raise CorruptFileError(
            f"not a readable PDF ({exc}): the file is damaged or incomplete; download or export it again.",
            path=path,
        ) from None


def _page_lines(page: pdfium.PdfPage) -> list[Line]:
    """The lines of one page in reading order, each with its baseline where pdfium gives one."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return []
        text = textpage.get_text_range(0, count)
        aligned = len(text) == count  # char index i is text[i]: baselines can be looked up
        raw, boxes = textpage.raw, _Boxes()
        bullets = _drawn_bullets(page, boxes) if aligned else []
        width = page.get_width()
        lines: list[Line] = []
        start = 0
        for match in [*_LINE_SPLIT.finditer(text), None]:
            end = match.start() if match else len(text)
            chunk = text[start:end].replace("\ufffe", "-")  # same length: indexes stay aligned
            pieces, gapped = (_split_at_gap(raw, boxes, chunk, start) if aligned and chunk.strip()
                              else ([(chunk, start)], False))
            for column, (piece, offset) in enumerate(pieces):
                if not piece.strip():
                    continue
                line = _line(raw, boxes, piece, offset) if aligned else Line(piece)
                line.page_width, line.gapped = width, gapped
                if len(pieces) > 1:
                    line.column = column
                if bullets and _after_bullet(line, bullets):
                    line.text = "- " + line.text.lstrip()
                lines.append(line)
            if match:
                start = match.end()
        return order_columns(lines)
    finally:
        textpage.close()
        page.close()


def _split_at_gap(raw, boxes: "_Boxes", chunk: str, start: int) -> tuple[list[tuple[str, int]], bool]:
    """A printed line that pdfium joined across two columns (an address on the left, the
    office's details on the right) as two ``(text, first char index)`` pieces; else one. The
    flag is true for a line with a wide gap left whole (a table row)."""
    whole = [(chunk, start)]
    count = pdfium_c.FPDFText_CountRects(raw, start, len(chunk))
    if count < 2:
        return whole, False
    rects = sorted(boxes.rect(raw, i) for i in range(count))  # (left, top, right, bottom)
    height = max(top - bottom for _, top, _, bottom in rects)
    reach, best_gap, best = rects[0][2], 0.0, None
    for rect in rects[1:]:
        if rect[0] - reach > best_gap:
            best_gap, best = rect[0] - reach, rect
        reach = max(reach, rect[2])
    if best is None or best_gap < max(5 * height, 36.0):
        return whole, False
    index = pdfium_c.FPDFText_GetCharIndexAtPos(raw, best[0] + 0.5, (best[1] + best[3]) / 2, 2.0, 2.0)
    cut = index - start
    if not 0 < cut < len(chunk):
        return whole, False
    if _ROW_LABEL.match(chunk[:cut].strip()):
        return whole, True  # a table row ("3   Accepted ...") stays one line
    return [(chunk[:cut], start), (chunk[cut:], index)], False


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


class _Boxes:
    """Reused ctypes buffers for pdfium's per-character geometry calls (fast in a loop)."""

    def __init__(self) -> None:
        self.left, self.right, self.bottom, self.top = (ctypes.c_double() for _ in range(4))
        self.refs = tuple(ctypes.byref(v) for v in (self.left, self.right, self.bottom, self.top))
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self._rect_values = tuple(ctypes.c_double() for _ in range(4))  # left, top, right, bottom
        self._rect_refs = tuple(ctypes.byref(v) for v in self._rect_values)

    def box(self, raw, index: int) -> tuple[float, float]:
        """(left, right) of character ``index``."""
        pdfium_c.FPDFText_GetCharBox(raw, index, *self.refs)
        return self.left.value, self.right.value

    def rect(self, raw, index: int) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of text rectangle ``index`` (after FPDFText_CountRects)."""
        pdfium_c.FPDFText_GetRect(raw, index, *self._rect_refs)
        return tuple(v.value for v in self._rect_values)  # type: ignore[return-value]

    def baseline(self, raw, index: int) -> Optional[float]:
        """The baseline height of character ``index``, or None when pdfium has none."""
        if pdfium_c.FPDFText_GetCharOrigin(raw, index, ctypes.byref(self.x), ctypes.byref(self.y)):
            return self.y.value
        return None


def _drawn_bullets(page: pdfium.PdfPage, boxes: _Boxes) -> list[tuple[float, float, float, float]]:
    """Small square shapes drawn on the page (list bullets that browsers and Word draw as
    graphics, not text), as (left, bottom, right, top)."""
    found = []
    raw_page = page.raw
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    refs = tuple(ctypes.byref(v) for v in (l, b, r, t))
    for i in range(pdfium_c.FPDFPage_CountObjects(raw_page)):
        obj = pdfium_c.FPDFPage_GetObject(raw_page, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
            continue
        width, height = r.value - l.value, t.value - b.value
        if 1.0 <= width <= 8.0 and 1.0 <= height <= 8.0 and 0.6 <= width / height <= 1.6:
            found.append((l.value, b.value, r.value, t.value))
    return found


def _after_bullet(line: Line, bullets: list[tuple[float, float, float, float]]) -> bool:
    """True when a drawn bullet sits just left of the line's first character, level with it."""
    if line.left is None or line.y is None:
        return False
    top = line.top if line.top is not None and line.top > line.y else line.y + 0.7 * (line.size or 10.0)
    em = max(top - line.y, 4.0) / 0.7
    for left, bottom, right, upper in bullets:
        middle = (bottom + upper) / 2
        if right <= line.left and line.left - right <= 3 * em and line.y - 1 <= middle <= top + 1:
            return True
    return False


def _line(raw, boxes: _Boxes, chunk: str, start: int) -> Line:
    """A line with its geometry; ``start`` is the page character index of ``chunk[0]``."""
    stripped = chunk.strip()
    first = start + (len(chunk) - len(chunk.lstrip()))
    last = first + len(stripped) - 1
    word_end = first + len(stripped.split(None, 1)[0]) - 1
    left = boxes.box(raw, first)[0]
    top = boxes.top.value
    return Line(chunk, y=boxes.baseline(raw, first), size=pdfium_c.FPDFText_GetFontSize(raw, first),
                left=left, right=boxes.box(raw, last)[1], first_word=boxes.box(raw, word_end)[1] - left,
                top=top)


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


def _assemble(pages: list[list[Line]], title: Optional[str]) -> Extracted:
    """Page texts with paragraphs rebuilt, and which pages carry on the page before."""
    spacing = _typical_spacing(pages)
    layout = _Layout.of(pages)
    words = _Vocabulary(pages)
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
            texts[-1], right = _join_words(texts[-1], text, words)
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


def _page_text(lines: list[Line], spacing: Optional[float], layout: _Layout, words: "_Vocabulary") -> str:
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
            out[-1], text = _join_words(out[-1], text, words)
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


def _join_words(left: str, right: str, words: "_Vocabulary") -> tuple[str, str]:
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


class _Vocabulary:
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


register(Reader("pdf", (".pdf",), read_pdf, sniff=sniff_pdf, description="PDF with a text layer"))
