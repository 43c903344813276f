"""Helpers for store tests (records of fictional letters)."""

from __future__ import annotations

import datetime as dt
import hashlib

from answerable.models import DateRef, ForceRef, Record, ReportRef, Source, Statement


def make_record(text: str, *, force: str | None = None, date: dt.date | None = None,
                title: str | None = None, published: dt.date | None = None,
                statements: list[tuple[str, str]] = (), path: str | None = None) -> Record:
    """A record of a fictional letter with statements located by their words in ``text``."""
    found = []
    for kind, words in statements:
        start = text.index(words)
        found.append(Statement(kind=kind, text=words, span=(start, start + len(words)), actor="author"))
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Record(
        source=Source(path=path, sha256=sha, format="text"), text=text,
        force=ForceRef(name=force, span=(text.index(force), text.index(force) + len(force)) if force and force in text else None),
        date=DateRef(value=date), report=ReportRef(title=title, published=published),
        statements=found, extractor_version="test",
    )
