"""The genres real responses come in, as fictional texts of the same shapes: news items and
press statements from a commissioner's office, OPCC web pages with their chrome, response forms
laid out as tables, letters, and bilingual pages. Every person and report here is invented."""

from __future__ import annotations

import datetime as dt

import pytest

from answerable.extract import extract


def _author(text: str) -> tuple[str | None, str | None]:
    r = extract(text)
    if r.author.span:
        assert r.text[r.author.span[0]:r.author.span[1]].startswith(r.author.name.split()[0][:3])
    return r.author.name, r.author.role


# --- who speaks: the policing body's office holder, never the chief constable quoted ------------
@pytest.mark.parametrize("lead", [
    "PCC Marisol Tanqueray held a public scrutiny session last week on the inspection report.",
    "Kent’s Police and Crime Commissioner - Marisol Tanqueray has welcomed the inspection report.",
    "Police and Crime Commissioner for Kent, Marisol Tanqueray today received the inspection report.",
    "Police and Crime Commissioner (PCC) Marisol Tanqueray has responded to the inspection report.",
    "Marisol Tanqueray Police & Crime Commissioner said: \"The report is a fair picture.\"",
])
def test_a_news_item_names_the_commissioner_who_speaks(lead):
    text = (f"Inspection of Kent Police\n\n{lead}\n\nChief Constable Osbert Quayle said: “We take the "
            "findings seriously and we will act on them.”\n")
    assert _author(text) == ("Marisol Tanqueray", "Police and Crime Commissioner")


def test_a_chief_constable_quoted_alone_is_not_the_author():
    text = ("Kent Police, Fire & Rescue and Crime Commissioner response to HMICFRS PEEL report\n\n"
            "In his response to the report, Chief Constable Osbert Quayle, said: “I fully accept the findings.”\n")
    name, role = _author(text)
    assert name is None
    assert role == "Police, Fire and Crime Commissioner"


def test_a_page_that_opens_with_the_commissioners_name_above_the_title():
    text = ("Tamsin Feld\n\nKent Police, Fire & Rescue and Crime Commissioner response to HMICFRS PEEL report\n\n"
            "HMICFRS has today published its latest inspection of Kent Police.\n\n"
            "In his response to the report, Chief Constable Osbert Quayle, said: “I fully accept the findings.”\n")
    assert _author(text) == ("Tamsin Feld", "Police, Fire and Crime Commissioner")


def test_the_city_of_londons_board_member_not_the_forces_commissioner():
    text = ("City of London Police: inspection recognises progress\n\n"
            "Member of the City of London Police Authority Board, Ottoline Brack, said: “The City Police "
            "family should feel proud.”\n\n"
            "Commissioner Hal Verity said: “I am very happy to share our inspection results.”\n")
    assert _author(text) == ("Ottoline Brack", "Police Authority Board member")


def test_a_police_commissioner_outside_london_is_a_police_and_crime_commissioner():
    text = ("Merseyside’s Police Commissioner Ffion Dacre said: “I will review all the findings.”\n")
    assert _author(text) == ("Ffion Dacre", "Police and Crime Commissioner")


def test_a_speaker_named_without_a_title_in_a_commissioners_news_item():
    text = ("Commissioner welcomes new HMIC report\n\nThe Police and Crime Commissioner for Kent has "
            "welcomed the report.\n\nReacting to the report, Piers Ashdown said: “I’m pleased to see "
            "the force graded good.”\n")
    assert _author(text) == ("Piers Ashdown", "Police and Crime Commissioner")


def test_an_untitled_speaker_who_is_the_chief_constable_elsewhere_is_not_the_author():
    text = ("The Police and Crime Commissioner for Kent has welcomed the report.\n\n"
            "The Commissioner asked Chief Constable Sarah Quill how she will use the report.\n\n"
            "Sarah Quill said: “We take it really seriously.”\n")
    assert _author(text)[0] is None


def test_the_sender_of_an_alert_message_is_not_the_author():
    text = ("Office of the Police & Crime Commissioner\n\nKent Police latest HMICFRS PEEL report: PCC statement\n\n"
            "Kent Police and Crime Commissioner Gideon Marsh welcomed today’s HMICFRS PEEL report for Kent Police.\n\n"
            "Mr Marsh said: “Today’s report shows Kent Police has come a long way.”\n\n"
            "Reply to this message\nMessage Sent By\nAmy Pellow\n(OPCC, Campaigns and Communications Officer, Kent)\n")
    assert _author(text) == ("Gideon Marsh", "Police and Crime Commissioner")


def test_lines_left_at_the_bottom_of_a_truncated_page_are_not_a_signature():
    text = ("Response to the report\n\nThe Police and Crime Commissioner (PCC) shares the public’s concern "
            "at the worrying contents of this report about Kent Police.\n\nStrategic Direction\n\n"
            "Scrutiny by the OPCC, earl")
    r = extract(text)
    assert r.author.name is None
    assert r.author.role == "Police and Crime Commissioner"
    assert any("not taken as the author" in w for w in r.warnings)
