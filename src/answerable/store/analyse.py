"""The work done in an ingest worker process: read + extract + audit one file (or import a
report), returning a plain, picklable dict for the parent to write. No database here.

Which files are reports (the rule, kept simple and explicit):

1. a file given under ``--reports`` (``reports=`` in :meth:`Store.ingest`) is a report;
2. any other file is extracted as a letter; if the letter has **no sign-off segment and no
   author**, and ``answerable.reports.import_report`` finds **three or more recommendations** in
   it, it is stored as a report instead;
3. everything else is a response.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

_STATE: dict[str, Any] = {}
MIN_REPORT_RECOMMENDATIONS = 3


def _die_with_parent(parent_pid: int | None) -> None:
    """Ask Linux to end this worker when its parent dies (even by SIGKILL): the ingest process
    (``parent_pid``, forked workers) or the fork server, which ends with the ingest process
    (``parent_pid`` 0)."""
    if parent_pid is None:
        return
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: workers end when their queue closes
        return
    if parent_pid and os.getppid() != parent_pid:  # the parent died before we asked
        os._exit(1)


def init_worker(imported_reports: list[dict], embed: bool, parent_pid: int | None = None) -> None:
    """Process initialiser: remember reports imported earlier and whether to embed; in a
    worker process (``parent_pid`` given), end when the parent ends."""
    _die_with_parent(parent_pid)
    _STATE["imported"] = imported_reports
    _STATE["embed"] = embed
    _STATE.pop("catalogue", None)


def warm_up() -> None:
    """Import the pipeline and read its data files once, before workers are forked, so that
    every worker starts ready (they inherit all of it)."""
    from answerable.audit import audit
    from answerable.errors import AnswerableError
    from answerable.extract import extract

    try:
        audit(extract("Dear Home Secretary\n\nI welcome the report.\n\nYours sincerely\n\nA Name\n"),
              catalogue=_catalogue())
    except AnswerableError:  # only a warm-up: the real files report their own errors
        pass


def _catalogue():
    if "catalogue" not in _STATE:
        from answerable.catalogue import load_catalogue
        from answerable.models import Report

        catalogue = load_catalogue()
        for data in _STATE.get("imported", []):
            catalogue.add(Report.model_validate(data))
        _STATE["catalogue"] = catalogue
    return _STATE["catalogue"]


def add_report(data: dict) -> None:
    """Make a report imported in this run known to this process's catalogue."""
    _STATE.setdefault("imported", []).append(data)
    if "catalogue" in _STATE:
        from answerable.models import Report

        _STATE["catalogue"].add(Report.model_validate(data))


def _report_payload(path: Path, text: str | None = None, fmt: str | None = None) -> dict:
    from answerable.reports import import_report

    report = import_report(path)
    if text is None:
        from answerable.read import read

        doc = read(path)
        text, fmt = doc.text, doc.source.format
    return {"kind": "report", "report": report.model_dump(mode="json"), "text": text, "format": fmt}


def _looks_like_report(record) -> bool:
    has_sign_off = any(seg.kind == "sign_off" for seg in record.segments)
    return not has_sign_off and not record.author.name


def _response_payload(record) -> dict:
    from answerable.audit import audit

    result = audit(record, catalogue=_catalogue())
    audit_json = result.model_dump(mode="json", exclude={"record"})
    record_json = record.model_dump(mode="json", exclude={"text"})
    payload = {"kind": "response", "record": record_json, "audit": audit_json,
               "text": record.text, "format": record.source.format}
    if _STATE.get("embed") and record.statements:
        payload["vectors"] = embed_texts([s.text for s in record.statements])
    return payload


def embed_texts(texts: list[str]) -> list[bytes]:
    """Unit vectors for ``texts`` as float32 bytes (one per text)."""
    import numpy as np

    from answerable.embed import get_encoder

    vectors = np.asarray(get_encoder().encode(texts), dtype=np.float32)
    return [row.tobytes() for row in vectors]


def analyse(path: Path, kind_hint: str | None) -> dict:
    """Read, extract and audit the file at ``path`` (always a :class:`~pathlib.Path`: a name
    with a line break is still a file name); never raises (a failure comes back as ``error``)."""
    from answerable import budget
    from answerable.batch import storable
    from answerable.errors import AnswerableError

    try:
        with budget.limit(label=storable(path)):  # one document's time budget (setting)
            return _analyse(path, kind_hint)
    except AnswerableError as exc:
        return {"error": exc.message, "code": exc.code}
    except Exception as exc:  # a bug in a pipeline stage: log it, keep the batch going
        return {"error": f"internal error in the pipeline ({type(exc).__name__}: {exc}); "
                         "please report it with this file", "code": "internal"}


def _analyse(path: Path, kind_hint: str | None) -> dict:
    """The payload for ``path`` (see :func:`analyse`); raises on failure."""
    from answerable.errors import AnswerableError
    from answerable.extract import extract

    if kind_hint == "report":
        return _report_payload(path)
    record = extract(Path(path))
    if kind_hint is None and _looks_like_report(record):
        try:
            payload = _report_payload(path, record.text, record.source.format)
        except AnswerableError:
            payload = None
        if payload and len(payload["report"]["recommendations"]) >= MIN_REPORT_RECOMMENDATIONS:
            return payload
    return _response_payload(record)
