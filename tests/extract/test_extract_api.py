"""The public entry points: extract() on text, paths and bad input; the record contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from answerable.errors import EmptyDocumentError, FileMissingError
from answerable.extract import EXTRACTOR_VERSION, extract, extract_document
from answerable.models import Record


def test_text_and_path_give_the_same_record(tmp_path, dorset_path):
    text = dorset_path.read_text(encoding="utf-8")
    copy = tmp_path / "dorset.txt"
    copy.write_text(text, encoding="utf-8")
    from_text, from_path, from_str_path = extract(text), extract(copy), extract(str(copy))
    assert from_path.source.path and from_text.source.path is None
    for r in (from_path, from_str_path):
        assert r.model_dump(exclude={"source"}) == from_text.model_dump(exclude={"source"})


def test_record_is_the_json_contract(cheshire_path):
    r = extract(cheshire_path)
    data = json.loads(r.model_dump_json())
    assert {"source", "text", "author", "force", "date", "addressees", "report", "stance",
            "statements", "warnings"} <= set(data)
    assert data["author"]["span"] == list(r.author.span)
    assert data["date"]["value"] == "2020-03-05"
    assert data["extractor_version"] == EXTRACTOR_VERSION
    assert Record.model_validate(data) == r


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text_is_a_clear_error(text):
    with pytest.raises(EmptyDocumentError) as err:
        extract(text)
    assert "empty" in str(err.value)


@pytest.mark.parametrize("path", ["letters/missing.pdf", Path("no/such/letter.txt")])
def test_missing_file_is_reported_as_missing_not_read_as_text(path):
    with pytest.raises(FileMissingError) as err:
        extract(path)
    assert "missing" in str(err.value) or "no such file" in str(err.value)


def test_text_that_is_not_a_letter_gives_nulls_and_reasons():
    r = extract("Shopping list: eggs, flour, milk.")
    assert (r.author.name, r.force.name, r.date.value, r.report.title) == (None, None, None, None)
    assert r.stance.value == "neutral"
    assert len(r.warnings) >= 5 and all(":" in w for w in r.warnings)


def test_extract_document_keeps_page_starts(dorset_path):
    from answerable.read import read_text

    doc = read_text(dorset_path.read_text(encoding="utf-8"))
    doc = doc.model_copy(update={"page_starts": [0, 100]})
    r = extract_document(doc)
    assert r.page_starts == [0, 100]
    assert r.text == doc.text


def test_a_directory_is_a_clear_error(tmp_path):
    from answerable.errors import UnreadableFileError

    with pytest.raises(UnreadableFileError) as err:
        extract(str(tmp_path))
    assert "directory" in str(err.value)
