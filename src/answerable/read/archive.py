"""ZIP archives (``.docx``) checked before anything parses them: a "zip bomb" is refused.

Each member's declared unpacked size, its compression ratio, and the running total are
checked against the limits in :class:`~answerable.settings.Settings` (``max_zip_member_bytes``,
``max_zip_total_bytes``, ``max_zip_ratio``); then every member is unpacked in chunks and the
bytes actually produced are counted against the same limits, so an archive whose headers lie
is stopped as soon as it passes one. Nothing is kept: the check costs one streaming pass.
"""

from __future__ import annotations

import io
import zipfile
from typing import BinaryIO

from answerable.errors import ArchiveBombError, CorruptFileError
from answerable.settings import Settings

_CHUNK = 1024 * 1024
# Below this size a member's ratio is not judged: small XML parts compress 100:1 honestly.
_RATIO_FLOOR = 1024 * 1024


def check_zip(data: bytes | BinaryIO, settings: Settings, path: str) -> None:
    """Refuse the archive in ``data`` when a member or the whole unpacks past the limits.

    Raises :class:`ArchiveBombError` naming the member, the limit and the setting that
    raises it; :class:`CorruptFileError` when the bytes are not a readable ZIP archive.
    """
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            _check_declared(members, settings, path)
            _check_actual(archive, members, settings, path)
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(f"is a damaged ZIP archive or not a Word document (BadZipFile: {exc}): "
                               "re-export it from Word as .docx.", path=path) from None
    except (NotImplementedError, RuntimeError, EOFError, OSError) as exc:  # unknown method, encrypted member
        raise CorruptFileError(f"is a ZIP archive that cannot be unpacked ({type(exc).__name__}: {exc}): "
                               "re-export it from Word as .docx.", path=path) from None


def _check_declared(members: list[zipfile.ZipInfo], settings: Settings, path: str) -> None:
    """The sizes the archive's directory declares, before unpacking a byte."""
    total = 0
    for info in members:
        _check_member(info.filename, info.file_size, info.compress_size, settings, path, "declares")
        total += info.file_size
        _check_total(total, settings, path, "declares")


def _check_actual(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], settings: Settings,
                  path: str) -> None:
    """Unpack every member in chunks, counting what comes out (headers can lie)."""
    total = 0
    for info in members:
        if info.is_dir():
            continue
        size = 0
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                total += len(chunk)
                _check_member(info.filename, size, info.compress_size, settings, path, "unpacks to")
                _check_total(total, settings, path, "unpacks to")


def _check_member(name: str, size: int, packed: int, settings: Settings, path: str, verb: str) -> None:
    limit = settings.max_zip_member_bytes
    if size > limit:
        raise ArchiveBombError(
            f"is refused: its part {name!r} {verb} more than {_mib(limit)} (the limit for one part, "
            "ANSWERABLE_MAX_ZIP_MEMBER_BYTES); a letter never does, so it may be a zip bomb. Save "
            "the letter again from Word, or raise the limit if you trust the file.",
            path=path, detail={"member": name, "size": size, "limit": limit, "setting": "max_zip_member_bytes"})
    ratio = settings.max_zip_ratio
    if size > _RATIO_FLOOR and size > ratio * max(packed, 1):
        raise ArchiveBombError(
            f"is refused: its part {name!r} {verb} more than {ratio} times its packed size "
            f"({packed} bytes -> {size} bytes; limit ANSWERABLE_MAX_ZIP_RATIO={ratio}); it may be "
            "a zip bomb. Save the letter again from Word, or raise the limit if you trust the file.",
            path=path, detail={"member": name, "size": size, "packed": packed, "limit": ratio,
                               "setting": "max_zip_ratio"})


def _check_total(total: int, settings: Settings, path: str, verb: str) -> None:
    limit = settings.max_zip_total_bytes
    if total > limit:
        raise ArchiveBombError(
            f"is refused: the archive {verb} more than {_mib(limit)} in all (the limit, "
            "ANSWERABLE_MAX_ZIP_TOTAL_BYTES); it may be a zip bomb. Save the letter again from "
            "Word, or raise the limit if you trust the file.",
            path=path, detail={"size": total, "limit": limit, "setting": "max_zip_total_bytes"})


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB ({size} bytes)"
