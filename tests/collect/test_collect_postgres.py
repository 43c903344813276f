"""Collect into PostgreSQL: the same rows, provenance and second run of 304s as on SQLite, with
the crawl in a child process writing over its own connection while this one ingests."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from answerable.collect import collect
from answerable.store import open_store, schema
from collect_sites import Resource, docx_bytes, html, letter_text, pdf_bytes

pytestmark = pytest.mark.postgres


def test_collect_into_postgres_then_again_all_not_modified(site, settings, pg_url):
    site.routes.update({
        "/robots.txt": Resource(b"User-agent: *\nAllow: /\n", "text/plain"),
        "/": html("HMICFRS responses", "".join(
            f"<a href='/r{i}.{'pdf' if i % 2 else 'docx'}'>PCC response to HMICFRS {i}</a>" for i in range(6))),
        **{f"/r{i}.pdf": Resource(pdf_bytes(letter_text("Kent", i)), "application/pdf") for i in range(1, 6, 2)},
        **{f"/r{i}.docx": Resource(docx_bytes(letter_text("Kent", i)), "application/octet-stream") for i in range(0, 6, 2)},
    })
    settings = settings.model_copy(update={"database_url": pg_url})
    with open_store(pg_url) as store:
        first = collect(store, [site.url("/")], settings=settings, workers=2, overlap=True)
        second = collect(store, [site.url("/")], settings=settings, workers=2, overlap=True)
        with store.engine.connect() as conn:
            rows = conn.execute(select(schema.collected.c.url, schema.collected.c.ingest_status,
                                       schema.collected.c.etag).where(schema.collected.c.kind == "document")).all()
            paths = sorted(conn.execute(select(schema.documents.c.path)).scalars())
    assert (first.new, first.stored, first.failed) == (6, 6, [])
    assert second.requests == second.not_modified and (second.new, second.stored) == (0, 0)
    assert {r.ingest_status for r in rows} == {"stored"} and all(r.etag for r in rows)
    assert paths == sorted(site.url(f"/r{i}.{'pdf' if i % 2 else 'docx'}") for i in range(6))
