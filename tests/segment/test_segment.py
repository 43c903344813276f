"""The segmenter labels each block or line of a letter (fictional letters, real seeds)."""

from __future__ import annotations

from answerable.segment import segment

LETTER = """Office of the Police and Crime Commissioner for Wiltshire
London Road, Devizes SN10 9ZZ
Tel: 01380 000000

The Rt Hon Priya Quill MP
Home Secretary
2 Marsham Street
London SW1P 4DF

12 May 2022

Dear Home Secretary,

Re: Lanterns in the Fog: an inspection of missing-person searches

I welcome the report. The force has created a search team (see link here) in the north.

Our priorities

- a new search team;
- better call handling.

Keeping Wiltshire Safe This response will be published on my website and sent to HMICFRS.

Yours sincerely,

A handwritten signature in black ink.

Nell Arbery
Police and Crime Commissioner for Wiltshire

Page 2 of 2
"""


def _labelled(text):
    return [(s.kind, text[s.span[0]:s.span[1]]) for s in segment(text)]


def test_every_part_of_a_letter_gets_its_kind():
    got = _labelled(LETTER)
    assert got == [
        ("letterhead", "Office of the Police and Crime Commissioner for Wiltshire"),
        ("letterhead", "London Road, Devizes SN10 9ZZ"),
        ("footer", "Tel: 01380 000000"),
        ("addressee", "The Rt Hon Priya Quill MP"),
        ("addressee", "Home Secretary"),
        ("addressee", "2 Marsham Street"),
        ("addressee", "London SW1P 4DF"),
        ("date_line", "12 May 2022"),
        ("salutation", "Dear Home Secretary,"),
        ("subject", "Re: Lanterns in the Fog: an inspection of missing-person searches"),
        ("paragraph", "I welcome the report. The force has created a search team (see link here) in the north."),
        ("link_residue", "(see link here)"),
        ("heading", "Our priorities"),
        ("list_item", "- a new search team;"),
        ("list_item", "- better call handling."),
        ("footer", "Keeping Wiltshire Safe"),
        ("paragraph", "This response will be published on my website and sent to HMICFRS."),
        ("sign_off", "Yours sincerely,"),
        ("image_description", "A handwritten signature in black ink."),
        ("signature", "Nell Arbery"),
        ("signature", "Police and Crime Commissioner for Wiltshire"),
        ("footer", "Page 2 of 2"),
    ]


def test_spans_are_trimmed_sorted_and_inside_the_text():
    segs = segment(LETTER)
    assert [s.span for s in segs] == sorted((s.span for s in segs), key=lambda sp: (sp[0], -sp[1]))
    for s in segs:
        a, b = s.span
        assert 0 <= a < b <= len(LETTER)
        assert LETTER[a:b] == LETTER[a:b].strip()


def test_dorset_slogan_fused_onto_a_paragraph_is_split_off(dorset_path):
    text = dorset_path.read_text(encoding="utf-8")
    got = _labelled(text)
    i = got.index(("footer", "Working together for a safer DORSET"))
    kind, para = got[i + 1]
    assert kind == "paragraph" and para.startswith("The Force has created a dedicated County Lines team")


def test_cheshire_signature_without_sign_off(cheshire_path):
    text = cheshire_path.read_text(encoding="utf-8")
    got = _labelled(text)
    assert got[:2] == [
        ("heading", "Both sides of the coin - The police and National Crime Agency's response to vulnerable people in 'county lines' drug offending"),
        ("heading", "RESPONSE OF DAVID KEANE, POLICE & CRIME COMMISSIONER FOR CHESHIRE"),
    ]
    assert got[-4:] == [
        ("image_description", "A handwritten signature in blue ink, appearing to read 'D. Keane'."),
        ("signature", "David Keane"),
        ("signature", "Police & Crime Commissioner"),
        ("date_line", "5 March 2020"),
    ]


def test_welsh_and_short_salutations():
    for line in ("Annwyl Ysgrifennydd Cartref / Dear Home Secretary,", "Dear Priti,"):
        assert _labelled(line + "\n\nI welcome the report.\n") [0] == ("salutation", line)


def test_web_date_line_with_prefix():
    text = "PCC responds to inspection\n\nPublished: Thursday 5 March 2020\n\nThe Commissioner welcomed the report today.\n"
    assert _labelled(text)[1] == ("date_line", "Published: Thursday 5 March 2020")


def test_hard_wrapped_paragraph_stays_one_paragraph():
    text = ("I welcome the report and I will discuss it with the\nChief Constable, who has already set up a team\n"
            "and briefed the panel about it.\n")
    assert _labelled(text) == [("paragraph", text.strip())]


def test_empty_and_blank_text_give_no_segments():
    assert segment("") == []
    assert segment("  \n\n \n") == []


def test_reference_lines_are_letterhead_but_sentences_about_a_reference_are_not():
    text = ("Our ref: AB/12\nEin cyf / Our ref: CD/34\n\n5 March 2020\n\nDear Home Secretary,\n\n"
            "Our reference group met in May.\n\nYours sincerely,\n\nIvo Trelawny\nPolice and Crime Commissioner for Kent\n")
    kinds = {text[s.span[0]:s.span[1]]: s.kind for s in segment(text)}
    assert kinds["Our ref: AB/12"] == "letterhead"
    assert kinds["Ein cyf / Our ref: CD/34"] == "letterhead"
    assert kinds["Our reference group met in May."] == "paragraph"


def test_protective_markings_are_footers_only_in_capitals():
    text = "OFFICIAL-SENSITIVE\n\n5 March 2020\n\nDear Home Secretary,\n\nOfficial figures show a fall.\n\nOFFICIAL\n"
    kinds = [(text[s.span[0]:s.span[1]], s.kind) for s in segment(text)]
    assert ("OFFICIAL-SENSITIVE", "footer") in kinds
    assert ("OFFICIAL", "footer") in kinds
    assert ("Official figures show a fall.", "paragraph") in kinds


def test_a_date_inside_the_signature_block_does_not_end_it():
    text = ("Dear Home Secretary,\n\nI welcome the report.\n\nYours sincerely,\n\nIsolde Frant\nDate: 5 March 2020\n"
            "Police and Crime Commissioner for Durham\n")
    kinds = [(text[s.span[0]:s.span[1]], s.kind) for s in segment(text)]
    assert kinds[-3:] == [("Isolde Frant", "signature"), ("Date: 5 March 2020", "date_line"),
                          ("Police and Crime Commissioner for Durham", "signature")]
