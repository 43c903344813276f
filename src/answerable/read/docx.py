"""Word ``.docx`` via python-docx: body paragraphs and tables in document order.

Headers and footers (letterheads, page numbers, slogans repeated on every page) are left out:
only the body is read. List paragraphs become ``"- item"`` (``"1. item"`` for numbered lists);
each table row becomes one line of its cells' text.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Iterator, Optional

from answerable.errors import CorruptFileError, EncryptedFileError
from answerable.read.archive import check_zip
from answerable.read.registry import Extracted, ReadContext, Reader, register

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Subtrees whose text is not the paragraph's visible text: deletions (tracked changes), text
# boxes (letterheads, pull quotes) and the duplicate fallback copy of drawings.
_SKIP = frozenset({f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent", f"{_MC}Fallback", f"{_W}pPr",
                   f"{_W}rPr", f"{_W}footnoteReference", f"{_W}endnoteReference"})
_CHARS = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
_LIST_ITEM = re.compile(r"^(?:- |\d+\. )")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc, or an encrypted .docx


def sniff_docx(data: bytes) -> bool:
    """True for a ZIP archive that holds ``word/document.xml``."""
    return data[:4] == b"PK\x03\x04" and b"word/document.xml" in data


def read_docx(data: bytes, ctx: ReadContext) -> Extracted:
    """The body text of a Word document, one block per paragraph or table row."""
    document = _open(data, ctx)
    numbering = _Numbering(document)
    blocks = _join_list_items(text for text in _body_blocks(document.element.body, numbering) if text.strip())
    title = (document.core_properties.title or "").strip() or _heading(document.element.body)
    return Extracted(pages=["\n\n".join(blocks)], title=title)


def _heading(body) -> Optional[str]:
    """The text of the first paragraph styled Title or Heading 1, when the file names no title."""
    for p in body.iterchildren(f"{_W}p"):
        style = p.find(f"{_W}pPr/{_W}pStyle")
        if style is not None and style.get(f"{_W}val", "").lower() in ("title", "heading1"):
            text = " ".join(paragraph_text(p).split())
            if text:
                return text
    return None


def _join_list_items(blocks) -> list[str]:
    """Consecutive list paragraphs become lines of one block, as list items are in plain text."""
    out: list[str] = []
    for block in blocks:
        if out and _LIST_ITEM.match(block) and _LIST_ITEM.match(out[-1].rsplit("\n", 1)[-1]):
            out[-1] += "\n" + block
        else:
            out.append(block)
    return out


def _open(data: bytes, ctx: ReadContext):
    """The python-docx Document, or the error that says why these bytes are not one (a zip
    bomb is refused before python-docx unpacks anything: :mod:`answerable.read.archive`)."""
    path = ctx.path

    if data.startswith(_OLE_MAGIC):
        raise EncryptedFileError(
            "is an old-style .doc or a password-protected Word file, which cannot be read: open "
            "it in Word and save it as an unprotected .docx (or PDF).", path=path)
    if data[:4] != b"PK\x03\x04":
        raise CorruptFileError(
            "is not a Word .docx file (a .docx is a ZIP archive; this is not): re-export it from "
            "Word as .docx, or give it the extension of what it really is.", path=path)
    check_zip(data, ctx.settings, path)  # before python-docx is even imported
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError) as exc:
        raise CorruptFileError(
            f"is a damaged ZIP archive or not a Word document ({type(exc).__name__}: {exc}): "
            "re-export it from Word as .docx.", path=path) from None
    except Exception as exc:  # lxml syntax errors and the like from a damaged package
        raise CorruptFileError(
            f"is a damaged Word document ({type(exc).__name__}): re-export it from Word as .docx.",
            path=path) from None


def _body_blocks(body, numbering: "_Numbering") -> Iterator[str]:
    """Text blocks of a body (or table cell) element in document order."""
    from docx.table import Table

    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            yield numbering.prefix(child) + paragraph_text(child)
        elif child.tag == f"{_W}tbl":
            yield from _table_rows(Table(child, None), numbering)
        elif child.tag == f"{_W}sdt":  # content controls wrap ordinary paragraphs
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _body_blocks(content, numbering)
        elif child.tag == f"{_W}customXml":  # so does custom XML markup
            yield from _body_blocks(child, numbering)


def paragraph_text(p) -> str:
    """The visible text of a ``w:p`` element, including insertions (tracked changes) and
    hyperlinks, without deletions or text boxes; tabs and line breaks as ``\\t`` and ``\\n``."""
    parts: list[str] = []
    stack = list(reversed(p))
    while stack:
        node = stack.pop()
        tag = node.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag in _CHARS:
            parts.append(_CHARS[tag])
        else:
            stack.extend(reversed(node))
    return "".join(parts)


def _table_rows(table, numbering: "_Numbering") -> Iterator[str]:
    """One line per table row (merged cells once), cell paragraphs joined by spaces."""
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for tc in row._tr.tc_lst:
            if id(tc) in seen:
                continue
            seen.add(id(tc))
            text = " ".join(b.strip() for b in _body_blocks(tc, numbering) if b.strip())
            if text:
                cells.append(text)
        if cells:
            yield " | ".join(cells) if len(cells) > 1 else cells[0]


class _Numbering:
    """Turns Word list numbering (numPr) into ``"- "`` or ``"3. "`` prefixes."""

    def __init__(self, document) -> None:
        self._formats: dict[tuple[str, str], str] = {}
        self._counters: dict[tuple[str, str], int] = {}
        self._formats[("style-number", "0")] = "decimal"  # paragraphs in the "List Number" style
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(f"{_W}abstractNumId"): a for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            definition = abstract.get(ref.get(f"{_W}val")) if ref is not None else None
            if definition is None:
                continue
            for lvl in definition.iter(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                self._formats[(num.get(f"{_W}numId"), lvl.get(f"{_W}ilvl"))] = (
                    fmt.get(f"{_W}val") if fmt is not None else "bullet")

    def prefix(self, p) -> str:
        """``"- "``, ``"1. "`` or ``""`` for the paragraph element ``p``."""
        num_id, level = self._num_pr(p)
        if num_id is None:
            return ""
        key = (num_id, level or "0")
        if self._formats.get(key, "bullet") == "decimal":
            self._counters[key] = self._counters.get(key, 0) + 1
            return f"{self._counters[key]}. "
        return "- "

    @staticmethod
    def _num_pr(p) -> tuple[Optional[str], Optional[str]]:
        """(numId, ilvl) of a list paragraph, from its numPr or its List Bullet/Number style."""
        ppr = p.find(f"{_W}pPr")
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if num_pr is None:
            style = ppr.find(f"{_W}pStyle") if ppr is not None else None
            name = style.get(f"{_W}val", "") if style is not None else ""
            name = name.lower()
            if name.startswith("listnumber"):
                return "style-number", "0"
            return ("style-bullet", "0") if name.startswith("listbullet") else (None, None)
        num_id = num_pr.find(f"{_W}numId")
        ilvl = num_pr.find(f"{_W}ilvl")
        value = num_id.get(f"{_W}val") if num_id is not None else None
        if value in (None, "0"):  # numId 0 switches numbering off
            return None, None
        return value, ilvl.get(f"{_W}val") if ilvl is not None else "0"


register(Reader("docx", (".docx",), read_docx, sniff=sniff_docx, description="Word .docx (body text)"))
