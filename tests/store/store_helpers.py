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


def write_variants(out, n: int) -> list:
    """``n`` distinct letter files made from the seeds and the dev-set .txt letters (each gets
    a reference line of its own, so every file has its own content hash)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    shared = root.parents[0].parent / "shared" / "corpus" / "seeds"
    seeds = shared if shared.is_dir() else root.parent / "src" / "answerable" / "data" / "corpus" / "seeds"
    templates = sorted(seeds.glob("*.txt")) + sorted((root / "fixtures" / "devset").glob("[0-9]*.txt"))
    texts = []
    for path in templates:
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:  # the dev set's deliberately mis-encoded letters
            continue
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = out / f"letter_{i:05d}.txt"
        path.write_text(texts[i % len(texts)] + f"\nOur reference: ANS/{i:05d}\n", encoding="utf-8")
        paths.append(path)
    return paths
