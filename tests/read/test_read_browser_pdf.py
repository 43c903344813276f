"""A web page printed to PDF by a real browser (Debian's chromium, headless): the kind of PDF
many commissioners' offices publish. Its letter paragraphs must read the same as the page's."""

from __future__ import annotations

import shutil
import subprocess

from pathlib import Path

import pytest
from read_makers import LETTER, letter_html, letter_text, paragraphs

from answerable.read import collapse_whitespace, read


def print_to_pdf(chromium: str, page: Path, out: Path, *extra: str) -> Path:
    """``page`` printed to ``out`` by headless chromium (its own throwaway profile)."""
    profile = out.parent / f"{out.stem}-profile"
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={profile}", *extra, f"--print-to-pdf={out}", page.as_uri()],
        capture_output=True, timeout=90)
    shutil.rmtree(profile, ignore_errors=True)
    if not out.exists():
        pytest.fail(f"chromium did not print the page: {result.stderr.decode()[-500:]}")
    return out


@pytest.fixture(scope="module")
def printed(chromium_path, fixtures_dir, tmp_path_factory):
    page = fixtures_dir / "devset" / "09_surrey_web.html"
    out = print_to_pdf(chromium_path, page, tmp_path_factory.mktemp("chromium") / "surrey.pdf")
    return read(out), read(page)


def test_a_printed_letter_page_with_drawn_bullets_reads_like_the_text_file(chromium_path, tmp_path):
    page = tmp_path / "letter.html"
    page.write_text(letter_html(LETTER), encoding="utf-8")
    (tmp_path / "letter.txt").write_text(letter_text(LETTER), encoding="utf-8")
    pdf = print_to_pdf(chromium_path, page, tmp_path / "letter.pdf", "--no-pdf-header-footer")
    text = read(pdf).text
    assert "\n- better co-ordination with neighbouring forces" in text  # bullets drawn, not typed
    assert paragraphs(text) == paragraphs(read(tmp_path / "letter.txt").text)


def test_the_letter_paragraphs_of_a_printed_page_match_the_page(printed):
    pdf_doc, html_doc = printed
    start = html_doc.text.index("This is the response")
    letter = [collapse_whitespace(p) for p in html_doc.text[start:].split("\n\n")]
    got = [collapse_whitespace(p) for p in pdf_doc.text.split("\n\n")]
    assert got[got.index(letter[0]):got.index(letter[0]) + len(letter)] == letter


def test_the_browser_running_head_and_widgets_are_dropped(printed):
    text = printed[0].text
    for junk in ("file://", "1/2", "2/2", "Skip to main content", "Accept all cookies", "Quick exit"):
        assert junk not in text
    assert len(printed[0].page_starts) >= 1
