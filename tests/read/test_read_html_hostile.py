"""Hostile web pages: deep nesting is refused from the bytes before the (quadratic) HTML parser
sees it, and long lists are read in linear time with the right numbers."""

from __future__ import annotations

import time

import pytest

from answerable.errors import CorruptFileError
from answerable.read import read
from answerable.read.html import MAX_NESTING, nesting_depth


def nested_lists(depth: int) -> bytes:
    return ("<html><body><main>" + "<ol><li>item " * depth + "</li></ol>" * depth
            + "</main></body></html>").encode()


def test_a_360_kb_page_of_nested_lists_is_refused_at_once_naming_the_limit():
    data = nested_lists(16_000)
    assert len(data) > 360_000
    started = time.perf_counter()
    with pytest.raises(CorruptFileError) as exc:
        read(data, name="nested.html")
    assert time.perf_counter() - started < 2.0  # the parser alone took 20 s on it
    assert "nested more than 200 elements deep (the limit" in str(exc.value)
    assert exc.value.detail == {"limit": MAX_NESTING}


def test_nesting_is_counted_from_tags_whose_end_tag_is_required():
    assert nesting_depth(b"<div><div><span>a</span></div><div>b</div></div>") == 3
    # <li> and <p> end tags may be left out: a page of unclosed ones is flat, not deep
    assert nesting_depth(b"<ul>" + b"<li>item" * 5000 + b"</ul>" + b"<p>para" * 5000) == 1
    assert nesting_depth(b"<br/><img src=x><hr>") == 0
    assert nesting_depth(nested_lists(50)) == 51  # <main> and 50 lists


def test_a_page_nested_to_the_limit_is_still_read():
    data = ("<html><body><main>" + "<div>" * (MAX_NESTING - 1) + "<p>Dear Home Secretary, I welcome "
            "the report.</p>" + "</div>" * (MAX_NESTING - 1) + "</main></body></html>").encode()
    assert read(data, name="deep.html").text == "Dear Home Secretary, I welcome the report."


def test_a_20000_item_list_is_numbered_in_linear_time():
    items = "".join(f"<li>Action {i} is under way.</li>" for i in range(1, 20_001))
    data = f"<html><body><main><p>Dear Home Secretary,</p><ol start=\"3\">{items}</ol></main></body></html>"
    started = time.perf_counter()
    text = read(data.encode(), name="long.html").text
    assert time.perf_counter() - started < 10.0  # was 29 s: each item counted its siblings
    lines = text.split("\n\n")[1].split("\n")
    assert len(lines) == 20_000
    assert lines[0] == "3. Action 1 is under way."
    assert lines[-1] == "20002. Action 20000 is under way."


def test_nested_lists_restart_their_numbers_and_bullets_stay_bullets():
    data = (b"<html><body><main><ol><li>First<ol><li>inner a</li><li>inner b</li></ol></li>"
            b"<li>Second<ul><li>dot</li></ul></li><li>Third</li></ol></main></body></html>")
    assert read(data, name="lists.html").text == (
        "1. First\n1. inner a\n2. inner b\n2. Second\n\n- dot\n\n3. Third")
