"""Accounts on the web: signed session cookies, CSRF tokens, sign-in rate limiting, API tokens.

Reading is open to everyone. Changing anything needs a signed-in user with the ``editor`` or
``admin`` role (pages) or ``Authorization: Bearer <token>`` (API). Passwords and tokens are
checked by the store (argon2 hashes); this module never sees a hash.

Every visitor gets a signed session cookie (HttpOnly, SameSite=Lax) holding a random CSRF
token; every form carries that token in a hidden ``csrf_token`` field and every POST is refused
unless the two match (a session-bound token). Signing in rotates the token.

Who is signed in is kept on the server: signing in starts a row in the store's
``web_sessions`` and the cookie carries only its random id (``sid``). Each request looks the id
up, so signing out, a password change (``answerable users password``) or expiry ends the
session for every copy of the cookie, and a role change applies at once.

Sign-in attempts are limited per address and user name, per address and per user name. The
address is the TCP peer; ``X-Forwarded-For`` is believed only from a proxy listed in the
``forwarded_allow_ips`` setting.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from pathlib import Path
from typing import Any, Optional, Union

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
    """The contents of the signed session cookie: a CSRF token and, when signed in, the id of a
    server-side session (``sid``). ``user`` is filled from the store on each request."""

    csrf: str
    user: Optional[WebUser] = None
    changed: bool = False
    sid: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"csrf": self.csrf}
        if self.sid:
            data["sid"] = self.sid
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
                sid = data.get("sid")
                return Session(csrf=data["csrf"], sid=sid if isinstance(sid, str) else None)
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
    what: str = "for this user from your address"  # completes "too many sign-in attempts …"
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
                    f"too many sign-in attempts {self.what}; wait {wait} "
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


@dataclass
class LoginLimits:
    """Sign-in attempts allowed per minute: for one user name from one address, from one
    address whatever the names (guessing many accounts), and for one user name from any
    address (guessing one account from many addresses)."""

    per_user_address: RateLimiter = field(default_factory=lambda: RateLimiter(5, 60.0))
    per_address: RateLimiter = field(
        default_factory=lambda: RateLimiter(20, 60.0, what="from your address"))
    per_user: RateLimiter = field(
        default_factory=lambda: RateLimiter(20, 60.0, what="for this user"))

    def hit(self, address: str, name: str) -> None:
        """Count one attempt; raise :class:`RateLimitedError` when any limit is passed."""
        user = name.strip().lower()
        self.per_address.hit(address)
        self.per_user.hit(user)
        self.per_user_address.hit(f"{address}|{user}")

    def succeeded(self, address: str, name: str) -> None:
        """A right password clears that user's count from that address (not the others)."""
        self.per_user_address.reset(f"{address}|{name.strip().lower()}")

    def clear(self) -> None:
        for limiter in (self.per_user_address, self.per_address, self.per_user):
            limiter._hits.clear()


TrustedProxies = tuple[Union[IPv4Network, IPv6Network], ...]


def parse_proxies(setting: Optional[str]) -> Optional[TrustedProxies]:
    """The ``forwarded_allow_ips`` setting as networks: None when unset (trust no proxy
    header), ``()`` for ``*`` (trust any peer), else the listed addresses and CIDR ranges."""
    from answerable.errors import ConfigError

    if not setting or not setting.strip():
        return None
    parts = [p.strip() for p in setting.split(",") if p.strip()]
    if "*" in parts:
        return ()
    networks = []
    for part in parts:
        try:
            networks.append(ip_network(part, strict=False))
        except ValueError:
            raise ConfigError(
                f"ANSWERABLE_FORWARDED_ALLOW_IPS: {part!r} is not an IP address or CIDR range: "
                "list the proxies' addresses, e.g. 127.0.0.1,10.0.0.0/8 (or * for any)."
            ) from None
    return tuple(networks)


def _trusted(address: str, proxies: TrustedProxies) -> bool:
    if proxies == ():
        return True
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in proxies)


def client_address(request: Request, proxies: Optional[TrustedProxies]) -> str:
    """The client's address: the TCP peer, unless the peer is a trusted proxy, in which case
    the right-most ``X-Forwarded-For`` entry that is not itself a trusted proxy."""
    peer = request.client.host if request.client else "unknown"
    if proxies is None or not _trusted(peer, proxies):
        return peer
    hops = [h.strip() for h in ",".join(request.headers.getlist("x-forwarded-for")).split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return hop
    return hops[0] if hops else peer


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
