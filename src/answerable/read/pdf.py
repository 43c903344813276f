"""PDF via pypdfium2: the text layer page by page, as printed lines with their geometry.

This module talks to PDFium (open, decrypt check, text and character boxes, drawn bullets,
lines that run across two columns); :mod:`answerable.read.pdf_layout` turns the lines into
paragraphs, drops running heads and page numbers, and joins hyphenated words. Refuses a PDF
with no text layer (:class:`NeedsOCRError`), an encrypted one, a damaged one, and one with
more pages than ``settings.max_pdf_pages``.
"""

from __future__ import annotations

import ctypes
import re
import threading
from typing import Optional

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from answerable.errors import CorruptFileError, EncryptedFileError, FileTooLargeError, NeedsOCRError
from answerable.read.pdf_layout import Line, assemble, drop_running_lines, order_columns
from answerable import budget
from answerable.read.registry import Extracted, ReadContext, Reader, register

_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
# PDFium is not thread-safe: the web server may read two uploads at once, so one at a time.
_PDFIUM_LOCK = threading.Lock()
# PDFium ends a line at CR LF, except after a hyphen that ends a line: it writes U+FFFE there
# instead of "-" and carries straight on, so a line is split after U+FFFE too.
_LINE_SPLIT = re.compile("\r\n|\r|\n|(?<=\ufffe)")
# The left cell of a table row, not a block of its own: "3", "4.", "Recommendation 2", "AFI 5"
_ROW_LABEL = re.compile(r"^(?:\(?\d{1,3}[.)]?|[a-z][.)]|(?:recommendation|area for improvement|afi|"
                        r"cause of concern)\s*\d{0,3}[.:]?)$", re.I)


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
    result = assemble(pages, _clean_title(title))
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
        pages = []
        for i in range(count):
            budget.check()  # a page at a time: a slow PDF stops within its time budget
            pages.append(_page_lines(document[i]))
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


def _not_a_pdf(data: bytes, path: str) -> CorruptFileError:
    """The error for bytes named .pdf that have no PDF header: say what they look like."""
    from answerable.read.html import sniff_html
    from answerable.read.text import looks_binary

    if sniff_html(data):
        what = "it is a web page (HTML): rename it with the extension .html"
    elif data[:4] == b"PK\x03\x04":
        what = "it is a ZIP archive (a Word .docx?): rename it with its real extension"
    elif not looks_binary(data):
        what = "it holds plain text: rename it with the extension .txt"
    else:
        what = "it does not start with the %PDF- header: download or export the PDF again"
    return CorruptFileError(f"is not a PDF ({what}).", path=path)


def _open(data: bytes, path: str) -> pdfium.PdfDocument:
    """The pdfium document, or the error that says why these bytes cannot be opened."""
    if not sniff_pdf(data):
        raise _not_a_pdf(data, path)
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


register(Reader("pdf", (".pdf",), read_pdf, sniff=sniff_pdf, description="PDF with a text layer"))
