"""Every failure on the wire ends as one line naming the cause, and the run goes on: robots.txt
disallow, 404, 429 with Retry-After, 503 then success, a redirect loop, a 300 MB body stopped
at the limit, a very slow answer, a dropped connection; plus the bytes sniffed and decoded."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest

from answerable.collect.fetch import Fetcher, retry_after, sniff
from answerable.collect.robots import Robots
from answerable.collect.rules import load_rules
from answerable.settings import Settings
from collect_sites import Resource, html, pdf_bytes


def _settings(**over) -> Settings:
    values = dict(collect_delay=0, collect_timeout=5, collect_retries=2)
    values.update(over)
    return Settings(**values)


def fetch(url: str, settings: Settings | None = None, **kwargs):
    settings = settings or _settings()

    async def go():
        holder = {}

        async def load(robots_url):
            got = await holder["f"].fetch(robots_url, check_robots=False)
            return got.status, got.body, got.error

        fetcher = Fetcher(settings, load_rules(), Robots(load), backoff=0.05)
        holder["f"] = fetcher
        try:
            return await fetcher.fetch(url, **kwargs)
        finally:
            await fetcher.close()

    return asyncio.run(go())


def _counted(site, path, answers):
    """A route answering with each of ``answers`` in turn (status, headers, body), then the last."""
    calls = []

    def handle(handler):
        status, headers, body = answers[min(len(calls), len(answers) - 1)]
        calls.append(time.monotonic())
        handler.send_response(status)
        for key, value in {**headers, "Content-Length": str(len(body))}.items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(body)

    site.routes[path] = handle
    return calls


def test_robots_disallow_leaves_the_url_alone_without_requesting_it(site):
    site.routes["/robots.txt"] = Resource(b"User-agent: answerable\nDisallow: /letters/\n", "text/plain")
    site.routes["/letters/a.pdf"] = Resource(pdf_bytes("x"), "application/pdf")
    got = fetch(site.url("/letters/a.pdf"))
    assert got.disallowed and got.error == "robots.txt disallows fetching it"
    assert "/letters/a.pdf" not in site.paths()


def test_robots_answering_503_forbids_the_site_and_404_allows_it(site):
    _counted(site, "/robots.txt", [(503, {}, b"")])
    site.routes["/a"] = html("a", "")
    got = fetch(site.url("/a"), _settings(collect_retries=0))
    assert got.unreachable and not got.disallowed and "/a" not in site.paths()
    assert got.error == "robots.txt answered HTTP 503, so the site is off limits until it recovers"
    del site.routes["/robots.txt"]
    assert fetch(site.url("/a")).ok


def test_a_404_is_one_line_naming_the_status(site):
    got = fetch(site.url("/missing.pdf"))
    assert got.error == "HTTP 404 Not Found" and got.status == 404 and not got.unreachable


def test_429_waits_as_long_as_retry_after_says_then_succeeds(site):
    calls = _counted(site, "/busy", [(429, {"Retry-After": "1"}, b""), (200, {"Content-Type": "text/html"}, b"<html>ok</html>")])
    got = fetch(site.url("/busy"))
    assert got.ok and got.body == b"<html>ok</html>" and got.requests == 2
    assert calls[1] - calls[0] >= 0.95


def test_a_retry_after_longer_than_the_setting_fails_without_waiting(site):
    _counted(site, "/busy", [(429, {"Retry-After": "3600"}, b"")])
    began = time.monotonic()
    got = fetch(site.url("/busy"), _settings(collect_max_retry_after=10))
    assert time.monotonic() - began < 2
    assert got.error == ("HTTP 429: the server asks to wait 3600 s (Retry-After), longer than "
                         "collect_max_retry_after (10 s)")


def test_503_then_success_is_retried_with_backoff(site):
    _counted(site, "/flaky", [(503, {}, b""), (503, {}, b""), (200, {"Content-Type": "application/pdf"}, pdf_bytes("ok"))])
    got = fetch(site.url("/flaky"))
    assert got.ok and got.format == "pdf" and got.requests == 3


def test_503_every_time_fails_after_the_retries(site):
    _counted(site, "/down", [(503, {}, b"")])
    got = fetch(site.url("/down"), _settings(collect_retries=1))
    assert got.error == "HTTP 503 Service Unavailable after 2 tries" and got.requests == 2


def test_a_redirect_loop_is_caught(site):
    _counted(site, "/a", [(302, {"Location": "/b"}, b"")])
    _counted(site, "/b", [(301, {"Location": "/a"}, b"")])
    got = fetch(site.url("/a"))
    assert got.error == f"redirect loop (back to {site.url('/a')})"


def test_redirects_are_followed_and_bounded(site):
    for i in range(8):
        _counted(site, f"/r{i}", [(302, {"Location": f"/r{i + 1}"}, b"")])
    site.routes["/r8"] = html("end", "")
    assert fetch(site.url("/r5")).ok and fetch(site.url("/r5")).final_url == site.url("/r8")
    assert fetch(site.url("/r0")).error == "more than 5 redirects"


def _huge(declared: bool):
    def handle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/pdf")
        if declared:
            handler.send_header("Content-Length", str(300 * 1024 * 1024))
        else:
            handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        chunk = b"%PDF-1.4\n" + b"0" * (1024 * 1024 - 9)
        sent = 0
        try:
            while sent < 300:
                if declared:
                    handler.wfile.write(chunk)
                else:
                    handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += 1
            if not declared:
                handler.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass
        handler.server.sent_mb = sent  # type: ignore[attr-defined]
    return handle


def test_a_300_mb_body_is_stopped_at_the_size_limit_while_streaming(site):
    site.routes["/huge.pdf"] = _huge(declared=False)
    began = time.monotonic()
    got = fetch(site.url("/huge.pdf"), _settings(collect_max_bytes=8 * 1024 * 1024))
    assert time.monotonic() - began < 10
    assert got.error == ("longer than collect_max_bytes (8,388,608 bytes): stopped at the limit; "
                         "raise ANSWERABLE_COLLECT_MAX_BYTES to fetch it")
    assert got.body is None


def test_a_declared_300_mb_body_is_refused_before_reading_it(site):
    site.routes["/huge.pdf"] = _huge(declared=True)
    got = fetch(site.url("/huge.pdf"))
    assert got.error == ("314,572,800 bytes, more than collect_max_bytes (52,428,800): not fetched; "
                         "raise ANSWERABLE_COLLECT_MAX_BYTES to fetch it")


def test_a_very_slow_answer_times_out(site):
    def handle(handler):
        time.sleep(3)
    site.routes["/slow"] = handle
    began = time.monotonic()
    got = fetch(site.url("/slow"), _settings(collect_timeout=0.5, collect_retries=0))
    assert time.monotonic() - began < 2.5
    assert got.error == "no complete answer within 0.5 s (collect_timeout)" and got.unreachable


def test_a_server_that_closes_the_connection_is_one_failure(site):
    def handle(handler):
        handler.connection.shutdown(socket.SHUT_RDWR)
        handler.close_connection = True
    site.routes["/drop"] = handle
    got = fetch(site.url("/drop"), _settings(collect_retries=1))
    assert got.error.startswith("the server closed the connection (") and got.unreachable
    assert site.paths().count("/drop") == 2


def test_nothing_listening_is_cannot_connect(site):
    port = site.server.server_address[1]
    site.stop()
    got = fetch(f"http://127.0.0.1:{port}/", _settings(collect_retries=0))
    assert got.error.startswith("robots.txt could not be fetched (cannot connect (") and got.unreachable
    assert not got.disallowed


def test_an_html_page_that_is_really_a_pdf_is_a_pdf(site):
    site.routes["/news/response/"] = Resource(pdf_bytes("a letter"), "text/html; charset=utf-8")
    got = fetch(site.url("/news/response/"))
    assert got.ok and got.format == "pdf"


@pytest.mark.parametrize("body, content_type, url, expected", [
    (b"%PDF-1.7 ...", "text/html", "http://x/a", "pdf"),
    (b"<!DOCTYPE html><html></html>", "application/pdf", "http://x/a.pdf", "html"),
    (b"plain words", "text/plain; charset=utf-8", "http://x/a", "txt"),
    (b"\x00\x01binary", "application/octet-stream", "http://x/a.docx", "docx"),
    (b"PK\x03\x04 not a word file", "application/zip", "http://x/a.zip", None),
])
def test_sniffing_believes_the_bytes_before_the_header_and_the_name(body, content_type, url, expected):
    assert sniff(body, content_type, url, load_rules()) == expected


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after("120") == 120.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after("soon") is None and retry_after(None) is None


def test_the_guard_fails_any_address_but_loopback():
    with pytest.raises(AssertionError, match="only 127.0.0.1 is allowed"):
        socket.create_connection(("10.255.255.1", 80), timeout=0.1)


@pytest.mark.parametrize("text, url, expected", [
    ("PCC response to HMICFRS PEEL", "https://opcc.example/r.pdf", "document"),
    ("HMICFRS PEEL report 2019", "https://opcc.example/peel-2019.pdf", None),
    ("Download", "https://opcc.example/files/pcc-response-peel.pdf", "document"),
    ("The police response to stalking", "https://www.justiceinspectorates.gov.uk/hmicfrs/x.pdf", None),
    ("HMICFRS inspections", "https://opcc.example/hmicfrs/", "page"),
    ("Privacy and cookies", "https://opcc.example/hmicfrs-privacy/", None),
    ("Community events", "https://opcc.example/events/", None),
])
def test_which_links_are_followed(text, url, expected):
    assert load_rules().classify_link(text, url) == expected


def test_a_letter_page_with_a_long_menu_is_a_response_and_a_listing_is_not():
    from answerable.collect.page import looks_like_response, parse_html
    from collect_sites import html_letter, letter_text

    menu = "<nav>" + "".join(f"<a href='/p{i}/'>Menu item number {i} of the site</a>" for i in range(60)) + "</nav>"
    letter = html_letter(letter_text("Kent", 1)).body.replace(b"<header>", menu.encode() + b"<header>")
    page = parse_html(letter, "https://opcc.example/news/response/")
    assert looks_like_response(page, load_rules()) and len(page.links) > 60
    listing = html("HMICFRS reports and responses", "<main><h1>HMICFRS reports and responses</h1><ul>" + "".join(
        f"<li><a href='/r{i}.pdf'>Police and Crime Commissioner response to HMICFRS report {i}, yours sincerely</a></li>"
        for i in range(30)) + "</ul></main>")
    assert not looks_like_response(parse_html(listing.body, "https://opcc.example/hmicfrs/"), load_rules())
