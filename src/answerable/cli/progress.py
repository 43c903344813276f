"""One progress bar for the long-running commands (``ingest``, ``collect``): rich on standard
error when it is a terminal, silent otherwise. A command subclasses :class:`ProgressBar`, names
its columns in ``columns`` and updates the bar from ``__call__``."""

from __future__ import annotations

from typing import Any


class ProgressBar:
    """Started on ``with``, stopped on leaving it; ``self.bar`` is None when not shown."""

    def __init__(self, enabled: bool):
        self.bar: Any = None
        self.task: Any = None
        if enabled:
            from rich.console import Console
            from rich.progress import Progress

            # emoji off: a path or URL is shown as it is (":new:" would become an emoji)
            self.bar = Progress(*self.columns(), transient=True, console=Console(stderr=True, emoji=False))

    def columns(self) -> list[Any]:
        raise NotImplementedError

    def update(self, **fields: Any) -> None:
        if self.bar:
            self.bar.update(self.task, **fields)

    def __enter__(self):
        if self.bar:
            self.bar.start()
            self.task = self.bar.add_task("", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.stop()
