"""``read`` and ``read_text``: load the bytes (with the size limit checked first), pick a reader,
normalise its text and build the :class:`~answerable.models.Document`."""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO, Optional, Union

from answerable import budget
from answerable.errors import (
    AnswerableError, CorruptFileError, EmptyDocumentError, FileMissingError, FileTooLargeError,
    UnreadableFileError, UnsupportedFormatError,
)
from answerable.models import Document, Source
from answerable.read import registry
from answerable.read.normalise import join_pages, normalise
from answerable.read.registry import Extracted, ReadContext, Reader
from answerable.read.text import looks_binary
from answerable.settings import Settings, get_settings

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Formats people are likely to have, with the conversion that makes them readable.
_CONVERT_HINTS = {
    ".doc": "is an old-style Word .doc file: open it in Word or LibreOffice and save it as .docx or PDF",
    ".odt": "is an OpenDocument text file: save it as .docx or PDF from LibreOffice",
    ".rtf": "is a Rich Text file: save it as .docx or PDF, or as plain text",
    ".pages": "is an Apple Pages file: export it as .docx or PDF",
    ".xlsx": "is a spreadsheet, not a letter: export the letter itself as .docx, PDF or text",
    ".msg": "is an Outlook message: save the letter it holds (or its body) as PDF, .docx or text",
    ".eml": "is an e-mail message: save the letter it holds (or its body) as PDF, .docx or text",
    ".png": "is an image: run OCR on it (e.g. ocrmypdf on a PDF of it) and read the text",
    ".jpg": "is an image: run OCR on it (e.g. ocrmypdf on a PDF of it) and read the text",
    ".jpeg": "is an image: run OCR on it (e.g. ocrmypdf on a PDF of it) and read the text",
    ".tif": "is an image: run OCR on it (e.g. ocrmypdf on a PDF of it) and read the text",
    ".tiff": "is an image: run OCR on it (e.g. ocrmypdf on a PDF of it) and read the text",
}

STDIN = "-"
STDIN_NAME = "<stdin>"
SourceArg = Union[str, os.PathLike, bytes]


def read(source: SourceArg, *, format: Optional[str] = None, name: Optional[str] = None,
         settings: Optional[Settings] = None) -> Document:
    """Read a letter from a path, ``bytes`` or ``"-"`` (standard input) into a :class:`Document`.

    ``format`` ("pdf", "docx", "html", "txt", "md" or an extension) overrides detection; ``name``
    names ``bytes`` input (its extension helps detection, and it is used in messages). A ``str``
    with a line break in it cannot be a path and is read as letter text (:func:`read_text`); a
    :class:`~pathlib.Path` is always a file, whatever its name holds (line breaks, 1,000+ characters).
    Raises an :class:`~answerable.errors.InputError` subclass for anything unreadable.
    """
    settings = settings or get_settings()
    if isinstance(source, str) and "\n" in source:
        return read_text(source, name=name)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, path, label = bytes(source), name, name or "<bytes>"
        _check_size(len(data), label, settings)
    elif isinstance(source, str) and source == STDIN:  # a Path("-") is a file named "-"
        data, path, label = _read_stream(sys.stdin.buffer, settings), None, name or STDIN_NAME
    else:
        path = os.fspath(source)
        label = path
        data = _read_file(path, settings)
    if not data:
        raise EmptyDocumentError("the file is empty (0 bytes): check it was saved or downloaded completely.",
                                 path=label)
    reader = choose_reader(data, format=format, name=name or path, label=label)
    return build_document(data, reader, path=path, label=label, settings=settings)


def read_text(text: str, name: Optional[str] = None) -> Document:
    """A :class:`Document` for letter text given as a Python string (format ``"text"``)."""
    raw = text.encode("utf-8", errors="surrogatepass")
    body = normalise(text)
    if not body.strip():
        raise EmptyDocumentError("the text is empty: give the letter's text.", path=name)
    source = Source(path=name, sha256=hashlib.sha256(raw).hexdigest(), format="text")
    return Document(source=source, text=body)


def choose_reader(data: bytes, *, format: Optional[str] = None, name: Optional[str] = None,
                  label: str = "<bytes>") -> Reader:
    """The reader for ``data``: the ``format`` asked for, else a binary signature (PDF, DOCX),
    else the extension of ``name``, else an HTML signature, else plain text if it looks like text."""
    if format:
        reader = registry.get_reader(format)
        if reader is None:
            raise UnsupportedFormatError(
                f"unknown format {format!r}: use one of {', '.join(r.format for r in registry.readers())}.",
                path=label, detail={"supported": [r.format for r in registry.readers()]})
        return reader
    ext = Path(name).suffix.lower() if name else ""
    by_ext = registry.for_extension(ext) if ext else None
    sniffed = registry.sniff(data)
    if sniffed is None and data.startswith(b"{\\rtf") and registry.get_reader("rtf") is None:
        raise UnsupportedFormatError(f"{_CONVERT_HINTS['.rtf']} (whatever its name says).", path=label,
                                     detail={"supported": registry.supported_extensions()})
    if sniffed is not None and (by_ext is None or sniffed.format in ("pdf", "docx") or by_ext.format == "txt"):
        return sniffed
    if by_ext is not None:
        return by_ext
    if not ext and data and not looks_binary(data):
        return registry.get_reader("txt")  # type: ignore[return-value]
    supported = registry.supported_extensions()
    hint = _CONVERT_HINTS.get(ext) or (_CONVERT_HINTS[".doc"] if data.startswith(_OLE_MAGIC) else None)
    if hint:
        raise UnsupportedFormatError(f"{hint}; answerable reads {', '.join(supported)}.", path=label,
                                     detail={"supported": supported})
    what = f"the extension {ext!r} is not one answerable reads" if ext else "the format is not recognisable"
    raise UnsupportedFormatError(
        f"{what} and the content is not a known format: give a file ending in {', '.join(supported)} "
        "(or rename it with the extension of its real format).", path=label, detail={"supported": supported})


def build_document(data: bytes, reader: Reader, *, path: Optional[str], label: str,
                   settings: Settings) -> Document:
    """Run ``reader`` on ``data`` and normalise its text into a :class:`Document`."""
    if not data:
        raise EmptyDocumentError("the file is empty (0 bytes): check it was saved or downloaded completely.",
                                 path=label)
    budget.check()
    try:
        extracted: Extracted = reader.read(data, ReadContext(path=label, settings=settings))
    except AnswerableError:
        raise
    except (RecursionError, MemoryError):
        raise CorruptFileError(f"is too deeply nested or too large to read as {reader.format.upper()}: "
                               "save the letter's text as a plain .txt file.", path=label) from None
    except Exception as exc:  # a damaged file that trips the parsing library itself
        raise CorruptFileError(
            f"could not be read as {reader.format.upper()} ({type(exc).__name__}: {_one_line(exc)}): "
            "the file is probably damaged; export or download it again.", path=label) from None
    budget.check()
    text, starts = join_pages(extracted.pages, extracted.continued)
    if not text.strip():
        raise EmptyDocumentError(
            f"no text found in the {reader.format.upper()} file (it holds only whitespace, "
            "markup or boilerplate): check it is the letter itself.", path=label)
    source = Source(path=path, sha256=hashlib.sha256(data).hexdigest(), format=reader.format)
    return Document(source=source, text=text, page_starts=starts if extracted.paged else [],
                    title=extracted.title, warnings=list(extracted.warnings))


def _one_line(exc: Exception, limit: int = 160) -> str:
    """An exception's message on one line, shortened."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _check_size(size: int, label: str, settings: Settings) -> None:
    """Refuse ``size`` bytes when over ``max_file_bytes``, naming the size, limit and setting."""
    limit = settings.max_file_bytes
    if size > limit:
        raise FileTooLargeError(
            f"the file is {_megabytes(size)} ({size} bytes), larger than the limit of "
            f"{_megabytes(limit)} ({limit} bytes): it was not read. Raise the limit with "
            "ANSWERABLE_MAX_FILE_BYTES if it really is a letter.",
            path=label, detail={"size": size, "limit": limit})


def _megabytes(size: int) -> str:
    """``size`` in MB with one decimal, for messages."""
    return f"{size / (1024 * 1024):.1f} MB"


def _read_file(path: str, settings: Settings) -> bytes:
    """The bytes of ``path``, after checking it exists, is a regular file and is within the limit."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FileMissingError("no such file: check the path and the current directory.", path=path) from None
    except PermissionError:
        raise UnreadableFileError("permission denied: cannot look at this file; check its permissions.",
                                  path=path) from None
    except OSError as exc:
        raise UnreadableFileError(f"cannot be opened ({exc.strerror}): check the path.", path=path) from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFileError("is a directory, not a file: name a letter file inside it "
                                  "(`answerable extract` accepts a directory and reads every file).", path=path)
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFileError("is not a regular file (a device, socket or pipe): save the "
                                  "letter to a file first, or pipe it to standard input as `-`.", path=path)
    _check_size(info.st_size, path, settings)
    try:
        with open(path, "rb") as handle:  # sized by the file, not the limit (no 50 MB buffer)
            return _read_stream(handle, settings, label=path, expect=info.st_size)
    except PermissionError:
        raise UnreadableFileError("permission denied: the file cannot be read; check its permissions "
                                  "(e.g. chmod u+r).", path=path) from None
    except IsADirectoryError:
        raise UnreadableFileError("is a directory, not a file.", path=path) from None
    except OSError as exc:
        raise UnreadableFileError(f"cannot be read ({exc.strerror}).", path=path) from None


def _read_stream(stream: BinaryIO, settings: Settings, label: str = STDIN_NAME,
                 expect: Optional[int] = None) -> bytes:
    """At most ``max_file_bytes`` bytes of a stream; refuses a stream longer than that.
    ``expect`` (a file's size) sizes the first read, so a small file never costs a buffer
    of the limit's size; a file that grew meanwhile is still read to the limit."""
    limit = settings.max_file_bytes
    first = min(expect, limit) + 1 if expect is not None else limit + 1
    data = stream.read(first)
    if expect is not None and len(data) == first and first <= limit:
        data += stream.read(limit + 1 - first)
    if len(data) > limit:
        _check_size(len(data), label, settings)
    return data
