"""Which reader handles which input: by format name, by file extension and by sniffing bytes.

A new format is one module that calls :func:`register` at import time and is imported by
``answerable/read/__init__.py``::

    register(Reader(format="rtf", extensions=(".rtf",), read=read_rtf,
                    sniff=lambda head: head.startswith(b"{\\\\rtf")))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from answerable.settings import Settings


@dataclass(frozen=True)
class ReadContext:
    """What a reader knows besides the bytes: a name for messages and the limits in force."""

    path: str  # the file name used in error messages ("-" style names allowed)
    settings: Settings


@dataclass
class Extracted:
    """A reader's raw result, before normalisation.

    ``pages`` holds one string per page for paged formats (PDF) and a single string otherwise;
    ``continued[i]`` says page ``i`` carries on the paragraph the page before ended in (a string
    is the text that joins them: ``" "``, or ``""`` after a line-end hyphen).
    """

    pages: list[str]
    paged: bool = False
    continued: list[bool | str] = field(default_factory=list)
    title: Optional[str] = None
    warnings: list[str] = field(default_factory=list)


ReadFn = Callable[[bytes, ReadContext], Extracted]
SniffFn = Callable[[bytes], bool]


@dataclass(frozen=True)
class Reader:
    """One input format: its name (``Source.format``), extensions, reader and optional sniffer."""

    format: str
    extensions: tuple[str, ...]
    read: ReadFn
    sniff: Optional[SniffFn] = None  # looks at the bytes (mostly the first few); True if this format
    description: str = ""


_READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    """Make ``reader`` available (replacing any reader of the same format); returns it."""
    _READERS[reader.format] = reader
    return reader


def get_reader(fmt: str) -> Optional[Reader]:
    """The reader for a format name (``"pdf"``) or extension (``".pdf"``, ``"htm"``), or None."""
    key = fmt.lower().strip()
    if key in _READERS:
        return _READERS[key]
    ext = key if key.startswith(".") else f".{key}"
    return for_extension(ext)


def for_extension(ext: str) -> Optional[Reader]:
    """The reader registered for a file extension such as ``".htm"``, or None."""
    ext = ext.lower()
    for reader in _READERS.values():
        if ext in reader.extensions:
            return reader
    return None


def sniff(data: bytes) -> Optional[Reader]:
    """The first registered reader whose sniffer recognises ``data``."""
    for reader in _READERS.values():
        if reader.sniff is not None and reader.sniff(data):
            return reader
    return None


def readers() -> list[Reader]:
    """Every registered reader, in registration order."""
    return list(_READERS.values())


def supported_extensions() -> list[str]:
    """Every extension some reader handles, e.g. ``[".txt", ".md", ".pdf", ...]``."""
    return [ext for reader in _READERS.values() for ext in reader.extensions]
