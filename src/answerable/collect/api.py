"""``collect``: fetch what is new or changed from the known sources (or pages given by URL),
keep it with its provenance, and put every collected document through ingest."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import multiprocessing as mp
import os
import queue as queue_module
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional, Sequence
from urllib.parse import urlsplit

from answerable import errors
from answerable.collect.crawl import Crawler, Start
from answerable.collect.rules import Rules, load_rules
from answerable.collect.sources import Sources, load_sources, url_source_id
from answerable.collect.summary import CollectSummary, Failure
from answerable.store import collected as db

if TYPE_CHECKING:
    from answerable.store import Store

Event = Callable[[str, str, Optional[str]], None]  # (url or path, outcome, message)
SUFFIX = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "txt": ".txt"}


def starts_for(targets: Sequence[str], body: Optional[str], sources: Sources) -> list[Start]:
    """Where to begin: the URLs given, else one body's pages, else every source with a page."""
    if targets:
        starts = []
        for url in targets:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise errors.CollectError(f"{url!r} is not an http(s) URL: give a page or sitemap "
                                          "like https://example.org/hmicfrs-responses/")
            starts.append(Start(url_source_id(url), url, name=parts.hostname))
        return starts
    chosen = [sources.get(body)] if body else sources.bodies
    if body and not chosen[0].starts:
        raise errors.CollectError(f"no website is known for {chosen[0].name}: add one to your sources file "
                                  "(setting collect_sources) or give its page by URL")
    return [Start(s.id, url, s.name, s.force) for s in chosen for url in s.starts]


def _run(coro):
    """Run ``coro`` to the end, also when called from code that already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with cf.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def collect(store: "Store", targets: Sequence[str] = (), *, body: Optional[str] = None, settings=None,
            workers: int = 2, event: Optional[Event] = None, rules: Optional[Rules] = None,
            sources: Optional[Sources] = None, ingest: bool = True, backoff: float = 0.5,
            overlap: Optional[bool] = None) -> CollectSummary:
    """Collect from the web into ``store`` and ingest what was collected; see the module doc.

    ``settings`` are used as given (not read again from the environment), so a caller can pass
    its own; ``event`` is called for every URL done and every document ingested. ``overlap``:
    crawl in a child process while this one ingests (default: when ``workers`` > 1 and the
    platform can fork)."""
    if settings is None:
        from answerable.settings import get_settings

        settings = get_settings()
    began = time.perf_counter()
    rules = rules or load_rules()
    sources = sources or load_sources(getattr(settings, "collect_sources", None))
    starts = starts_for(list(targets), body, sources)
    if overlap is None:
        overlap = workers > 1 and settings.collect_delay > 0
    overlap = overlap and "fork" in mp.get_all_start_methods()
    if ingest and overlap:
        result, stored, ingest_failed = _overlapped(store, settings, rules, starts, backoff, workers, event)
    else:
        result = _run(Crawler(store.engine, settings, rules, event=event, backoff=backoff).run(starts))
        stored, ingest_failed = ingest_pending(store, workers=workers, event=event) if ingest else (0, [])
    summary = CollectSummary(
        requests=result.requests, fetched=result.fetched, not_modified=result.not_modified, pages=result.pages,
        new=result.new, changed=result.changed, unchanged=result.unchanged,
        failed=[Failure(url=u, reason=r) for u, r in result.failed],
        skipped=[Failure(url=u, reason=r) for u, r in result.skipped], sources=result.sources)
    summary.stored = stored
    summary.ingest_failed = len(ingest_failed)
    summary.failed += [Failure(url=u, reason=r) for u, r in ingest_failed]
    summary.seconds = round(time.perf_counter() - began, 3)
    return summary


MIN_BATCH = 24  # documents handed to ingest at once while the crawl is still going


def _die_with_parent() -> None:
    """Ask Linux to end this process when its parent dies (even by SIGKILL)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _crawl_child(url: str, settings, rules: Rules, starts: list[Start], backoff: float, messages, events: bool,
                 parent: int) -> None:
    """The crawl, in its own process, writing to its own connection of the store."""
    _die_with_parent()
    if os.getppid() != parent:
        os._exit(1)
    from answerable.errors import AnswerableError
    from answerable.store.db import make_engine

    def event(u: str, outcome: str, message: Optional[str]) -> None:
        messages.put(("event", u, outcome, message))

    engine = None
    try:
        engine = make_engine(url)
        crawler = Crawler(engine, settings, rules, event=event if events else None, backoff=backoff)
        messages.put(("done", _run(crawler.run(starts))))
    except AnswerableError as exc:  # the database went away: the parent says so in its words
        messages.put(("error", str(exc)))
    except BaseException as exc:  # a bug: reported by the parent
        messages.put(("error", f"{type(exc).__name__}: {exc}; please report it"))
    finally:
        if engine is not None:
            engine.dispose()
        messages.close()
        messages.join_thread()


def _overlapped(store: "Store", settings, rules: Rules, starts: list[Start], backoff: float, workers: int,
                event: Optional[Event]):
    """Crawl in a child process while this one ingests what the crawl has already stored, a
    batch at a time: fetching and extracting overlap, and a kill of either loses nothing stored."""
    ctx = mp.get_context("fork")
    messages = ctx.Queue()
    url = store.engine.url.render_as_string(hide_password=False)
    child = ctx.Process(target=_crawl_child, daemon=True, name="answerable-collect-crawl",
                        args=(url, settings, rules, starts, backoff, messages, event is not None, os.getpid()))
    child.start()
    result = None
    stored, failures = 0, []
    try:
        while result is None:
            got_any = False
            for kind, *rest in _messages(messages):
                got_any = True
                if kind == "event" and event:
                    event(*rest)
                elif kind == "done":
                    result = rest[0]
                elif kind == "error":
                    raise errors.CollectError(f"the crawl stopped: {rest[0]}. Nothing stored is lost: run collect again")
            if result is None and not got_any and not child.is_alive():
                raise errors.CollectError(f"the crawl process ended unexpectedly (exit code {child.exitcode}); "
                                          "run collect again: nothing stored is lost")
            if result is None and db.pending_count(store.engine) >= MIN_BATCH:
                got, failed = ingest_pending(store, workers=workers, event=event)
                stored, failures = stored + got, failures + failed
        got, failed = ingest_pending(store, workers=workers, event=event)
        return result, stored + got, failures + failed
    finally:
        if child.is_alive():
            child.terminate()
        child.join(5)


def reingest(store: "Store", *, workers: int = 2, event: Optional[Event] = None) -> tuple[int, list[tuple[str, str]]]:
    """Put every collected document through ingest again from its kept bytes, without fetching
    (after an upgrade of the extractor, say); returns (stored, failures)."""
    db.mark_all_pending(store.engine)
    return ingest_pending(store, workers=workers, event=event)


def _messages(messages, wait: float = 0.2, most: int = 5000):
    """The messages waiting (after up to ``wait`` seconds for the first)."""
    try:
        yield messages.get(timeout=wait)
        for _ in range(most):
            yield messages.get_nowait()
    except queue_module.Empty:
        return


def ingest_pending(store: "Store", *, workers: int = 2, event: Optional[Event] = None) -> tuple[int, list[tuple[str, str]]]:
    """Put every collected document not yet through ingest (this run's or an interrupted
    run's) through ``store.ingest``, from its kept bytes; returns (stored, failures)."""
    items = db.pending(store.engine)
    if not items:
        return 0, []
    failures: list[tuple[str, str]] = []
    stored = 0
    with tempfile.TemporaryDirectory(prefix="answerable-collect-") as tmp:
        spooled: dict[str, list[db.Pending]] = {}
        for item in items:
            path = (Path(tmp) / f"{item.sha256[:40]}{SUFFIX.get(item.format, '.bin')}").resolve()
            if str(path) not in spooled:
                path.write_bytes(item.content)
            spooled.setdefault(str(path), []).append(item)

        def progress(ev) -> None:
            if event:
                for item in spooled.get(ev.path, []):
                    event(item.url, f"ingest:{ev.status}", ev.message)

        summary = store.ingest(list(spooled), workers=workers, progress=progress)
        failed = dict(summary.failed)
        for path, group in spooled.items():
            for item in group:
                if path in failed:
                    message = f"ingest: {failed[path]}"
                    db.mark_ingested(store.engine, item, "failed", message)
                    failures.append((item.url, message))
                else:
                    db.mark_ingested(store.engine, item, "stored", None)
                    stored += 1
    return stored, failures
