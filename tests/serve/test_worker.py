"""Uploaded audits run in a child process the server can stop: SIGTERM during a slow upload
ends `answerable serve` within seconds (it waited for the audit before), the child goes with
it, and errors raised in the child come back with their code, status and detail."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from serve_helpers import free_port


def slow_letter(paragraphs: int) -> str:
    body = "\n\n".join(f"Paragraph {i}. The force will review its approach to call handling and I will "
                       "hold the Chief Constable to account for progress." for i in range(paragraphs))
    return f"Dear Home Secretary,\n\n{body}\n\nYours sincerely,\n\nA Name\n"


def post_text(url: str, text: str, timeout: float = 120):
    request = urllib.request.Request(url + "/api/v1/audit", data=json.dumps({"text": text}).encode(),
                                     headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to see the server's child processes")
def test_sigterm_during_a_slow_upload_ends_the_server_within_seconds(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ANSWERABLE_SECRET_KEY": "k" * 40, "ANSWERABLE_TIME_BUDGET_SECONDS": "600",
           "ANSWERABLE_UPLOAD_MAX_BYTES": str(20 * 1024 * 1024)}
    server = subprocess.Popen([sys.executable, "-c", "from answerable.cli import main; main()", "serve",
                               "--port", str(port), "--db", f"sqlite:///{tmp_path / 'serve.db'}"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = post_text(url, "Dear Home Secretary,\n\nI welcome the report.\n\nYours sincerely")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()
                time.sleep(0.2)
        assert status == 200 and "audit" in body  # the worker is warm
        slow = threading.Thread(target=lambda: _swallow(post_text, url, slow_letter(40_000)), daemon=True)
        slow.start()
        time.sleep(3.0)  # the audit of the slow letter is under way in its child process
        children = _children(server.pid)
        assert children, "no audit process was running"
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        took = time.monotonic() - started
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert took < 8.0, f"the server took {took:.1f} s to stop"
    deadline = time.monotonic() + 5  # the fork server and its resource tracker follow the server out
    while time.monotonic() < deadline and _alive(children):
        time.sleep(0.1)
    assert not _alive(children), [_cmdline(pid) for pid in _alive(children)]


def _alive(pids: set[int]) -> list[int]:
    return [pid for pid in pids if _state(pid) not in ("gone", "Z")]


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace")[:200]
    except OSError:
        return "gone"


def _swallow(func, *args) -> None:
    try:
        func(*args)
    except (OSError, ValueError):  # the server went away mid-request: expected
        pass


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_errors_raised_in_the_child_keep_their_code_and_detail(client):
    from answerable.errors import UnknownReportError

    response = client.post("/api/v1/audit", json={"text": "Dear Home Secretary,\n\nI welcome it.",
                                                  "report_id": "no-such-report"})
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == UnknownReportError.code and error["detail"]["report_id"] == "no-such-report"


def test_the_child_rebuilds_an_error_whatever_its_constructor():
    from answerable.errors import UnknownReportError
    from answerable.serve.worker import _error_state, _rebuild

    original = UnknownReportError("lamp", ["lamplight-review"])
    rebuilt = _rebuild(*_error_state(original))
    assert type(rebuilt) is UnknownReportError
    assert rebuilt.to_dict() == original.to_dict() and rebuilt.http_status == 404


@pytest.mark.slow
def test_audits_beyond_the_running_limit_wait_for_a_slot(monkeypatch):
    import asyncio

    from answerable.catalogue import load_catalogue
    from answerable.serve import worker

    monkeypatch.setattr(worker, "MAX_RUNNING", 1)
    monkeypatch.setattr(worker, "_SLOTS", __import__("weakref").WeakKeyDictionary())
    catalogue = load_catalogue()

    def job(text: str) -> "worker.AuditJob":
        return worker.AuditJob(data=None, filename=None, text=text, report_id=None, catalogue=catalogue,
                               upload_max_bytes=20 * 1024 * 1024, budget_seconds=120)

    async def both() -> list[str]:
        finished: list[str] = []

        async def one(name: str, text: str) -> None:
            await worker.audit(job(text))
            finished.append(name)

        slow = asyncio.create_task(one("slow", slow_letter(3000)))
        await asyncio.sleep(0.2)  # the slow one holds the only slot
        await asyncio.gather(slow, one("quick", "Dear Home Secretary,\n\nI welcome the report.\n"))
        return finished

    assert asyncio.run(both()) == ["slow", "quick"]


def _docx_bomb(unpacked: int) -> bytes:
    """A real .docx whose document.xml is padded with empty paragraphs to ``unpacked`` bytes."""
    import io
    import zipfile

    import docx

    document = docx.Document()
    document.add_paragraph("Dear Home Secretary,")
    plain = io.BytesIO()
    document.save(plain)
    bomb = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>", 1)
                data = head + b"<w:body>" + b"<w:p/>" * (unpacked // 6) + tail
            out.writestr(info.filename, data)
    return bomb.getvalue()


def test_an_uploaded_zip_bomb_is_refused_with_the_servers_own_limits(served):
    from fastapi.testclient import TestClient

    from answerable.serve import create_app
    from serve_helpers import make_settings

    app = create_app(served["url"], make_settings(max_zip_member_bytes=1024 * 1024, max_zip_ratio=100_000))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/api/v1/audit", files={"file": ("draft.docx", _docx_bomb(2 * 1024 * 1024),
                                                                "application/octet-stream")})
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "archive_too_large" and error["detail"]["limit"] == 1024 * 1024
    assert "declares more than 1 MiB" in error["message"]
