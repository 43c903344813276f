"""Properties that hold for any input (hypothesis): normalisation is idempotent and leaves no
odd characters; decoding bytes never crashes with anything but a clear DecodeError."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from answerable.errors import AnswerableError, DecodeError
from answerable.read import normalise, read
from answerable.read.text import decode

ODD = "\r\t\u00a0\u2009\u200b\ufeff\x00\x07\u00ad\u2028\ufb01\u2022 \n"
letter_like = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(list(ODD)), max_size=400)


@settings(max_examples=300, deadline=None)
@given(letter_like)
def test_normalise_is_idempotent_and_leaves_no_odd_characters(text):
    once = normalise(text)
    assert normalise(once) == once
    assert not any(c in once for c in "\r\t\u00a0\u2009\u200b\ufeff\x00\x07\u00ad\u2028\ufb01")
    assert "\n\n\n" not in once and not once.startswith("\n") and not once.endswith("\n")
    assert all(line == line.rstrip(" ") for line in once.split("\n"))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_decode_or_raise_a_decode_error(data):
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(text, str) and encoding


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.md", "a.html", "a.pdf", "a.docx", "a"]))
def test_reading_any_bytes_gives_a_document_or_an_answerable_error(data, name):
    try:
        doc = read(data, name=name)
    except AnswerableError as exc:
        assert str(exc).startswith(f"{name}: ") and "\n" not in str(exc)
    else:
        assert doc.text.strip() and normalise(doc.text) == doc.text
