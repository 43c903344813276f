"""The letter rendered with every piece of evidence marked, well nested and escaped."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings, strategies as st

from answerable.serve.highlight import Mark, ev_id, render_marked
from answerable.serve.views import bar_chart, safe_snippet


class _Marks(HTMLParser):
    """Collects each mark's id/data-ev/classes and the text inside it; checks nesting."""

    def __init__(self):
        super().__init__()
        self.stack, self.text, self.ids, self.pieces = [], [], [], {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])

    def handle_endtag(self, tag):
        assert self.stack, "closing a mark that was never opened"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        for attrs in self.stack:
            self.pieces.setdefault(attrs["data-ev"], []).append(data)


def parse(html: str) -> _Marks:
    parser = _Marks()
    parser.feed(html)
    parser.close()
    assert not parser.stack, "unclosed mark"
    return parser


def test_text_round_trips_and_each_span_is_marked_exactly():
    text = "We agree. We will act by June. Thanks."
    html = render_marked(text, [Mark(0, 9, ["kind-agrees"]), Mark(10, 30, ["kind-commitment"])])
    p = parse(str(html))
    assert "".join(p.text) == text
    assert "".join(p.pieces["ev-0-9"]) == "We agree."
    assert "".join(p.pieces["ev-10-30"]) == "We will act by June."
    assert 'class="ev kind-commitment" id="ev-10-30"' in html


def test_nested_span_sits_inside_its_statement():
    text = "I will report by 31 March 2025 to the panel."
    html = render_marked(text, [Mark(0, len(text), ["kind-commitment"]), Mark(17, 30, ["kind-evidence"])])
    p = parse(str(html))
    assert "".join(p.pieces["ev-17-30"]) == "31 March 2025"
    assert "".join(p.pieces[ev_id((0, len(text)))]) == text


def test_crossing_spans_are_split_but_keep_all_their_text():
    text = "abcdefghij"
    html = render_marked(text, [Mark(0, 6, ["a"]), Mark(3, 9, ["b"])])
    p = parse(str(html))
    assert "".join(p.pieces["ev-3-9"]) == "defghi"
    assert p.ids.count("ev-3-9") == 1  # the continuation has no second id
    assert "".join(p.text) == text


def test_identical_spans_merge_into_one_element_with_both_classes():
    html = str(render_marked("Hello there", [Mark(0, 5, ["kind-agrees"], "agrees"), Mark(0, 5, ["kind-evidence"], "Author")]))
    assert html.count("<mark") == 1
    assert 'class="ev kind-agrees kind-evidence"' in html and 'title="agrees; Author"' in html


def test_letter_text_is_escaped_inside_and_outside_marks():
    text = 'Hi <script>alert("x")</script> & <b>bold</b>'
    html = str(render_marked(text, [Mark(3, 30, ["kind-concern"])]))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert "".join(parse(html).text) == text


def test_spans_outside_the_text_are_clipped_or_dropped():
    html = str(render_marked("short", [Mark(2, 99, ["x"]), Mark(50, 60, ["y"]), Mark(3, 3, ["z"])]))
    assert 'id="ev-2-5"' in html and "ev-50-60" not in html and html.count("<mark") == 1


def test_search_snippets_keep_only_mark_tags():
    out = str(safe_snippet("a <mark>lantern</mark> &lt;script&gt; <img src=x onerror=alert(1)>"))
    assert "<mark>lantern</mark>" in out
    assert "<img" not in out and "<script>" not in out and "&lt;script&gt;" in out


def test_bar_chart_is_inline_svg_with_escaped_labels():
    svg = str(bar_chart([("Kent <b>", 4), ("Dorset", 2)], title="By force"))
    assert svg.startswith("<svg") and svg.count("<rect") == 2
    assert "Kent &lt;b&gt;" in svg and "<b>" not in svg



@st.composite
def _text_and_marks(draw):
    text = draw(st.text(alphabet="ab <>&\"'\n", min_size=0, max_size=40))
    spans = draw(st.lists(st.tuples(st.integers(-3, 45), st.integers(-3, 45)), max_size=8))
    return text, [Mark(a, b, ["k"]) for a, b in spans]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_text_and_marks())
def test_any_spans_give_well_nested_html_that_keeps_the_text(case):
    text, marks = case
    p = parse(str(render_marked(text, marks)))
    assert "".join(p.text) == text
    kept = {(max(0, m.start), min(len(text), m.end)) for m in marks if min(len(text), m.end) > max(0, m.start)}
    assert sorted(p.ids) == sorted(ev_id(s) for s in kept)  # one anchor per distinct span
    for start, end in kept:
        assert "".join(p.pieces[ev_id((start, end))]) == text[start:end]
