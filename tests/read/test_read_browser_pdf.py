"""A web page printed to PDF by a real browser (Debian's chromium, headless): the kind of PDF
many commissioners' offices publish. Its letter paragraphs must read the same as the page's."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from answerable.read import collapse_whitespace, read


@pytest.fixture(scope="module")
def printed(chromium_path, fixtures_dir, tmp_path_factory):
    page = fixtures_dir / "devset" / "09_surrey_web.html"
    folder = tmp_path_factory.mktemp("chromium")
    out = folder / "surrey.pdf"
    result = subprocess.run(
        [chromium_path, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={folder / 'profile'}", f"--print-to-pdf={out}", page.as_uri()],
        capture_output=True, timeout=90)
    if not out.exists():
        pytest.fail(f"chromium did not print the page: {result.stderr.decode()[-500:]}")
    shutil.rmtree(folder / "profile", ignore_errors=True)
    return read(out), read(page)


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
