"""Uploaded drafts are audited in a child process of their own, which the server can stop.

An audit runs read -> extract -> audit in pure Python; in a thread it could not be stopped,
so a hostile upload kept the server busy (and its memory grown) long after the client left or
the server was told to stop. Here each audit is one child process:

* forked from a fork server that has imported and warmed the pipeline once (a child starts
  in milliseconds, ready), never from the server itself (its threads do not survive a fork);
* bounded by the per-document time budget (``time_budget_seconds``) inside the child;
* killed as soon as the request is cancelled: the client went away, or the server is
  shutting down (``answerable serve`` gives requests a few seconds, then cancels them), so
  SIGTERM ends the server promptly; its memory goes back to the system when it ends.

Where there is no fork server (not Unix) the audit runs in a thread as before.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import weakref
from dataclasses import dataclass
from typing import Any, Optional

import anyio

from answerable.errors import AnswerableError

POLL_SECONDS = 0.02
_PRELOAD = ["answerable.serve.worker_warm"]
#: Audits running at once (more wait their turn): a burst of uploads cannot start a process each.
MAX_RUNNING = max(2, os.cpu_count() or 2)
_SLOTS: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = weakref.WeakKeyDictionary()


def _slots() -> asyncio.Semaphore:
    """The running-audit slots of this event loop."""
    loop = asyncio.get_running_loop()
    if loop not in _SLOTS:
        _SLOTS[loop] = asyncio.Semaphore(MAX_RUNNING)
    return _SLOTS[loop]


@dataclass(frozen=True)
class AuditJob:
    """Everything a child needs: the draft, the report asked for, the catalogue and limits."""

    data: Optional[bytes]
    filename: Optional[str]
    text: Optional[str]
    report_id: Optional[str]
    catalogue: Any
    upload_max_bytes: int
    budget_seconds: float
    settings: Any = None  # the server's settings: the reader's limits come from them

    def run(self):
        """The :class:`~answerable.models.Audit` of the draft (in whichever process runs it)."""
        from answerable import budget
        from answerable.serve import drafts

        limit = self.upload_max_bytes
        with budget.limit(self.budget_seconds, label="draft"):
            if self.data is not None:
                drafts.check_size(self.data, limit)
                drafts.sniff_format(self.data, self.filename)
                return drafts.audit_bytes(self.data, self.filename, limit=limit, report_id=self.report_id,
                                          catalogue=self.catalogue, settings=self.settings)
            return drafts.audit_text(self.text or "", limit=limit, report_id=self.report_id,
                                     catalogue=self.catalogue)


class WorkerFailed(AnswerableError):
    """The child process ended without an answer (killed, out of memory)."""

    code = "audit_failed"
    http_status = 503


def _context():
    """The fork-server context (preloaded with the warmed pipeline), or None where there is none."""
    if "forkserver" not in mp.get_all_start_methods():
        return None
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)
    return ctx


def _error_state(exc: AnswerableError) -> tuple:
    return type(exc), exc.message, exc.path, exc.detail


def _rebuild(cls: type, message: str, path: Optional[str], detail: dict) -> AnswerableError:
    """An error of the child's class with its message, path and detail (whatever its __init__)."""
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.message, exc.path, exc.detail = message, path, detail
    return exc


def _child(conn, job: AuditJob) -> None:
    """The child process: run the job, send back ("ok", audit) or ("error", state)."""
    try:
        conn.send(("ok", job.run()))
    except AnswerableError as exc:
        conn.send(("error", _error_state(exc)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as a failure
        conn.send(("crash", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


async def audit(job: AuditJob):
    """Run ``job`` in a child process and return its audit; cancelling this kills the child.
    At most :data:`MAX_RUNNING` run at once in one server; the others wait for a slot."""
    async with _slots():
        return await _audit(job)


async def _audit(job: AuditJob):
    ctx = _context()
    if ctx is None:
        return await anyio.to_thread.run_sync(job.run)
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(sender, job), daemon=True, name="answerable-audit")
    try:
        await anyio.to_thread.run_sync(process.start)  # the fork server's first start takes a moment
        sender.close()
        while not receiver.poll():
            if not process.is_alive() and not receiver.poll():
                raise WorkerFailed(f"the audit process ended without an answer (exit code "
                                   f"{process.exitcode}): the draft may be too large; try again or "
                                   "paste its text.")
            await anyio.sleep(POLL_SECONDS)
        kind, value = await anyio.to_thread.run_sync(receiver.recv)
    finally:  # no await here: this also runs when the request is cancelled
        if process.is_alive():
            process.kill()
        if process.pid is not None:
            process.join(5)  # at once after a kill, or the child is already ending
        receiver.close()
    if kind == "ok":
        return value
    if kind == "error":
        raise _rebuild(*value)
    raise WorkerFailed(f"the audit process failed ({value}); please report it with the draft.")
