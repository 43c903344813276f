"""One download, politely: robots.txt asked first, a per-host slot, a conditional request
(ETag / Last-Modified) when the URL was fetched before, retries with backoff on 429/5xx and
dropped connections (honouring Retry-After), redirects followed by hand (bounded, loops
detected, robots.txt asked again for every hop), the body streamed and stopped at the size
limit, the whole download bounded in time, and the content type sniffed from the bytes.

Never raises for a failure on the wire: :class:`Fetched` carries ``error``, one line that names
the cause."""

from __future__ import annotations

import asyncio
import email.utils
import time
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urljoin, urlsplit

import httpx

from answerable.collect.page import is_sitemap
from answerable.collect.politeness import Politeness
from answerable.collect.robots import Robots
from answerable.collect.rules import Rules

RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}


@dataclass
class Fetched:
    url: str
    final_url: str
    status: Optional[int] = None
    body: Optional[bytes] = None
    content_type: Optional[str] = None
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    format: Optional[str] = None
    error: Optional[str] = None
    unreachable: bool = False  # the server could not be reached at all (not an HTTP error)
    disallowed: bool = False  # robots.txt says no: left alone, not a failure
    requests: int = 0

    @property
    def not_modified(self) -> bool:
        return self.status == 304 and self.error is None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300


class _Failed(Exception):
    def __init__(self, message: str, *, status: Optional[int] = None, unreachable: bool = False,
                 retry: bool = False, wait: Optional[float] = None):
        super().__init__(message)
        self.message, self.status, self.unreachable, self.retry, self.wait = message, status, unreachable, retry, wait


def user_agent(settings) -> str:
    contact = getattr(settings, "collect_contact", None)
    base = settings.collect_user_agent
    return f"{base} contact: {contact}" if contact else base


def sniff(body: bytes, content_type: Optional[str], url: str, rules: Rules) -> Optional[str]:
    """The format the bytes are, whatever the server says: a PDF served as text/html is a PDF."""
    head = body[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if body[:4] == b"PK\x03\x04":
        return "docx" if b"word/" in body else None
    low = head.lstrip().lower()
    if is_sitemap(body):
        return "xml"
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low or b"<body" in low:
        return "html"
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml"):
        return "html"
    if kind in rules.document_content_types:
        return rules.document_content_types[kind]
    if kind in ("application/xml", "text/xml"):
        return "xml"
    return rules.document_format(url)


def retry_after(value: Optional[str]) -> Optional[float]:
    """Seconds a Retry-After header asks for (a number or an HTTP date), None when absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Fetcher:
    def __init__(self, settings, rules: Rules, robots: Optional[Robots] = None, *,
                 politeness: Optional[Politeness] = None, backoff: float = 0.5,
                 transport: Optional[httpx.AsyncBaseTransport] = None):
        self.settings = settings
        self.rules = rules
        self.robots = robots
        self.politeness = politeness or Politeness(settings.collect_delay, settings.collect_concurrency)
        self.backoff = backoff
        self.max_bytes = int(settings.collect_max_bytes)
        self.timeout = float(settings.collect_timeout)
        self.client = httpx.AsyncClient(
            headers={"User-Agent": user_agent(settings), "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False, timeout=httpx.Timeout(self.timeout), transport=transport,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32))

    async def close(self) -> None:
        await self.client.aclose()

    async def fetch(self, url: str, *, etag: Optional[str] = None, last_modified: Optional[str] = None,
                    check_robots: bool = True) -> Fetched:
        result = Fetched(url=url, final_url=url)
        seen = {url}
        current = url
        for _ in range(self.rules.max_redirects + 1):
            if check_robots and self.robots is not None and not await self.robots.allowed(current):
                problem = self.robots.problem(current)
                if problem:
                    result.error, result.unreachable = problem, True
                else:
                    result.error, result.disallowed = "robots.txt disallows fetching it", True
                return result
            if check_robots and self.robots is not None:
                delay = await self.robots.crawl_delay(current)
                if delay:
                    self.politeness.slow_down(urlsplit(current).netloc.lower(), delay)
            conditional = {}
            if current == url and etag:
                conditional["If-None-Match"] = etag
            if current == url and last_modified:
                conditional["If-Modified-Since"] = last_modified
            try:
                response = await self._with_retries(current, conditional, result)
            except _Failed as failed:
                result.error, result.status, result.unreachable = failed.message, failed.status, failed.unreachable
                return result
            status, headers, body = response
            result.status, result.final_url = status, current
            if status in REDIRECT_STATUSES:
                target = headers.get("location")
                if not target:
                    result.error = f"HTTP {status} redirect without a Location header"
                    return result
                current = urljoin(current, target.strip())
                if current in seen:
                    result.error = f"redirect loop (back to {current})"
                    return result
                seen.add(current)
                continue
            result.etag, result.last_modified = headers.get("etag"), headers.get("last-modified")
            result.content_type = headers.get("content-type")
            if status == 304:
                return result
            if not 200 <= status < 300:
                result.error = f"HTTP {status} {httpx.codes.get_reason_phrase(status)}".rstrip()
                return result
            result.body = body
            result.format = sniff(body or b"", result.content_type, current, self.rules)
            return result
        result.error = f"more than {self.rules.max_redirects} redirects"
        return result

    async def _with_retries(self, url: str, extra: dict, result: Fetched):
        host = urlsplit(url).netloc.lower()
        attempts = int(self.settings.collect_retries) + 1
        for attempt in range(attempts):
            try:
                async with self.politeness.slot(host):
                    result.requests += 1
                    status, headers, body = await self._get(url, extra)
                if status not in RETRY_STATUSES:
                    return status, headers, body
                wait = retry_after(headers.get("retry-after"))
                failure = _Failed(f"HTTP {status} {httpx.codes.get_reason_phrase(status)}"
                                  + (f" after {attempts} tries" if attempts > 1 else ""), status=status)
            except _Failed as exc:
                if not exc.retry:
                    raise
                failure, wait = exc, None
            if attempt + 1 >= attempts:
                raise failure
            if wait is None:
                wait = self.backoff * (2 ** attempt)
            elif wait > self.settings.collect_max_retry_after:
                raise _Failed(f"HTTP {failure.status}: the server asks to wait {wait:.0f} s (Retry-After), longer "
                              f"than collect_max_retry_after ({self.settings.collect_max_retry_after:g} s)",
                              status=failure.status)
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _get(self, url: str, extra: dict):
        try:
            return await asyncio.wait_for(self._stream(url, extra), timeout=self.timeout)
        except (asyncio.TimeoutError, httpx.TimeoutException):
            raise _Failed(f"no complete answer within {self.timeout:g} s (collect_timeout)", unreachable=True) from None
        except httpx.ConnectError as exc:
            raise _Failed(f"cannot connect ({_cause(exc)})", unreachable=True, retry=True) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise _Failed(f"the server closed the connection ({_cause(exc)})", unreachable=True, retry=True) from None
        except httpx.DecodingError as exc:
            raise _Failed(f"the body cannot be decoded ({_cause(exc)})") from None
        except httpx.HTTPError as exc:
            raise _Failed(f"the request failed ({type(exc).__name__}: {_cause(exc)})", unreachable=True) from None

    @staticmethod
    async def _drain(response: httpx.Response) -> None:
        """Read a short body we do not keep (an error page, a redirect), so that the connection
        goes back to the pool instead of being closed; a long one is left (the connection closes)."""
        size = 0
        async for chunk in response.aiter_raw():
            size += len(chunk)
            if size > DRAIN_BYTES:
                return

    async def _stream(self, url: str, extra: dict):
        async with self.client.stream("GET", url, headers=extra) as response:
            headers = response.headers
            if response.status_code in REDIRECT_STATUSES or response.status_code == 304 \
                    or response.status_code in RETRY_STATUSES or response.status_code >= 400:
                await self._drain(response)
                return response.status_code, headers, None
            declared = headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise _Failed(f"{int(declared):,} bytes, more than collect_max_bytes ({self.max_bytes:,}): "
                              "not fetched; raise ANSWERABLE_COLLECT_MAX_BYTES to fetch it")
            chunks, size = [], 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise _Failed(f"longer than collect_max_bytes ({self.max_bytes:,} bytes): stopped at the "
                                  "limit; raise ANSWERABLE_COLLECT_MAX_BYTES to fetch it")
                chunks.append(chunk)
            return response.status_code, headers, b"".join(chunks)


DRAIN_BYTES = 64 * 1024


def _cause(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
