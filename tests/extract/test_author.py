"""Author name and role from signatures, headings, press quotes and bylines (fictional people)."""

from __future__ import annotations

import pytest

from answerable.extract import extract

BODY = "I welcome the HMICFRS report and will discuss it with the Chief Constable.\n\n"


def _author(text):
    r = extract(text)
    a = r.author
    if a.span:
        assert r.text[a.span[0]:a.span[1]].lower() == a.name.lower()
    return a.name, a.role


@pytest.mark.parametrize("signature,name,role", [
    ("Yours sincerely\n\nAnnabel Quirke\nPolice & Crime Commissioner for Kent", "Annabel Quirke", "Police and Crime Commissioner"),
    ("Yours faithfully,\n\nCllr Tobias Wren-Halloway\nDeputy Mayor for Policing, Crime, Criminal Justice and Fire",
     "Tobias Wren-Halloway", "Deputy Mayor for Policing and Crime"),
    ("Kind regards\n\nDr Imelda Saxby OBE\nPolice, Fire and Crime Commissioner for Essex", "Imelda Saxby", "Police, Fire and Crime Commissioner"),
    ("Yours sincerely\n\nRt Hon Barnaby Crouch MP\nMayor of West Yorkshire", "Barnaby Crouch", "Mayor"),
    ("Yours sincerely\n\nA handwritten signature in black ink.\n\nPriya Anand-Kestrel\nDeputy Police and Crime Commissioner",
     "Priya Anand-Kestrel", "Deputy Police and Crime Commissioner"),
    ("Yours sincerely\n\nHarriet Vell, PCC", "Harriet Vell", "Police and Crime Commissioner"),
    ("Yours sincerely\n\nOsric Pendleford QPM\nChief Constable", "Osric Pendleford", "Chief Constable"),
    ("Yours sincerely\n\nFELICITY O'DARE\nPOLICE AND CRIME COMMISSIONER", "Felicity O'Dare", "Police and Crime Commissioner"),
])
def test_signature_block_gives_name_and_role(signature, name, role):
    assert _author("Dear Home Secretary\n\n" + BODY + signature) == (name, role)


def test_police_and_crime_commissioner_line_is_never_the_name():
    text = "Dear Home Secretary\n\n" + BODY + "Yours sincerely\n\nPolice and Crime Commissioner for Cumbria\n"
    r = extract(text)
    assert r.author.name is None
    assert r.author.role == "Police and Crime Commissioner"
    assert any(w.startswith("no author name found") for w in r.warnings)


def test_response_of_heading_is_title_cased():
    text = "RESPONSE OF MORWENNA TREGASKIS, POLICE AND CRIME COMMISSIONER FOR DEVON AND CORNWALL\n\n" + BODY
    r = extract(text)
    assert (r.author.name, r.author.role) == ("Morwenna Tregaskis", "Police and Crime Commissioner")
    assert r.text[slice(*r.author.span)] == "MORWENNA TREGASKIS"
    assert r.force.name == "Devon and Cornwall"


@pytest.mark.parametrize("quote,name,role", [
    ("Police and Crime Commissioner Idris Pugh-Morgan said: \"I welcome the report.\"", "Idris Pugh-Morgan", "Police and Crime Commissioner"),
    ("Gwent's Police and Crime Commissioner, Idris Pugh-Morgan, said: \"I welcome the report.\"", "Idris Pugh-Morgan", "Police and Crime Commissioner"),
    ("Idris Pugh-Morgan, the Police and Crime Commissioner for Gwent, commented: \"I welcome the report.\"", "Idris Pugh-Morgan", "Police and Crime Commissioner"),
    ("\"I welcome the report,\" said Idris Pugh-Morgan, Police and Crime Commissioner for Gwent.", "Idris Pugh-Morgan", "Police and Crime Commissioner"),
])
def test_press_quotes_name_the_author(quote, name, role):
    text = "PCC welcomes inspection of rural crime\n\n" + quote + "\n\nThe report was published by HMICFRS on 3 May 2022."
    assert _author(text) == (name, role)


def test_press_release_prefers_the_commissioner_over_a_quoted_chief_constable():
    text = ("Chief Constable Ruth Ambleside said: \"We are already acting on this.\"\n\n"
            "Police and Crime Commissioner Lionel Fairweather said: \"I welcome this report.\"")
    assert _author(text) == ("Lionel Fairweather", "Police and Crime Commissioner")


def test_byline_names_the_author():
    text = "Why this inspection matters to Norfolk\n\nBy Gideon Thackeray, PCC\n\n" + BODY
    assert _author(text) == ("Gideon Thackeray", "Police and Crime Commissioner")


def test_person_merely_named_in_the_body_is_not_the_author():
    text = ("Response to the HMICFRS report\n\n"
            "I met Inspector Hugo Pargeter and Superintendent Alma Reyes to discuss the findings.\n\n"
            "In my role as Police and Crime Commissioner I will monitor progress.")
    r = extract(text)
    assert r.author.name is None
    assert r.author.role == "Police and Crime Commissioner"


def test_welsh_role_title_maps_to_the_canonical_role():
    text = "Annwyl Ysgrifennydd Cartref\n\n" + BODY + "Yn gywir / Yours sincerely\n\nEsyllt Prys\nComisiynydd Heddlu a Throseddu\n"
    assert _author(text) == ("Esyllt Prys", "Police and Crime Commissioner")


def test_signed_label_and_response_by_field():
    signed = extract("I approve this response.\n\nSigned: Imogen Castlebury\nPolice and Crime Commissioner for Kent\n")
    assert (signed.author.name, signed.author.role) == ("Imogen Castlebury", "Police and Crime Commissioner")
    assert signed.text[slice(*signed.author.span)] == "Imogen Castlebury"
    field = extract("Report: Lanterns in the Fog\nResponse by: Imogen Castlebury, Police and Crime Commissioner for Kent\n\n"
                    "I welcome the report.\n")
    assert (field.author.name, field.author.role, field.force.name) == ("Imogen Castlebury", "Police and Crime Commissioner", "Kent")


def test_press_release_naming_the_author_who_published_a_response():
    text = ("PCC response: missed calls inspection\n\nGloucestershire’s Police and Crime Commissioner, Oliver Penrose, "
            "has published his response to the HMICFRS report “Fewer Missed Calls: an inspection of call handling in "
            "Greater Manchester Police”.\n\nGloucestershire Constabulary has a new call queuing system.\n")
    r = extract(text)
    assert (r.author.name, r.force.name) == ("Oliver Penrose", "Gloucestershire")


@pytest.mark.parametrize("top", [
    "Statement from Police and Crime Commissioner Imogen Castlebury",
    "Imogen Castlebury – Police and Crime Commissioner for Kent",
])
def test_heading_or_letterhead_naming_the_office_holder(top):
    r = extract(top + "\n\nI welcome the report on missed calls and will monitor progress.\n")
    assert (r.author.name, r.author.role) == ("Imogen Castlebury", "Police and Crime Commissioner")


def test_letterhead_with_name_above_role():
    text = ("Imogen Castlebury\nPolice and Crime Commissioner for Kent\nSutton Road, Maidstone ME15 9ZZ\n\n"
            "4 May 2022\n\nDear Home Secretary\n\nI welcome the report.\n\nYours sincerely\n\n"
            "A handwritten signature.\n")
    r = extract(text)
    assert (r.author.name, r.author.role, r.force.name) == ("Imogen Castlebury", "Police and Crime Commissioner", "Kent")


def test_office_of_letterhead_and_bilingual_second_sign_off():
    office = extract("From the Office of Imogen Castlebury\nPolice and Crime Commissioner for Norfolk\n\n"
                     "Dear Home Secretary,\n\nI welcome the report.\n\nYours sincerely,\n\nA signature.\n")
    assert (office.author.name, office.force.name) == ("Imogen Castlebury", "Norfolk")
    welsh = extract("Dear Home Secretary,\n\nI welcome the report.\n\nYours sincerely,\n\n"
                    + "Rwy'n croesawu'r adroddiad. " * 12 + "\n\nYn gywir,\n\nEsyllt Prys\nPolice and Crime Commissioner for Gwent\n")
    assert (welsh.author.name, welsh.author.role) == ("Esyllt Prys", "Police and Crime Commissioner")


@pytest.mark.parametrize("role_line,role", [
    ("Staffordshire Commissioner for Police, Fire & Rescue and Crime", "Police, Fire and Crime Commissioner"),
    ("Deputy Mayor for Safer and Stronger Communities", "Deputy Mayor for Policing and Crime"),
    ("Police, Crime and Victims' Commissioner for Durham", "Police and Crime Commissioner"),
])
def test_local_titles_map_to_canonical_roles(role_line, role):
    r = extract("Dear Home Secretary\n\nI welcome the report.\n\nYours sincerely\n\nIfor Haldane\n" + role_line + "\n")
    assert (r.author.name, r.author.role) == ("Ifor Haldane", role)


def test_notes_to_editors_name_the_commissioner():
    text = ("Commissioner welcomes stalking inspection\n\nThe Commissioner said: \"I welcome this report.\"\n\n"
            "Notes to editors\n1. Imogen Castlebury is the Police and Crime Commissioner for Northumbria.\n")
    r = extract(text)
    assert (r.author.name, r.author.role, r.force.name) == ("Imogen Castlebury", "Police and Crime Commissioner", "Northumbria")


def test_signed_by_a_chief_executive_has_no_canonical_role():
    text = ("Office of the Police and Crime Commissioner for Kent\n\nDear Home Secretary\n\nI welcome the report.\n\n"
            "Yours sincerely\n\nMarta Okonjo\nChief Executive\n")
    r = extract(text)
    assert (r.author.name, r.author.role) == ("Marta Okonjo", None)
    assert r.force.name == "Kent"


def test_commissioners_heading_wins_over_the_chief_constables():
    text = ("Comments of Chief Constable Ruth Ambleside\n\nThe force has acted on the report.\n\n"
            "Response of Lionel Fairweather, Police and Crime Commissioner for Suffolk\n\nI welcome the report.\n")
    r = extract(text)
    assert (r.author.name, r.author.role) == ("Lionel Fairweather", "Police and Crime Commissioner")


def test_commissioners_signature_wins_over_an_appended_chief_constables_letter():
    text = ("Dear Commissioner,\n\nThe force accepts the report.\n\nYours sincerely,\n\nRuth Ambleside\nChief Constable\n\n"
            "Dear Home Secretary,\n\nI welcome the report and attach the Chief Constable's comments.\n\n"
            "Yours sincerely,\n\nLionel Fairweather\nPolice and Crime Commissioner for Suffolk\n")
    r = extract(text)
    assert (r.author.name, r.author.role) == ("Lionel Fairweather", "Police and Crime Commissioner")


def test_quote_with_a_bracketed_abbreviation_after_the_role():
    text = ("PCC statement on county lines\n\nFriday 10 January, 2020\n\nMarta Okonjo, West Yorkshire's Police and "
            "Crime Commissioner (PCC), said: \"This report matters.\"\n")
    r = extract(text)
    assert (r.author.name, r.author.role, r.force.name) == ("Marta Okonjo", "Police and Crime Commissioner", "West Yorkshire")
    assert r.date.value.isoformat() == "2020-01-10"
