"""The REST API under ``/api/v1``: thin JSON wrappers over :class:`answerable.store.Store`.

Reading is open; ``PATCH /commitments/{id}`` and ``POST /audit?store=true`` need an editor
(``Authorization: Bearer <token>``). Every error uses the shape in :mod:`answerable.serve.errors`.
Lists carry ``total`` (all that match) and ``next`` (the URL of the next page, or null). Readers
who are not signed in see a stored letter's file name, never the server's path to it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal, Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from answerable.models import Audit, Recommendation, Report
from answerable.serve import drafts
from answerable.store.types import (
    Commitment, Comparison, Hit, ResponseSummary, StoredReport, StoredResponse,
)
from answerable.serve.auth import WebUser, require_editor
from answerable.serialize import next_offset, page
from answerable.serve.context import AppContext, api_user, ctx, signed_in_reader
from answerable.serve.errors import ERROR_RESPONSES, BadRequestError
from answerable.serve.views import dump_json, hide_paths, keep_draft

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES, tags=["api"])


# --- documented shapes of the answers (OpenAPI); the bodies are serialised once, directly ------
class ResponseList(BaseModel):
    items: list[ResponseSummary]
    count: int = Field(description="Items on this page")
    total: int = Field(description="Responses matching the filters, on every page")
    limit: int
    offset: int
    next: Optional[str] = Field(None, description="URL of the next page; null on the last")


class ReportList(BaseModel):
    items: list[StoredReport]
    count: int
    total: int


class RecommendationList(BaseModel):
    report_id: str
    recommendations_known: bool
    items: list[Recommendation]


class SearchResult(BaseModel):
    query: str
    items: list[Hit]
    count: int


class CommitmentList(BaseModel):
    items: list[Commitment]
    count: int = Field(description="Items on this page")
    total: int = Field(description="Commitments matching the filters, on every page")
    limit: int
    offset: int
    next: Optional[str] = Field(None, description="URL of the next page; null on the last")


class StoredDraft(BaseModel):
    response_id: int


class AuditResult(BaseModel):
    audit: Audit
    stored: Optional[StoredDraft] = None


def _ok(model: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    return {200: {"model": model, "description": "Success"}}

StatusFilter = Literal["open", "in_progress", "done", "dropped"]
KindFilter = Literal["acknowledges_finding", "agrees", "concern", "action_taken", "commitment",
                     "seeks_assurance", "partnership", "will_publish"]


def _json(data: Any, status: int = 200) -> Response:
    """A JSON response serialised once (pydantic models dumped in JSON mode)."""
    return Response(dump_json(data), status_code=status, media_type="application/json")


def _store(request: Request):
    return ctx(request).store


def _public(request: Request, value: Any) -> Any:
    """``value`` as this reader may see it: server file paths only for signed-in users."""
    return value if signed_in_reader(request) else hide_paths(value)


def _next_url(request: Request, total: int, limit: int, offset: int) -> Optional[str]:
    after = next_offset(total, limit, offset)
    return None if after is None else str(request.url.include_query_params(limit=limit, offset=after))


# --- responses --------------------------------------------------------------------------------
@router.get("/responses", summary="List responses (filters, pagination)", responses=_ok(ResponseList))
def list_responses(
    request: Request,
    force: Optional[str] = Query(None, max_length=100, description="Canonical force name, e.g. Dorset"),
    report: Optional[str] = Query(None, max_length=200, description="Report id"),
    year: Optional[int] = Query(None, ge=1990, le=2100, description="Year of the letter"),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> Response:
    """Responses in id order, filtered by force, report and year; page with `limit` and `offset` (or follow `next`)."""
    store = _store(request)
    items = store.list_responses(force=force, report=report, year=year, limit=limit, offset=offset)
    total = store.count_responses(force=force, report=report, year=year)
    return _json(page(_public(request, items), total=total, limit=limit, offset=offset,
                      next=_next_url(request, total, limit, offset)))


@router.get("/responses/{response_id}", summary="One response: its record and audit", responses=_ok(StoredResponse))
def get_response(request: Request, response_id: int) -> Response:
    """One response: its record (every value with its span into `record.text`) and its section 55 audit."""
    return _json(_public(request, _store(request).get_response(response_id)))


# --- reports ----------------------------------------------------------------------------------
@router.get("/reports", summary="Reports in the store, with how many responses each has", responses=_ok(ReportList))
def list_reports(request: Request) -> Response:
    """Every report the store holds, with how many responses answer it."""
    items = _store(request).reports()
    return _json({"items": items, "count": len(items), "total": len(items)})


@router.get("/reports/{report_id}", summary="One report with its recommendations", responses=_ok(Report))
def get_report(request: Request, report_id: str) -> Response:
    """One report (from the store, else the catalogue) with its recommendations."""
    return _json(_store(request).report(report_id))


@router.get("/reports/{report_id}/recommendations", summary="A report's recommendations", responses=_ok(RecommendationList))
def get_recommendations(request: Request, report_id: str) -> Response:
    """A report's recommendations; `recommendations_known` is false when the catalogue lacks their texts."""
    report = _store(request).report(report_id)
    return _json({"report_id": report.id, "recommendations_known": report.recommendations_known,
                  "items": report.recommendations})


@router.get("/reports/{report_id}/compare", summary="Compare the responses to one report across forces", responses=_ok(Comparison))
def compare(request: Request, report_id: str) -> Response:
    """One row per force that answered the report, the forces that did not, and wording letters share."""
    return _json(_public(request, _store(request).compare(report_id)))


# --- search -----------------------------------------------------------------------------------
@router.get("/search", summary="Full-text (or semantic) search of letters and statements", responses=_ok(SearchResult))
def search(
    request: Request,
    q: str = Query(..., min_length=1, max_length=500, description="Words to find"),
    force: Optional[str] = Query(None, max_length=100),
    report: Optional[str] = Query(None, max_length=200),
    year: Optional[int] = Query(None, ge=1990, le=2100),
    kind: Optional[KindFilter] = Query(None, description="Statement kind"),
    semantic: bool = Query(False, description="Rank by meaning (sentence embeddings)"),
    limit: int = Query(20, ge=1, le=200),
) -> Response:
    """Ranked hits; snippets are HTML with only `<mark>` tags. `kind` searches statements of that kind."""
    hits = _store(request).search(q, force=force, report=report, year=year, kind=kind,
                                  semantic=semantic, limit=limit)
    return _json({"query": q, "items": _public(request, hits), "count": len(hits)})


# --- commitments ------------------------------------------------------------------------------
@router.get("/commitments", summary="Commitments made in responses, for follow-up", responses=_ok(CommitmentList))
def list_commitments(
    request: Request,
    overdue: bool = Query(False, description="Only those past their target date and not done"),
    force: Optional[str] = Query(None, max_length=100),
    status: Optional[StatusFilter] = Query(None),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> Response:
    """Commitments made in responses; `overdue` keeps those past their target date and not done. Page with `limit` and `offset` (or follow `next`)."""
    store = _store(request)
    items = store.commitments(overdue=overdue, force=force, status=status, limit=limit, offset=offset)
    total = store.count_commitments(overdue=overdue, force=force, status=status)
    return _json(page(items, total=total, limit=limit, offset=offset,
                      next=_next_url(request, total, limit, offset)))


class CommitmentUpdate(BaseModel):
    """A change to a commitment's follow-up status."""

    model_config = ConfigDict(extra="forbid")
    status: StatusFilter
    note: Optional[str] = Field(None, max_length=2000, pattern=r"^[^\x00]*$")
    target_date: Optional[dt.date] = None


BEARER = {"security": [{"bearer": []}]}


@router.patch("/commitments/{commitment_id}",
              summary="Change a commitment's status (editors: bearer token)", openapi_extra=BEARER,
              responses={**_ok(Commitment),
                         401: ERROR_RESPONSES[404] | {"description": "Not signed in (the error shape)"},
                         403: ERROR_RESPONSES[404] | {"description": "Not an editor (the error shape)"}})
def update_commitment(request: Request, commitment_id: int, change: CommitmentUpdate,
                      user: Optional[WebUser] = Depends(api_user)) -> Response:
    """Set a commitment's status (and note, target date); recorded in its history with the editor's name."""
    editor = require_editor(user)
    updated = _store(request).set_commitment(commitment_id, change.status, note=change.note,
                                             who=editor.name, target_date=change.target_date)
    return _json(updated)


# --- audit ------------------------------------------------------------------------------------
_AUDIT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {
                "type": "object", "required": ["text"],
                "properties": {"text": {"type": "string", "description": "The letter's text"},
                               "report_id": {"type": "string"}}}},
            "multipart/form-data": {"schema": {
                "type": "object", "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary",
                                        "description": "txt, md, pdf, docx or html"},
                               "report_id": {"type": "string"}}}},
        },
    }
}


async def _audit_input(request: Request) -> tuple[Optional[bytes], Optional[str], Optional[str], Optional[str]]:
    """(file bytes, file name, text, report id) from a JSON or multipart body."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            raise BadRequestError('the body is not valid JSON: send {"text": "…the letter…"}.') from None
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            raise BadRequestError('the JSON body needs a "text" string: send {"text": "…the letter…"}.',
                                  detail={"field": "text"})
        report_id = body.get("report_id")
        return None, None, body["text"], report_id if isinstance(report_id, str) else None
    if ctype == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        report_id = form.get("report_id")
        report_id = report_id if isinstance(report_id, str) else None
        if upload is None or isinstance(upload, str):
            text = form.get("text")
            if isinstance(text, str):
                return None, None, text, report_id
            raise BadRequestError("the form needs a file field named \"file\" (or a \"text\" field).",
                                  detail={"field": "file"})
        data = await upload.read(ctx(request).settings.upload_max_bytes + 1)
        return data, upload.filename, None, report_id
    raise BadRequestError(
        "send the draft as multipart/form-data (a \"file\" field) or as JSON {\"text\": …}.",
        detail={"content_type": ctype or None},
    )


def run_audit(app_ctx: AppContext, data: Optional[bytes], filename: Optional[str],
              text: Optional[str], report_id: Optional[str]):
    """Audit an upload or pasted text here, in this thread (see :func:`audit_in_worker`)."""
    return _audit_job(app_ctx, data, filename, text, report_id).run()


def _audit_job(app_ctx: AppContext, data: Optional[bytes], filename: Optional[str], text: Optional[str],
               report_id: Optional[str]):
    from answerable.serve.worker import AuditJob

    settings = app_ctx.settings
    return AuditJob(data=data, filename=filename, text=text, report_id=report_id,
                    catalogue=app_ctx.catalogue(), upload_max_bytes=settings.upload_max_bytes,
                    budget_seconds=settings.time_budget_seconds, settings=settings)


async def audit_in_worker(app_ctx: AppContext, data: Optional[bytes], filename: Optional[str],
                          text: Optional[str], report_id: Optional[str]):
    """Audit an upload or pasted text in a child process the server can stop (shared by the API
    and the "Check a draft" page): :mod:`answerable.serve.worker`."""
    from starlette.concurrency import run_in_threadpool

    from answerable.serve import worker

    job = await run_in_threadpool(_audit_job, app_ctx, data, filename, text, report_id)
    return await worker.audit(job)


@router.post("/audit", summary="Audit a draft (upload or JSON text); store=true keeps it (editors)",
             openapi_extra={**_AUDIT_BODY, "security": [{}, {"bearer": []}]},
             responses={**_ok(AuditResult),
                        413: ERROR_RESPONSES[404] | {"description": "Too large (the error shape)"},
                        415: ERROR_RESPONSES[404] | {"description": "Not a letter format (the error shape)"}})
async def audit_draft(request: Request,
                      store: bool = Query(False, description="Keep the draft in the store (editors only)")) -> Response:
    """Audit a draft at once: a multipart `file` (txt, md, pdf, docx, html) or JSON `{"text"}`. Nothing is kept unless `store=true` (editors)."""
    from starlette.concurrency import run_in_threadpool

    user = api_user(request) if store else None
    if store:
        require_editor(user)
    data, filename, text, report_id = await _audit_input(request)
    app_ctx = ctx(request)
    result = await audit_in_worker(app_ctx, data, filename, text, report_id)
    body: dict[str, Any] = {"audit": result, "stored": None}
    if store:
        body["stored"] = await run_in_threadpool(keep_draft, app_ctx.store, result)
    return _json(body)

