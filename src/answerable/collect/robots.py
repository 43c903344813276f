"""robots.txt, read once per site and run (RFC 9309): a 4xx answer allows everything; a 5xx
answer or an unreachable server forbids everything until the next run."""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable, Optional
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from answerable.collect.page import decode

AGENT = "answerable"
Loader = Callable[[str], Awaitable[tuple[Optional[int], Optional[bytes]]]]


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def parse(status: Optional[int], body: Optional[bytes]) -> RobotFileParser:
    parser = RobotFileParser()
    if status is None or status >= 500:
        parser.disallow_all = True
    elif status >= 400 or body is None:
        parser.allow_all = True
    else:
        parser.parse(decode(body, "text/plain").splitlines())
    return parser


class Robots:
    def __init__(self, load: Loader, agent: str = AGENT):
        self._load = load
        self.agent = agent
        self._parsers: dict[str, RobotFileParser] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def parser(self, url: str) -> RobotFileParser:
        site = origin(url)
        lock = self._locks.setdefault(site, asyncio.Lock())
        async with lock:
            if site not in self._parsers:
                self._parsers[site] = parse(*await self._load(f"{site}/robots.txt"))
        return self._parsers[site]

    async def allowed(self, url: str) -> bool:
        return (await self.parser(url)).can_fetch(self.agent, url)

    async def crawl_delay(self, url: str) -> Optional[float]:
        delay = (await self.parser(url)).crawl_delay(self.agent)
        return float(delay) if delay is not None else None
