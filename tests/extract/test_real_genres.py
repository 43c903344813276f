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


# --- dates as news items write them -------------------------------------------------------------
def _dates(text: str) -> tuple[dt.date | None, dt.date | None]:
    r = extract(text)
    for span in (r.date.span, r.report.published_span):
        assert span is None or 0 <= span[0] < span[1] <= len(r.text)
    return r.date.value, r.report.published


def test_released_today_with_its_date_dates_the_statement_and_the_report():
    text = ("COMMISSIONER'S STATEMENT ON HMIC EFFICIENCY INSPECTION\n\nPosted on Thursday 3rd November\n\n"
            "Kent Police is good at planning for demand, according to the HMIC efficiency report released "
            "today, 3 November 2016.\n\nNerys Holt Police & Crime Commissioner said: \"I will make sure the areas "
            "for improvement are acted upon.\"\n")
    assert _dates(text) == (dt.date(2016, 11, 3), dt.date(2016, 11, 3))


def test_published_today_in_brackets():
    text = ("Report shows Kent Police performing well\n\nThese are the findings of the HMIC assessment which "
            "is published today (27th November 2014).\n\nNerys Holt, Police and Crime Commissioner for Kent "
            "welcomed the report.\n")
    assert _dates(text) == (dt.date(2014, 11, 27), dt.date(2014, 11, 27))


def test_on_a_date_the_inspectorate_published_and_the_statement_says_today():
    text = ("Commissioner comments on HMICFRS Custody Report\n\nOn Tuesday 6th March 2018 HMICFRS and HMI Prisons "
            "published their joint inspection of custody in Kent Police.\n\nPolice and Crime Commissioner Nerys "
            "Holt issued this statement:\n\n\"I welcome the report published today.\"\n")
    assert _dates(text) == (dt.date(2018, 3, 6), dt.date(2018, 3, 6))


def test_published_today_with_day_and_month_takes_the_pages_date():
    text = ("Protecting children matters\n\n21 October 2022\n\nPolice and Crime Commissioner Nerys Holt comments "
            "on the report.\n\nEditor information\n\nThe findings were published today (21 October).\n")
    assert _dates(text) == (dt.date(2022, 10, 21), dt.date(2022, 10, 21))


def test_a_date_without_its_year_stays_unknown():
    text = ("PCC welcomes Kent Police's good assessment\n\nKent / March 22\n\nThe inspectorate has today "
            "(Thursday 22 September) published its latest inspection. The latest report, published today – "
            "2 March, rates the force good.\n")
    assert _dates(text) == (None, None)


def test_the_response_forms_date_response_sent_field():
    text = ("Response by the Police and Crime Commissioner to HMIC Inspections of Kent Police Inspection Details\n"
            "Title of Inspection: PEEL Efficiency Report 2016 – Kent Police Date Inspection Published: 3 November "
            "2016 Deadline for Response: 1 December 2016 Type of Inspection: Force Specific\n"
            "Date response sent: 29/11/2016 (Responses to be sent to the Home Office)\n"
            "FORCE RESPONSE: We are pleased that HMIC have graded us as good.\n")
    assert _dates(text) == (dt.date(2016, 11, 29), dt.date(2016, 11, 3))


def test_another_documents_date_is_not_the_responses():
    text = ("Dear HMI Quill,\n\nI refer to my email dated 22 November 2023 and to your email of the same day. "
            "I am deeply concerned at your decision.\n")
    assert _dates(text)[0] is None


def test_the_report_published_on_a_weekday_and_date():
    text = ("Kent Police inspection report\n\nThe report was published on Friday 27th September 2019 and can be "
            "read on the HMICFRS website.\n")
    assert _dates(text)[1] == dt.date(2019, 9, 27)
