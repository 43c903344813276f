"""Uploads are type-checked by their bytes (not their names) and size-limited."""

from __future__ import annotations

import io

import pytest

from answerable.errors import EmptyDocumentError, FileTooLargeError, UnsupportedFormatError
from answerable.serve.drafts import check_size, sniff_format


def _pdf_bytes() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "A fictional draft response to the Lamplight Review (fictional).")
    return bytes(pdf.output())


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("A fictional draft response to the Lamplight Review (fictional).")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip_bytes() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("notes.txt", "not a letter")
    return out.getvalue()


@pytest.mark.parametrize("data,name,expected", [
    (b"Dear Home Secretary,\nWe agree.", "draft.txt", "txt"),
    (b"# Response\n\nWe agree.", "draft.md", "md"),
    (b"<!DOCTYPE html><html><body><p>We agree.</p></body></html>", "draft.txt", "html"),
    ("Caf\u00e9 response \u2014 we agree".encode("utf-8"), None, "txt"),
    ("Caf\u00e9 response".encode("cp1252"), "x.txt", "txt"),
])
def test_text_formats_are_recognised_by_their_bytes(data, name, expected):
    assert sniff_format(data, name) == expected


def test_real_pdf_and_docx_are_recognised_whatever_their_names():
    assert sniff_format(_pdf_bytes(), "letter.txt") == "pdf"
    assert sniff_format(_docx_bytes(), "letter.pdf") == "docx"


def test_a_zip_that_is_not_a_docx_is_refused():
    with pytest.raises(UnsupportedFormatError, match="not a Word .docx"):
        sniff_format(_zip_bytes(), "letter.docx")


def test_binary_data_named_txt_is_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
    with pytest.raises(UnsupportedFormatError) as info:
        sniff_format(png, "letter.txt")
    assert info.value.http_status == 415


def test_empty_upload_is_refused():
    with pytest.raises(EmptyDocumentError):
        sniff_format(b"  \n ", "x.txt")


def test_size_limit_names_the_size_and_limit():
    check_size(b"x" * 10, 10)
    with pytest.raises(FileTooLargeError) as info:
        check_size(b"x" * 11, 10)
    assert info.value.detail == {"size_bytes": 11, "limit_bytes": 10}
