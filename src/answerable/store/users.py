"""Users (editor | admin, argon2 password hashes), API tokens (stored as SHA-256 hashes: a
token is shown once, when it is made, and cannot be read back from the database) and web
sessions (server-side: a signed-in browser's cookie holds a random id whose hash is a row in
``web_sessions``; signing out deletes the row and a password change deletes all of the user's,
so a copied cookie stops working at once)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from answerable import errors
from answerable.store.db import writer
from answerable.store import schema
from answerable.store.types import User

ROLES = ("editor", "admin")
MIN_PASSWORD = 8
_HASHER = PasswordHasher()


UserExistsError = errors.UserExistsError
InvalidUserError = errors.InvalidUserError


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _user(row) -> User:
    return User(id=row.id, name=row.name, role=row.role, created_at=row.created_at)


def add_user(engine: Engine, name: str, role: str, password: str) -> User:
    """Create a user; refuses an empty name, an unknown role, a short password or a taken name."""
    name = (name or "").strip()
    if not name:
        raise InvalidUserError("a user needs a name: give a non-empty name")
    if not _storable(name):
        raise InvalidUserError("a user name cannot hold a NUL or other control character: choose another name")
    if role not in ROLES:
        raise InvalidUserError(f"{role!r} is not a role: use one of {', '.join(ROLES)}")
    if len(password or "") < MIN_PASSWORD:
        raise InvalidUserError(f"the password is too short: use at least {MIN_PASSWORD} characters")
    now = dt.datetime.now(dt.timezone.utc)
    try:
        with writer(engine).begin() as conn:
            conn.execute(insert(schema.users).values(name=name, role=role, created_at=now,
                                                     password_hash=_HASHER.hash(password)))
    except IntegrityError:
        raise UserExistsError(f"a user named {name!r} already exists: choose another name") from None
    return get_user(engine, name)


def _storable(name: str) -> bool:
    """Whether ``name`` can be looked up at all (PostgreSQL text cannot hold NUL)."""
    return not any(ord(ch) < 32 for ch in name)


def get_user(engine: Engine, name: str) -> Optional[User]:
    if not _storable(name or ""):
        return None
    with engine.connect() as conn:
        row = conn.execute(select(schema.users).where(schema.users.c.name == name)).first()
    return _user(row) if row else None


def list_users(engine: Engine) -> list[User]:
    with engine.connect() as conn:
        return [_user(r) for r in conn.execute(select(schema.users).order_by(schema.users.c.name))]


def authenticate(engine: Engine, name: str, password: str) -> Optional[User]:
    """The user when ``password`` is right, else None (also for an unknown name)."""
    table = schema.users
    row = None
    if _storable(name or ""):
        with engine.connect() as conn:
            row = conn.execute(select(table).where(table.c.name == name)).first()
    if row is None:
        _HASHER.hash(password or "")  # same cost either way: names cannot be probed by timing
        return None
    try:
        _HASHER.verify(row.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if _HASHER.check_needs_rehash(row.password_hash):
        with writer(engine).begin() as conn:
            conn.execute(update(table).where(table.c.id == row.id)
                         .values(password_hash=_HASHER.hash(password)))
    return _user(row)


def create_token(engine: Engine, name: str) -> str:
    """A new API token for user ``name`` (shown once; only its hash is kept)."""
    user = get_user(engine, name)
    if user is None:
        raise errors.NotFoundError(f"no user named {name!r}: add one with `answerable users add`")
    token = secrets.token_urlsafe(32)
    with writer(engine).begin() as conn:
        conn.execute(insert(schema.api_tokens).values(token_hash=_token_hash(token), user_id=user.id,
                                                      created_at=dt.datetime.now(dt.timezone.utc)))
    return token


def user_for_token(engine: Engine, token: str) -> Optional[User]:
    if not token:
        return None
    users, tokens = schema.users, schema.api_tokens
    query = (select(users).join(tokens, tokens.c.user_id == users.c.id)
             .where(tokens.c.token_hash == _token_hash(token)))
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return _user(row) if row else None


def set_password(engine: Engine, name: str, password: str) -> User:
    """Give user ``name`` a new password and end every web session they have."""
    if len(password or "") < MIN_PASSWORD:
        raise InvalidUserError(f"the password is too short: use at least {MIN_PASSWORD} characters")
    user = get_user(engine, name)
    if user is None:
        raise errors.NotFoundError(f"no user named {name!r}: add one with `answerable users add`")
    with writer(engine).begin() as conn:
        conn.execute(update(schema.users).where(schema.users.c.id == user.id)
                     .values(password_hash=_HASHER.hash(password)))
        conn.execute(delete(schema.web_sessions).where(schema.web_sessions.c.user_id == user.id))
    return user


# --- web sessions -------------------------------------------------------------------------------
def start_session(engine: Engine, name: str, max_age: int) -> str:
    """A new session id for user ``name``, valid for ``max_age`` seconds (only its hash is
    kept); expired sessions are cleared out at the same time."""
    user = get_user(engine, name)
    if user is None:
        raise errors.NotFoundError(f"no user named {name!r}: add one with `answerable users add`")
    session_id = secrets.token_urlsafe(32)
    now = dt.datetime.now(dt.timezone.utc)
    table = schema.web_sessions
    with writer(engine).begin() as conn:
        conn.execute(delete(table).where(table.c.expires_at < now))
        conn.execute(insert(table).values(id_hash=_token_hash(session_id), user_id=user.id, created_at=now,
                                          expires_at=now + dt.timedelta(seconds=max_age)))
    return session_id


def user_for_session(engine: Engine, session_id: str) -> Optional[User]:
    """The user a live session id belongs to; None once it has ended or expired."""
    if not session_id:
        return None
    users, table = schema.users, schema.web_sessions
    now = dt.datetime.now(dt.timezone.utc)
    query = (select(users).join(table, table.c.user_id == users.c.id)
             .where(table.c.id_hash == _token_hash(session_id), table.c.expires_at > now))
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return _user(row) if row else None


def end_session(engine: Engine, session_id: str) -> None:
    """End one web session (signing out); ending an unknown or ended one does nothing."""
    if not session_id:
        return
    table = schema.web_sessions
    with writer(engine).begin() as conn:
        conn.execute(delete(table).where(table.c.id_hash == _token_hash(session_id)))
