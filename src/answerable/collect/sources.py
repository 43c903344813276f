"""The known sources: each force area's local policing body with its website and the pages
where it publishes its responses (``data/sources.yaml``, facts seen on public pages, each with
the URL it was seen at), plus a user's own file (setting ``collect_sources``) whose entries
are added, or replace bundled ones with the same id."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

import yaml

from answerable import errors


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    force: Optional[str] = None
    website: Optional[str] = None
    response_pages: tuple[str, ...] = ()
    seen_at: tuple[str, ...] = ()

    @property
    def starts(self) -> tuple[str, ...]:
        """Where a crawl of this source begins: its response pages, else its website."""
        return self.response_pages or ((self.website,) if self.website else ())


@dataclass
class Sources:
    bodies: list[Source] = field(default_factory=list)
    inspectorate: dict = field(default_factory=dict)

    def get(self, key: str) -> Source:
        """A source by id, force name or a unique part of either ("surrey", "Avon")."""
        wanted = _slug(key)
        exact = [s for s in self.bodies if wanted in (s.id, _slug(s.force or ""))]
        if exact:
            return exact[0]
        near = [s for s in self.bodies if wanted and (wanted in s.id or wanted in _slug(s.name))]
        if len(near) == 1:
            return near[0]
        hint = f" It matches {', '.join(s.id for s in near)}: pick one." if near else \
            " Run `answerable sources list` to see every id."
        raise errors.UnknownSourceError(f"no single source named {key!r}.{hint}", detail={"source": key})


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def url_source_id(url: str) -> str:
    """The source id of a page given by URL: its host (and port, when one is given)."""
    parts = urlsplit(url)
    host = (parts.hostname or url).lower()
    return f"url:{host}:{parts.port}" if parts.port else f"url:{host}"


def _checked_url(value, where: str) -> Optional[str]:
    if value is None:
        return None
    text = str(value).strip()
    if urlsplit(text).scheme not in ("http", "https") or not urlsplit(text).netloc:
        raise errors.ConfigError(f"{where}: {text!r} is not an http(s) URL: fix it or set it to null")
    return text


def _entry(item: dict, where: str) -> Source:
    if not isinstance(item, dict) or not item.get("id") or not item.get("name"):
        raise errors.ConfigError(f"{where}: every body needs at least an id and a name (got {item!r})")
    pages = tuple(_checked_url(u, f"{where} {item['id']}") for u in item.get("response_pages") or [])
    seen = tuple(str(u) for u in item.get("seen_at") or [])
    return Source(id=str(item["id"]), name=str(item["name"]), force=item.get("force"),
                  website=_checked_url(item.get("website"), f"{where} {item['id']}"),
                  response_pages=pages, seen_at=seen)


def _read(text: str, where: str) -> dict:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise errors.ConfigError(f"{where} is not valid YAML ({exc}): fix the file") from None
    if not isinstance(data, dict):
        raise errors.ConfigError(f"{where} must be a mapping with a 'bodies' list")
    return data


def load_sources(extra: Optional[Path] = None, *, bundled: bool = True) -> Sources:
    """The bundled sources (unless ``bundled`` is False), then ``extra`` (a YAML file shaped
    like data/sources.yaml)."""
    result = Sources()
    if bundled:
        data = _read((resources.files("answerable") / "data" / "sources.yaml").read_text("utf-8"), "data/sources.yaml")
        result = Sources([_entry(i, "data/sources.yaml") for i in data.get("bodies") or []],
                         dict(data.get("inspectorate") or {}))
    if extra is not None:
        try:
            text = Path(extra).read_text("utf-8")
        except OSError as exc:
            raise errors.ConfigError(f"cannot read the sources file {extra} ({exc.strerror}): check the path") from None
        data = _read(text, str(extra))
        by_id = {s.id: i for i, s in enumerate(result.bodies)}
        for item in data.get("bodies") or []:
            source = _entry(item, str(extra))
            if source.id in by_id:
                result.bodies[by_id[source.id]] = source
            else:
                result.bodies.append(source)
        result.inspectorate.update(data.get("inspectorate") or {})
    return result
