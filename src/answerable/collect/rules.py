"""Which links `collect` follows and which pages it keeps: the rules in ``data/collect.yaml``
(words a response's link or URL carries, words never followed, document types), compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional
from urllib.parse import unquote, urlsplit

import yaml

from answerable import errors

_SPLIT = re.compile(r"[\W_]+")


def _pattern(words: list[str]) -> re.Pattern[str]:
    alternatives = sorted({w.strip().lower() for w in words if str(w).strip()}, key=len, reverse=True)
    if not alternatives:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in alternatives) + r")(?!\w)", re.I)


@dataclass(frozen=True)
class Rules:
    inspectorate: re.Pattern[str]
    response: re.Pattern[str]
    skip: re.Pattern[str]
    letter: re.Pattern[str]
    document_types: dict[str, str]
    document_content_types: dict[str, str]
    min_words: int = 120
    max_link_share: float = 0.5
    max_depth: int = 3
    max_pages: int = 400
    max_documents: int = 2000
    max_redirects: int = 5
    listing: dict = field(default_factory=dict)
    skip_hosts: tuple[str, ...] = ()

    def document_format(self, url: str) -> Optional[str]:
        """The format a URL's extension names (``pdf``, ``docx``, ...), else None."""
        path = urlsplit(url).path.lower()
        name = path.rsplit("/", 1)[-1]
        if "." not in name:
            return None
        return self.document_types.get(name.rsplit(".", 1)[-1])

    def classify_link(self, text: str, url: str) -> Optional[str]:
        """``"document"`` or ``"page"`` for a link worth following, None to leave it alone."""
        words = f"{' '.join(text.split())} {url_words(url)}"
        if self.skip.search(words):
            return None
        response = bool(self.response.search(words))
        if self.document_format(url):
            return "document" if response and not self.skipped_host(url) else None
        return "page" if response or self.inspectorate.search(words) else None

    def skipped_host(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return any(host == h or host.endswith("." + h) for h in self.skip_hosts)


def url_words(url: str) -> str:
    """The words of a URL's path and query: ``/news/pcc-response_peel.pdf`` -> ``news pcc response peel pdf``."""
    parts = urlsplit(url)
    return " ".join(w for w in _SPLIT.split(unquote(f"{parts.path} {parts.query}")) if w)


def _load(text: str, where: str) -> Rules:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise errors.ConfigError(f"{where} is not valid YAML ({exc}): fix the file") from None
    page = data.get("response_page") or {}
    crawl = data.get("crawl") or {}
    try:
        return Rules(
            inspectorate=_pattern(data.get("inspectorate_words") or []),
            response=_pattern(data.get("response_words") or []),
            skip=_pattern(data.get("skip_words") or []),
            letter=_pattern(page.get("letter_words") or []),
            document_types={str(k).lower(): str(v) for k, v in (data.get("document_types") or {}).items()},
            document_content_types={str(k).lower(): str(v)
                                    for k, v in (data.get("document_content_types") or {}).items()},
            min_words=int(page.get("min_words", 120)),
            max_link_share=float(page.get("max_link_share", 0.5)),
            max_depth=int(crawl.get("max_depth", 3)),
            max_pages=int(crawl.get("max_pages", 400)),
            max_documents=int(crawl.get("max_documents", 2000)),
            max_redirects=int(crawl.get("max_redirects", 5)),
            listing=dict(data.get("report_listing") or {}),
            skip_hosts=tuple(str(h).lower().lstrip(".") for h in data.get("skip_hosts") or []),
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise errors.ConfigError(f"{where} has a bad value ({exc}): compare it with the bundled data/collect.yaml") from None


@lru_cache(maxsize=4)
def load_rules(path: Optional[Path] = None) -> Rules:
    """The bundled rules, or those in ``path`` (a copy of ``data/collect.yaml``)."""
    if path is None:
        return _load((resources.files("answerable") / "data" / "collect.yaml").read_text("utf-8"),
                     "data/collect.yaml")
    try:
        return _load(Path(path).read_text("utf-8"), str(path))
    except OSError as exc:
        raise errors.ConfigError(f"cannot read the collect rules {path} ({exc.strerror}): check the path") from None
