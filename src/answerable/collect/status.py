"""What is known about each source: its pages (data/sources.yaml) and its last collect (the
store), for `answerable sources list`, report pages and `answerable compare`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Optional

from pydantic import BaseModel, Field

from answerable.collect.sources import load_sources
from answerable.store import collected as db

if TYPE_CHECKING:
    from answerable.store import Store


class SourceStatus(BaseModel):
    id: str
    name: Optional[str] = None
    force: Optional[str] = None
    website: Optional[str] = None
    response_pages: list[str] = Field(default_factory=list)
    seen_at: list[str] = Field(default_factory=list)
    last_collect: Optional[dt.datetime] = None
    finished: bool = False
    status: Optional[str] = None  # ok | partial | unreachable | interrupted
    message: Optional[str] = None
    documents: int = 0


def list_sources(store: "Store", settings=None) -> list[SourceStatus]:
    """Every source in data/sources.yaml (and the user's file), then any collected by URL."""
    if settings is None:
        from answerable.settings import get_settings

        settings = get_settings()
    runs = db.sources(store.engine)
    items = []
    for source in load_sources(settings.collect_sources).bodies:
        items.append(_with_run(SourceStatus(
            id=source.id, name=source.name, force=source.force, website=source.website,
            response_pages=list(source.response_pages), seen_at=list(source.seen_at)), runs.pop(source.id, None)))
    for source_id, run in sorted(runs.items()):
        items.append(_with_run(SourceStatus(id=source_id, name=run.get("name"), force=run.get("force")), run))
    return items


def _with_run(item: SourceStatus, run: Optional[dict]) -> SourceStatus:
    if not run:
        return item
    item.last_collect = run.get("finished_at") or run.get("started_at")
    item.finished = run.get("finished_at") is not None
    item.status = run.get("status") if item.finished else "interrupted"
    item.message = run.get("message")
    item.documents = run.get("stored_documents", 0)
    return item
