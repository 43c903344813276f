"""Helpers for the web server tests: FICTIONAL letters to a FICTIONAL report (no real report's
recommendations), a store builder, settings, and a real uvicorn server in a thread.

(A uniquely named module, so ``from serve_helpers import …`` never picks up another folder's
conftest.)"""

from __future__ import annotations

import datetime as dt
import hashlib
import socket
import threading
import time

from answerable.models import (
    Addressee, Audit, AuditReportRef, Author, DateRef, Deadline, Finding, ForceRef, Link,
    Recommendation, Record, Report, ReportRef, Source, Stance, Statement, Verdict,
)
from answerable.settings import Settings

REPORT_ID = "lamplight-review"
EDITOR, PASSWORD = "ada.editor", "correct horse battery"
SECRET = "test-secret-key-for-answerable-serve-tests"

# An invented report: its title and recommendations are test data, not any real report's words.
LAMPLIGHT = Report(
    id=REPORT_ID,
    title="The Lamplight Review (fictional): how forces light their way to better answers",
    short_names=["Lamplight Review"], published=dt.date(2024, 1, 10), kind="thematic",
    forces=["Kent", "Dorset", "Cheshire"],
    recommendations=[
        Recommendation(id="R1", number="1", text="Chief constables should keep a lantern log (fictional)."),
        Recommendation(id="R2", number="2", text="Commissioners should fund night lamps (fictional)."),
        Recommendation(id="R3", number="3", text="Forces should publish lamp counts yearly (fictional)."),
    ],
)

KENT_TEXT = """Office of the Police and Crime Commissioner for Kent

4 February 2024

Dear Home Secretary

This is a fictional test letter about The Lamplight Review (fictional).

I agree with the recommendations of the review. Kent Police has already started a lantern log in every station. I will fund night lamps in three towns by 31 March 2024. I am concerned that lamp counts are not yet published.

I will publish this response on my website.

Yours sincerely

Ada Lumen
Police and Crime Commissioner for Kent
"""

DORSET_TEXT = """Dorset fictional response <script>alert("pwned")</script> to the Lamplight Review (fictional)

5 March 2024

We welcome the review & its <b>findings</b>. We will publish lamp counts from 2099.

Bram Wick
Police and Crime Commissioner
"""


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return (start, start + len(words))


def _statements(text: str, items: list[tuple[str, str]]) -> list[Statement]:
    return [Statement(kind=kind, text=words, span=_span(text, words), actor="author") for kind, words in items]


def kent_record() -> tuple[Record, Audit]:
    text = KENT_TEXT
    record = Record(
        source=Source(path=None, sha256=hashlib.sha256(text.encode()).hexdigest(), format="text"), text=text,
        author=Author(name="Ada Lumen", role="Police and Crime Commissioner", span=_span(text, "Ada Lumen")),
        force=ForceRef(name="Kent", span=_span(text, "Kent")),
        date=DateRef(value=dt.date(2024, 2, 4), span=_span(text, "4 February 2024")),
        addressees=[Addressee(name="Home Secretary", span=_span(text, "Home Secretary"))],
        report=ReportRef(title=LAMPLIGHT.title, span=_span(text, "The Lamplight Review (fictional)")),
        stance=Stance(value="agrees_with_recommendations", evidence=[_span(text, "I agree with the recommendations of the review.")]),
        statements=_statements(text, [
            ("agrees", "I agree with the recommendations of the review."),
            ("action_taken", "Kent Police has already started a lantern log in every station."),
            ("commitment", "I will fund night lamps in three towns by 31 March 2024."),
            ("concern", "I am concerned that lamp counts are not yet published."),
            ("will_publish", "I will publish this response on my website."),
        ]),
        extractor_version="test",
    )
    audit = Audit(
        report=AuditReportRef(id=REPORT_ID, title=LAMPLIGHT.title, published=LAMPLIGHT.published),
        link=Link(report_id=REPORT_ID, confidence=1.0, method="given"),
        deadline=Deadline(due=dt.date(2024, 3, 5), response_date=dt.date(2024, 2, 4), day=26, status="on_time"),
        findings=[
            Finding(requirement="deadline", status="pass", message="Sent on day 26 of 56.",
                    evidence=[_span(text, "4 February 2024")]),
            Finding(requirement="recommendations", status="fail", recommendation_id="R3",
                    message="Recommendation R3 is not answered.",
                    evidence=[_span(text, "I am concerned that lamp counts are not yet published.")]),
        ],
        recommendations=[
            Verdict(id="R1", verdict="action_taken", score=0.9,
                    evidence=[_span(text, "Kent Police has already started a lantern log in every station.")]),
            Verdict(id="R2", verdict="action_proposed", score=0.8,
                    evidence=[_span(text, "I will fund night lamps in three towns by 31 March 2024.")]),
            Verdict(id="R3", verdict="not_addressed", score=0.1),
        ],
    )
    return record, audit


def dorset_record() -> tuple[Record, Audit]:
    text = DORSET_TEXT
    record = Record(
        source=Source(path=None, sha256=hashlib.sha256(text.encode()).hexdigest(), format="text"), text=text,
        author=Author(name="Bram Wick", role="Police and Crime Commissioner", span=_span(text, "Bram Wick")),
        force=ForceRef(name="Dorset", span=_span(text, "Dorset")),
        date=DateRef(value=dt.date(2024, 3, 5), span=_span(text, "5 March 2024")),
        report=ReportRef(title=LAMPLIGHT.title),
        stance=Stance(value="welcomes"),
        statements=_statements(text, [
            ("agrees", "We welcome the review & its <b>findings</b>."),
            ("commitment", "We will publish lamp counts from 2099."),
        ]),
        extractor_version="test",
    )
    audit = Audit(
        report=AuditReportRef(id=REPORT_ID, title=LAMPLIGHT.title, published=LAMPLIGHT.published),
        link=Link(report_id=REPORT_ID, confidence=1.0, method="given"),
        deadline=Deadline(due=dt.date(2024, 3, 5), response_date=dt.date(2024, 3, 5), day=56, status="on_time"),
        findings=[Finding(requirement="recommendations", status="fail", message="No recommendation is answered.",
                          evidence=[_span(text, '<script>alert("pwned")</script>')])],
        recommendations=[Verdict(id=r.id, verdict="acknowledged_only", score=0.3) for r in LAMPLIGHT.recommendations],
    )
    return record, audit


def build_store(url: str) -> dict:
    """Fill a new store at ``url`` with the fictional report, two letters and an editor."""
    from answerable.store import open_store
    from answerable.store.ingest import write_report

    store = open_store(url)
    with store.engine.begin() as conn:
        write_report(conn, LAMPLIGHT.model_dump(mode="json"), origin="catalogue")
    ids = {}
    for name, make in (("kent", kent_record), ("dorset", dorset_record)):
        record, audit = make()
        ids[name] = store.add_record(record, audit, path=f"fixtures/{name}.txt")
    store.add_user(EDITOR, "editor", PASSWORD)
    token = store.create_token(EDITOR)
    store.close()
    return {"ids": ids, "token": token}


def make_settings(**overrides) -> Settings:
    return Settings(secret_key=SECRET, **overrides)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerThread:
    """A real uvicorn server on 127.0.0.1 in a background thread."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning", access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "ServerThread":
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
