"""Builders of real test inputs for the reader tests: PDFs (fpdf2), Word files (python-docx),
web pages and encrypted PDFs (pypdf). Everything is written by the test into ``tmp_path``.

A letter is a list of blocks; a block is a list of lines (an address keeps its lines), and a
block whose lines start with ``"- "`` is a bulleted list.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Optional

# A fictional letter used to compare formats: an address, a bulleted list, curly quotes.
LETTER = [
    ["Office of the Police and Crime Commissioner for Wiltshire", "London Road, Devizes SN10 9ZZ"],
    ["14 June 2022"],
    ["The Rt Hon Priya Examplefield MP", "Home Secretary", "2 Marsham Street", "London SW1P 4DF"],
    ["Dear Home Secretary,"],
    ["Response to the HMICFRS report \u201cKeeping Watch: a fictional inspection of rural crime\u201d"],
    ["I welcome the report, which was published on 20 April 2022, and I am grateful to the "
     "Inspectorate for the care it took to understand policing in a large rural county. The "
     "Chief Constable and I have discussed each of its findings and I accept its recommendations."],
    ["The report recognises the progress Wiltshire Police has made:"],
    ["- a rural crime team that now works across the whole county;",
     "- better co-ordination with neighbouring forces on cross-border theft of machinery; and",
     "- the force\u2019s new farm-watch scheme, run with the National Farmers\u2019 Union."],
    ["The force has appointed a rural crime co-ordinator, and it is in the process of training "
     "forty officers as wildlife and heritage crime specialists. I will be seeking assurance from "
     "the Chief Constable, at my quarterly accountability meetings, that this work continues and "
     "that victims in the most remote villages receive the same service as those in our towns."],
    ["I will publish this response on my website, and a copy has been sent to HMICFRS."],
    ["Yours sincerely,"],
    ["Morwenna Fictitious-Hale", "Police and Crime Commissioner for Wiltshire"],
]


def paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text`` with whitespace collapsed, for comparing formats."""
    from answerable.read import collapse_whitespace

    return [collapse_whitespace(p) for p in text.split("\n\n")]


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

Letter = list[list[str]]


def letter_text(letter: Letter) -> str:
    """The letter as plain text: lines of a block on separate lines, blocks separated by a blank line."""
    return "\n\n".join("\n".join(block) for block in letter) + "\n"


def _pdf(header: Optional[str], footer: bool):
    from fpdf import FPDF

    class LetterPDF(FPDF):
        def header(self) -> None:
            if header:
                self.set_font(self._body_font, size=9)
                self.cell(0, 6, header, new_x="LMARGIN", new_y="NEXT", align="R")
                self.ln(6)

        def footer(self) -> None:
            if footer:
                self.set_y(-15)
                self.set_font(self._body_font, size=9)
                self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = LetterPDF(format="A4")
    pdf._body_font = "Helvetica"
    if DEJAVU.exists():
        pdf.add_font("DejaVu", "", str(DEJAVU))
        pdf._body_font = "DejaVu"
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, margin=25)
    return pdf


def write_pdf(letter: Letter, path: Path, *, header: Optional[str] = None, footer: bool = False,
              page_breaks_before: tuple[int, ...] = (), title: Optional[str] = None) -> Path:
    """A letter as an A4 PDF with a real text layer; optional running header and "Page n of m" footer."""
    pdf = _pdf(header, footer)
    if title:
        pdf.set_title(title)
    pdf.add_page()
    pdf.set_font(pdf._body_font, size=11)
    for i, block in enumerate(letter):
        if i in page_breaks_before:
            pdf.add_page()
            pdf.set_font(pdf._body_font, size=11)
        for line in block:
            pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.output(str(path))
    return path


def write_tight_pdf(paragraphs: list[str], path: Path) -> Path:
    """Paragraphs with no space between them and no indent (only short last lines tell)."""
    pdf = _pdf(None, False)
    pdf.add_page()
    pdf.set_font(pdf._body_font, size=11)
    for text in paragraphs:
        pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def write_indented_pdf(paragraphs: list[str], path: Path, *, blank_page: bool = False,
                       title: Optional[str] = None) -> Path:
    """Paragraphs with an indented first line and no space between them; optionally a
    text-less second page (as if one page were a scan)."""
    pdf = _pdf(None, False)
    if title:
        pdf.set_title(title)
    pdf.add_page()
    pdf.set_font(pdf._body_font, size=11)
    for text in paragraphs:
        pdf.set_x(pdf.l_margin + 10)
        pdf.write(5.5, text)
        pdf.ln(5.5)
    if blank_page:
        pdf.add_page()
        pdf.rect(20, 20, 170, 60, style="F")
    pdf.output(str(path))
    return path


def write_side_by_side_pdf(rows: list[tuple[str, str]], body: list[str], path: Path) -> Path:
    """A letter head with two blocks side by side (recipient on the left, the office's details
    right-aligned on the right), then left-aligned body paragraphs."""
    pdf = _pdf(None, False)
    pdf.add_page()
    pdf.set_font(pdf._body_font, size=11)
    y = 20.0
    for left, right in rows:
        if left:
            pdf.set_xy(25, y)
            pdf.cell(80, 6, left)
        if right:
            pdf.set_xy(125, y)
            pdf.cell(60, 6, right, align="R")
        y += 6
    pdf.set_xy(25, y + 8)
    for text in body:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(5)
    pdf.output(str(path))
    return path


def write_blank_pdf(path: Path, pages: int = 1) -> Path:
    """A PDF whose pages hold only drawn rectangles (like a scan): no text layer at all."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    for _ in range(pages):
        pdf.add_page()
        pdf.rect(20, 20, 170, 60, style="F")
        pdf.rect(20, 100, 120, 40, style="D")
    pdf.output(str(path))
    return path


SENTENCES = (
    "The commissioner reviewed the plan with the chief constable.",
    "Neighbourhood teams visited every school in the district.",
    "Partners agreed a shared approach to safeguarding children.",
    "The panel asked for a further update in the spring.",
    "Officers completed training on coercive control.",
    "Victims told the office that contact had improved.",
    "The force published its response on the website.",
)


def page_marker(n: int) -> str:
    """A marker unique to page ``n`` that differs in letters, not only digits: "Marker bcd"."""
    letters = ""
    while True:
        n, rest = divmod(n, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[rest] + letters
        if n == 0:
            return f"Marker {letters}"


def write_pages_pdf(path: Path, pages: int, lines_per_page: int = 40) -> Path:
    """A PDF of ``pages`` pages of fictional prose, page ``n`` starting with ``page_marker(n)``."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=10)
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(0, 5, page_marker(n), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        for i in range(lines_per_page):
            pdf.cell(0, 5, SENTENCES[(i + n) % len(SENTENCES)], new_x="LMARGIN", new_y="NEXT")
            if i % 6 == 5:
                pdf.ln(3)
    pdf.output(str(path))
    return path


def prose(words: int, seed: int = 7) -> str:
    """``words`` words of fictional prose without digits (so no line looks like a page number)."""
    import random

    vocab = ("the force officers partners county safeguarding children report plan panel victims "
             "training review assurance community council schools villages towns services support "
             "evidence progress teams inspection response commissioner public meetings concerns "
             "exploitation vulnerable people offenders networks drugs lines neighbourhood rural "
             "urban night economy licensing harm risk").split()
    rng = random.Random(seed)
    return " ".join(rng.choice(vocab) for _ in range(words))


def encrypt_pdf(source: Path, path: Path, user_password: str, owner_password: str = "owner") -> Path:
    """``source`` encrypted with pypdf (an empty user password opens without asking)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.encrypt(user_password, owner_password=owner_password)
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def write_docx(letter: Letter, path: Path, *, header: Optional[str] = None,
               footer: Optional[str] = None) -> Path:
    """A Word file: one paragraph per block (lines joined by line breaks), bullets as List Bullet."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    for block in letter:
        if all(line.startswith("- ") for line in block):
            for line in block:
                document.add_paragraph(line[2:], style="List Bullet")
            continue
        paragraph = document.add_paragraph()
        for i, line in enumerate(block):
            run = paragraph.add_run(line)
            if i < len(block) - 1:
                run.add_break()
    document.save(str(path))
    return path


PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>{title} | Office of the Police and Crime Commissioner</title>
<style>.cookie-banner {{ position: fixed; }}</style>
<script>window.dataLayer = [];</script></head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<div id="cookie-consent" class="cookie-banner"><p>We use cookies to make this website work.</p>
<button>Accept all cookies</button><button>Reject optional cookies</button></div>
<a class="quick-exit" href="https://www.bbc.co.uk/weather">Quick exit</a>
<header class="site-header"><div class="text-size">Text size <button>A</button> <button>A+</button> <button>A++</button></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/contact">Contact us</a></li></ul></nav>
</header>
<div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/news">News</a></div>
<main id="main">
{body}
<div class="share-bar">Share this page: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a></div>
</main>
<footer><p>&copy; Office of the Police and Crime Commissioner</p><p><a href="/privacy">Privacy</a></p></footer>
</body></html>
"""


def letter_html(letter: Letter, title: str = "Response to HMICFRS") -> str:
    """A letter inside a realistic OPCC web page: cookie banner, skip link, quick exit, menus."""
    parts = []
    for block in letter:
        if all(line.startswith("- ") for line in block):
            items = "".join(f"<li>{html.escape(line[2:])}</li>" for line in block)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append("<p>" + "<br>\n".join(html.escape(line) for line in block) + "</p>")
    return PAGE.format(title=html.escape(title), body="\n".join(parts))


def write_docx_bomb(path: Path, unpacked: int, *, member: str = "word/document.xml",
                    extra_members: int = 0) -> Path:
    """A real .docx (python-docx) whose ``member`` is padded with empty paragraphs until it
    unpacks to about ``unpacked`` bytes (they deflate ~1000:1, as a zip bomb's do);
    ``extra_members`` more padded parts of that size are added (``word/pad1.xml``...)."""
    import zipfile

    base = path.with_suffix(".base.docx")
    write_docx([["Dear Home Secretary,"], ["I welcome the report."]], base)
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == member:
                head, tail = data.split(b"<w:body>", 1)
                pad = b"<w:p/>" * (unpacked // 6)
                data = head + b"<w:body>" + pad + tail
            out.writestr(info.filename, data)
        for i in range(extra_members):
            out.writestr(f"word/pad{i + 1}.xml", b"<x>" + b" " * unpacked + b"</x>")
    base.unlink()
    return path
