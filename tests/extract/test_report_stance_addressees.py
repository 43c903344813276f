"""Report named, its publication date, the stance, and who the response is sent to (fictional)."""

from __future__ import annotations

import datetime as dt

import pytest

from answerable.extract import extract

SIGN = "\n\nYours sincerely\n\nNell Arbery\nPolice and Crime Commissioner for Wiltshire\n"


def _report(text):
    r = extract(text)
    if r.report.span:
        assert " ".join(r.text[slice(*r.report.span)].split()) == r.report.title
    return r.report


@pytest.mark.parametrize("sentence,title", [
    ("I welcome the HMICFRS report “Lanterns in the Fog: an inspection of missing-person searches”, which I have read closely.",
     "Lanterns in the Fog: an inspection of missing-person searches"),
    ("This is my response to HMICFRS's report 'Lanterns in the Fog: an inspection of missing-person searches'.",
     "Lanterns in the Fog: an inspection of missing-person searches"),
    ("I welcome the HMICFRS report on the police response to missing children, which was published recently.",
     "HMICFRS report on the police response to missing children"),  # as the text names it
    ("I have considered the PEEL assessment of Wiltshire Police and discussed it with the Chief Constable.",
     "PEEL assessment of Wiltshire Police"),
])
def test_report_title_as_named_in_a_sentence(sentence, title):
    assert _report("Dear Home Secretary\n\n" + sentence + SIGN).title == title


def test_subject_line_response_to_report_gives_the_title():
    text = ("Dear Home Secretary\n\nResponse to HMICFRS report: Lanterns in the Fog - an inspection of missing-person searches\n\n"
            "I welcome the report." + SIGN)
    assert _report(text).title == "Lanterns in the Fog - an inspection of missing-person searches"


def test_re_subject_line_gives_the_title():
    text = "Dear Home Secretary\n\nRe: Lanterns in the Fog: an inspection of missing-person searches\n\nI welcome the report." + SIGN
    assert _report(text).title == "Lanterns in the Fog: an inspection of missing-person searches"


def test_press_quote_is_not_a_report_title():
    text = ('Commissioner welcomes inspection\n\nThe Commissioner said: "I welcome this report and we will act on it quickly."\n\n'
            'The report, "Lanterns in the Fog: an inspection of missing-person searches", was published on 2 June 2022.')
    rep = _report(text)
    assert rep.title == "Lanterns in the Fog: an inspection of missing-person searches"
    assert rep.published == dt.date(2022, 6, 2)


@pytest.mark.parametrize("phrase,published", [
    ("which was published on 10 January 2020", dt.date(2020, 1, 10)),
    ("published 10 January 2020", dt.date(2020, 1, 10)),
    ("published by HMICFRS on 10th January 2020", dt.date(2020, 1, 10)),
])
def test_report_publication_date_near_the_title(phrase, published):
    text = f"Dear Home Secretary\n\nI welcome the HMICFRS report “Lanterns in the Fog: missing-person searches”, {phrase}." + SIGN
    assert _report(text).published == published


def test_month_only_publication_is_first_of_month_with_a_warning():
    text = "Dear Home Secretary\n\nI welcome the HMICFRS report “Lanterns in the Fog: missing-person searches” (January 2020)." + SIGN
    r = extract(text)
    assert r.report.published == dt.date(2020, 1, 1)
    assert any("month only" in w for w in r.warnings)


def test_no_report_named_is_null_with_a_warning():
    r = extract("Dear Home Secretary\n\nThank you for your letter about funding." + SIGN)
    assert r.report.title is None and r.report.span is None
    assert any(w.startswith("no report title found") for w in r.warnings)


@pytest.mark.parametrize("body,stance", [
    ("I welcome the report and the Chief Constable accepts all of the recommendations.", "agrees_with_recommendations"),
    ("We fully support the recommendations made in the report.", "agrees_with_recommendations"),
    ("The recommendations have been accepted by the force.", "agrees_with_recommendations"),
    ("I welcome this report, which recognises the progress made.", "welcomes"),
    ("I was pleased that the inspectorate recognised our work on rural crime.", "welcomes"),
    ("I welcome the inspection. However, I am disappointed that the report does not reflect the improvements made.", "mixed"),
    ("I do not accept the conclusions of this report. The inspection relied on data that were out of date.", "critical"),
    ("The report fails to recognise the investment made by the force and its grading is unfair.", "critical"),
    ("I do not agree with the recommendations in the report.", "critical"),
    ("The report was received on 3 May. It was shared with the Chief Constable.", "neutral"),
    ("I welcome the opportunity to respond. I do not accept the findings of this inspection.", "critical"),
])
def test_stance(body, stance):
    r = extract("Dear Home Secretary\n\n" + body + SIGN)
    assert r.stance.value == stance
    for s, e in r.stance.evidence:
        assert r.text[s:e] in body


def test_addressees_from_address_block_salutation_and_cc():
    text = ("HM Inspector of Constabulary\nHMICFRS\n23 Hollow Lane\nBirmingham B1 1ZZ\n\n4 May 2022\n\nDear Inspector\n\n"
            "I welcome the report." + SIGN + "\ncc: Rt Hon Priya Quill MP, Home Secretary\n")
    r = extract(text)
    assert [a.name for a in r.addressees] == ["HMICFRS", "Home Secretary"]
    assert all(r.text[slice(*a.span)] for a in r.addressees)


def test_dear_first_name_of_a_home_secretary_addresses_the_home_secretary():
    r = extract("Dear Priti,\n\nI welcome the report." + SIGN)
    assert [(a.name, r.text[slice(*a.span)]) for a in r.addressees] == [("Home Secretary", "Priti")]


def test_response_to_the_hmicfrs_report_does_not_address_hmicfrs():
    r = extract("Response to the HMICFRS report on missing children\n\nI welcome the HMICFRS report's findings." + SIGN)
    assert r.addressees == []


def test_sentence_sending_the_response_names_both_recipients():
    text = ("I am pleased to provide this response to the Home Secretary and HMICFRS. "
            "This response was also copied to the Secretary of State." + SIGN)
    r = extract(text)
    assert [a.name for a in r.addressees] == ["Home Secretary", "HMICFRS"]
    assert r.text[slice(*r.addressees[0].span)] == "Home Secretary"


def test_form_style_response_with_labelled_fields():
    text = ("Response from the Police and Crime Commissioner for Suffolk\n\n"
            "Report title: Lanterns in the Fog: an inspection of missing-person searches\n"
            "Date of publication: 10 January 2020\n"
            "Date of response: 2 March 2020\n\n"
            "I welcome the report.\n")
    r = extract(text)
    assert r.report.title == "Lanterns in the Fog: an inspection of missing-person searches"
    assert r.report.published == dt.date(2020, 1, 10)
    assert r.date.value == dt.date(2020, 3, 2)
    assert r.force.name == "Suffolk"
    assert r.author.role == "Police and Crime Commissioner" and r.author.name is None


def test_labelled_sent_to_line_and_question_and_answer_recipients():
    sent = extract("Date: 19 July 2023\nSent to: the Home Secretary; HMICFRS\n\nI welcome this report.\n")
    assert [a.name for a in sent.addressees] == ["Home Secretary", "HMICFRS"]
    qa = extract("Who has received this response?\nThe Home Secretary and HMICFRS. It is also on my website.\n")
    assert sorted(a.name for a in qa.addressees) == ["HMICFRS", "Home Secretary"]


def test_welcoming_while_keeping_reservations_is_mixed():
    r = extract("Dear Home Secretary\n\nI continue to welcome the report, while maintaining the reservations I set out "
                "about its description of the force." + SIGN)
    assert r.stance.value == "mixed"
    assert len(r.stance.evidence) == 1


def test_table_style_fields_with_pipes():
    r = extract("Police and Crime Commissioner for Kent\nTitle of report | Lanterns in the Fog: missing-person searches\n"
                "Date of publication | 10 January 2020\nDate of response | 2 March 2020\n\nI welcome the report.\n")
    assert (r.report.title, r.report.published, r.date.value) == (
        "Lanterns in the Fog: missing-person searches", dt.date(2020, 1, 10), dt.date(2020, 3, 2))


@pytest.mark.parametrize("body,stance", [
    ("I welcome the report. I am disappointed that some victims still wait too long, as the report found.", "welcomes"),
    ("I welcome the report. I am disappointed by the report's grading of our investigations.", "mixed"),
])
def test_disappointment_is_criticism_only_when_it_is_with_the_report(body, stance):
    assert extract("Dear Home Secretary\n\n" + body + SIGN).stance.value == stance


def test_unquoted_title_in_hmicfrs_wording():
    text = ("Dear Home Secretary\n\nI have read the report, An inspection of the police response to stalking and "
            "harassment, published on 5 May 2022, with interest." + SIGN)
    r = extract(text)
    assert r.report.title == "An inspection of the police response to stalking and harassment"
    assert r.report.published == dt.date(2022, 5, 5)


def test_page_text_about_responses_to_reports_addresses_nobody_but_the_letter():
    text = ("Please note that the PFCC response to the HMICFRS reports should be published within 56 days.\n\n"
            "Dear Home Secretary,\n\nI welcomed the national inspection report." + SIGN)
    assert [a.name for a in extract(text).addressees] == ["Home Secretary"]
