"""Properties that hold for any text: no crash, and every span points at its own text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from answerable.errors import EmptyDocumentError
from answerable.extract import extract
from answerable.segment import segment

# letter-like pieces mixed with arbitrary text, so the interesting branches are reached
PIECES = st.sampled_from([
    "Dear Home Secretary,", "Yours sincerely", "5 March 2020", "Police and Crime Commissioner for Kent",
    "Jo Blyth", "- a bullet;", "I will seek assurance.", "(see link here)", "Working together for a safer KENT",
    "Re: “Lanterns in the Fog: an inspection”", "published on 10 January 2020", "cc: HMICFRS", "recommenda-",
    "tions", "A handwritten signature.", "I do not accept the report.", "The Force has created a team.",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=25).map(
    lambda parts: "".join(p + sep for p, sep in zip(parts, ["\n", "\n\n", " ", "\n"] * 10)))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_segments_are_sorted_trimmed_and_inside_the_text(text):
    segs = segment(text)
    # by start; a segment holding another (a paragraph and its link residue) comes first
    assert [s.span for s in segs] == sorted((s.span for s in segs), key=lambda sp: (sp[0], -sp[1]))
    for s in segs:
        a, b = s.span
        assert 0 <= a < b <= len(text)
        assert text[a:b] == text[a:b].strip()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_every_extracted_span_holds_its_value(text):
    if not text.strip():
        return
    try:
        r = extract(text)
    except EmptyDocumentError:  # only control characters: the reader drops them and says so
        assert not "".join(ch for ch in text if ch.isprintable()).strip()
        return
    t = r.text
    for st_ in r.statements:
        assert t[st_.span[0]:st_.span[1]] == st_.text
    if r.author.span:
        assert t[slice(*r.author.span)].lower() == r.author.name.lower()
    if r.report.span:
        assert " ".join(t[slice(*r.report.span)].split()) == r.report.title
    for span in [r.force.span, r.date.span, r.report.published_span, r.author.role_span,
                 *[a.span for a in r.addressees], *r.stance.evidence]:
        if span:
            assert 0 <= span[0] < span[1] <= len(t)
