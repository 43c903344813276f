"""Force and response date: the writer's own force and the letter's own date (fictional letters)."""

from __future__ import annotations

import datetime as dt

import pytest

from answerable.extract import extract
from answerable.extract.dates import find_dates, parse_date


@pytest.mark.parametrize("letterhead,force", [
    ("Office of the Police and Crime Commissioner for Surrey", "Surrey"),
    ("OPCC for Surrey", "Surrey"),
    ("Mayor's Office for Policing and Crime", "Metropolitan Police"),
    ("MOPAC", "Metropolitan Police"),
    ("Greater Manchester Combined Authority", "Greater Manchester"),
    ("Hampshire and Isle of Wight Constabulary", "Hampshire"),
    ("Heddlu Dyfed-Powys", "Dyfed-Powys"),
    ("Devon & Cornwall Police", "Devon and Cornwall"),
    ("Avon and Somerset Police and Crime Commissioner", "Avon and Somerset"),
    ("Common Council of the City of London", "City of London"),
    ("TVP", "Thames Valley"),
])
def test_letterhead_names_the_force(letterhead, force):
    text = f"{letterhead}\n\n12 May 2022\n\nDear Home Secretary\n\nI welcome the report.\n\nYours sincerely\n\nJo Blyth\n"
    r = extract(text)
    assert r.force.name == force
    assert r.text[slice(*r.force.span)]


def test_force_tied_to_the_role_beats_more_frequent_mentions_of_others():
    text = ("RESPONSE OF ELSPETH MARR, POLICE AND CRIME COMMISSIONER FOR LINCOLNSHIRE\n\n"
            "Nottinghamshire Police and Leicestershire Police were visited. Nottinghamshire Police showed good practice, "
            "and Nottinghamshire Police shared it with the region.\n\n"
            "I will ask Lincolnshire Police to learn from them.")
    r = extract(text)
    assert r.force.name == "Lincolnshire"
    assert r.text[slice(*r.force.span)] == "LINCOLNSHIRE"


def test_regional_units_and_the_addressee_block_are_not_the_force():
    text = ("Home Secretary\n2 Marsham Street\nLondon SW1P 4DF\n\n4 April 2021\n\nDear Home Secretary\n\n"
            "Wiltshire Police works with the South West Regional Organised Crime Unit and the West Midlands Regional "
            "Organised Crime Unit. Wiltshire Police has invested in a new team.\n\nYours sincerely\n\nNell Arbery\n")
    assert extract(text).force.name == "Wiltshire"


def test_no_force_is_null_with_a_warning():
    r = extract("Dear Home Secretary\n\nI welcome the report.\n\nYours sincerely\n\nNell Arbery\n")
    assert r.force.name is None and r.force.span is None
    assert any(w.startswith("no force found") for w in r.warnings)


@pytest.mark.parametrize("written,value", [
    ("5 March 2020", dt.date(2020, 3, 5)),
    ("6th February 2020", dt.date(2020, 2, 6)),
    ("27th August 2015", dt.date(2015, 8, 27)),
    ("5th of March 2020", dt.date(2020, 3, 5)),
    ("05/03/2020", dt.date(2020, 3, 5)),
    ("March 5, 2020", dt.date(2020, 3, 5)),
    ("Thursday 5 March 2020", dt.date(2020, 3, 5)),
    ("5 Mar 2020", dt.date(2020, 3, 5)),
    ("2020-03-05", dt.date(2020, 3, 5)),
    ("1st Sept 2021", dt.date(2021, 9, 1)),
])
def test_date_formats(written, value):
    assert parse_date(written) == value


def test_impossible_dates_are_not_dates():
    assert find_dates("on 31 February 2020 and 45/13/2020") == []


@pytest.mark.parametrize("layout", ["top", "signature", "published_line", "sent"])
def test_response_date_never_the_report_publication(layout):
    body = "I welcome the report, which was published on 10 January 2020, and the work since 3 February 2020.\n\n"
    if layout == "top":
        text = "7 March 2020\n\nDear Home Secretary\n\n" + body + "Yours sincerely\n\nJo Blyth\n"
    elif layout == "signature":
        text = "Dear Home Secretary\n\n" + body + "Jo Blyth\nPolice and Crime Commissioner\n7 March 2020\n"
    elif layout == "published_line":
        text = "PCC responds to county lines inspection\n\nPublished: 7 March 2020\n\n" + body
    else:
        text = body + "This response was sent to the Home Secretary on 7 March 2020.\n"
    r = extract(text)
    assert r.date.value == dt.date(2020, 3, 7)
    assert r.text[slice(*r.date.span)] == "7 March 2020"


def test_only_publication_date_gives_null_and_says_why():
    r = extract("Dear Home Secretary\n\nI welcome the report, published on 10 January 2020.\n\nYours sincerely\n\nJo Blyth\n")
    assert r.date.value is None
    assert "no response date found: the only dates refer to the report's publication" in r.warnings


def test_a_neighbouring_commissioner_named_in_the_body_is_not_the_force():
    text = ("Dear Home Secretary\n\nLancashire Constabulary has improved its call handling, and I have shared "
            "our approach with the Police and Crime Commissioner for Cumbria. Lancashire Constabulary will "
            "report progress to me.\n\nYours sincerely\n\nNell Arbery\nPolice and Crime Commissioner\n")
    assert extract(text).force.name == "Lancashire"


def test_the_force_named_with_the_authors_role_wins():
    text = ("Dear Home Secretary\n\nSurrey Police and Sussex Police run a joint unit. Sussex Police leads it and "
            "Sussex Police hosts it.\n\nYours sincerely\n\nNell Arbery\nPolice and Crime Commissioner for Surrey\n")
    r = extract(text)
    assert r.force.name == "Surrey"
    assert r.text[slice(*r.force.span)] == "Surrey"
    assert r.force.span[0] > r.text.index("Nell Arbery")


def test_labelled_header_fields_pick_the_response_date():
    text = ("SUFFOLK POLICE AND CRIME COMMISSIONER\n\nReport title: Lanterns in the Fog\n"
            "Publication date of report: 21 June 2022\nResponse deadline: 15 August 2022\n\n"
            "Date: 11 August 2022\n\nDear Home Secretary,\n\nI welcome the report.\n")
    r = extract(text)
    assert r.date.value == dt.date(2022, 8, 11)
    assert r.report.published == dt.date(2022, 6, 21)


def test_legal_style_dated_line_in_the_signature():
    text = ("Dear Home Secretary,\n\nI welcome the report, which was published on the 10th of January 2020.\n\n"
            "Yours sincerely,\n\nNell Arbery\nPolice and Crime Commissioner for Wiltshire\n\n"
            "Dated this 2nd day of March 2020\n")
    r = extract(text)
    assert r.date.value == dt.date(2020, 3, 2)
    assert r.report.published == dt.date(2020, 1, 10)


def test_place_before_the_date_line():
    r = extract("Lloyd House, Birmingham\n\nBirmingham, 4 April 2022\n\nDear Home Secretary,\n\n"
                "Further to the response sent on 20 January 2022, I add the Chief Constable's comments.\n")
    assert r.date.value == dt.date(2022, 4, 4)
