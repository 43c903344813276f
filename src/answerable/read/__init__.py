"""Readers: any input (a file, bytes, a string, standard input) -> one normalised :class:`Document`.

>>> from answerable.read import read, read_text
>>> doc = read("letter.pdf")            # or .docx, .html, .htm, .txt, .md, "-" for stdin
>>> doc.text[:40], doc.page_at(1200)    # normalised text; the page holding offset 1200

``Document.text`` is normalised here, once (:mod:`answerable.read.normalise`), and every span of
every later stage points into it. Formats register themselves (:mod:`answerable.read.registry`);
each module below is one format.
"""

from __future__ import annotations

# Each format module registers its reader on import; this order is the order listed to users.
from answerable.read import text  # noqa: F401  isort:skip
from answerable.read import pdf  # noqa: F401  isort:skip
from answerable.read import docx  # noqa: F401  isort:skip
from answerable.read import html  # noqa: F401  isort:skip
from answerable.read.api import read, read_text
from answerable.read.normalise import collapse_whitespace, normalise
from answerable.read.registry import Reader, register, readers, supported_extensions

__all__ = ["read", "read_text", "normalise", "collapse_whitespace", "register", "Reader", "readers",
           "supported_extensions"]

from answerable._callable import callable_module  # noqa: E402

callable_module(__name__, "read")
