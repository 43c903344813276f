"""Text normalisation, done once, here: every span of every later stage points into its output.

The rules (:func:`normalise`), in order:

- mojibake mended: UTF-8 that was read as Windows-1252 or Latin-1 ("Agencyâ€™s") is decoded
  again ("Agency’s") with ftfy's ``fix_encoding`` (not ``fix_text``, which would also
  straighten quotes and change other characters that are not errors);
- CRLF, CR, vertical tab and form feed -> LF;
- no-break and other odd spaces, and tabs -> a space;
- zero-width characters, soft hyphens, lone surrogates, NUL and other controls removed;
- ligatures (U+FB00-FB06) spelt out, then Unicode NFC;
- trailing spaces stripped from every line; bullets ("•", "*", "–"...) -> ``"- "``;
- runs of blank lines -> one blank line; leading and trailing blank lines removed;
- blank lines between bulleted items removed (a list is one block of ``"- item"`` lines).

Paragraphs are blocks separated by one blank line.
"""

from __future__ import annotations

import re
import unicodedata

# Every character that is a space in effect but not U+0020 (NBSP, en/em/thin spaces, ideographic...)
_ODD_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Zero-width characters, the BOM, soft hyphens, lone surrogates, C0/C1 controls except LF.
_INVISIBLE = re.compile("[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200d\u2060\ufeff\ufffe\uffff\ud800-\udfff]")
# Typographic ligatures (common in PDF text layers) spelt out, so "ﬁndings" is "findings".
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
_UNICODE_BREAKS = re.compile("[\u2028\u2029\u0085]")
_ASCII_BREAKS = re.compile("\r\n?|[\v\f]")  # CR, CRLF; vertical tab (Word's manual line break), form feed
_BULLET_CHARS = "\u2022\u25cf\u25aa\u25e6\u2023\u2043\u2219\u00b7\uf0b7\uf0a7\u27a2\u2013\u2014*+"
_BULLET = re.compile(f"[ ]*[{_BULLET_CHARS}][ ]+")


# what UTF-8 read as Windows-1252 / Latin-1 looks like: a lead byte (Â Ã â ð...) shown as a
# letter, then a continuation byte shown as punctuation or a Latin-1 letter
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
                       "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


def fix_mojibake(text: str) -> str:
    """``text`` with UTF-8-read-as-Windows-1252 mended ("â€™" -> "’"); unchanged when it shows
    no sign of it (a quick check first: ftfy is only run on texts that need it)."""
    if text.isascii() or not _MOJIBAKE.search(text):
        return text
    import ftfy

    return ftfy.fix_encoding(text)


def normalise(text: str) -> str:
    """The canonical form of ``text`` (see the module docstring). Idempotent."""
    text = _normalise(fix_mojibake(text))
    for _ in range(3):  # mojibake that an invisible character hid ("â€\u200b™") shows only now
        fixed = fix_mojibake(text)
        if fixed == text:
            break
        text = _normalise(fixed)
    return text


def _normalise(text: str) -> str:
    ascii_only = text.isascii()
    if "\r" in text or "\v" in text or "\f" in text:
        text = _ASCII_BREAKS.sub("\n", text)
    if not ascii_only:
        text = _UNICODE_BREAKS.sub("\n", text)
    text = _ODD_SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    if not ascii_only:
        text = unicodedata.normalize("NFC", text.translate(_LIGATURES))
    text = "\n".join(_collapse_blank_lines(text.split("\n")))
    return _join_list_items(text.strip("\n"))


def _join_list_items(text: str) -> str:
    """Consecutive bulleted blocks become lines of one block: ``"- a\n\n- b"`` -> ``"- a\n- b"``."""
    if "\n\n- " not in text:
        return text
    blocks = text.split("\n\n")
    out = [blocks[0]]
    for block in blocks[1:]:
        if block.startswith("- ") and out[-1].startswith("- "):
            out[-1] += "\n" + block
        else:
            out.append(block)
    return "\n\n".join(out)


def _collapse_blank_lines(lines: list[str]) -> list[str]:
    """Lines without trailing spaces, with bullets as ``"- "``, and runs of blank lines as one."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip(" ")
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        if line.lstrip(" ")[:1] in _BULLET_CHARS:
            line = _BULLET.sub("- ", line, count=1) if _BULLET.match(line) else line
        out.append(line)
    return out


def join_pages(pages: list[str], continued: list[bool | str] | None = None) -> tuple[str, list[int]]:
    """Normalise each page and join them with one blank line; also the offset each page starts at.

    ``continued[i]`` true means page ``i`` carries on the last paragraph of the page before, so
    the two are joined by a space instead (or by ``continued[i]`` itself when it is a string:
    ``""`` after a line-end hyphen). A page with no text starts where the next page does,
    so ``Document.page_at`` still works.
    """
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for i, page in enumerate(pages):
        body = normalise(page)
        if parts and body:
            flag = continued[i] if continued and i < len(continued) else False
            joiner = flag if isinstance(flag, str) else (" " if flag else "\n\n")
            parts.append(joiner)
            offset += len(joiner)
        starts.append(offset)
        if body:
            parts.append(body)
            offset += len(body)
    return "".join(parts), starts


def collapse_whitespace(text: str) -> str:
    """Every run of whitespace as one space: for comparing texts that differ only in layout."""
    return " ".join(text.split())
