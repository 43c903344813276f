"""robots.txt, read once per site and run (RFC 9309): a 4xx answer allows everything; a 5xx
answer or an unreachable server forbids everything until the next run (and that is a failure
of the site, not a choice of its owner: :meth:`Robots.problem` says why)."""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable, Optional
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from answerable.collect.page import decode

AGENT = "answerable"
# (HTTP status or None when unreachable, body, the failure when unreachable)
Loader = Callable[[str], Awaitable[tuple[Optional[int], Optional[bytes], Optional[str]]]]


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
        self._problems: dict[str, str] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def parser(self, url: str) -> RobotFileParser:
        site = origin(url)
        lock = self._locks.setdefault(site, asyncio.Lock())
        async with lock:
            if site not in self._parsers:
                status, body, failure = await self._load(f"{site}/robots.txt")
                self._parsers[site] = parse(status, body)
                if status is None:
                    self._problems[site] = f"robots.txt could not be fetched ({failure or 'no answer'})"
                elif status >= 500:
                    self._problems[site] = f"robots.txt answered HTTP {status}, so the site is off limits until it recovers"
        return self._parsers[site]

    async def allowed(self, url: str) -> bool:
        return (await self.parser(url)).can_fetch(self.agent, url)

    def problem(self, url: str) -> Optional[str]:
        """Why a site is off limits when it is not its owner's choice (robots.txt unreachable)."""
        return self._problems.get(origin(url))

    async def crawl_delay(self, url: str) -> Optional[float]:
        delay = (await self.parser(url)).crawl_delay(self.agent)
        return float(delay) if delay is not None else None
