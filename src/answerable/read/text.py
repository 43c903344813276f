"""Plain text (``.txt``) and Markdown (``.md``): encoding detection and cheap markup removal.

Encodings are tried in a fixed order: a UTF-16/UTF-8 byte-order mark wins; else strict UTF-8;
else Windows-1252; else Latin-1 (which decodes any byte). Bytes that look like a binary file
(NULs, many control bytes, mostly non-ASCII) are refused with :class:`DecodeError`.
"""

from __future__ import annotations

import codecs
import re

from answerable.errors import DecodeError
from answerable.read.registry import Extracted, ReadContext, Reader, register

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Control bytes that do not occur in text (tab, LF, CR, FF and the DOS end-of-file mark do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1a") + b"\x7f"
_HIGH_BYTES = bytes(range(0x80, 0x100))
_SAMPLE = 64 * 1024
_MAX_CONTROL_RATIO = 0.01
_MAX_HIGH_RATIO = 0.30


def looks_binary(data: bytes) -> bool:
    """True when ``data`` (without a BOM) looks like a binary file rather than text."""
    sample = data[:_SAMPLE]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls / len(sample) > _MAX_CONTROL_RATIO:
        return True
    try:
        sample.decode("utf-8")
        return False
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 4:  # a multi-byte character cut by the sample's end
            return False
    high = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    return high / len(sample) > _MAX_HIGH_RATIO


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """``(text, encoding)`` for text bytes in any of the supported encodings.

    Raises :class:`DecodeError` for bytes that look binary or a broken UTF-16 file.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_bom(data, encoding, path), encoding
    bomless = _utf16_without_bom(data)
    if bomless:
        try:
            return data.decode(bomless), bomless
        except UnicodeDecodeError:
            pass
    if looks_binary(data):
        raise DecodeError(
            "looks like binary, not text (it has NUL or control bytes, or is mostly non-text "
            "bytes): give a .txt, .md, .pdf, .docx or .html letter, or check the file is not damaged.",
            path=path,
        )
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec ("utf-16-le" or "utf-16-be") of mostly-ASCII UTF-16 text saved without a
    byte-order mark (every other byte is NUL), else None."""
    sample = data[:4096]
    if len(sample) < 16 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 16:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decode_bom(data: bytes, encoding: str, path: str) -> str:
    """``data`` decoded with the encoding its byte-order mark names, or a DecodeError."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"starts with a {encoding.upper()} byte-order mark but byte {exc.start} is not valid "
            f"{encoding.upper()}: re-save the file as UTF-8.",
            path=path,
        ) from None


# --- Markdown ------------------------------------------------------------------------------
_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^ {0,3}(```|~~~).*$", re.MULTILINE), ""),  # code fences
    (re.compile(r"^ {0,3}([-*_])( *\1){2,} *$", re.MULTILINE), ""),  # horizontal rules
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.MULTILINE), r"\1"),  # ATX headings
    (re.compile(r"^ {0,3}(=+|-+) *$", re.MULTILINE), ""),  # setext heading underlines
    (re.compile(r"^ {0,3}> ?", re.MULTILINE), ""),  # block quotes
    (re.compile(r"^( *)[*+] +", re.MULTILINE), r"\1- "),  # bullet list markers
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> link text
    (re.compile(r"<(https?://[^>]+)>"), r"\1"),  # autolinks
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),  # _emphasis_
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),  # backslash escapes
)


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*$\r?\n?", re.MULTILINE | re.DOTALL)
_FIRST_HEADING = re.compile(r"^ {0,3}# +(.+?)[ #]*$", re.MULTILINE)


def strip_markdown(text: str) -> str:
    """``text`` with Markdown markup (headings, emphasis, links, quotes, fences) removed."""
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text


def read_txt(data: bytes, ctx: ReadContext) -> Extracted:
    """A plain-text file."""
    text, _ = decode(data, ctx.path)
    return Extracted(pages=[text])


def read_md(data: bytes, ctx: ReadContext) -> Extracted:
    """A Markdown file: its text without markup (and without YAML front matter)."""
    text, _ = decode(data, ctx.path)
    text = _FRONT_MATTER.sub("", text, count=1)
    heading = _FIRST_HEADING.search(text)
    title = strip_markdown(heading.group(1)).strip() if heading else None
    return Extracted(pages=[strip_markdown(text)], title=title or None)


register(Reader("txt", (".txt", ".text"), read_txt, description="plain text (UTF-8/16, Windows-1252, Latin-1)"))
register(Reader("md", (".md", ".markdown"), read_md, description="Markdown (markup removed)"))
