"""The same letter as TXT, PDF, DOCX and HTML reads to the same paragraphs: the extractor must
give one record for all four. (The letter is fictional.)"""

from __future__ import annotations

import pytest
from read_makers import LETTER, letter_html, letter_text, paragraphs, write_docx, write_pdf

from answerable.read import read


@pytest.fixture(scope="module")
def four_formats(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("same_letter")
    (folder / "letter.txt").write_text(letter_text(LETTER), encoding="utf-8")
    write_pdf(LETTER, folder / "letter.pdf", footer=True, page_breaks_before=(8,))
    write_docx(LETTER, folder / "letter.docx", footer="Working together for a safer Wiltshire")
    (folder / "letter.html").write_text(letter_html(LETTER), encoding="utf-8")
    return {ext: read(folder / f"letter.{ext}") for ext in ("txt", "pdf", "docx", "html")}


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_each_format_reads_to_the_same_paragraphs_as_the_text_file(four_formats, fmt):
    assert paragraphs(four_formats[fmt].text) == paragraphs(four_formats["txt"].text)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_each_format_keeps_address_lines_and_list_items_as_lines(four_formats, fmt):
    text = four_formats[fmt].text
    assert "Home Secretary\n2 Marsham Street\nLondon SW1P 4DF" in text
    assert "\n- better co-ordination with neighbouring forces" in text


def test_the_pdf_page_map_puts_the_second_page_where_it_starts(four_formats):
    doc = four_formats["pdf"]
    assert len(doc.page_starts) == 2
    second = doc.text.index("I will publish this response")
    assert doc.page_at(second) == 2
    assert doc.page_at(doc.text.index("Dear Home Secretary")) == 1
    assert "Page 1 of 2" not in doc.text and "Page 2 of 2" not in doc.text


def test_each_format_reports_its_own_format_and_hash_of_the_raw_bytes(four_formats, tmp_path):
    import hashlib

    assert {fmt: doc.source.format for fmt, doc in four_formats.items()} == {
        "txt": "txt", "pdf": "pdf", "docx": "docx", "html": "html"}
    for doc in four_formats.values():
        with open(doc.source.path, "rb") as handle:
            assert doc.source.sha256 == hashlib.sha256(handle.read()).hexdigest()


def test_the_committed_dev_set_letter_reads_the_same_in_every_format(fixtures_dir):
    base = fixtures_dir / "devset" / "19_thames_valley_same_letter"
    docs = [read(base.with_suffix(ext)) for ext in (".txt", ".pdf", ".docx", ".html")]
    assert [paragraphs(d.text) for d in docs[1:]] == [paragraphs(docs[0].text)] * 3
