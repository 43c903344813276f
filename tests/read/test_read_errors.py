"""Every bad input gets one clear line naming the file, the cause and the fix: missing files,
directories, pipes, empty files, huge files (refused before reading), unknown formats; and
the ways of giving input (bytes, standard input, format overrides)."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc

import pytest

from answerable.errors import (
    AnswerableError, EmptyDocumentError, FileMissingError, FileTooLargeError, InputError,
    UnreadableFileError, UnsupportedFormatError,
)
from answerable.read import read, read_text, supported_extensions
from answerable.settings import Settings

LETTER = b"Dear Home Secretary,\n\nI welcome the report.\n"


def one_line(exc: AnswerableError, path) -> str:
    message = str(exc)
    assert "\n" not in message and message.startswith(f"{path}: ")
    assert exc.path == str(path)
    return message


def test_a_200_mb_file_is_refused_without_being_read(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: instant, no disk used
    tracemalloc.start()
    try:
        with pytest.raises(FileTooLargeError) as exc:
            read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024  # refused from os.stat: not one megabyte of it was read into memory
    message = one_line(exc.value, path)
    assert "200.0 MB (209715200 bytes), larger than the limit of 50.0 MB (52428800 bytes)" in message
    assert "ANSWERABLE_MAX_FILE_BYTES" in message
    assert exc.value.detail == {"size": 209715200, "limit": 52428800}


def test_the_size_limit_comes_from_settings(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_bytes(LETTER)
    with pytest.raises(FileTooLargeError, match="larger than the limit of 0.0 MB \\(10 bytes\\)"):
        read(path, settings=Settings(max_file_bytes=10))
    with pytest.raises(FileTooLargeError):
        read(LETTER, name="letter.txt", settings=Settings(max_file_bytes=10))


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.touch()
    with pytest.raises(EmptyDocumentError) as exc:
        read(path)
    assert one_line(exc.value, path).endswith("the file is empty (0 bytes): check it was saved or "
                                              "downloaded completely.")


def test_a_file_of_only_whitespace_is_empty(tmp_path):
    path = tmp_path / "blank.md"
    path.write_bytes(b" \r\n\t\n\xc2\xa0\n")
    with pytest.raises(EmptyDocumentError, match="no text found in the MD file"):
        read(path)


def test_a_missing_file_names_the_path(tmp_path):
    path = tmp_path / "nowhere.pdf"
    with pytest.raises(FileMissingError) as exc:
        read(path)
    assert one_line(exc.value, path).endswith("no such file: check the path and the current directory.")


def test_a_directory_is_not_a_file(tmp_path):
    with pytest.raises(UnreadableFileError, match="is a directory, not a file"):
        read(tmp_path)


def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    with pytest.raises(UnreadableFileError, match="not a regular file"):
        read(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file, so permissions cannot be denied")
def test_a_file_without_read_permission_says_so(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_bytes(LETTER)
    path.chmod(0)
    with pytest.raises(UnreadableFileError, match="permission denied"):
        read(path)


def test_an_unknown_extension_lists_the_supported_ones(tmp_path):
    path = tmp_path / "letter.xyz"
    path.write_bytes(LETTER)
    with pytest.raises(UnsupportedFormatError) as exc:
        read(path)
    message = one_line(exc.value, path)
    assert "the extension '.xyz' is not one answerable reads" in message
    for ext in (".txt", ".md", ".pdf", ".docx", ".html", ".htm"):
        assert ext in message and ext in supported_extensions()


def test_an_unknown_extension_that_sniffs_as_pdf_is_read(tmp_path):
    from read_makers import write_pdf

    pdf = write_pdf([["Dear Home Secretary,"]], tmp_path / "a.pdf")
    path = tmp_path / "letter.download"
    path.write_bytes(pdf.read_bytes())
    assert read(path).source.format == "pdf"


def test_an_unknown_format_name_is_refused():
    with pytest.raises(UnsupportedFormatError, match="unknown format 'rtf': use one of txt, md"):
        read(LETTER, format="rtf")


def test_binary_bytes_without_a_name_are_not_guessed_as_text():
    with pytest.raises(UnsupportedFormatError, match="the format is not recognisable"):
        read(bytes(range(256)) * 4)


def test_bytes_are_read_with_a_name_or_a_format():
    doc = read(LETTER, name="upload.txt")
    assert doc.text == "Dear Home Secretary,\n\nI welcome the report."
    assert doc.source.path == "upload.txt" and doc.source.format == "txt"
    assert read(b"# Title\n\nText", format="md").text == "Title\n\nText"
    assert read(b"<html><body><p>Hi</p></body></html>").source.format == "html"


def test_a_txt_file_holding_a_web_page_is_read_as_html(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_bytes(b"<!DOCTYPE html><html><body><nav>Home</nav><main><p>Letter.</p></main></body></html>")
    doc = read(path)
    assert doc.source.format == "html" and doc.text == "Letter."


def test_standard_input_is_read_and_sniffed(cheshire_path):
    code = ("from answerable.read import read; d = read('-'); "
            "print(d.source.format, d.source.path, len(d.text))")
    result = subprocess.run([sys.executable, "-c", code], input=cheshire_path.read_bytes(),
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    expected = read(cheshire_path)
    assert result.stdout.decode().split() == ["txt", "None", str(len(expected.text))]


def test_empty_standard_input_names_stdin():
    code = ("from answerable.read import read\n"
            "try:\n    read('-')\nexcept Exception as e:\n    print(type(e).__name__, e)")
    result = subprocess.run([sys.executable, "-c", code], input=b"", capture_output=True, timeout=60)
    assert result.stdout.decode().strip() == ("EmptyDocumentError <stdin>: the file is empty (0 bytes): "
                                              "check it was saved or downloaded completely.")


def test_read_text_refuses_an_empty_string():
    with pytest.raises(EmptyDocumentError, match="the text is empty"):
        read_text(" \n\u00a0\n")


@pytest.mark.parametrize("error", [FileTooLargeError, EmptyDocumentError, UnsupportedFormatError,
                                   FileMissingError, UnreadableFileError])
def test_every_reader_error_is_an_input_error(error):
    assert issubclass(error, InputError) and error("x", path="p").exit_code == 1


@pytest.mark.parametrize("name, data, fix", [
    ("letter.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200, "save it as .docx or PDF"),
    ("download", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200, "save it as .docx or PDF"),
    ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "run OCR on it"),
    ("letter.odt", b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.text", "save it as .docx or PDF"),
])
def test_formats_people_often_have_get_the_conversion_that_fixes_them(tmp_path, name, data, fix):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnsupportedFormatError) as exc:
        read(path)
    assert fix in one_line(exc.value, path)


def test_rich_text_saved_as_txt_is_not_read_as_letter_text(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_bytes(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Dear Home Secretary,\\par}")
    with pytest.raises(UnsupportedFormatError, match="is a Rich Text file: save it as .docx or PDF"):
        read(path)


def test_a_string_with_line_breaks_is_letter_text_not_a_path():
    doc = read("Dear Home Secretary,\r\n\r\nI welcome the report.")
    assert doc.source.format == "text" and doc.text == "Dear Home Secretary,\n\nI welcome the report."


def test_a_parser_failure_inside_a_reader_becomes_a_one_line_corrupt_file_error():
    from answerable.errors import CorruptFileError
    from answerable.read.registry import _READERS, Reader, register

    def broken(data, ctx):
        raise ValueError("unexpected end of stream\nat offset 12")

    register(Reader("brk", (".brk",), broken))
    try:
        with pytest.raises(CorruptFileError) as exc:
            read(b"payload", name="letter.brk")
        assert str(exc.value) == ("letter.brk: could not be read as BRK (ValueError: unexpected end of "
                                  "stream at offset 12): the file is probably damaged; export or "
                                  "download it again.")
    finally:
        _READERS.pop("brk", None)
