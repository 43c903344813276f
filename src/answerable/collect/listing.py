"""``reports update``: the reports the inspectorate's publication listing shows and the
catalogue lacks, added as catalogue entries (title, publication date when the listing states
it, the listing page as their source, no recommendations: those come from the report itself
with `answerable reports add`)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from pydantic import BaseModel, Field
from selectolax.lexbor import LexborHTMLParser, LexborNode

from answerable import errors
from answerable.collect.page import decode
from answerable.collect.rules import Rules, load_rules

_MONTHS = ("january february march april may june july august september october november december").split()
_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.I)
_BLOCKS = {"li", "article", "tr", "section", "div", "dd"}


class ListedReport(BaseModel):
    id: str
    title: str
    published: Optional[dt.date] = None
    url: str


class UpdateResult(BaseModel):
    url: str
    added: list[ListedReport] = Field(default_factory=list)
    known: int = 0
    skipped: list[str] = Field(default_factory=list)  # links left alone (no date, not a report)
    written: list[str] = Field(default_factory=list)  # files written


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:80].strip("-")


def _date_in(node: LexborNode) -> Optional[dt.date]:
    stamp = node.css_first("time[datetime]")
    if stamp is not None:
        try:
            return dt.date.fromisoformat((stamp.attributes.get("datetime") or "")[:10])
        except ValueError:
            pass
    found = _DATE.search(node.text(separator=" "))
    if found:
        try:
            return dt.date(int(found[3]), _MONTHS.index(found[2].lower()) + 1, int(found[1]))
        except ValueError:
            return None
    return None


def _block(node: LexborNode) -> LexborNode:
    current = node
    for _ in range(4):
        parent = current.parent
        if parent is None or parent.tag in ("body", "html"):
            break
        current = parent
        if current.tag in _BLOCKS:
            break
    return current


def parse_listing(body: bytes, url: str, rules: Optional[Rules] = None) -> tuple[list[ListedReport], list[str]]:
    """The reports a publication listing shows: links under a publications path whose block
    states a date; returns (reports, links left alone)."""
    from urllib.parse import urldefrag, urljoin

    rules = rules or load_rules()
    segments = {s.lower() for s in rules.listing.get("url_segments") or []}
    skip = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in rules.listing.get("skip_words") or ["\x00"])
                      + r")(?!\w)", re.I)
    tree = LexborHTMLParser(decode(body, "text/html"))
    found: dict[str, ListedReport] = {}
    skipped: list[str] = []
    for node in tree.css("a[href]"):
        target = urldefrag(urljoin(url, node.attributes.get("href") or "")).url
        parts = [p for p in urlsplit(target).path.lower().split("/") if p]
        if not parts or not segments & set(parts[:-1]) or target in found:
            continue
        title = " ".join(node.text(separator=" ").split())
        if not title or skip.search(title):
            skipped.append(target)
            continue
        published = _date_in(_block(node))
        if published is None:
            skipped.append(target)
            continue
        found[target] = ListedReport(id=_slug(title), title=title, published=published, url=target)
    return list(found.values()), skipped


def _norm(title: str) -> str:
    return " ".join(re.findall(r"\w+", title.lower()))


def update_reports(url: Optional[str] = None, *, out_dir: Optional[Path] = None, settings=None,
                   body: Optional[bytes] = None) -> UpdateResult:
    """Fetch the listing at ``url`` (default: the inspectorate's publications page in
    data/sources.yaml) politely, and write an entry for each report not yet catalogued."""
    from answerable.catalogue import load_catalogue, write_report
    from answerable.collect.api import _run
    from answerable.collect.sources import load_sources
    from answerable.kinds import classify
    from answerable.models import Report

    if settings is None:
        from answerable.settings import get_settings

        settings = get_settings()
    url = url or load_sources(settings.collect_sources).inspectorate.get("publications")
    if not url:
        raise errors.CollectError("no publication listing is known: give its URL (answerable reports update URL)")
    if body is None:
        body = _run(_fetch(url, settings))
    listed, skipped = parse_listing(body, url)
    catalogue = load_catalogue(settings=settings)
    ids = {r.id for r in catalogue.reports()}
    titles = {_norm(r.title) for r in catalogue.reports()}
    links = {r.link for r in catalogue.reports() if r.link}
    result = UpdateResult(url=url, skipped=skipped)
    for item in listed:
        if item.id in ids or _norm(item.title) in titles or item.url in links:
            result.known += 1
            continue
        guess = classify(item.title)
        report = Report(id=item.id, title=item.title, published=item.published, kind=guess.kind or "other",
                        pillar=guess.pillar, period=guess.period, link=item.url, sources=[url],
                        recommendations_known=False,
                        notes="Added by `answerable reports update` from the inspectorate's publication "
                              "listing; import the recommendations with `answerable reports add`.")
        result.written.append(str(write_report(report, out_dir)))
        result.added.append(item)
        ids.add(item.id)
    return result


async def _fetch(url: str, settings) -> bytes:
    from answerable.collect.fetch import Fetcher
    from answerable.collect.robots import Robots

    rules = load_rules()
    holder: dict = {}

    async def load(robots_url: str):
        fetched = await holder["fetcher"].fetch(robots_url, check_robots=False)
        return fetched.status, fetched.body, fetched.error

    fetcher = Fetcher(settings, rules, Robots(load))
    holder["fetcher"] = fetcher
    try:
        fetched = await fetcher.fetch(url)
    finally:
        await fetcher.close()
    if fetched.error or fetched.body is None:
        raise errors.CollectError(f"cannot read the publication listing {url}: {fetched.error or 'empty'}")
    return fetched.body
