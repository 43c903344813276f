"""Zip bombs: a .docx whose parts unpack past the limits is refused before python-docx parses
it, with the limit and its setting named; an ordinary .docx is untouched by the check."""

from __future__ import annotations

import pytest
from read_makers import write_docx, write_docx_bomb

from answerable.errors import ArchiveBombError, CorruptFileError
from answerable.read import read
from answerable.read.archive import check_zip
from answerable.settings import Settings

MIB = 1024 * 1024


def test_a_part_unpacking_past_the_part_limit_is_refused_naming_the_limit(tmp_path):
    path = write_docx_bomb(tmp_path / "bomb.docx", 3 * MIB)
    settings = Settings(max_zip_member_bytes=2 * MIB, max_zip_ratio=100_000)
    with pytest.raises(ArchiveBombError) as exc:
        read(path, settings=settings)
    message = str(exc.value)
    assert message.startswith(f"{path}: is refused: its part 'word/document.xml' declares more than 2 MiB")
    assert "ANSWERABLE_MAX_ZIP_MEMBER_BYTES" in message and "\n" not in message
    assert exc.value.detail["member"] == "word/document.xml"
    assert exc.value.detail["limit"] == 2 * MIB
    assert exc.value.code == "archive_too_large" and exc.value.http_status == 413


def test_a_part_compressed_past_the_ratio_limit_is_refused(tmp_path):
    path = write_docx_bomb(tmp_path / "bomb.docx", 3 * MIB)
    with pytest.raises(ArchiveBombError, match="more than 100 times its packed size") as exc:
        read(path)  # default limits: 16 MiB a part, ratio 100
    assert exc.value.detail["setting"] == "max_zip_ratio"
    assert exc.value.detail["size"] > 100 * exc.value.detail["packed"]


def test_many_parts_together_past_the_total_limit_are_refused(tmp_path):
    path = write_docx_bomb(tmp_path / "wide.docx", MIB // 2, extra_members=4)
    settings = Settings(max_zip_total_bytes=2 * MIB, max_zip_ratio=100_000)
    with pytest.raises(ArchiveBombError, match="more than 2 MiB .* in all") as exc:
        read(path, settings=settings)
    assert exc.value.detail["setting"] == "max_zip_total_bytes"


def test_the_full_size_bomb_is_refused_quickly_without_unpacking_it(tmp_path):
    import time
    import tracemalloc

    path = write_docx_bomb(tmp_path / "bomb.docx", 64 * MIB)  # ~70 KB on disk
    assert path.stat().st_size < 200_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ArchiveBombError):
            read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2.0
    assert peak < 8 * MIB  # the 64 MiB part was never held in memory


def test_an_ordinary_docx_passes_the_check_and_reads(tmp_path):
    path = write_docx([["Dear Home Secretary,"], ["I welcome the report."]], tmp_path / "ok.docx")
    check_zip(path.read_bytes(), Settings(), str(path))
    assert read(path).text == "Dear Home Secretary,\n\nI welcome the report."


def test_a_truncated_archive_is_damaged_not_a_bomb(tmp_path):
    path = write_docx([["Dear Home Secretary,"]], tmp_path / "ok.docx")
    with pytest.raises(CorruptFileError):
        check_zip(path.read_bytes()[:200], Settings(), "cut.docx")
