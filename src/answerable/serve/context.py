"""What every request can reach: the store, settings, the session codec, the sign-in limiter
and the templates; the request-body size limit; and the FastAPI dependencies built on them."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from fastapi import Request
from fastapi.templating import Jinja2Templates

from answerable.errors import FileTooLargeError
from answerable.serve.auth import (
    LoginLimits,
    Session,
    SessionCodec,
    SESSION_COOKIE,
    WebUser,
    bearer_token,
    TrustedProxies,
    client_address,
    load_secret_key,
    parse_proxies,
    to_web_user,
)
from answerable.settings import Settings

HERE = Path(__file__).resolve().parent
log = logging.getLogger("answerable.serve")


@dataclass
class AppContext:
    store: Any
    settings: Settings
    codec: SessionCodec
    limiter: LoginLimits
    templates: Jinja2Templates
    proxies: Optional[TrustedProxies] = None
    _catalogue: Any = None
    _catalogue_ids: tuple = ()
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def catalogue(self) -> Any:
        """The bundled/user catalogue plus every report in the store (imported ones too), so a
        draft can be audited against any report the store knows. Rebuilt when reports change."""
        ids = tuple(sorted(r.id for r in self.store.reports()))
        with self._lock:
            if self._catalogue is None or ids != self._catalogue_ids:
                from answerable.catalogue import load_catalogue

                catalogue = load_catalogue()
                for report_id in ids:
                    if report_id not in catalogue:
                        self._add_stored(catalogue, report_id)
                self._catalogue, self._catalogue_ids = catalogue, ids
            return self._catalogue

    def _add_stored(self, catalogue: Any, report_id: str) -> None:
        """Add one stored report; one this version cannot read (e.g. saved with a kind an older
        answerable used) is left out with a warning, so drafts can still be audited."""
        from pydantic import ValidationError

        try:
            catalogue.add(self.store.report(report_id))
        except ValidationError as exc:
            log.warning("stored report %r left out of the draft catalogue: %s", report_id,
                        str(exc).splitlines()[0])

    @classmethod
    def build(cls, store: Any, settings: Settings, *, data_dir: Path) -> "AppContext":
        from answerable.serve.views import install_filters

        templates = Jinja2Templates(directory=str(HERE / "templates"))  # autoescape on for .html
        install_filters(templates.env)
        key = load_secret_key(settings.secret_key, data_dir)
        return cls(store=store, settings=settings, codec=SessionCodec(key), limiter=LoginLimits(),
                   templates=templates, proxies=parse_proxies(settings.forwarded_allow_ips))


def ctx(request: Request) -> AppContext:
    return request.app.state.ctx


def session(request: Request) -> Session:
    """The visitor's session (created on first use; the page renderer sets the cookie). A
    signed-in cookie's user comes from the store's live session; an ended one is forgotten."""
    existing = getattr(request.state, "session", None)
    if existing is None:
        app_ctx = ctx(request)
        existing = app_ctx.codec.load(request.cookies.get(SESSION_COOKIE))
        if existing.sid:
            user = app_ctx.store.user_for_session(existing.sid)
            if user is None:  # signed out, password changed or expired: the cookie is stale
                existing.sid, existing.changed = None, True
            else:
                existing.user = to_web_user(user)
        request.state.session = existing
    return existing


def client_ip(request: Request) -> str:
    """The client's address (X-Forwarded-For only from a proxy in ``forwarded_allow_ips``)."""
    return client_address(request, ctx(request).proxies)


def api_user(request: Request) -> Optional[WebUser]:
    """The API caller: a bearer token's user, else a signed-in session whose CSRF header matches.

    Cookie sessions may call write routes only with ``X-CSRF-Token`` (the page JS sends it), so
    another site cannot make a signed-in browser change anything.
    """
    token = bearer_token(request)
    if token is not None:
        from answerable.errors import AuthError

        user = ctx(request).store.user_for_token(token)
        if user is None:
            raise AuthError(
                "the bearer token is not valid (it may have been mistyped or revoked): create a "
                "new one with `answerable users token NAME`.",
            )
        return to_web_user(user)
    sess = session(request)
    if sess.user is not None:
        from answerable.serve.auth import check_csrf

        check_csrf(sess, request.headers.get("x-csrf-token"))
        return sess.user
    return None


def signed_in_reader(request: Request) -> bool:
    """Whether the caller is a known user (a valid bearer token or a signed-in session); no
    CSRF check, since it only decides what a read shows."""
    token = bearer_token(request)
    if token is not None:
        return ctx(request).store.user_for_token(token) is not None
    return session(request).user is not None


def _error_response(exc: FileTooLargeError) -> bytes:
    return json.dumps(exc.to_dict()).encode("utf-8")


class BodyLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with 413 in the error shape, before parsing.

    Checks ``Content-Length`` first, then counts the bytes actually received (chunked uploads).
    """

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> FileTooLargeError:
        return FileTooLargeError(
            f"the request is larger than the limit of {self.max_bytes} bytes: send a smaller "
            "file (or raise ANSWERABLE_UPLOAD_MAX_BYTES).",
            detail={"limit_bytes": self.max_bytes},
        )

    async def _refuse(self, scope, receive, send) -> None:
        """413 in the error shape: the HTML error page for a browser's form, JSON otherwise."""
        from answerable.serve.errors import respond_asgi

        await respond_asgi(scope, receive, send, 413, self._too_large().to_dict(), {"connection": "close"})

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    if int(value) > self.max_bytes:
                        return await self._refuse(scope, receive, send)
                except ValueError:
                    pass
        received = 0
        started = False
        too_large = False

        async def limited_receive():
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    too_large = True
                    raise self._too_large()
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except FileTooLargeError:
            if not started:
                await self._refuse(scope, receive, send)
