"""Auditing a draft sent to the server: size limit, type sniffing, then read → extract → audit.

Uploaded bytes never touch the file system under a name the user chose: the format is sniffed
from the bytes (the file name only tells ``txt`` from ``md``) and the reader gets a fixed name
``draft.<format>``. Pasted text goes through ``read_text`` — never ``extract(str)``, which would
open a file if the text happened to be a path.
"""

from __future__ import annotations

from typing import Any, Optional

from answerable.errors import EmptyDocumentError, FileTooLargeError, UnsupportedFormatError

ALLOWED = ("txt", "md", "pdf", "docx", "html")


def check_size(data: bytes, limit: int) -> None:
    if len(data) > limit:
        raise FileTooLargeError(
            f"the draft is {len(data)} bytes, over the limit of {limit} bytes: send a smaller "
            "file, or paste the letter's text instead.",
            detail={"size_bytes": len(data), "limit_bytes": limit},
        )


def sniff_format(data: bytes, filename: Optional[str] = None) -> str:
    """The format of ``data`` judged by its bytes: pdf, docx, html, md or txt.

    The binary and HTML signatures are the readers' own (``answerable.read.registry.sniff``);
    the file name only tells Markdown from plain text. Raises :class:`UnsupportedFormatError`
    for anything else (images, other zips, executables...).
    """
    from answerable.read import registry
    from answerable.read.text import looks_binary

    if not data.strip():
        raise EmptyDocumentError("the draft is empty: choose a file with the letter in it, or paste its text.")
    reader = registry.sniff(data)
    if reader is not None and reader.format in ALLOWED and reader.format not in ("txt", "md"):
        return reader.format
    if data.startswith(b"PK\x03\x04"):
        raise UnsupportedFormatError(
            "the upload is a zip archive but not a Word .docx document: upload a .docx, .pdf, "
            ".html, .md or .txt file.",
            detail={"allowed": list(ALLOWED)},
        )
    if looks_binary(data):
        raise UnsupportedFormatError(
            "the upload is not a letter format answerable reads (it looks like binary data): upload "
            "a .pdf, .docx, .html, .md or .txt file, or paste the text.",
            detail={"allowed": list(ALLOWED)},
        )
    name = (filename or "").lower()
    return "md" if name.endswith((".md", ".markdown")) else "txt"


def audit_bytes(data: bytes, filename: Optional[str], *, limit: int, report_id: Optional[str] = None,
                catalogue: Any = None, settings: Any = None):
    """Audit an uploaded draft; returns :class:`answerable.models.Audit` (with its record).
    ``settings`` (default: the environment's) holds the reader's limits (zip bomb, PDF pages)."""
    check_size(data, limit)
    fmt = sniff_format(data, filename)
    from answerable.extract import extract_document
    from answerable.read import read

    doc = read(data, format=fmt, name=f"draft.{fmt}", settings=settings)
    return _audit_record(extract_document(doc), report_id, catalogue)


def audit_text(text: str, *, limit: int, report_id: Optional[str] = None, catalogue: Any = None):
    """Audit pasted letter text; returns :class:`answerable.models.Audit` (with its record)."""
    check_size(text.encode("utf-8"), limit)
    if not text.strip():
        raise EmptyDocumentError("the pasted text is empty: paste the letter's text, or upload a file.")
    from answerable.extract import extract_document
    from answerable.read import read_text

    return _audit_record(extract_document(read_text(text, name="draft.txt")), report_id, catalogue)


def _audit_record(record: Any, report_id: Optional[str], catalogue: Any = None):
    from answerable.audit import audit

    result = audit(record, report_id=report_id or None, catalogue=catalogue)
    if result.record is None:
        result = result.model_copy(update={"record": record})
    return result
