"""A collect run over a site where everything goes wrong never crashes: each failure is one
line naming the URL and the cause, and the rest of the run goes on; odd pages still work."""

from __future__ import annotations

import socket
import time

from sqlalchemy import select

from answerable.collect import collect
from answerable.store import open_store, schema
from collect_sites import Resource, html, html_letter, letter_text, pdf_bytes


def _status(code, headers=None):
    def handle(handler):
        handler.send_response(code)
        for key, value in {**(headers or {}), "Content-Length": "0"}.items():
            handler.send_header(key, value)
        handler.end_headers()
    return handle


def _drop(handler):
    handler.connection.shutdown(socket.SHUT_RDWR)
    handler.close_connection = True


def _slow(handler):
    time.sleep(2)


def test_every_failure_is_one_line_and_the_good_documents_are_still_stored(site, settings):
    settings = settings.model_copy(update={"collect_timeout": 0.5, "collect_retries": 1})
    links = ["gone", "loop-a", "drop", "slow", "down", "good"]
    site.routes.update({
        "/robots.txt": Resource(b"User-agent: *\nDisallow: /secret-response.pdf\n", "text/plain"),
        "/": html("HMICFRS responses", "".join(f"<a href='/{n}-response.pdf'>PCC response {n}</a>" for n in links)
                  + "<a href='/secret-response.pdf'>PCC response (secret)</a>"),
        "/loop-a-response.pdf": _status(302, {"Location": "/loop-b"}),
        "/loop-b": _status(302, {"Location": "/loop-a-response.pdf"}),
        "/drop-response.pdf": _drop,
        "/slow-response.pdf": _slow,
        "/down-response.pdf": _status(503),
        "/good-response.pdf": Resource(pdf_bytes(letter_text("Kent", 7)), "application/pdf"),
    })
    with open_store(settings.database_url) as store:
        summary = collect(store, [site.url("/")], settings=settings, workers=1, backoff=0.05)
        with store.engine.connect() as conn:
            messages = dict(conn.execute(select(schema.collected.c.url, schema.collected.c.message)).all())
    failed = {f.url.rsplit("/", 1)[-1]: f.reason for f in summary.failed}
    assert failed == {
        "gone-response.pdf": "HTTP 404 Not Found",
        "loop-a-response.pdf": f"redirect loop (back to {site.url('/loop-a-response.pdf')})",
        "drop-response.pdf": failed["drop-response.pdf"],
        "slow-response.pdf": "no complete answer within 0.5 s (collect_timeout)",
        "down-response.pdf": "HTTP 503 Service Unavailable after 2 tries",
    }
    assert failed["drop-response.pdf"].startswith("the server closed the connection")
    assert [s.url for s in summary.skipped] == [site.url("/secret-response.pdf")]
    assert summary.new == 1 and summary.stored == 1 and summary.sources == {
        f"url:127.0.0.1:{site.server.server_address[1]}": "partial"}
    assert messages[site.url("/gone-response.pdf")] == "HTTP 404 Not Found"


def test_malformed_html_still_gives_its_links(site, settings):
    site.routes["/"] = Resource(b"<html><body><div><p>HMICFRS <b>responses<table><tr><td>"
                                b"<a href=/r1.pdf>PCC response<a href='/r2.pdf'>second response</td></div>"
                                b"<a href=\"/r3.pdf\" >third response</a ><<<>>> </html></html>", "text/html")
    for n in (1, 2, 3):
        site.routes[f"/r{n}.pdf"] = Resource(pdf_bytes(letter_text("Kent", n)), "application/pdf")
    with open_store(settings.database_url) as store:
        summary = collect(store, [site.url("/")], settings=settings, workers=1)
    assert summary.new == 3 and summary.failed == []


def test_pages_in_windows_1252_or_latin_1_are_read_with_their_charset(site, settings):
    page = ("<html><head><meta charset='windows-1252'></head><body>"
            "<a href='/letter/'>Commissioner’s response to HMICFRS – county lines</a></body></html>")
    site.routes["/"] = Resource(page.encode("cp1252"), "text/html")
    letter = html_letter(letter_text("Kent", 5).replace("I welcome", "I welcome – with caveats –"))
    site.routes["/letter/"] = Resource(letter.body.decode().replace("<head>", "<head><meta charset='iso-8859-1'>")
                                       .replace("–", "-").encode("latin-1"), "text/html; charset=ISO-8859-1")
    with open_store(settings.database_url) as store:
        summary = collect(store, [site.url("/")], settings=settings, workers=1)
        with store.engine.connect() as conn:
            text = conn.execute(select(schema.collected.c.link_text).where(
                schema.collected.c.url == site.url("/letter/"))).scalar()
    assert text == "Commissioner’s response to HMICFRS – county lines"
    assert summary.new == 1 and summary.stored == 1
