"""Typed settings. Every field can be set by an environment variable ``ANSWERABLE_<NAME>``
(e.g. ``ANSWERABLE_DATABASE_URL``); ``DATABASE_URL`` is honoured too. ``answerable settings``
prints them with their help text."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("answerable", appauthor=False))


def default_database_url() -> str:
    return f"sqlite:///{default_data_dir() / 'answerable.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ANSWERABLE_", extra="ignore")

    database_url: str = Field(
        default_factory=default_database_url,
        validation_alias=AliasChoices("ANSWERABLE_DATABASE_URL", "DATABASE_URL"),
        description="Where the store lives: sqlite:///path/to/file.db (default: a file in the "
        "user's data directory) or postgresql://user:password@host/dbname.",
    )
    max_file_bytes: int = Field(
        50 * 1024 * 1024,
        description="Largest input file read, in bytes; larger files are refused without being read.",
    )
    max_pdf_pages: int = Field(500, description="Largest PDF read, in pages.")
    max_zip_member_bytes: int = Field(
        16 * 1024 * 1024, ge=1,
        description="Largest unpacked part of a .docx (ZIP) file, in bytes; more is refused as a zip bomb.")
    max_zip_total_bytes: int = Field(
        128 * 1024 * 1024, ge=1,
        description="Largest unpacked .docx (ZIP) file in all, in bytes; more is refused as a zip bomb.")
    max_zip_ratio: int = Field(
        100, ge=1, description="Largest unpacked/packed size ratio of one .docx part over 1 MiB (zip bomb check).")
    time_budget_seconds: float = Field(
        60.0, gt=0,
        description="Longest time spent reading and extracting one document, in seconds; a document "
        "that takes longer is stopped with an error naming this limit.")
    catalogue_dir: Path | None = Field(
        None,
        description="An extra folder of report YAML files, read after the bundled catalogue "
        "(entries with the same id replace bundled ones).",
    )
    workers: int = Field(2, description="Worker processes used by `answerable ingest`.")
    secret_key: str | None = Field(
        None,
        description="Key that signs web session cookies. If unset, one is generated and kept "
        "in the data directory.",
    )
    encoder_threads: int = Field(
        2, ge=1, description="CPU threads the sentence-embedding model uses (matching, semantic search)."
    )
    match_config: Path | None = Field(
        None,
        description="Your own copy of data/match.yaml (cue phrases and thresholds used to match "
        "statements to recommendations); the bundled one when unset.",
    )
    upload_max_bytes: int = Field(10 * 1024 * 1024, description="Largest draft accepted by the web upload.")
    collect_user_agent: str = Field(
        "answerable/0.1 (section 55 response collector)",
        description="User-Agent sent by `answerable collect`; the contact setting is appended to it.",
    )
    collect_contact: str | None = Field(
        None, description="How a site owner can reach you (e-mail or URL), sent in the User-Agent by `collect`.")
    collect_delay: float = Field(
        1.0, ge=0, description="Seconds between two requests to the same host by `collect` (politeness).")
    collect_concurrency: int = Field(2, ge=1, description="Requests in flight at once to one host by `collect`.")
    collect_max_bytes: int = Field(
        50 * 1024 * 1024, ge=1, description="Largest download by `collect`, in bytes; a longer body is stopped there.")
    collect_timeout: float = Field(30.0, gt=0, description="Seconds one download by `collect` may take in all.")
    collect_retries: int = Field(3, ge=0, description="Retries of a download after 429, 5xx or a dropped connection.")
    collect_sources: Path | None = Field(
        None, description="Your own sources YAML (shaped like data/sources.yaml), read after the bundled one; "
        "an entry with the same id replaces the bundled entry.")
    collect_max_retry_after: float = Field(
        120.0, ge=0, description="Longest Retry-After `collect` waits; a longer one fails the download.")
    forwarded_allow_ips: str | None = Field(
        None,
        description="Proxies whose X-Forwarded-For header `serve` believes (for sign-in rate "
        "limits and logs): comma-separated addresses or CIDR ranges, or * for any. Unset: the "
        "header is ignored and the connecting address is the client.",
    )
    cors_origins: str | None = Field(
        None,
        description="Web origins allowed to read the API from a browser (CORS), comma-separated, "
        "e.g. https://example.org; * for any. Unset: no CORS headers.",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings from the environment; a bad value is a ConfigError naming the variable."""
    from pydantic import ValidationError

    from answerable.errors import ConfigError

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"ANSWERABLE_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']} (got {err.get('input')!r})"
            for err in exc.errors()
        )
        raise ConfigError(f"bad setting: {problems}. Fix or unset the environment variable.") from None


SECRET_FIELDS = frozenset({"secret_key"})
MASK = "********"


def mask_url(url: str) -> str:
    """A URL with its password replaced by ``********`` (user, host and database kept)."""
    return re.sub(r"^([a-zA-Z][\w+.-]*://[^:/@]*):[^@/]*@", rf"\1:{MASK}@", url)


def shown_settings(settings: Settings) -> list[dict[str, Any]]:
    """Every setting as ``answerable settings`` shows it: name, environment variable, value
    (secrets masked: the secret key, passwords in database URLs) and what it does."""
    rows = []
    for name, field in Settings.model_fields.items():
        value = getattr(settings, name)
        if name in SECRET_FIELDS and value:
            value = MASK
        elif isinstance(value, str) and "://" in value:
            value = mask_url(value)
        elif isinstance(value, Path):
            value = str(value)
        rows.append({"name": name, "env": f"ANSWERABLE_{name.upper()}", "value": value,
                     "description": field.description})
    return rows
