"""Server-rendered pages (Jinja2, readable without JavaScript).

``/`` dashboard · ``/reports/{id}`` comparison and verdict grid · ``/responses/{id}`` the letter
with its evidence marked · ``/search`` with facets · ``/commitments`` with filters and editing ·
``/check`` "Check a draft" · ``/login`` and ``/logout``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, Optional
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from answerable.errors import AnswerableError
from answerable.serve import dashboard as dash
from answerable.serve.auth import (
    SESSION_COOKIE,
    Session,
    check_csrf,
    require_editor,
    to_web_user,
)
from answerable.serve.context import client_ip, ctx, session
from answerable.serve.errors import BadRequestError
from answerable.serve.views import kind_counts, marked_letter, record_fields

router = APIRouter(include_in_schema=False)

COMMITMENT_STATUSES = ("open", "in_progress", "done", "dropped")


# --- rendering --------------------------------------------------------------------------------
def set_session_cookie(request: Request, response: Response, sess: Session) -> None:
    response.set_cookie(
        SESSION_COOKIE, ctx(request).codec.dump(sess), max_age=ctx(request).codec.max_age,
        httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/",
    )


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    """Render ``template`` with the visitor's user and CSRF token; set the session cookie if new."""
    sess = session(request)
    context = {"user": sess.user, "csrf_token": sess.csrf, "path": request.url.path, **context}
    response = ctx(request).templates.TemplateResponse(request, template, context, status_code=status)
    # the security headers are added to every answer by serve.middleware.SecurityHeaders
    if sess.changed:
        set_session_cookie(request, response, sess)
    return response


def redirect(request: Request, url: str) -> Response:
    response = RedirectResponse(url, status_code=303)
    sess = session(request)
    if sess.changed:
        set_session_cookie(request, response, sess)
    return response


def render_error(request: Request, status: int, body: dict[str, Any]) -> Response:
    """The HTML twin of the JSON error shape (used by :mod:`answerable.serve.errors`)."""
    error = body.get("error", {})
    try:
        return render(request, "error.html", {"status": status, "error": error}, status)
    except Exception:  # never fail while reporting a failure
        from fastapi.responses import JSONResponse

        return JSONResponse(body, status_code=status)


def _safe_next(target: Optional[str]) -> str:
    """Only local paths: never redirect to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _text(form: dict[str, Any], name: str, default: Optional[str] = None) -> Optional[str]:
    """A text field of a posted form (``default`` when missing or a file)."""
    value = form.get(name)
    return value if isinstance(value, str) else default


async def _form(request: Request) -> dict[str, Any]:
    form = await request.form(max_files=1, max_fields=20)
    return {k: v for k, v in form.multi_items()}


def _form_date(value: Optional[str]) -> Optional[dt.date]:
    """A YYYY-MM-DD form field as a date (None when empty)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadRequestError(f"the target date {value!r} is not a date: use YYYY-MM-DD.",
                              detail={"field": "target_date"}) from None


def _edit_user(request: Request, form: dict[str, Any]):
    sess = session(request)
    check_csrf(sess, _text(form, "csrf_token"))
    return require_editor(sess.user)


# --- API reference ---------------------------------------------------------------------------
@router.get("/api/v1/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    """The API reference, rendered from the OpenAPI document (no scripts from a CDN)."""
    from answerable.serve.apidocs import operations

    spec = request.app.openapi()
    return render(request, "api_docs.html", {"spec": spec, "operations": operations(spec)})


# --- dashboard, reports, responses ------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request) -> Response:
    """The dashboard: responses by report and force, on-time rate, recent responses, overdue commitments."""
    data = dash.dashboard_data(ctx(request).store)
    return render(request, "dashboard.html", {"d": data})


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request) -> Response:
    """Every report in the store."""
    return render(request, "reports.html", {"reports": ctx(request).store.reports()})


@router.get("/reports/{report_id}", response_class=HTMLResponse)
def report_page(request: Request, report_id: str) -> Response:
    """One report: the comparison across forces and the recommendation × force verdict grid."""
    store = ctx(request).store
    report = store.report(report_id)
    comparison = store.compare(report_id)
    grid = dash.verdict_grid(store, report, comparison)
    from answerable.audit import must_answer

    must = {r.id for r in must_answer(report)}
    return render(request, "report.html", {"report": report, "cmp": comparison, "grid": grid, "must": must})


@router.get("/responses", response_class=HTMLResponse)
def responses_page(request: Request,
                   force: Optional[str] = Query(None, max_length=100),
                   report: Optional[str] = Query(None, max_length=200),
                   year: Optional[int] = Query(None, ge=1990, le=2100),
                   page: int = Query(1, ge=1, le=100_000)) -> Response:
    """Responses, filtered and paged."""
    per_page = 50
    items = ctx(request).store.list_responses(force=force, report=report, year=year,
                                              limit=per_page + 1, offset=(page - 1) * per_page)
    filters = {k: v for k, v in {"force": force, "report": report, "year": year}.items() if v}
    return render(request, "responses.html", {
        "items": items[:per_page], "page": page, "has_next": len(items) > per_page,
        "filters": filters, "query": urlencode(filters)})


@router.get("/responses/{response_id}", response_class=HTMLResponse)
def response_page(request: Request, response_id: int) -> Response:
    """One letter with its statements marked by kind, and its fields and findings beside it."""
    stored = ctx(request).store.get_response(response_id)
    record, audit = stored.record, stored.audit
    return render(request, "response.html", {
        "stored": stored, "record": record, "audit": audit,
        "letter": marked_letter(record, audit), "fields": record_fields(record),
        "kinds": kind_counts(record)})


# --- search -----------------------------------------------------------------------------------
@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request,
                q: str = Query("", max_length=500),
                force: Optional[str] = Query(None, max_length=100),
                report: Optional[str] = Query(None, max_length=200),
                year: Optional[int] = Query(None, ge=1990, le=2100),
                kind: Optional[str] = Query(None, max_length=40)) -> Response:
    """Search with facets (force, kind, report, year)."""
    hits, facets, error, status = [], {}, None, 200
    if q.strip():
        try:
            all_hits = ctx(request).store.search(q, force=force or None, report=report or None,
                                                 year=year, kind=kind or None, limit=200)
        except AnswerableError as exc:  # a query the search cannot use: say so on the page
            all_hits, error, status = [], exc.to_dict()["error"], exc.http_status
        facets = dash.facets(all_hits)
        hits = all_hits[:50]
    chosen = {k: v for k, v in {"force": force, "report": report, "year": year, "kind": kind}.items() if v}
    return render(request, "search.html", {"q": q, "hits": hits, "facets": facets, "chosen": chosen,
                                           "facet_url": dash.facet_url, "error": error}, status)


# --- commitments ------------------------------------------------------------------------------
@router.get("/commitments", response_class=HTMLResponse)
def commitments_page(request: Request,
                     overdue: bool = Query(False),
                     force: Optional[str] = Query(None, max_length=100),
                     status: Optional[str] = Query(None, max_length=20)) -> Response:
    """Commitments with filters; an edit form per row for signed-in editors."""
    if status and status not in COMMITMENT_STATUSES:
        raise BadRequestError(f"unknown status {status!r}: use one of {', '.join(COMMITMENT_STATUSES)}.",
                              detail={"status": status, "allowed": list(COMMITMENT_STATUSES)})
    items = ctx(request).store.commitments(overdue=overdue, force=force or None, status=status or None,
                                           history=True)
    forces = sorted({c.force for c in items if c.force})
    return render(request, "commitments.html", {
        "items": items, "overdue": overdue, "force": force or "", "status": status or "",
        "statuses": COMMITMENT_STATUSES, "forces": forces})


@router.post("/commitments/{commitment_id}")
async def commitment_edit(request: Request, commitment_id: int) -> Response:
    """Change a commitment from its form (signed-in editor, CSRF token)."""
    form = await _form(request)
    editor = _edit_user(request, form)
    status = _text(form, "status")
    if status not in COMMITMENT_STATUSES:
        raise BadRequestError(f"choose a status: one of {', '.join(COMMITMENT_STATUSES)}.",
                              detail={"field": "status"})
    target_date = _form_date(_text(form, "target_date"))
    note = _text(form, "note")
    await run_in_threadpool(ctx(request).store.set_commitment, commitment_id, status,
                            note=(note or None), who=editor.name, target_date=target_date)
    back = _safe_next(_text(form, "next", "/commitments"))
    return redirect(request, f"{back}#c{commitment_id}" if "#" not in back else back)


# --- check a draft ----------------------------------------------------------------------------
@router.get("/check", response_class=HTMLResponse)
def check_page(request: Request) -> Response:
    """The "Check a draft" form."""
    return render(request, "check.html", {"reports": ctx(request).store.reports(), "result": None})


@router.post("/check", response_class=HTMLResponse)
async def check_submit(request: Request) -> Response:
    """Audit an uploaded or pasted draft and show the result at once; nothing is kept."""
    from answerable.serve.api import audit_in_worker

    form = await _form(request)
    check_csrf(session(request), _text(form, "csrf_token"))
    app_ctx = ctx(request)
    upload = form.get("file")
    text = _text(form, "text", "")
    report_id = _text(form, "report_id")
    data = filename = None
    if upload is not None and not isinstance(upload, str) and upload.filename:
        data = await upload.read(app_ctx.settings.upload_max_bytes + 1)
        filename = upload.filename
    elif not text.strip():
        raise BadRequestError("choose a file to upload or paste the letter's text, then press Check.",
                              detail={"field": "file"})
    try:
        result = await audit_in_worker(app_ctx, data, filename, text, report_id)
    except AnswerableError as exc:  # shown on the form, so the person can fix it and retry
        return render(request, "check.html", {"reports": app_ctx.store.reports(), "result": None,
                                              "error": exc.to_dict()["error"], "report_id": report_id},
                      exc.http_status)
    record = result.record
    return render(request, "check.html", {
        "reports": app_ctx.store.reports(), "result": result, "record": record,
        "letter": marked_letter(record, result), "fields": record_fields(record),
        "kinds": kind_counts(record), "report_id": report_id})


# --- accounts ---------------------------------------------------------------------------------
@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = Query("/", max_length=500)) -> Response:
    """The sign-in form."""
    return render(request, "login.html", {"next": _safe_next(next), "message": None})


@router.post("/login")
async def login_submit(request: Request) -> Response:
    """Sign in (CSRF token; rate-limited per address and user name)."""
    form = await _form(request)
    sess = session(request)
    check_csrf(sess, _text(form, "csrf_token"))
    name = _text(form, "name", "")
    password = _text(form, "password", "")
    target = _safe_next(_text(form, "next", "/"))
    app_ctx = ctx(request)
    address = client_ip(request)
    app_ctx.limiter.hit(address, name)
    user = await run_in_threadpool(app_ctx.store.authenticate, name, password) if name and password else None
    if user is None:
        return render(request, "login.html", {
            "next": target, "name": name,
            "message": "Wrong user name or password. Check them and try again "
                       "(an admin can set a password with `answerable users password`)."}, 401)
    app_ctx.limiter.succeeded(address, name)
    if sess.sid:  # signing in again ends the old session
        await run_in_threadpool(app_ctx.store.end_session, sess.sid)
    sess.sid = await run_in_threadpool(app_ctx.store.start_session, user.name, app_ctx.codec.max_age)
    sess.user = to_web_user(user)
    sess.csrf = secrets.token_urlsafe(32)
    sess.changed = True
    return redirect(request, target)


@router.post("/logout")
async def logout(request: Request) -> Response:
    """Sign out (CSRF token)."""
    form = await _form(request)
    sess = session(request)
    check_csrf(sess, _text(form, "csrf_token"))
    if sess.sid:  # ends it on the server: a copy of the cookie no longer signs anyone in
        await run_in_threadpool(ctx(request).store.end_session, sess.sid)
    sess.user, sess.sid = None, None
    sess.csrf = secrets.token_urlsafe(32)
    sess.changed = True
    return redirect(request, "/")
