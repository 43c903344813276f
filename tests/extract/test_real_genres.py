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


# --- how real texts name the report -------------------------------------------------------------
def _report(text: str):
    r = extract(text)
    if r.report.span:
        assert " ".join(r.text[r.report.span[0]:r.report.span[1]].split()) == r.report.title
    if r.report.period_span:
        assert r.report.period_span[0] >= r.report.span[0] and r.report.period_span[1] <= r.report.span[1]
    return r.report


@pytest.mark.parametrize("sentence,title,kind,pillar,period", [
    ("The session focused on the recently released Kent Police Efficiency, Effectiveness and Legitimacy (PEEL) report.",
     "Kent Police Efficiency, Effectiveness and Legitimacy (PEEL) report", "peel", None, None),
    ("She welcomed the latest Her Majesty’s Inspector of Constabulary (HMIC) efficiency report released this week.",
     "Her Majesty’s Inspector of Constabulary (HMIC) efficiency report", "peel_pillar", "efficiency", None),
    ("HMICFRS has today published its Crime Data Integrity Inspection for 2017 for three forces.",
     "Crime Data Integrity Inspection for 2017", "crime_data_integrity", None, "2017"),
    ("The full assessment can be read below:\nKent PEEL Assessment 2023–2025Nerys said the force had improved.",
     "Kent PEEL Assessment 2023–2025", "peel", None, "2023-25"),
    ("Her Majesty's Inspectorate has published a report by HMICFRS on the Re-inspection of Kent Police’s Child "
     "Protection services.", "Re-inspection of Kent Police’s Child Protection services", "revisit", None, None),
    ("She has responded to the latest HMICFRS report, Lanterns and Ledgers: counting the cost, which states that "
     "forces are improving.", "Lanterns and Ledgers: counting the cost", None, None, None),
    ("HMICFRS and HMI Prisons published their joint inspection into custody provision in Kent Police.",
     "joint inspection into custody provision in Kent Police", "custody", None, None),
    ("The latest PEEL report on Kent Police for the year 2021/22 graded the force in nine areas.",
     "PEEL report on Kent Police for the year 2021/22", "peel", None, "2021/22"),
])
def test_a_report_named_as_news_items_name_it(sentence, title, kind, pillar, period):
    report = _report(f"Kent PCC statement\n\n{sentence}\n")
    assert (report.title, report.kind, report.pillar, report.period) == (title, kind, pillar, period)


def test_a_heading_names_the_report_when_the_body_does_not():
    report = _report("My statement following HMICFRS’s report into vetting, misconduct and misogyny\n\n"
                     "Nerys Holt, Police and Crime Commissioner\n\nToday’s report makes for difficult reading.\n")
    assert (report.title, report.kind) == ("HMICFRS’s report into vetting, misconduct and misogyny",
                                           "vetting_counter_corruption")


@pytest.mark.parametrize("page", [
    "Flashing police siren\n\nPCC welcomes the report\n\nThe inspectorate rated the force good.\n",
    "Text Only\nDefault Text Size icon Large Text Size icon Largest Text Size icon\n\nThe report from HMICFRS "
    "rated Kent Police inadequate.\n",
    "Kent Police and Crime Commissioner -\n01234 567890\n\nThe report from HMIC rated the force good.\n",
    "Kent / March 22\n\nThe PCC has today welcomed a report which rates Kent Police as good.\n",
    "Report shows Kent Constabulary performing well\n\nHMIC's report found strong partnerships.\n",
    "Message Type Icon\n\nKent Police and Crime Commissioner welcomed today's report by the Inspectorate.\n",
    "Mayor statement on the Met exiting special measures\n\nThe Mayor welcomed the Baroness Casey Review and "
    "the inspectorate's decision.\n",
    "Statement\n\nI am satisfied that the report by Her Majesty’s Inspectorate (HMICFRS) is a fair review of where "
    "Kent Police currently stands.\n",
])
def test_captions_widgets_phones_datelines_headlines_and_bare_mentions_are_no_title(page):
    r = extract(page)
    assert r.report.title is None
    assert r.report.kind is None


def test_a_page_listing_several_reports_answers_none_of_them():
    page = ("All HMICFRS reports relating to Kent are listed below:\n"
            "National child protection inspection post inspection review\n"
            "Review of policing domestic abuse during the pandemic\n"
            "Custody services in a COVID-19 environment\n"
            "PEEL Police Effectiveness, Efficiency and Legitimacy 2018/19 Report\n"
            "I am pleased that Kent Police is considered good at reducing crime.\n")
    r = extract(page)
    assert r.report.title is None
    assert any("different reports" in w for w in r.warnings)


# --- stance as press statements put it ---------------------------------------------------------
@pytest.mark.parametrize("body,stance", [
    ("“Residents should be pleased to read that their police service is outstanding at planning for demand.”",
     "welcomes"),
    ("“There is a lot to be pleased about in this report. The Government’s funding formula is unfair and outdated, "
     "and Kent is penalised by it although the improvements identified by HMICFRS are welcome news.”", "welcomes"),
    ("“I am satisfied that the report by HMICFRS is a fair review of where Kent Police currently stands.”",
     "welcomes"),
    ("“I have now asked him to implement the recommendations in the report.”", "agrees_with_recommendations"),
    ("“It is a mixed picture. I shall be asking the Chief Constable for regular updates.”", "mixed"),
    ("“I am pleased the force is good at preventing crime. It is a mixed picture of ‘good’ and ‘requires "
     "improvement’.”", "mixed"),
    ("“While there are lots of positives contained within this report, my focus will be on the areas graded "
     "inadequate.”", "mixed"),
    ("“I welcome the report. I believe this ongoing production of reports, each with different strands, is very "
     "confusing for the public.”", "mixed"),
    ("“I welcome the report. It would be good to see HMICFRS acknowledge that constant changes to crime recording "
     "rules are confusing for the public.”", "welcomes"),
    ("“Apart from 52 pages of factual inaccuracies acknowledged by HMIC inspectors, there is a mixed picture.”",
     "critical"),
    ("“I continue to have serious concerns in connection with the decision-making procedure adopted by HMIC.”",
     "critical"),
    ("“I am deeply concerned at your decision to resile from our agreement. I do not consider that to be "
     "acceptable.”", "critical"),
])
def test_stance_of_press_statements(body, stance):
    text = f"Kent PCC statement on the HMICFRS report\n\nPolice and Crime Commissioner Nerys Holt said:\n\n{body}\n"
    assert extract(text).stance.value == stance


@pytest.mark.parametrize("sentence", [
    "As a force we must continue to push for further improvements outlined in our Policing Plan.",
    "I have already examined these issues in my scrutiny meetings and that will continue over the next 12 months.",
    "Kent Police has my full support in taking forward the improvements identified by HMICFRS.",
    "My immediate priority is to ensure that the Chief Constable puts in place the necessary remedial measures.",
])
def test_commitments_as_press_statements_make_them(sentence):
    r = extract(f"Kent PCC statement\n\nPolice and Crime Commissioner Nerys Holt said: “{sentence}”\n")
    assert [st.kind for st in r.statements].count("commitment") == 1


def test_a_quoted_line_without_its_full_stop_is_still_a_sentence():
    text = ("Commissioner comments on HMIC report\n\nNerys Holt said: \"I had asked the Chief to review recording.\n"
            "\"This is a key role for Police and Crime Commissioners and I will ensure it is followed through\n"
            "\"I look forward to receiving the full HMIC report.\"\n")
    commitments = [st.text for st in extract(text).statements if st.kind == "commitment"]
    assert "I will ensure it is followed through" in commitments


def test_the_last_prose_line_of_a_truncated_page_is_read_for_stance():
    text = ("Police Commissioner responds to HMICFRS PEEL assessment of Kent Police\n\n"
            "Following publication, Kent’s Police Commissioner Nerys Holt said:\n\n"
            "“While there are lots of positives contained within this report, my focus will be on concentrat")
    assert extract(text).stance.value == "mixed"


def test_a_bilingual_welsh_and_english_page():
    text = ("Comisiynydd yn croesawu adroddiad PEEL / Commissioner welcomes PEEL report\n\n12 Mawrth 2024\n\n"
            "Mae Comisiynydd Heddlu a Throseddu Gogledd Cymru, Rhys Llewelyn-Prys, wedi croesawu asesiad PEEL "
            "AHEMGTA o Heddlu Gogledd Cymru.\n\n"
            "Dywedodd Rhys Llewelyn-Prys: “Rwy’n croesawu’r adroddiad. Byddaf yn dwyn y Prif Gwnstabl i gyfrif.”\n\n"
            "North Wales Police and Crime Commissioner Rhys Llewelyn-Prys has welcomed the HMICFRS PEEL assessment "
            "of North Wales Police.\n\n"
            "Rhys Llewelyn-Prys said: “I welcome the report. I will hold the Chief Constable to account for the "
            "areas for improvement.”\n")
    r = extract(text)
    assert (r.author.name, r.author.role, r.force.name) == ("Rhys Llewelyn-Prys", "Police and Crime Commissioner",
                                                             "North Wales")
    assert r.date.value == dt.date(2024, 3, 12)
    assert (r.report.title, r.report.kind) == ("HMICFRS PEEL assessment of North Wales Police", "peel")
    assert r.stance.value == "welcomes"
    assert "commitment" in {st.kind for st in r.statements}


@pytest.mark.parametrize("sentence", [
    "Police and Crime Commissioner Nerys Holt has decided to publish, in full, her letter to HMICFRS.",
    "Read the full statement and PEEL report here.",
])
def test_a_news_item_that_says_the_response_is_published(sentence):
    r = extract(f"Kent PCC statement\n\n{sentence}\n")
    assert "will_publish" in {st.kind for st in r.statements}


def test_a_welsh_response_heading_gives_the_title_after_its_label():
    text = ("Ymateb y Comisiynydd i adroddiad HMICFRS: Yr Asesiad Blynyddol o Blismona yng Nghymru a Lloegr 2021\n\n"
            "Rwy’n croesawu Asesiad Blynyddol HMICFRS o Blismona yng Nghymru a Lloegr 2021.\n")
    report = _report(text)
    assert (report.title, report.kind, report.period) == (
        "Yr Asesiad Blynyddol o Blismona yng Nghymru a Lloegr 2021", "state_of_policing", "2021")


def test_a_headlines_own_date_in_brackets_dates_the_item():
    text = ("PCC welcomes the HMIP and HMIC Report on Police Custody in Kent (7 Dec 2016)\n\n"
            "Responding to the release of a report into police custody by Her Majesty's Inspectorate of Prisons "
            "(HMIP) and Her Majesty's Inspectorate of Constabulary (HMIC), Nerys Holt, Kent's Police and Crime "
            "Commissioner said \"This was a very positive report.\"\n")
    r = extract(text)
    assert r.date.value == dt.date(2016, 12, 7)
    assert (r.report.title, r.report.kind) == ("report into police custody", "custody")


def test_a_place_in_the_possessive_before_a_role_is_not_a_speaker():
    text = ("Thames Valley PFCC welcomes inspection of public transport safety\n\nSunday 6 August 2023\n\n"
            "Thames Valley's Police, Fire and Crime Commissioner has welcomed a national inspection.\n\n"
            "PFCC Hamish Quarrie-Bell said: \"I welcome this report.\"\n")
    assert _author(text) == ("Hamish Quarrie-Bell", "Police, Fire and Crime Commissioner")
