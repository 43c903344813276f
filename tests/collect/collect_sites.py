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
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for line in text.splitlines():
        pdf.multi_cell(0, 5, line.encode("latin-1", "replace").decode("latin-1") or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for para in text.split("\n\n"):
        document.add_paragraph(para.replace("\n", " "))
    out = io.BytesIO()
    document.save(out)
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
