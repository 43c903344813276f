"""The same letter laid out differently gives the same values: one paragraph per line (no blank
lines), hard-wrapped at 72 columns, Windows line endings."""

from __future__ import annotations

import re
import textwrap

import pytest

from answerable.extract import extract


def _values(r):
    return (r.author.name, r.author.role, r.force.name, r.date.value, [a.name for a in r.addressees],
            " ".join((r.report.title or "").split()), r.report.published, r.stance.value,
            sorted(s.kind for s in r.statements if s.kind in ("commitment", "will_publish")))


def _single_newlines(text):
    return re.sub(r"\n\s*\n", "\n", text.strip())


def _hard_wrapped(text):
    return "\n\n".join(textwrap.fill(p, 72) if len(p) > 80 else p for p in re.split(r"\n\s*\n", text.strip()))


def _crlf(text):
    return text.replace("\n", "\r\n")


@pytest.mark.parametrize("layout", [_single_newlines, _hard_wrapped, _crlf], ids=["single", "wrapped", "crlf"])
@pytest.mark.parametrize("seed", ["cheshire_path", "dorset_path"])
def test_layout_does_not_change_the_values(seed, layout, request):
    text = request.getfixturevalue(seed).read_text(encoding="utf-8")
    original, changed = extract(text), extract(layout(text))
    assert _values(changed) == _values(original)
    for s in changed.statements:
        assert changed.text[s.span[0]:s.span[1]] == s.text
