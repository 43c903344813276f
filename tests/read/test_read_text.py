"""Plain text and Markdown: every encoding a letter arrives in, the normalisation rules, and
binary bytes refused with a clear message."""

from __future__ import annotations

import codecs

import pytest

from answerable.errors import DecodeError
from answerable.read import normalise, read, read_text
from answerable.read.text import decode, strip_markdown

LINE = "The Commissioner\u2019s response \u2013 \u201cSafer Streets\u201d, 5 March 2020"


@pytest.mark.parametrize("encoded, encoding", [
    (LINE.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + LINE.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + LINE.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + LINE.encode("utf-16-be"), "utf-16"),
    (LINE.encode("cp1252"), "cp1252"),
])
def test_each_encoding_decodes_to_the_same_characters(encoded, encoding):
    assert decode(encoded) == (LINE, encoding)


def test_bytes_undefined_in_windows_1252_fall_back_to_latin_1():
    data = "Caf\u00e9 in Dyfed-Powys".encode("latin-1") + b"\x81"
    text, encoding = decode(data)
    assert encoding == "latin-1"
    assert text.startswith("Caf\u00e9 in Dyfed-Powys")


def test_a_windows_1252_file_reads_with_curly_quotes_intact(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_bytes("Dear Home Secretary,\r\n\r\nI welcome the Inspectorate\u2019s report.\r\n".encode("cp1252"))
    doc = read(path)
    assert doc.text == "Dear Home Secretary,\n\nI welcome the Inspectorate\u2019s report."
    assert doc.source.format == "txt"


@pytest.mark.parametrize("garbage", [
    bytes(range(256)) * 40,
    b"\x00\x01\x02\x03PK" * 500,
    bytes((i * 97 + 13) % 256 for i in range(5000)),
])
def test_binary_bytes_are_refused_as_not_text(garbage, tmp_path):
    path = tmp_path / "letter.txt"
    path.write_bytes(garbage)
    with pytest.raises(DecodeError) as exc:
        read(path)
    assert str(exc.value).startswith(f"{path}: looks like binary, not text")
    assert "\n" not in str(exc.value)


def test_a_broken_utf16_file_names_the_encoding_and_the_fix():
    with pytest.raises(DecodeError, match="UTF-16 byte-order mark.*re-save the file as UTF-8"):
        decode(codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00\xd8")


@pytest.mark.parametrize("raw, expected", [
    ("a\r\nb\rc", "a\nb\nc"),
    ("page one\fpage two\vline", "page one\npage two\nline"),
    ("Chief\u00a0Constable\u2009and\u202fI", "Chief Constable and I"),
    ("trailing   \nspaces\t \n", "trailing\nspaces"),
    ("one\n\n\n\n\ntwo\n \n\t\nthree", "one\n\ntwo\n\nthree"),
    ("NUL\x00 and\x07 bell\x1b", "NUL and bell"),
    ("zero\u200bwidth\ufeff", "zerowidth"),
    ("cafe\u0301", "caf\u00e9"),
    ("the \ufb01ndings of the o\ufb03ce", "the findings of the office"),
    ("\u2022 first\n\u25cf second", "- first\n- second"),
    ("- one\n\n- two\n\nProse.", "- one\n- two\n\nProse."),
    ("\n\n  indented stays\n\n", "  indented stays"),
])
def test_normalise_applies_each_rule(raw, expected):
    assert normalise(raw) == expected


def test_normalise_is_idempotent_on_a_real_letter(cheshire_path):
    once = normalise(cheshire_path.read_text(encoding="utf-8"))
    assert normalise(once) == once


def test_the_seed_letters_read_as_their_normalised_text(cheshire_path, dorset_path):
    for path in (cheshire_path, dorset_path):
        doc = read(path)
        assert doc.text == normalise(path.read_text(encoding="utf-8"))
        assert doc.page_starts == [] and doc.page_at(10) is None
    assert "Working together for a safer DORSET The Force has created" in read(dorset_path).text


def test_markdown_markup_is_stripped_and_lists_kept(tmp_path):
    path = tmp_path / "response.md"
    path.write_text(
        "# Response to *Keeping Watch*\n\n"
        "I **welcome** the [report](https://example.org/report) and its _findings_.\n\n"
        "* the force's co-ordination team\n+ the rural crime unit\n\n---\n\n"
        "> Quoted: `HMICFRS` said so.\n\nsnake_case_word stays\n",
        encoding="utf-8")
    doc = read(path)
    assert doc.source.format == "md"
    assert doc.text == ("Response to Keeping Watch\n\n"
                        "I welcome the report and its findings.\n\n"
                        "- the force's co-ordination team\n- the rural crime unit\n\n"
                        "Quoted: HMICFRS said so.\n\nsnake_case_word stays")


def test_strip_markdown_keeps_image_alt_text():
    assert strip_markdown("![A handwritten signature](sig.png)") == "A handwritten signature"


def test_read_text_wraps_a_string_with_the_text_format():
    doc = read_text("Dear Home Secretary,\r\n\r\n\r\nI welcome the report.  ", name="pasted")
    assert doc.text == "Dear Home Secretary,\n\nI welcome the report."
    assert doc.source.format == "text" and doc.source.path == "pasted"
    assert len(doc.source.sha256) == 64


def test_a_markdown_title_is_its_first_heading():
    assert read(b"Intro\n\n# Response to *Keeping Watch* #\n\n## Detail", name="r.md").title == \
        "Response to Keeping Watch"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_saved_without_a_byte_order_mark_is_recognised(codec):
    assert decode(LINE.encode(codec) * 3) == (LINE * 3, codec)


def test_yaml_front_matter_is_not_letter_text():
    doc = read(b"---\ntitle: Response\ndate: 2021-03-12\n---\n# Response\n\nI welcome the report.\n", name="r.md")
    assert doc.text == "Response\n\nI welcome the report."


def test_lone_surrogates_from_broken_text_are_removed():
    assert read_text("Dear \udc80Home Secretary").text == "Dear Home Secretary"
