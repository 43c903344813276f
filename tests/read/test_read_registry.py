"""Readers are registered by type: a new format is one ``register(...)`` call, found by its
extension and by sniffing its bytes."""

from __future__ import annotations

import pytest

from answerable.read import read, readers, register
from answerable.read.registry import Extracted, Reader, _READERS, for_extension, get_reader, sniff


@pytest.fixture
def rtf_reader():
    """A toy RTF reader registered for the test only (removed afterwards)."""
    def read_rtf(data: bytes, ctx) -> Extracted:
        body = data.decode("ascii").removeprefix("{\\rtf1 ").removesuffix("}")
        return Extracted(pages=[body.replace("\\par ", "\n\n")], title="from rtf")

    reader = register(Reader("rtf", (".rtf",), read_rtf, sniff=lambda data: data.startswith(b"{\\rtf")))
    yield reader
    _READERS.pop("rtf", None)


def test_the_built_in_formats_are_registered_in_order():
    assert [r.format for r in readers()][:4] == ["txt", "md", "pdf", "docx"]
    assert {r.format for r in readers()} >= {"txt", "md", "pdf", "docx", "html"}
    assert for_extension(".HTM").format == "html" and get_reader("markdown").format == "md"


def test_the_signatures_of_binary_formats_are_sniffed():
    assert sniff(b"%PDF-1.7\n...").format == "pdf"
    assert sniff(b"<!DOCTYPE html><html>").format == "html"
    assert sniff(b"PK\x03\x04....word/document.xml....").format == "docx"
    assert sniff(b"Dear Home Secretary") is None


def test_a_new_format_is_one_register_call(rtf_reader, tmp_path):
    path = tmp_path / "letter.rtf"
    path.write_bytes(b"{\\rtf1 Dear Home Secretary,\\par I welcome the report.}")
    doc = read(path)
    assert (doc.source.format, doc.title) == ("rtf", "from rtf")
    assert doc.text == "Dear Home Secretary,\n\nI welcome the report."
    unnamed = read(path.read_bytes())  # found by sniffing alone
    assert unnamed.source.format == "rtf"
