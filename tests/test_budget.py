"""The per-document time budget: a SIGALRM timer in the main thread, cooperative checks in the
readers elsewhere; nested budgets keep the outer one; the signal handler is put back."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from answerable import budget
from answerable.errors import TimeBudgetError
from answerable.read import read


def big_page(items: int = 20_000) -> bytes:
    rows = "".join(f"<li>Action {i} is under way.</li>" for i in range(items))
    return f"<html><body><main><p>Dear Home Secretary,</p><ul>{rows}</ul></main></body></html>".encode()


def test_pure_python_work_in_the_main_thread_is_interrupted_at_the_limit():
    started = time.monotonic()
    with pytest.raises(TimeBudgetError) as exc:
        with budget.limit(0.2, label="spin.txt"):
            while True:  # never calls check(): only the timer can stop it
                pass
    assert 0.15 < time.monotonic() - started < 2.0
    assert str(exc.value).startswith("spin.txt: took longer than the time budget of 0.2 s")
    assert exc.value.detail == {"limit_seconds": 0.2, "setting": "time_budget_seconds"}
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL and signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_a_reader_in_another_thread_stops_at_its_own_checks():
    data = big_page()
    outcome: list[BaseException] = []

    def work() -> None:
        try:
            with budget.limit(0.0001, label="page.html"):
                time.sleep(0.01)
                read(data, name="page.html")
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    [exc] = outcome
    assert isinstance(exc, TimeBudgetError) and exc.path == "page.html"


def test_a_budget_inside_another_keeps_the_outer_one():
    with budget.limit(30, label="outer"):
        with budget.limit(0.01, label="inner"):
            time.sleep(0.05)
            budget.check()  # the inner 0.01 s was ignored
        assert 29 < budget.remaining() <= 30
    assert budget.remaining() is None


def test_work_within_the_budget_is_untouched():
    with budget.limit(30):
        assert read(big_page(100), name="page.html").text.startswith("Dear Home Secretary,")
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_work_that_swallows_the_timers_error_is_still_refused_at_the_end():
    with pytest.raises(TimeBudgetError):
        with budget.limit(0.1, label="greedy.txt"):
            deadline = time.monotonic() + 0.5
            try:
                while time.monotonic() < deadline:
                    pass
            except Exception:  # noqa: BLE001 - as a careless library might
                pass  # the timer's error is swallowed here; the block then ends normally


def test_an_import_under_way_is_never_interrupted(tmp_path, monkeypatch):
    import sys

    (tmp_path / "slow_module_for_budget.py").write_text(
        "import time\nstarted = time.monotonic()\nwhile time.monotonic() - started < 0.4:\n    pass\nDONE = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(TimeBudgetError):
        with budget.limit(0.1):
            import slow_module_for_budget  # noqa: F401 - the timer fires half-way through
    assert sys.modules["slow_module_for_budget"].DONE is True  # imported whole, not left broken
    del sys.modules["slow_module_for_budget"]
