"""The crawl: from each source's start pages, follow only the links that look like responses to
inspection reports (pages on the source's own site; document files anywhere), fetch each URL
once per run, conditionally when it was fetched before, and write every page and document to
the store as soon as it is fetched."""

from __future__ import annotations

import asyncio
import hashlib
import time
from dataclasses import dataclass, field
from typing import Callable, Optional
from urllib.parse import urlsplit

from sqlalchemy.engine import Engine

from answerable.collect.fetch import Fetched, Fetcher
from answerable.collect.page import Page, is_sitemap, looks_like_response, parse_html, parse_sitemap
from answerable.collect.politeness import Politeness
from answerable.collect.robots import Robots
from answerable.collect.rules import Rules
from answerable.store import collected as db

PAGE_FORMATS = {"html", "xml"}
FLUSH_ROWS = 64       # rows written to the store in one transaction ...
FLUSH_SECONDS = 0.5   # ... or after this long, whichever comes first


@dataclass(frozen=True)
class Start:
    source_id: str
    url: str
    name: Optional[str] = None
    force: Optional[str] = None


@dataclass
class Task:
    url: str
    source_id: str
    depth: int
    want: str  # page | document
    referrer: Optional[str] = None
    link_text: Optional[str] = None


@dataclass
class SourceRun:
    start: list[str]
    site: set[str]
    pages: int = 0
    documents: int = 0
    failures: int = 0
    planned_pages: int = 0
    planned_documents: int = 0
    unreachable: Optional[str] = None  # why the start page could not be fetched


@dataclass
class CrawlResult:
    requests: int = 0
    fetched: int = 0  # bodies downloaded
    not_modified: int = 0
    pages: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # robots.txt said no
    sources: dict[str, str] = field(default_factory=dict)  # id -> ok | partial | unreachable


def site_of(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    return f"{host}:{parts.port}" if parts.port else host


Event = Callable[[str, str, Optional[str]], None]  # (url, outcome, message)


class Crawler:
    def __init__(self, engine: Engine, settings, rules: Rules, *, event: Optional[Event] = None,
                 backoff: float = 0.5, workers: Optional[int] = None):
        self.engine = engine
        self.settings = settings
        self.rules = rules
        self.event = event
        self.politeness = Politeness(settings.collect_delay, settings.collect_concurrency)
        self.robots = Robots(self._load_robots)
        self.fetcher = Fetcher(settings, rules, self.robots, politeness=self.politeness, backoff=backoff)
        self.workers = workers or max(4, min(32, settings.collect_concurrency * 8))
        self.result = CrawlResult()
        self.known = db.known(engine)
        self.seen: set[str] = set()
        self.runs: dict[str, SourceRun] = {}
        self.queue: asyncio.Queue[Task] = asyncio.Queue()
        self.unsaved: dict[str, dict] = {}
        self.last_flush = time.monotonic()

    # --- robots.txt, fetched conditionally and kept like any page ----------------------------
    async def _load_robots(self, url: str):
        fetched = await self._fetch(url, check_robots=False)
        if fetched.not_modified:
            return 200, db.content(self.engine, url), None
        if fetched.ok and fetched.body is not None:
            self._store(Task(url, "robots", 0, "robots"), fetched, "robots", "robots")
        elif fetched.error and fetched.status is None:
            return None, None, fetched.error  # unreachable: RFC 9309 says assume all is disallowed
        return fetched.status, fetched.body, None

    async def _fetch(self, url: str, *, check_robots: bool = True) -> Fetched:
        row = self.known.get(url)
        etag = row.etag if row and row.has_content else None
        modified = row.last_modified if row and row.has_content else None
        fetched = await self.fetcher.fetch(url, etag=etag, last_modified=modified, check_robots=check_robots)
        self.result.requests += fetched.requests
        if fetched.not_modified:
            self.result.not_modified += 1
        elif fetched.ok:
            self.result.fetched += 1
        return fetched

    # --- the run -------------------------------------------------------------------------------
    async def run(self, starts: list[Start]) -> CrawlResult:
        names: dict[str, tuple[Optional[str], Optional[str]]] = {}
        for start in starts:
            run = self.runs.setdefault(start.source_id, SourceRun([], set()))
            run.start.append(start.url)
            run.site.add(site_of(start.url))
            names[start.source_id] = (start.name, start.force)
        for source_id, (name, force) in names.items():
            db.start_source(self.engine, source_id, name, force)
        for start in starts:
            self._enqueue(Task(start.url, start.source_id, 0, "page"))
        workers = [asyncio.create_task(self._worker()) for _ in range(self.workers)]
        try:
            await self.queue.join()
        finally:
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            self.flush()  # first: an interrupted run keeps everything it fetched
            await self.fetcher.close()
        for source_id, run in self.runs.items():
            status = "unreachable" if run.unreachable else ("partial" if run.failures else "ok")
            message = run.unreachable or (f"{run.failures} failed download(s)" if run.failures else None)
            self.result.sources[source_id] = status
            db.finish_source(self.engine, source_id, status, message, run.pages, run.documents)
        return self.result

    def save(self, url: str, values: dict) -> None:
        """Keep a row to write; rows go to the store in batches (a kill loses at most the
        unflushed ones, which the next run fetches again)."""
        self.unsaved.setdefault(url, {}).update(values)
        if len(self.unsaved) >= FLUSH_ROWS or time.monotonic() - self.last_flush > FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        rows, self.unsaved = self.unsaved, {}
        db.save_many(self.engine, rows)
        self.last_flush = time.monotonic()

    def _enqueue(self, task: Task) -> None:
        if task.url in self.seen:
            return
        self.seen.add(task.url)
        self.queue.put_nowait(task)

    async def _worker(self) -> None:
        while True:
            task = await self.queue.get()
            try:
                await self._process(task)
            except Exception as exc:  # a bug must not stop the run: name the URL and go on
                self._fail(task, f"internal error ({type(exc).__name__}: {exc}); please report it", None)
            finally:
                self.queue.task_done()

    # --- one URL -------------------------------------------------------------------------------
    async def _process(self, task: Task) -> None:
        run = self.runs[task.source_id]
        fetched = await self._fetch(task.url)
        if fetched.disallowed:
            self.result.skipped.append((task.url, fetched.error))
            if self.event:
                self.event(task.url, "skipped", fetched.error)
            return
        if fetched.error:
            self._fail(task, fetched.error, fetched)
            return
        row = self.known.get(task.url)
        body = fetched.body
        fmt = fetched.format
        if fetched.not_modified:
            fmt = row.format if row else None
            body = db.content(self.engine, task.url) if fmt in PAGE_FORMATS else b""
            if body is None:  # should not happen: conditional only when bytes are kept
                self._fail(task, "304 Not Modified but no stored copy: run again", fetched)
                return
        if fmt in PAGE_FORMATS:
            page = parse_sitemap(body, task.url) if fmt == "xml" or is_sitemap(body) else \
                parse_html(body, fetched.final_url, fetched.content_type)
            self._follow(task, page, run)
            kind = "document" if fmt == "html" and looks_like_response(page, self.rules) else "page"
        elif fmt in self.rules.document_types.values():
            kind = "document"
        else:
            what = (fetched.content_type or "no content type").split(";")[0]
            self._fail(task, f"not a page or a document answerable reads ({what})", fetched)
            return
        if kind == "page":
            run.pages += 1
            self.result.pages += 1
        else:
            run.documents += 1
        outcome = self._store(task, fetched, kind, fmt)
        if self.event:
            self.event(task.url, outcome if kind == "document" else "page", None)

    def _store(self, task: Task, fetched: Fetched, kind: str, fmt: Optional[str]) -> str:
        """Write what was fetched; the outcome: new | changed | unchanged."""
        row = self.known.get(task.url)
        stamp = db.now()
        values = dict(source_id=task.source_id if kind != "robots" else None, kind=kind, status=fetched.status,
                      fetched_at=stamp, message=None)
        if task.referrer is not None or row is None:
            values.update(linked_from=task.referrer, link_text=task.link_text)
        if fetched.not_modified:
            outcome = "unchanged"
            if row and row.kind != kind:
                values["ingest_status"] = None if kind == "document" else "page"
        else:
            body = fetched.body or b""
            sha = hashlib.sha256(body).hexdigest()
            values.update(etag=fetched.etag, last_modified=fetched.last_modified, content_type=fetched.content_type,
                          format=fmt, size=len(body))
            if row is not None and row.sha256 == sha and row.kind == kind:
                outcome = "unchanged"
            else:
                outcome = "new" if row is None or row.sha256 is None else "changed"
                values.update(sha256=sha, content=body, changed_at=stamp,
                              ingest_status=None if kind == "document" else kind)
        self.save(task.url, values)
        if kind == "document":
            setattr(self.result, outcome, getattr(self.result, outcome) + 1)
        return outcome

    def _follow(self, task: Task, page: Page, run: SourceRun) -> None:
        if task.depth >= self.rules.max_depth:
            return
        for link in page.links:
            if link.url in self.seen:
                continue
            want = self.rules.classify_link(link.text, link.url)
            if want is None:
                continue
            if want == "page" and site_of(link.url) not in run.site:
                continue  # never off the source's site, except to a document
            if want == "page":
                if run.planned_pages >= self.rules.max_pages:
                    continue
                run.planned_pages += 1
            elif run.planned_documents >= self.rules.max_documents:
                continue
            else:
                run.planned_documents += 1
            self._enqueue(Task(link.url, task.source_id, task.depth + 1, want, task.url, link.text[:500]))

    def _fail(self, task: Task, message: str, fetched: Optional[Fetched]) -> None:
        run = self.runs.get(task.source_id)
        if run is not None:
            run.failures += 1
            if task.url in run.start and task.depth == 0 and (
                    fetched is None or fetched.unreachable or (fetched.status or 0) >= 500):
                run.unreachable = f"{task.url}: {message}"
        self.result.failed.append((task.url, message))
        row = self.known.get(task.url)
        values = dict(source_id=task.source_id, status=fetched.status if fetched else None,
                      fetched_at=db.now(), message=message)
        if row is None:
            values.update(kind=task.want, linked_from=task.referrer, link_text=task.link_text)
        self.save(task.url, values)
        if self.event:
            self.event(task.url, "failed", message)
