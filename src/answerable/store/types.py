"""Small typed records the store returns (pydantic, so the web server can serialise them)."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from answerable.models import Audit, Record

CommitmentStatus = Literal["open", "in_progress", "done", "dropped"]
COMMITMENT_STATUSES: tuple[str, ...] = ("open", "in_progress", "done", "dropped")
IngestStatus = Literal["new", "changed", "skipped", "failed"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IngestEvent(_Out):
    """One file finished (given to the ``progress`` callback of :meth:`Store.ingest`)."""

    path: str
    status: IngestStatus
    message: Optional[str] = None
    done: int
    total: int


class IngestSummary(_Out):
    run_id: str
    new: int = 0
    changed: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = Field(default_factory=list)  # (path, cause)

    def line(self) -> str:
        return (f"{self.new} new, {self.changed} changed, {self.skipped} skipped, "
                f"{len(self.failed)} failed")


class Hit(_Out):
    """One search result. ``snippet`` is HTML-escaped text with matches in <mark>…</mark>."""

    response_id: int
    statement_id: Optional[int] = None
    path: Optional[str] = None
    force: Optional[str] = None
    report: Optional[str] = None
    report_title: Optional[str] = None
    year: Optional[int] = None
    kind: Optional[str] = None
    stance: Optional[str] = None
    score: float
    snippet: str
    span: Optional[tuple[int, int]] = None


class ResponseSummary(_Out):
    id: int
    path: Optional[str] = None
    force: Optional[str] = None
    author: Optional[str] = None
    role: Optional[str] = None
    date: Optional[dt.date] = None
    report_id: Optional[str] = None
    report_title: Optional[str] = None
    stance: str
    day: Optional[int] = None
    deadline_status: str
    recs_answered: int
    recs_total: int
    commitments: int
    ingested_at: dt.datetime


class StoredResponse(_Out):
    id: int
    ingested_at: dt.datetime
    path: Optional[str] = None
    sha256: str
    record: Record
    audit: Audit


class ComparisonRow(_Out):
    response_id: int
    force: Optional[str] = None
    local_policing_body: Optional[str] = None
    author: Optional[str] = None
    response_date: Optional[dt.date] = None
    day: Optional[int] = None
    on_time: Optional[bool] = None  # None when the date or the deadline is unknown
    stance: str
    recs_answered: int
    recs_total: int
    commitments: int
    path: Optional[str] = None


class SharedWording(_Out):
    """A sentence that two responses share almost word for word (template letters)."""

    response_a: int
    force_a: Optional[str] = None
    response_b: int
    force_b: Optional[str] = None
    text_a: str
    text_b: str
    similarity: float


class TemplatePair(_Out):
    """Two responses that share sentences near-word-for-word (likely one template)."""

    response_a: int
    force_a: Optional[str] = None
    response_b: int
    force_b: Optional[str] = None
    shared_sentences: int
    share: float  # shared sentences / sentences of the shorter letter


class CollectionStatus(_Out):
    """What collection says about one force's local policing body for one report."""
    force: str
    local_policing_body: Optional[str] = None
    status: str  # found | not_found | unreachable | interrupted | not_collected
    text: str  # "response found (dated 12 February 2020, day 34)", "not found on its site as of ..."
    last_collect: Optional[dt.datetime] = None
    response_id: Optional[int] = None
    url: Optional[str] = None  # where the response was collected from


class Comparison(_Out):
    report_id: str
    title: str
    published: Optional[dt.date] = None
    due: Optional[dt.date] = None
    rows: list[ComparisonRow] = Field(default_factory=list)
    not_answered: list[str] = Field(default_factory=list)
    shared_wording: list[SharedWording] = Field(default_factory=list)
    template_pairs: list[TemplatePair] = Field(default_factory=list)
    # per force in scope, from `answerable collect` (empty when nothing was ever collected)
    collection: list[CollectionStatus] = Field(default_factory=list)


class CommitmentChange(_Out):
    at: dt.datetime
    who: Optional[str] = None
    note: Optional[str] = None
    old_status: Optional[str] = None
    new_status: str
    old_target_date: Optional[dt.date] = None
    new_target_date: Optional[dt.date] = None


class Commitment(_Out):
    id: int
    response_id: Optional[int] = None
    force: Optional[str] = None
    report_id: Optional[str] = None
    text: str
    span: Optional[tuple[int, int]] = None
    status: CommitmentStatus
    target_date: Optional[dt.date] = None
    overdue: bool = False
    created_at: dt.datetime
    updated_at: dt.datetime
    history: list[CommitmentChange] = Field(default_factory=list)


class StoredReport(_Out):
    id: str
    title: str
    published: Optional[dt.date] = None
    kind: str
    origin: str  # "catalogue" | "imported" | "provisional" (grouped from responses) | "confirmed"
    responses: int = 0


class User(_Out):
    id: int
    name: str
    role: Literal["editor", "admin"]
    created_at: dt.datetime
