"""answerable: grounded records and section 55 audits of responses to HMICFRS reports.

>>> import answerable
>>> record = answerable.extract("letter.pdf")      # or a str of text
>>> record.force.name, record.date.value
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["extract", "read", "audit", "open", "__version__"]


def __getattr__(name: str):  # lazy: `import answerable` stays fast for the CLI
    if name == "extract":
        from answerable.extract import extract

        return extract
    if name == "read":
        from answerable.read import read

        return read
    if name == "audit":
        from answerable.audit import audit

        return audit
    if name == "open":
        from answerable.store import open_store

        return open_store
    raise AttributeError(f"module 'answerable' has no attribute {name!r}")
