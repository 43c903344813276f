"""The web server: a REST API under ``/api/v1`` and server-rendered pages, over one store.

>>> from answerable.serve import create_app
>>> app = create_app("sqlite:///answerable.db")   # then: uvicorn.run(app)

Routes are in :mod:`answerable.serve.api` (JSON) and :mod:`answerable.serve.pages` (HTML);
accounts, CSRF and rate limiting in :mod:`answerable.serve.auth`; the one error shape in
:mod:`answerable.serve.errors`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from answerable import __version__
from answerable.serve.context import AppContext, BodyLimitMiddleware
from answerable.serve.errors import install_error_handlers
from answerable.settings import Settings, default_data_dir, get_settings

HERE = Path(__file__).resolve().parent

API_DESCRIPTION = """Read, search and compare the published responses of police and crime
commissioners to HMICFRS inspection reports (Police Act 1996 s.55), follow up their
commitments and audit a draft.

Reading is open. Writes need `Authorization: Bearer <token>` (`answerable users token NAME`).
Every error has one shape: `{"error": {"code", "message", "detail"}}` — see docs/api.md.
Lists carry `total` and a `next` link.
"""

__all__ = ["create_app"]


def create_app(store_url: Optional[str] = None, settings: Optional[Settings] = None,
               *, store: Any = None) -> FastAPI:
    """Build the FastAPI app over the store at ``store_url`` (default: ``settings.database_url``).

    ``store`` may be an already-open :class:`answerable.store.Store` (used instead of opening
    ``store_url``). The session-signing key is ``settings.secret_key`` or one generated once
    into the data directory.
    """
    from answerable.serve import api, pages

    settings = settings or get_settings()
    if store is None:
        from answerable.store import open_store

        store = open_store(store_url or settings.database_url)
    app = FastAPI(
        title="answerable",
        version=__version__,
        description=API_DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # /api/v1/docs is rendered by the server: no CDN scripts
        redoc_url=None,
        generate_unique_id_function=lambda route: route.name,  # short operationIds
    )
    app.state.ctx = AppContext.build(store, settings, data_dir=default_data_dir())
    install_error_handlers(app)
    _add_middleware(app, settings)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.state.render_error = pages.render_error
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    """Innermost first: body limit, NUL refusal, CORS (when configured), security headers,
    and the access log outermost (so it times and sees everything)."""
    from answerable.serve.middleware import AccessLog, RefuseNul, SecurityHeaders

    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.upload_max_bytes + 256 * 1024)
    app.add_middleware(RefuseNul)
    origins = [o.strip() for o in (settings.cors_origins or "").split(",") if o.strip()]
    if origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "PATCH", "POST"],
                           allow_headers=["Authorization", "Content-Type"], allow_credentials=False,
                           max_age=600)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with the bearer-token security scheme the write routes use."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        spec = get_openapi(title=app.title, version=app.version, description=app.description,
                           routes=app.routes)
        spec.setdefault("components", {})["securitySchemes"] = {"bearer": {
            "type": "http", "scheme": "bearer",
            "description": "An API token from `answerable users token NAME`."}}
        app.openapi_schema = spec
    return app.openapi_schema
