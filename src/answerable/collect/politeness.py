"""Politeness: at most ``concurrency`` requests in flight to one host, and request starts to
one host at least ``delay`` seconds apart (raised per host by its robots.txt Crawl-delay)."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import AsyncIterator


@dataclass
class _Host:
    slots: asyncio.Semaphore
    delay: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0


class Politeness:
    def __init__(self, delay: float, concurrency: int):
        self.delay = max(0.0, delay)
        self.concurrency = max(1, concurrency)
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        if host not in self._hosts:
            self._hosts[host] = _Host(asyncio.Semaphore(self.concurrency), self.delay)
        return self._hosts[host]

    def slow_down(self, host: str, delay: float) -> None:
        """A longer delay for one host (its Crawl-delay); never shorter than the setting."""
        state = self._host(host)
        state.delay = max(state.delay, delay)

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        state = self._host(host)
        async with state.slots:
            if state.delay:
                async with state.lock:
                    loop = asyncio.get_running_loop()
                    wait = state.next_start - loop.time()
                    if wait > 0:
                        await asyncio.sleep(wait)
                    state.next_start = loop.time() + state.delay
            yield
