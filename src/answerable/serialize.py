"""One JSON form for every answer, shared by the REST API and the CLI's ``--format json``:
pydantic models dumped in JSON mode, naive timestamps marked as UTC (SQLite hands them back
naive), and the list envelope both use (``items``, ``count``, ``total``, ``limit``,
``offset``, ``next``)."""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Any, Optional

from pydantic import BaseModel


@lru_cache(maxsize=None)
def _datetime_fields(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(datetime fields, list-of-model fields that may hold datetimes) of a pydantic class."""
    direct, nested = [], []
    for name, info in cls.model_fields.items():
        if "datetime.datetime" in str(info.annotation):
            direct.append(name)
        args = getattr(info.annotation, "__args__", ()) or ()
        if any(isinstance(a, type) and issubclass(a, BaseModel) and any(_datetime_fields(a)) for a in args):
            nested.append(name)
    return tuple(direct), tuple(dict.fromkeys(nested))


def aware(model: BaseModel) -> BaseModel:
    """``model`` with naive datetimes (SQLite hands them back naive) marked as UTC, so every
    timestamp the API sends is RFC 3339 with an offset."""
    direct, nested = _datetime_fields(type(model))
    updates: dict[str, Any] = {}
    for name in direct:
        value = getattr(model, name)
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            updates[name] = value.replace(tzinfo=dt.timezone.utc)
    for name in nested:
        value = getattr(model, name)
        if isinstance(value, list):
            updates[name] = [aware(v) if isinstance(v, BaseModel) else v for v in value]
    return model.model_copy(update=updates) if updates else model


def jsonable(value: Any) -> Any:
    """Plain JSON data from pydantic models, dates, tuples and containers of them."""
    if isinstance(value, BaseModel):
        return aware(value).model_dump(mode="json")
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc).isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def dump_json(value: Any) -> bytes:
    """Serialise ``value`` to compact JSON bytes (a single model uses pydantic's fast path)."""
    if isinstance(value, BaseModel):
        return aware(value).model_dump_json().encode("utf-8")
    return json.dumps(jsonable(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8")



def page(items: list, *, total: int, limit: int, offset: int, next: Optional[str]) -> dict[str, Any]:
    """The list envelope: ``items`` on this page, ``count`` of them, ``total`` matching,
    ``limit``/``offset`` as asked, and ``next`` (where the next page is, or None)."""
    return {"items": items, "count": len(items), "total": total, "limit": limit, "offset": offset,
            "next": next}


def next_offset(total: int, limit: int, offset: int) -> Optional[int]:
    """The offset of the page after this one, or None on the last page."""
    return offset + limit if offset + limit < total else None
