"""Accounts on the web: signed session cookies, CSRF tokens, sign-in rate limiting, API tokens.

Reading is open to everyone. Changing anything needs a signed-in user with the ``editor`` or
``admin`` role (pages) or ``Authorization: Bearer <token>`` (API). Passwords and tokens are
checked by the store (argon2 hashes); this module never sees a hash.

Every visitor gets a signed session cookie (HttpOnly, SameSite=Lax) holding a random CSRF
token; every form carries that token in a hidden ``csrf_token`` field and every POST is refused
unless the two match (a session-bound token). Signing in rotates the token.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from answerable.errors import AuthError, PermissionDeniedError
from answerable.serve.errors import CSRFError, RateLimitedError

SESSION_COOKIE = "answerable_session"
SESSION_MAX_AGE = 8 * 3600
EDIT_ROLES = frozenset({"editor", "admin"})


@dataclass(frozen=True)
class WebUser:
    """Who is making a request: a name and a role (``editor`` or ``admin``)."""

    name: str
    role: str

    @property
    def can_edit(self) -> bool:
        return self.role in EDIT_ROLES


@dataclass
class Session:
    """The contents of the signed session cookie."""

    csrf: str
    user: Optional[WebUser] = None
    changed: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"csrf": self.csrf}
        if self.user:
            data["user"] = self.user.name
            data["role"] = self.user.role
        return data


def load_secret_key(configured: Optional[str], data_dir: Path) -> str:
    """The configured secret key, else one generated once and kept in ``data_dir/secret_key``."""
    if configured:
        return configured
    path = data_dir / "secret_key"
    try:
        existing = path.read_text(encoding="utf-8").strip()
        if existing:
            return existing
    except FileNotFoundError:
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


class SessionCodec:
    """Signs and reads the session cookie (itsdangerous, timestamped)."""

    def __init__(self, secret_key: str, max_age: int = SESSION_MAX_AGE):
        self._serializer = URLSafeTimedSerializer(secret_key, salt="answerable.session")
        self.max_age = max_age

    def load(self, cookie: Optional[str]) -> Session:
        """The session in ``cookie``, or a fresh anonymous one if it is missing, forged or old."""
        if cookie:
            try:
                data = self._serializer.loads(cookie, max_age=self.max_age)
            except BadSignature:
                data = None
            if isinstance(data, dict) and isinstance(data.get("csrf"), str):
                user = None
                if isinstance(data.get("user"), str) and isinstance(data.get("role"), str):
                    user = WebUser(data["user"], data["role"])
                return Session(csrf=data["csrf"], user=user)
        return Session(csrf=secrets.token_urlsafe(32), changed=True)

    def dump(self, session: Session) -> str:
        return self._serializer.dumps(session.to_dict())


def check_csrf(session: Session, submitted: Optional[str]) -> None:
    """Raise :class:`CSRFError` unless the form's token matches the session's."""
    if not submitted or not hmac.compare_digest(str(submitted), session.csrf):
        raise CSRFError(
            "this form was sent without a valid security token (it may be stale or come from "
            "another site). Reload the page and submit the form again.",
            detail={"field": "csrf_token"},
        )


@dataclass
class RateLimiter:
    """A sliding-window limit of ``limit`` attempts per ``window`` seconds for each key."""

    limit: int = 5
    window: float = 60.0
    _hits: dict[str, deque] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, key: str, now: Optional[float] = None) -> None:
        """Count one attempt for ``key``; raise :class:`RateLimitedError` beyond the limit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                wait = int(self.window - (now - hits[0])) + 1
                raise RateLimitedError(
                    f"too many sign-in attempts for this user from your address; wait {wait} "
                    "seconds and try again.",
                    detail={"retry_after_seconds": wait, "limit": self.limit,
                            "window_seconds": int(self.window)},
                )
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle keys so memory stays bounded
                for stale in [k for k, v in self._hits.items() if not v or now - v[-1] >= self.window]:
                    del self._hits[stale]

    def reset(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)


def login_key(request: Request, name: str) -> str:
    """The rate-limit key for a sign-in attempt: client address plus user name."""
    host = request.client.host if request.client else "unknown"
    return f"{host}|{name.strip().lower()}"


def _role(user: Any) -> str:
    role = getattr(user, "role", None)
    return str(getattr(role, "value", role) or "")


def to_web_user(user: Any) -> WebUser:
    """A store user record as a :class:`WebUser`."""
    return WebUser(name=str(getattr(user, "name")), role=_role(user))


def bearer_token(request: Request) -> Optional[str]:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def require_editor(user: Optional[WebUser]) -> WebUser:
    """Return ``user`` if they may change things, else raise the right error."""
    if user is None:
        raise AuthError(
            "changing anything needs a signed-in user: sign in at /login, or send "
            "`Authorization: Bearer <token>` (create one with `answerable users token NAME`).",
        )
    if not user.can_edit:
        raise PermissionDeniedError(
            f"user {user.name!r} has role {user.role!r}, which may only read; an admin can "
            "give the editor role with `answerable users add NAME --role editor`.",
            detail={"user": user.name, "role": user.role},
        )
    return user
