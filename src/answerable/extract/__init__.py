"""Turn a response letter into a grounded :class:`~answerable.models.Record`.

>>> from answerable.extract import extract
>>> record = extract("letters/cheshire.pdf")   # a path, or the letter's text as a str
>>> record.author.name, record.force.name, record.date.value

Every value carries the span of ``record.text`` it came from; unknown values are ``None`` and
``record.warnings`` says why. ``EXTRACTOR_VERSION`` changes whenever output changes, so stores
know to re-extract.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from answerable.models import Document, Record
    from answerable.settings import Settings

__all__ = ["extract", "extract_document", "EXTRACTOR_VERSION"]

EXTRACTOR_VERSION = "1.36.0"


def extract_document(doc: "Document") -> "Record":
    """The record of an already-read :class:`~answerable.models.Document`."""
    from answerable.extract.pipeline import run

    return run(doc, EXTRACTOR_VERSION)


def extract(path_or_text: Union[str, Path], *, settings: "Settings | None" = None) -> "Record":
    """Read (if a path) and extract. A ``str`` naming an existing file is read as that file;
    any other ``str`` is the letter's text."""
    if isinstance(path_or_text, Path) or _names_file(path_or_text) or _looks_like_path(path_or_text):
        from answerable.read import read

        return extract_document(read(Path(path_or_text), settings=settings))
    return extract_document(_document_from_text(str(path_or_text)))


from answerable.batch import CONVERTIBLE_EXTENSIONS, LETTER_EXTENSIONS  # noqa: E402

_FILE_SUFFIXES = LETTER_EXTENSIONS + CONVERTIBLE_EXTENSIONS


def _looks_like_path(value: str) -> bool:
    """"letters/missing.pdf": one short line ending in a document extension is a path (so a
    missing file is reported as missing, not extracted as a one-line letter)."""
    v = value.strip()
    return "\n" not in v and len(v) < 1024 and " " not in v and v.lower().endswith(_FILE_SUFFIXES)


def _names_file(value: str) -> bool:
    if "\n" in value or len(value) > 1024 or not value.strip():
        return False
    try:
        return Path(value).exists()  # a directory too: the reader says it is not a file
    except OSError:
        return False


def _document_from_text(text: str) -> "Document":
    try:
        from answerable.read import read_text
    except ImportError:  # the reader is not installed yet: light normalisation here
        read_text = None
    if read_text is not None:
        return read_text(text)
    from answerable.errors import EmptyDocumentError
    from answerable.models import Document, Source

    norm = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not norm.strip():
        raise EmptyDocumentError("the text is empty: give the letter's text or a path to a letter file")
    sha = hashlib.sha256(norm.encode("utf-8")).hexdigest()
    return Document(source=Source(path=None, sha256=sha, format="text"), text=norm)

from answerable._callable import callable_module  # noqa: E402

callable_module(__name__, "extract")
