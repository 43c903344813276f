"""Patterns seen in real published responses, each exercised with invented letters: addressee
blocks naming HM Chief Inspector, "cc." lines, unquoted report descriptions in news items,
appositive author names, publication dates in "the publication of this report on ...", and
welcoming an aspect of the report. All names, reports and addresses here are fictional."""

from __future__ import annotations

import datetime as dt

import pytest

from answerable.extract import extract

LETTERHEAD = """Office of the Police and Crime Commissioner for Cumbria
3rd Floor, Larkspur House
Tannery Business Park
Carlisle CA1 9ZZ
Tel: 01228 555 0100
Email: office@cumbria-pcc.example.org

Our Ref: HB/JK/0917
Your Ref:

Mr Quentin Harrowgate
HM Chief Inspector of Constabulary
HMICFRS
6th Floor, Fictional House
12 Example Square
London SW1V 9ZZ

14 April 2021

Dear Mr Harrowgate,

HMICFRS Inspection: Lamplight and Ledger - an inspection of evidence storage

Thank you for the opportunity to respond to the above report, which was published on 24 February 2021.

I will continue to monitor the Force's performance on evidence storage through my accountability meetings.

Yours sincerely,

Hester Brambleby
Police and Crime Commissioner for Cumbria

{cc}
Page 1 of 1
"""


@pytest.mark.parametrize("cc", [
    "cc. Rt Hon Marigold Fenn MP, Home Secretary",
    "cc: Rt Hon Marigold Fenn MP, Home Secretary",
    "Copy: Home Secretary",
    "Copied to the Home Secretary",
])
def test_inspector_address_block_and_cc_line_give_both_addressees(cc):
    r = extract(LETTERHEAD.format(cc=cc))
    assert [a.name for a in r.addressees] == ["HMICFRS", "Home Secretary"]
    for a in r.addressees:
        assert r.text[a.span[0]:a.span[1]] in ("HMICFRS", "HM Chief Inspector of Constabulary", "Home Secretary")
    assert (r.author.name, r.force.name, r.date.value) == ("Hester Brambleby", "Cumbria", dt.date(2021, 4, 14))
    assert r.report.published == dt.date(2021, 2, 24)


def test_reference_lines_are_letterhead_not_the_start_of_the_body():
    r = extract(LETTERHEAD.format(cc=""))
    kinds = {r.text[s.span[0]:s.span[1]]: s.kind for s in r.segments}
    assert kinds["Our Ref: HB/JK/0917"] == "letterhead"
    assert kinds["Your Ref:"] == "letterhead"
    assert kinds["Mr Quentin Harrowgate"] == "addressee"


NEWS = """<!DOCTYPE html><html><head><title>Commissioner responds | OPCC</title></head><body>
<div class="cookie-notice"><p>We use cookies. <a href="#">Accept all cookies</a></p></div>
<main>
<h1>Commissioner responds to inspection of custody</h1>
<p class="date">Posted on 9th August 2023</p>
<p>Wiltshire's Police and Crime Commissioner has responded to the joint inspection of police custody in Wiltshire, published by HM Inspectorate of Constabulary and Fire &amp; Rescue Services and HM Inspectorate of Prisons on 21 June 2023.</p>
<p>Commissioner Odile Pemberton said: "I welcome the inspectors' findings and I will ask the Chief Constable to act on them."</p>
</main></body></html>
"""


def test_news_item_unquoted_report_description_and_long_published_by(tmp_path):
    path = tmp_path / "news.html"
    path.write_text(NEWS, encoding="utf-8")
    r = extract(path)
    assert r.report.title == "joint inspection of police custody in Wiltshire"
    assert r.text[r.report.span[0]:r.report.span[1]] == r.report.title
    assert r.report.published == dt.date(2023, 6, 21)
    assert r.date.value == dt.date(2023, 8, 9)
    assert (r.author.name, r.force.name) == ("Odile Pemberton", "Wiltshire")


@pytest.mark.parametrize("opening,role", [
    ("The Commissioner, Perpetua Loxley-Vane, has considered the report together with the Chief Constable.",
     "Police and Crime Commissioner"),
    ("The Police and Crime Commissioner, Perpetua Loxley-Vane, has considered the report.",
     "Police and Crime Commissioner"),
    ("The Police and Crime Commissioner for Durham, Perpetua Loxley-Vane, has considered the report.",
     "Police and Crime Commissioner"),
])
def test_appositive_name_after_role_gives_the_author_without_a_signature(opening, role):
    text = ("Office of the Police and Crime Commissioner for Durham\n\n"
            "Response of the Police and Crime Commissioner for Durham to the HMICFRS report "
            "\"Paper Lanterns: an inspection of protest liaison\"\n\nResponse date: 3 May 2021\n\n"
            f"{opening}\n\nThe Commissioner will seek assurance that the review is completed.\n")
    r = extract(text)
    assert (r.author.name, r.author.role, r.force.name) == ("Perpetua Loxley-Vane", role, "Durham")
    assert r.text[r.author.span[0]:r.author.span[1]] == "Perpetua Loxley-Vane"


def test_appositive_does_not_override_a_signature():
    text = ("Dear Home Secretary\n\nThe Chief Constable, Barnaby Quell, has briefed me on the report.\n\n"
            "Yours sincerely\n\nIsolde Frant\nPolice and Crime Commissioner for Durham\n")
    r = extract(text)
    assert (r.author.name, r.author.role) == ("Isolde Frant", "Police and Crime Commissioner")


def test_publication_of_this_report_on_date_is_the_publication_date():
    text = ("Bedfordshire Police\n\n1 December 2022\n\nResponse of the Chief Constable of Bedfordshire Police to the "
            "HMICFRS report \"Glass Corridors: an inspection of fictional vetting\"\n\n"
            "I welcome the publication of this important report on 2 November 2022. We accept all of the recommendations.\n\n"
            "Barnaby Quell\nChief Constable\nBedfordshire Police\n")
    r = extract(text)
    assert r.report.published == dt.date(2022, 11, 2)
    assert r.date.value == dt.date(2022, 12, 1)
    assert (r.author.name, r.author.role, r.force.name) == ("Barnaby Quell", "Chief Constable", "Bedfordshire")


@pytest.mark.parametrize("sentence", [
    "I recognise the report's findings and welcome its focus on victims.",
    "I welcome the inspectorate's emphasis on early intervention.",
    "I accept the report's conclusions.",
])
def test_welcoming_an_aspect_of_the_report_is_welcomes(sentence):
    text = f"Dear Home Secretary\n\n{sentence}\n\nYours sincerely\n\nIsolde Frant\nPolice and Crime Commissioner for Durham\n"
    r = extract(text)
    assert r.stance.value == "welcomes"
    assert any(s <= r.text.index(sentence) < e for s, e in r.stance.evidence)


def test_welcoming_the_opportunity_alone_is_not_welcoming_the_report():
    text = ("Dear Home Secretary\n\nI welcome the opportunity to respond.\n\n"
            "Yours sincerely\n\nIsolde Frant\nPolice and Crime Commissioner for Durham\n")
    assert extract(text).stance.value == "neutral"


@pytest.mark.parametrize("written,role", [
    ("Dirprwy Gomisiynydd Heddlu a Throseddu", "Deputy Police and Crime Commissioner"),
    ("Police and Crime Commisioner for Durham", "Police and Crime Commissioner"),
    ("Police, Fire and Rescue and Crime Commissioner for Durham", "Police, Fire and Crime Commissioner"),
    ("T/Chief Constable", "Chief Constable"),
])
def test_role_titles_as_written_in_real_signatures(written, role):
    text = f"20 June 2023\n\nDear Home Secretary,\n\nI welcome the report.\n\nYours sincerely,\n\nIvo Trelawny\n{written}\n"
    r = extract(text)
    assert (r.author.name, r.author.role) == ("Ivo Trelawny", role)


@pytest.mark.parametrize("sentence,stance", [
    ("I welcome the report, but I question the grading given to the Force.", "mixed"),
    ("I contest the report's conclusions on call handling.", "critical"),
    ("I welcome the report, although I am surprised by the grading of the Force.", "mixed"),
    ("I question whether partners have the funding they need.", "neutral"),
])
def test_questioning_the_report_is_criticism_only_when_aimed_at_it(sentence, stance):
    text = f"Dear Home Secretary\n\n{sentence}\n\nYours sincerely\n\nIsolde Frant\nPolice and Crime Commissioner for Durham\n"
    assert extract(text).stance.value == stance


@pytest.mark.parametrize("sentence,force", [
    ("Kent's Police and Crime Commissioner, Hortensia Vail, said: \"I welcome this report.\"", "Kent"),
    ("Dorset’s PCC, Hortensia Vail, said: \"I welcome this report.\"", "Dorset"),
    ("Hortensia Vail (PCC) said: \"I welcome this report and GMP's progress.\"", "Greater Manchester"),
])
def test_possessive_force_names_and_bracketed_roles_in_press_quotes(sentence, force):
    r = extract("Commissioner welcomes report\n\n" + sentence + "\n")
    assert (r.author.name, r.author.role, r.force.name) == ("Hortensia Vail", "Police and Crime Commissioner", force)
    assert r.text[r.force.span[0]:r.force.span[1]] in ("Kent", "Dorset", "GMP")


@pytest.mark.parametrize("sentence", [
    "It is pleasing that the inspectors found the Force effective at protecting vulnerable people.",
    "It is very encouraging to read that victims are kept informed.",
    "I was heartened by the inspectors' findings on neighbourhood policing.",
])
def test_pleased_phrasings_are_welcomes(sentence):
    text = f"Dear Home Secretary\n\n{sentence}\n\nYours sincerely\n\nIsolde Frant\nPolice and Crime Commissioner for Durham\n"
    assert extract(text).stance.value == "welcomes"


@pytest.mark.parametrize("line,value", [
    ("27-04-2023", dt.date(2023, 4, 27)), ("27.04.23", dt.date(2023, 4, 27)), ("April 27th 2023", dt.date(2023, 4, 27)),
    ("Date: Thursday 27 April 2023", dt.date(2023, 4, 27)), ("27 APRIL 2023", dt.date(2023, 4, 27)),
])
def test_more_dated_line_forms(line, value):
    text = f"{line}\n\nDear Home Secretary,\n\nI welcome the report.\n\nYours sincerely,\n\nIvo Trelawny\nPolice and Crime Commissioner for Kent\n"
    r = extract(text)
    assert r.date.value == value
    assert r.text[r.date.span[0]:r.date.span[1]] in line


@pytest.mark.parametrize("subject", [
    "Re: HMICFRS Report - Silent Alarms: a fictional inspection\nof alarm response",
    "Re: HMICFRS report – Silent Alarms: a fictional inspection of alarm response (published 30/09/2022)",
    "Re: Silent Alarms: a fictional inspection of alarm response (September 2022 publication)",
])
def test_subject_line_title_without_its_label_or_trailing_note(subject):
    text = (f"18 November 2022\n\nDear Home Secretary\n\n{subject}\n\nI note the report.\n\n"
            "Yours sincerely\n\nMirabel Okonkwo-Hale\nPCC for Warwickshire\n")
    assert _title(text) == "Silent Alarms: a fictional inspection of alarm response"


def test_short_quoted_title_is_widened_to_the_heading_that_gives_it_in_full():
    text = ("Silent Alarms: how forces respond to fictional burglar alarms\n\n18 November 2022\n\n"
            "I respond to the HMICFRS report \"Silent Alarms\", published on 30 September 2022.\n\n"
            "Mirabel Okonkwo-Hale\nPCC for Warwickshire\n")
    r = extract(text)
    assert r.report.title == "Silent Alarms: how forces respond to fictional burglar alarms"
    assert r.report.published == dt.date(2022, 9, 30)


def _title(text):
    r = extract(text)
    assert " ".join(r.text[r.report.span[0]:r.report.span[1]].split()) == r.report.title
    return r.report.title


@pytest.mark.parametrize("sign_off,signed", [
    ("Yours,", "Isolde Frant"),
    ("Yours sincerely", "pp Isolde Frant"),
    ("Yours sincerely", "p.p. Isolde Frant"),
])
def test_sign_off_and_per_procurationem_signatures(sign_off, signed):
    text = (f"20 June 2023\n\nDear Home Secretary\n\nI welcome the report.\n\n{sign_off}\n\n{signed}\n"
            "Police and Crime Commissioner for Durham\n")
    r = extract(text)
    assert (r.author.name, r.author.role, r.force.name) == ("Isolde Frant", "Police and Crime Commissioner", "Durham")
    assert r.text[r.author.span[0]:r.author.span[1]] == "Isolde Frant"


@pytest.mark.parametrize("sentence,title", [  # the report as the text names it
    ("I welcome the HMICFRS inspection report into the police response to fictional harbour crime.",
     "HMICFRS inspection report into the police response to fictional harbour crime"),
    ("HMICFRS recently published its report on fictional harbour crime.", "fictional harbour crime"),
    ("I welcome HMICFRS's thematic inspection of fictional harbour crime.",
     "HMICFRS's thematic inspection of fictional harbour crime"),
])
def test_unquoted_report_descriptions(sentence, title):
    text = f"20 June 2023\n\nDear Home Secretary\n\n{sentence}\n\nYours sincerely\n\nIsolde Frant\nPolice and Crime Commissioner for Durham\n"
    assert _title(text) == title


@pytest.mark.parametrize("line,names", [
    ("To: Home Secretary; HMICFRS", ["Home Secretary", "HMICFRS"]),
    ("Recipients: Home Secretary, HMICFRS", ["Home Secretary", "HMICFRS"]),
    ("Distribution: HMICFRS", ["HMICFRS"]),
])
def test_labelled_recipient_lines_in_forms(line, names):
    text = (f"20 June 2023\n\n{line}\n\nI welcome the report.\n\nYours sincerely\n\nIsolde Frant\n"
            "Police and Crime Commissioner for Durham\n")
    r = extract(text)
    assert [a.name for a in r.addressees] == names
    assert all(r.text[a.span[0]:a.span[1]] in line for a in r.addressees)


def test_appositive_chief_constable_in_a_commissioners_text_is_not_the_author():
    text = ("Office of the Police and Crime Commissioner for Durham\n\n3 May 2021\n\n"
            "The Chief Constable, Barnaby Quell, has briefed me on the report and I welcome it.\n")
    r = extract(text)
    assert r.author.name is None
    assert r.author.role == "Police and Crime Commissioner"


@pytest.mark.parametrize("signed", [
    "Isolde Frant (she/her)", "Isolde Frant MBE (she/her)", "Isolde Frant BA (Hons) MA",
    "Isolde Frant | Police and Crime Commissioner for Durham",
])
def test_signature_lines_with_pronouns_qualifications_or_a_bar(signed):
    text = (f"20 June 2023\n\nDear Home Secretary\n\nI welcome the report.\n\nYours sincerely\n\n{signed}\n"
            "Police and Crime Commissioner for Durham\n")
    r = extract(text)
    assert (r.author.name, r.author.role, r.force.name) == ("Isolde Frant", "Police and Crime Commissioner", "Durham")
    assert r.text[r.author.span[0]:r.author.span[1]] == "Isolde Frant"


def test_published_in_a_month_gives_its_first_day_with_a_warning():
    text = ("20 June 2023\n\nDear Home Secretary\n\nI welcome the HMICFRS report 'Lanterns in the Fog: missing-person "
            "searches', published in January 2020.\n\nYours sincerely\n\nIsolde Frant\nPolice and Crime Commissioner for Durham\n")
    r = extract(text)
    assert r.report.published == dt.date(2020, 1, 1)
    assert r.text[r.report.published_span[0]:r.report.published_span[1]] == "January 2020"
    assert any("month only" in w for w in r.warnings)


def test_a_month_not_introduced_as_publication_is_not_the_publication_date():
    text = ("20 June 2023\n\nDear Home Secretary\n\nI welcome the HMICFRS report 'Lanterns in the Fog: missing-person "
            "searches', which I read in January 2020.\n\nYours sincerely\n\nIsolde Frant\nPolice and Crime Commissioner for Durham\n")
    assert extract(text).report.published is None


def test_concern_about_what_the_findings_show_is_not_criticism_of_the_report():
    text = ("Dear Home Secretary\n\nI welcome the report. I am concerned that the findings show victims wait too long.\n\n"
            "Yours sincerely\n\nIsolde Frant\nPolice and Crime Commissioner for Durham\n")
    assert extract(text).stance.value == "welcomes"


@pytest.mark.parametrize("sentence,stance", [
    ("The report found that crime recording was inaccurate in some areas.", "welcomes"),
    ("HMICFRS identified that the force's data was misleading and I will act on it.", "welcomes"),
    ("The inspection highlighted that the force did not reflect victims' needs in its plans.", "welcomes"),
    ("However, its conclusions on call handling are inaccurate.", "mixed"),
])
def test_a_finding_reported_by_the_report_is_not_the_writer_criticising_it(sentence, stance):
    text = (f"Dear Home Secretary\n\nI welcome the report. {sentence}\n\n"
            "Yours sincerely\n\nIsolde Frant\nPolice and Crime Commissioner for Durham\n")
    assert extract(text).stance.value == stance


@pytest.mark.parametrize("sentence,stance", [
    ("I was disappointed to read in the report that victims are not always updated.", "welcomes"),
    ("I am disappointed that the report found delays in answering calls.", "welcomes"),
    ("I am disappointed with the report's grading of the Force.", "mixed"),
])
def test_disappointment_with_performance_is_not_disappointment_with_the_report(sentence, stance):
    text = (f"Dear Home Secretary\n\nI welcome the report. {sentence}\n\n"
            "Yours sincerely\n\nIsolde Frant\nPolice and Crime Commissioner for Durham\n")
    assert extract(text).stance.value == stance


@pytest.mark.parametrize("sentence,names", [
    ("I am writing to the Home Secretary and HMICFRS with my response.", ["Home Secretary", "HMICFRS"]),
    ("I write to HMICFRS in response to its report.", ["HMICFRS"]),
    ("I am writing to respond to the HMICFRS report on custody.", []),
])
def test_writing_to_a_recipient_addresses_it(sentence, names):
    text = f"20 June 2023\n\n{sentence}\n\nYours sincerely\n\nIsolde Frant\nPolice and Crime Commissioner for Durham\n"
    assert [a.name for a in extract(text).addressees] == names
