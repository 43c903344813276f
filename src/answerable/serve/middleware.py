"""ASGI middleware around every route (pages, API and static files alike):

* :class:`SecurityHeaders` — the same security headers on every answer (a route's own win);
* :class:`RefuseNul` — a NUL character in the address or query answers 422 in the error
  shape before any route runs (PostgreSQL cannot store or compare text holding one);
* :class:`AccessLog` — one ``answerable.access`` log line per request at INFO
  (``serve --log-level info``): method, path, status, milliseconds, client address.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from answerable.serve.errors import error_dict

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", CSP.encode()),
]

access_log = logging.getLogger("answerable.access")


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every HTTP answer that does not set them itself."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def _has_nul(scope) -> bool:
    query = scope.get("query_string", b"")
    return ("\x00" in scope.get("path", "") or b"%00" in scope.get("raw_path", b"") or b"\x00" in query
            or b"%00" in query)


class RefuseNul:
    """422 for a NUL (``%00``) anywhere in the path or query string."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not _has_nul(scope):
            return await self.app(scope, receive, send)
        body = json.dumps(error_dict(
            "invalid_request",
            "the address or a parameter contains a NUL character (%00), which no id, name or "
            "search can hold: remove it and send the request again.",
            {"path": scope.get("path", "").replace("\x00", "%00")})).encode()
        await send({"type": "http.response.start", "status": 422,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class AccessLog:
    """One INFO line per request on ``answerable.access`` (nothing is done when INFO is off)."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not access_log.isEnabledFor(logging.INFO):
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500

        async def recording(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording)
        finally:
            access_log.info("%s %s %d %.1fms %s", scope["method"], scope.get("path", ""), status,
                            (time.perf_counter() - started) * 1000, _client(scope))


def _client(scope) -> str:
    from starlette.requests import Request

    from answerable.serve.auth import client_address

    app_ctx = getattr(scope["app"].state, "ctx", None) if "app" in scope else None
    return client_address(Request(scope), getattr(app_ctx, "proxies", None))
