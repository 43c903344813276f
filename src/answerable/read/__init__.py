"""Readers: any input (a file, bytes, a string, standard input) -> one normalised :class:`Document`.

>>> from answerable.read import read, read_text
>>> doc = read("letter.pdf")            # or .docx, .html, .htm, .txt, .md, "-" for stdin
>>> doc.text[:40], doc.page_at(1200)    # normalised text; the page holding offset 1200

``Document.text`` is normalised here, once (:mod:`answerable.read.normalise`), and every span of
every later stage points into it. Formats register themselves (:mod:`answerable.read.registry`);
each module below is one format.
"""

from __future__ import annotations

from answerable.read import docx, html, pdf, text  # noqa: F401  (each registers its reader)
from answerable.read.api import read, read_text
from answerable.read.normalise import collapse_whitespace, normalise
from answerable.read.registry import Reader, register, readers, supported_extensions

__all__ = ["read", "read_text", "normalise", "collapse_whitespace", "register", "Reader", "readers",
           "supported_extensions"]
