"""A time budget for one document: reading, extracting and auditing it stop with
:class:`~answerable.errors.TimeBudgetError` (naming the limit) once it is spent.

>>> from answerable import budget
>>> with budget.limit(60, label="letter.html"):
...     record = extract(Path("letter.html"))

Two ways of stopping, both inside :func:`limit`:

* in the main thread, a real-time timer (``SIGALRM``) interrupts Python code wherever it is
  (not while one call into C runs: it fires when that call returns);
* anywhere, long loops in the readers call :func:`check`, which raises once the time is up.

The limit is the ``time_budget_seconds`` setting (``ANSWERABLE_TIME_BUDGET_SECONDS``, 60 s).
A budget inside another keeps the outer one. A process that has its own ``SIGALRM`` handler
keeps it: only :func:`check` stops the work then.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator, Optional

from answerable.errors import TimeBudgetError


@dataclass
class _Budget:
    deadline: float  # time.monotonic() when it is spent
    seconds: float
    label: Optional[str]
    fired: bool = False  # the timer went off (its exception may have been caught on the way)


_CURRENT: ContextVar[Optional[_Budget]] = ContextVar("answerable_time_budget", default=None)


def default_seconds() -> float:
    from answerable.settings import get_settings

    return get_settings().time_budget_seconds


def error(seconds: float, label: Optional[str]) -> TimeBudgetError:
    """The error for a document that used up its ``seconds``."""
    return TimeBudgetError(
        f"took longer than the time budget of {seconds:g} s for one document and was stopped "
        "(the limit, ANSWERABLE_TIME_BUDGET_SECONDS): if it is a genuine letter, raise the limit or "
        "save its text as a plain .txt file.",
        path=label, detail={"limit_seconds": seconds, "setting": "time_budget_seconds"})


def check() -> None:
    """Raise :class:`TimeBudgetError` when the current budget is spent (no budget: nothing)."""
    current = _CURRENT.get()
    if current is not None and time.monotonic() > current.deadline:
        raise error(current.seconds, current.label)


def remaining() -> Optional[float]:
    """Seconds left in the current budget, or None without one."""
    current = _CURRENT.get()
    return None if current is None else current.deadline - time.monotonic()


@contextmanager
def limit(seconds: Optional[float] = None, *, label: Optional[str] = None) -> Iterator[None]:
    """Run the block within a budget of ``seconds`` (default: the setting); see the module
    docstring. Inside an existing budget this changes nothing."""
    if _CURRENT.get() is not None:
        yield
        return
    seconds = default_seconds() if seconds is None else seconds
    budget = _Budget(time.monotonic() + seconds, seconds, label)
    token = _CURRENT.set(budget)
    alarm = _start_alarm(budget)
    try:
        yield
        # work that ran past its budget is refused even if it got to the end (a broad
        # ``except Exception`` on the way may have swallowed the timer's error)
        if budget.fired or time.monotonic() > budget.deadline:
            raise error(budget.seconds, budget.label)
    finally:
        if alarm is not None:
            _stop_alarm(alarm)
        _CURRENT.reset(token)


def _start_alarm(budget: _Budget):
    """A SIGALRM timer for ``budget`` when this is the main thread and nobody else uses SIGALRM;
    returns the handler to restore, or None."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return None
    previous = signal.getsignal(signal.SIGALRM)
    if previous not in (signal.SIG_DFL, signal.SIG_IGN, None) or signal.getitimer(signal.ITIMER_REAL)[0]:
        return None

    def _expired(signum, frame):  # runs between two Python bytecodes of the main thread
        budget.fired = True
        if _importing(frame):  # never break an import half-way (the module would stay broken)
            signal.setitimer(signal.ITIMER_REAL, 0.01)
            return
        raise error(budget.seconds, budget.label)

    signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, max(budget.seconds, 0.001))
    return previous


def _importing(frame) -> bool:
    """True when ``frame`` runs inside the import machinery."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


def _stop_alarm(previous) -> None:
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
