"""The one error shape of the web server, for every error it can answer.

Every error — an :class:`~answerable.errors.AnswerableError` raised by the library, a 404 for an
unknown URL, a 405, a 422 request validation failure, a 413 upload and even an unexpected 500 —
is answered as::

    {"error": {"code": "not_found", "message": "...what went wrong and how to fix it...",
               "detail": {...}}}

with the matching HTTP status. Browsers asking for a page (``Accept: text/html``, outside
``/api/``) get the same code and message rendered as an HTML page instead.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from answerable.errors import (  # noqa: F401  (re-exported: raised by the server modules)
    AnswerableError, AuthError, BadRequestError, CSRFError, PermissionDeniedError, RateLimitedError,
)

log = logging.getLogger("answerable.serve")


# --- the documented shape ----------------------------------------------------------------------
class ErrorBody(BaseModel):
    code: str
    message: str
    detail: dict[str, Any] = {}


class ErrorResponse(BaseModel):
    """Every error the server answers has this shape."""

    error: ErrorBody


# Codes for plain HTTP errors raised by routing (unknown URL, wrong method, ...).
_HTTP_CODES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "the request could not be understood; check its syntax and parameters."),
    401: ("not_authenticated", "sign in, or send `Authorization: Bearer <token>`."),
    403: ("permission_denied", "your account may not do this; ask an admin for the editor role."),
    404: ("not_found", "there is nothing at this address; see /api/v1/docs for the routes."),
    405: ("method_not_allowed", "this address does not accept that HTTP method; see /api/v1/docs."),
    406: ("not_acceptable", "ask for application/json or text/html."),
    413: ("file_too_large", "the request body is too large; send a smaller file."),
    415: ("unsupported_media_type", "send JSON or multipart/form-data."),
    429: ("rate_limited", "too many requests; wait a minute and try again."),
}

# Every status the API documents in OpenAPI with the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": desc}
    for status, desc in {
        404: "Not found (the error shape)",
        422: "Invalid request (the error shape)",
        "4XX": "Any other client error (the error shape)",
        "5XX": "Server error (the error shape)",
    }.items()
}


def error_dict(code: str, message: str, detail: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """Build the error shape from its three parts."""
    return {"error": {"code": code, "message": message, "detail": dict(detail or {})}}


def wants_html(request: Request) -> bool:
    """True for a browser asking for a page (not an API client, not under /api/)."""
    if request.url.path.startswith("/api/"):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept


HtmlRenderer = Callable[[Request, int, dict[str, Any]], Response]


def _respond(request: Request, status: int, body: dict[str, Any], headers=None) -> Response:
    renderer: Optional[HtmlRenderer] = getattr(request.app.state, "render_error", None)
    if renderer is not None and wants_html(request):
        response = renderer(request, status, body)
        if headers:
            response.headers.update(headers)
        return response
    return JSONResponse(body, status_code=status, headers=headers)


async def respond_asgi(scope, receive, send, status: int, body: dict[str, Any], headers=None) -> None:
    """Answer from ASGI middleware (before any route runs) as the handlers do: the HTML error
    page for a browser asking for a page, the JSON error shape otherwise."""
    from starlette.requests import Request as StarletteRequest

    request = StarletteRequest(scope, receive)
    if "app" not in scope:  # not inside the app: no pages to render
        response: Response = JSONResponse(body, status_code=status, headers=headers)
    else:
        response = _respond(request, status, body, headers)  # type: ignore[arg-type]
    await response(scope, receive, send)


def _validation_detail(exc: RequestValidationError) -> dict[str, Any]:
    errors = []
    for err in exc.errors():
        errors.append({
            "location": [str(part) for part in err.get("loc", ())],
            "message": str(err.get("msg", "")),
            "type": str(err.get("type", "")),
        })
    return {"errors": errors}


def _validation_message(detail: dict[str, Any]) -> str:
    parts = []
    for err in detail["errors"][:3]:
        where = ".".join(err["location"][1:] or err["location"]) or "request"
        parts.append(f"{where}: {err['message']}")
    return "the request is not valid: " + "; ".join(parts) + ". Fix these values and retry (see /api/v1/docs)."


async def on_answerable_error(request: Request, exc: AnswerableError) -> Response:
    headers = {"Retry-After": "60"} if exc.http_status == 429 else None
    if exc.http_status == 401 and request.url.path.startswith("/api/"):
        headers = {"WWW-Authenticate": "Bearer"}
    return _respond(request, exc.http_status, exc.to_dict(), headers)


async def on_validation_error(request: Request, exc: RequestValidationError) -> Response:
    detail = _validation_detail(exc)
    return _respond(request, 422, error_dict("invalid_request", _validation_message(detail), detail))


async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
    code, fix = _HTTP_CODES.get(exc.status_code, ("http_error", "see /api/v1/docs."))
    reason = exc.detail if isinstance(exc.detail, str) else ""
    message = fix if reason in ("", "Not Found", "Method Not Allowed") else f"{reason}: {fix}"
    detail: dict[str, Any] = {"path": request.url.path}
    if exc.status_code == 405:
        detail["method"] = request.method
    return _respond(request, exc.status_code, error_dict(code, message, detail), getattr(exc, "headers", None))


async def on_unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error answering %s %s", request.method, request.url.path)
    body = error_dict(
        "internal_error",
        "the server failed unexpectedly while answering this request; it has been logged. "
        "Try again, and report it with the time and address if it persists.",
        {"path": request.url.path},
    )
    return _respond(request, 500, body)


def install_error_handlers(app: FastAPI) -> None:
    """Make every error the app can answer use the one error shape."""
    app.add_exception_handler(AnswerableError, on_answerable_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected_error)
