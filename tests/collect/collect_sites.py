"""Local fixture websites for the collect tests: an HTTP server on 127.0.0.1 (never another
address) serving routes from a dict, with ETags and 304s, and fictional letters made as PDF,
DOCX and HTML by the tests themselves."""

from __future__ import annotations

import hashlib
import io
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional, Union

REPORT = ("Both sides of the coin: The police and National Crime Agency's response to vulnerable "
          "people in 'county lines' drug offending")


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    etag: bool = True


Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Site:
    """A fixture site; ``routes`` maps a path to a Resource or a handler function."""
    routes: dict[str, Union[Resource, Handler]] = field(default_factory=dict)
    requests: list[tuple[str, dict]] = field(default_factory=list)
    server: Optional[ThreadingHTTPServer] = None

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]

    def start(self) -> "Site":
        site = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body leave at once (no 40 ms stalls)

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("#")[0]
                site.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
                route = site.routes.get(path)
                if route is None:
                    self.send_error(404)
                    return
                if callable(route):
                    route(self)
                    return
                tag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
                if route.etag and self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.etag:
                    self.send_header("ETag", tag)
                self.end_headers()
                self.wfile.write(route.body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


def html(title: str, body: str) -> Resource:
    return Resource(f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>".encode())


def letter_text(force: str, n: int, *, date: str = "12 February 2020", body: str = "Police and Crime Commissioner") -> str:
    """A fictional response letter (the report is real, the letter and its writer are not)."""
    return f"""Office of the {body} for {force}

The Rt Hon Home Secretary
Home Office
2 Marsham Street
London SW1P 4DF

{date}

Dear Home Secretary

Response to the HMICFRS report "{REPORT}"

I write, as required by section 55 of the Police Act 1996, with my comments on the HMICFRS report
"{REPORT}", published on 10 January 2020. I invited the Chief Constable to comment and his comments
are included below.

I welcome the report. The force has set up a team to safeguard children exploited by county lines
gangs, and it will review every case referred in the last year by 30 June 2020 (letter {n}).

This response will be published on my website, and a copy has been sent to HMICFRS.

Yours sincerely

Alex Fictional-{n}
{body} for {force}
"""


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF of ``text`` in Helvetica (written by hand: quick enough for 300 files)."""
    def esc(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    lines = text.splitlines()
    stream = "BT /F1 10 Tf 50 800 Td 12 TL\n" + "".join(f"({esc(line)}) Tj T*\n" for line in lines) + "ET"
    body = stream.encode("latin-1", "replace")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body)]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, obj))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


_DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
               'wordprocessingml.document.main+xml"/></Types>')
_DOCX_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              'officeDocument" Target="word/document.xml"/></Relationships>')


def docx_bytes(text: str) -> bytes:
    """A DOCX of ``text``, one paragraph per blank-line block (the minimal package, by hand)."""
    import zipfile
    from xml.sax.saxutils import escape

    paras = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(p.replace(chr(10), ' '))}</w:t></w:r></w:p>"
                    for p in text.split("\n\n"))
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"<w:body>{paras}</w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _DOCX_TYPES)
        z.writestr("_rels/.rels", _DOCX_RELS)
        z.writestr("word/document.xml", document)
    return out.getvalue()


def html_letter(text: str, title: str = "PCC response to HMICFRS report") -> Resource:
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return html(title, f"<header><a href='/'>Home</a></header><main><h1>{title}</h1>{paras}</main>")


def slow(seconds: float, body: bytes = b"late") -> Handler:
    def handle(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "application/pdf")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:
            pass
    return handle


FORCES = ["Kent", "Surrey", "Dorset", "Cheshire", "Essex", "Norfolk", "Suffolk", "Cumbria"]


@dataclass
class BarSite:
    responses: set[str]       # paths of every response (files and letter pages)
    not_responses: set[str]   # paths of pages and files that must never be stored
    pages: int
    documents: int


def build_bar_site(site: Site, *, pages: int = 200, documents: int = 300) -> BarSite:
    """A fictional body's site of ``pages`` HTML pages and ``documents`` files: listing pages,
    letters published as pages, news about inspections that are not letters, unrelated pages,
    PDF and DOCX responses and unrelated PDFs (annual reports, minutes)."""
    listings = 20
    letter_pages = 60
    news = 60
    unrelated = pages - 2 - listings - letter_pages - news
    response_files = documents * 4 // 5
    other_files = documents - response_files
    routes: dict[str, Resource] = {"/robots.txt": Resource(b"User-agent: *\nDisallow: /admin/\n", "text/plain")}
    listing_links: list[list[str]] = [[] for _ in range(listings)]
    responses, not_responses = set(), set()
    n = 0
    for i in range(letter_pages):
        n += 1
        path = f"/news/pcc-response-{i}/"
        routes[path] = html_letter(letter_text(FORCES[i % len(FORCES)], n), f"PCC response to HMICFRS report {i}")
        listing_links[i % listings].append(f"<a href='{path}'>Commissioner's response to HMICFRS report {i}</a>")
        responses.add(path)
    for i in range(news):
        path = f"/news/hmicfrs-inspection-{i}/"
        routes[path] = html(f"HMICFRS inspection {i}", f"<p>HMICFRS published an inspection today ({i}). "
                            "Our response will follow.</p><a href='/'>Home</a>")
        listing_links[i % listings].append(f"<a href='{path}'>HMICFRS inspection news {i}</a>")
        not_responses.add(path)
    for i in range(unrelated):
        path = f"/events/event-{i}/"
        routes[path] = html(f"Event {i}", "<p>Community event.</p>")
        listing_links[i % listings].append(f"<a href='{path}'>Community event {i}</a>")
        not_responses.add(path)
    for i in range(response_files):
        n += 1
        text = letter_text(FORCES[i % len(FORCES)], n)
        if i % 5 < 3:
            path, res = f"/documents/pcc-response-{i}.pdf", Resource(pdf_bytes(text), "application/pdf")
        else:
            path, res = f"/documents/pcc-response-{i}.docx", Resource(
                docx_bytes(text), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        routes[path] = res
        listing_links[i % listings].append(f"<a href='{path}'>PCC response to HMICFRS inspection {i}</a>")
        responses.add(path)
    for i in range(other_files):
        path = f"/documents/annual-report-{i}.pdf"
        routes[path] = Resource(pdf_bytes(f"Annual report {i}"), "application/pdf")
        listing_links[i % listings].append(f"<a href='{path}'>Annual report {i}</a>")
        not_responses.add(path)
    for i in range(listings):
        path = f"/hmicfrs/page-{i}/"
        routes[path] = html(f"HMICFRS reports and responses, page {i}",
                            "<ul>" + "".join(f"<li>{a}</li>" for a in listing_links[i]) + "</ul>")
    routes["/hmicfrs/"] = html("HMICFRS reports and responses", "".join(
        f"<a href='/hmicfrs/page-{i}/'>HMICFRS inspection reports and responses, page {i}</a>" for i in range(listings)))
    routes["/"] = html("Office of the Police and Crime Commissioner", (
        "<a href='/hmicfrs/'>HMICFRS inspections and our responses</a><a href='/about/'>About</a>"
        "<a href='/admin/hmicfrs-responses/'>Admin: responses</a>"))
    site.routes.update(routes)
    return BarSite(responses, not_responses, pages=2 + listings + letter_pages + news + unrelated, documents=documents)
