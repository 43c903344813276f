"""Layouts of real published responses, each in an invented letter: PDF-extracted letterheads
with protective markings and page footers, a chief executive signing on behalf of the
commissioner, response forms with labelled fields and a section per signatory, web pages whose
only title is a URL-slug heading, two letters in one file, Welsh bilingual letters, and name
forms (all-caps signatures, honorifics, hyphens, apostrophes, initials). Every name, report and
address here is fictional."""

from __future__ import annotations

import datetime as dt

import pytest

from answerable.extract import extract

PDF_LETTERHEAD = """OFFICIAL

Office of the Police, Fire and Crime Commissioner for Essex
Kelvedon Park, London Road
Rivenhall, Witham CM8 9ZZ
Telephone: 01245 555 0199 | Email: pfcc@essex.example.gov.uk
www.essex.pfcc.example.gov.uk

Our ref: PFCC/2023/117

Dated this 5th day of March 2020

Rt Hon Marigold Fenn MP
Home Secretary
2 Marsham Street
London SW1P 4DF

Dear Home Secretary,

Re: "The Quiet Harbour: an inspection of how forces handle fictional marine crime"

I welcome this report and its recommendations. The Force has already established a dedicated marine unit.

OFFICIAL
Page 1 of 2

I will be seeking assurance from the Chief Constable that the remaining recommendations are delivered.

Yours sincerely,

DAME ROSALIND O'SULLIVAN-PRYCE DBE QPM
Police, Fire and Crime Commissioner for Essex

OFFICIAL
Page 2 of 2
"""

ON_BEHALF = """Office of the Police and Crime Commissioner for Hampshire and the Isle of Wight

05.03.2020

Dear Inspector,

Response to HMICFRS report: Shadows at the Threshold – an inspection of fictional doorstep fraud

I have discussed this report with the Chief Constable and I accept its findings. The Constabulary is developing a new fraud triage model.

Yours faithfully,

J. R. Pennywhistle
Chief Executive, on behalf of the Police and Crime Commissioner
"""

FORM = """Police and Crime Commissioner response to HMICFRS inspection

Report title: A fictional inspection of roads policing in rural areas
Date of publication: 12 May 2022
Date of response: 7 July 2022
Force: Lincolnshire Police

PCC comments

I welcome the report. I will seek assurance from the Chief Constable through my scrutiny board that the recommendations are progressed.

Signed: Cllr Ambrose Thackeray-Lund
Police and Crime Commissioner for Lincolnshire

Chief Constable's comments

The Force accepts the recommendations and has created a rural roads task team.

Signed: Felicity Drummond QPM
Chief Constable
"""

SLUG_PAGE = """<!DOCTYPE html><html><head><title>Roads-policing-not-optional | PCC for Norfolk</title></head><body>
<a href="#main">Skip to main content</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<main id="main">
<h1>Roads-policing-not-optional</h1>
<p>Published: 14 October 2020</p>
<p>Norfolk's Police and Crime Commissioner, Bartholomew Gale, said: "I welcome this inspection report and I will ask the Chief Constable to set out how Norfolk Constabulary will respond."</p>
</main></body></html>
"""

TWO_LETTERS = """Gloucestershire Constabulary
Chief Constable's Office

1 February 2021

Dear Commissioner,

HMICFRS report "The Long Watch: an inspection of fictional night-time economy policing"

I enclose the Constabulary's response to the recommendations. We have introduced a new night-time patrol plan.

Yours sincerely,

Ignatius Morrow
Chief Constable

Office of the Police and Crime Commissioner for Gloucestershire

15 February 2021

Dear Home Secretary,

Response to "The Long Watch: an inspection of fictional night-time economy policing"

I welcome the report. I have considered the Chief Constable's response above and I will monitor progress through my accountability board.

Yours sincerely,

Perdita Lowell
Police and Crime Commissioner for Gloucestershire
"""

WELSH = """Comisiynydd Heddlu a Throseddu Dyfed-Powys
Dyfed-Powys Police and Crime Commissioner

5/3/20

Annwyl Ysgrifennydd Cartref / Dear Home Secretary,

Response to the HMICFRS report "Bridges and Borders: a fictional inspection of cross-border crime"

I welcome the report and its recommendations, and I will seek assurance from the Chief Constable of Heddlu Dyfed-Powys that they are delivered.

Yn gywir / Yours sincerely,

Llinos ap Gwilym
Comisiynydd Heddlu a Throseddu / Police and Crime Commissioner
"""


def _spans_exact(r):
    assert r.text[r.author.span[0]:r.author.span[1]] in (r.author.name, r.author.name.upper()) or r.author.name is None
    if r.report.span:
        assert " ".join(r.text[r.report.span[0]:r.report.span[1]].split()) == r.report.title
    for s in r.statements:
        assert r.text[s.span[0]:s.span[1]] == s.text


def test_pdf_letterhead_markings_and_page_footers_are_not_the_letter():
    r = extract(PDF_LETTERHEAD)
    kinds = {r.text[s.span[0]:s.span[1]]: s.kind for s in r.segments}
    assert kinds["OFFICIAL"] == "footer"
    assert kinds["Page 1 of 2"] == "footer"
    assert kinds["Our ref: PFCC/2023/117"] == "letterhead"
    assert (r.author.name, r.author.role, r.force.name) == (
        "Rosalind O'Sullivan-Pryce", "Police, Fire and Crime Commissioner", "Essex")
    assert r.date.value == dt.date(2020, 3, 5)  # "Dated this 5th day of March 2020"
    assert [a.name for a in r.addressees] == ["Home Secretary"]
    assert r.report.title == "The Quiet Harbour: an inspection of how forces handle fictional marine crime"
    assert r.stance.value == "welcomes"
    assert any("seeking assurance" in s.text for s in r.statements if s.kind == "seeks_assurance")
    _spans_exact(r)


def test_all_caps_signature_drops_the_honorific_and_title_cases_the_name():
    r = extract(PDF_LETTERHEAD)
    assert r.text[r.author.span[0]:r.author.span[1]] == "ROSALIND O'SULLIVAN-PRYCE"


def test_chief_executive_signing_on_behalf_of_the_commissioner_gets_no_role():
    """Decision: the signatory is the author (they wrote and signed it); their title is not one of
    the roles, so the role is null with a warning rather than the commissioner's."""
    r = extract(ON_BEHALF)
    assert (r.author.name, r.author.role) == ("J. R. Pennywhistle", None)
    assert any("on behalf of" in w for w in r.warnings)
    assert r.force.name == "Hampshire"
    assert r.date.value == dt.date(2020, 3, 5)  # "05.03.2020"
    assert r.stance.value == "welcomes"  # "I accept its findings"
    _spans_exact(r)


def test_response_form_fields_and_the_commissioners_section_win():
    r = extract(FORM)
    assert (r.author.name, r.author.role, r.force.name) == (
        "Ambrose Thackeray-Lund", "Police and Crime Commissioner", "Lincolnshire")
    assert r.date.value == dt.date(2022, 7, 7)  # "Date of response:", not "Date of publication:"
    assert r.report.title == "A fictional inspection of roads policing in rural areas"
    assert r.report.published == dt.date(2022, 5, 12)
    kinds = {r.text[s.span[0]:s.span[1]]: s.kind for s in r.segments}
    assert kinds["Signed: Cllr Ambrose Thackeray-Lund"] == "signature"
    assert kinds["Chief Constable's comments"] == "heading"
    _spans_exact(r)


def test_slug_heading_is_the_report_title_when_nothing_else_names_it(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(SLUG_PAGE, encoding="utf-8")
    r = extract(path)
    assert r.report.title == "Roads-policing-not-optional"
    assert (r.author.name, r.force.name, r.date.value) == ("Bartholomew Gale", "Norfolk", dt.date(2020, 10, 14))
    _spans_exact(r)


def test_two_letters_in_one_file_give_the_commissioners_response():
    r = extract(TWO_LETTERS)
    assert (r.author.name, r.author.role, r.force.name) == (
        "Perdita Lowell", "Police and Crime Commissioner", "Gloucestershire")
    assert r.date.value == dt.date(2021, 2, 15)  # the commissioner's letter, not the chief constable's
    assert r.stance.value == "welcomes"
    kinds = {r.text[s.span[0]:s.span[1]]: s.kind for s in r.segments}
    assert kinds["Dear Home Secretary,"] == "salutation"
    assert kinds["15 February 2021"] == "date_line"
    assert [a.name for a in r.addressees] == ["Home Secretary"]
    _spans_exact(r)


def test_welsh_bilingual_letter():
    r = extract(WELSH)
    assert (r.author.name, r.author.role, r.force.name) == (
        "Llinos ap Gwilym", "Police and Crime Commissioner", "Dyfed-Powys")
    assert r.date.value == dt.date(2020, 3, 5)  # "5/3/20"
    assert [a.name for a in r.addressees] == ["Home Secretary"]
    assert r.stance.value == "welcomes"
    _spans_exact(r)


@pytest.mark.parametrize("line,value", [
    ("Date: 27 April 2023", dt.date(2023, 4, 27)),
    ("Dated this 5th day of March 2020", dt.date(2020, 3, 5)),
    ("05.03.2020", dt.date(2020, 3, 5)),
    ("5/3/20", dt.date(2020, 3, 5)),
    ("March 5, 2020", dt.date(2020, 3, 5)),
    ("Thursday, 5th March 2020", dt.date(2020, 3, 5)),
])
def test_dated_line_forms(line, value):
    text = f"{line}\n\nDear Home Secretary,\n\nI welcome the report.\n\nYours sincerely,\n\nIvo Trelawny\nPolice and Crime Commissioner for Kent\n"
    r = extract(text)
    assert r.date.value == value
    assert r.text[r.date.span[0]:r.date.span[1]] in line


@pytest.mark.parametrize("signed,name", [
    ("Sir Ivo Trelawny KC", "Ivo Trelawny"),
    ("Baroness Imelda Quarrie OBE", "Imelda Quarrie"),
    ("Cllr Ivo Trelawny-Pask MBE", "Ivo Trelawny-Pask"),
    ("Rt Hon Ivo Trelawny QPM", "Ivo Trelawny"),
    ("Dr Siobhan O'Dowd-Marr", "Siobhan O'Dowd-Marr"),
    ("J. R. Trelawny", "J. R. Trelawny"),
    ("IVO MACALLISTER TRELAWNY", "Ivo Macallister Trelawny"),
])
def test_signature_name_forms(signed, name):
    text = f"20 June 2023\n\nDear Home Secretary,\n\nI welcome the report.\n\nYours sincerely,\n\n{signed}\nPolice and Crime Commissioner for Kent\n"
    r = extract(text)
    assert (r.author.name, r.author.role, r.force.name) == (name, "Police and Crime Commissioner", "Kent")


@pytest.mark.parametrize("written,force", [
    ("Heddlu Gwent", "Gwent"), ("Heddlu De Cymru", "South Wales"), ("Heddlu Gogledd Cymru", "North Wales"),
    ("Lancashire Constabulary", "Lancashire"), ("Metropolitan Police Service", "Metropolitan Police"), ("Heddlu Dyfed-Powys", "Dyfed-Powys"),
    ("West Mercia Police", "West Mercia"),
])
def test_force_name_forms(written, force):
    text = f"20 June 2023\n\nDear Home Secretary,\n\nI have discussed the report with the Chief Constable of {written}.\n\nYours sincerely,\n\nIvo Trelawny\nChief Constable\n"
    assert extract(text).force.name == force


EMAIL = """From: Office of the Police and Crime Commissioner for Surrey
Sent: 05 March 2020 14:32
To: HMICFRS Correspondence
Cc: Home Office Police Accountability Team
Subject: PCC response to the HMICFRS report "Ropes and Ladders: a fictional inspection of police training"

Dear HMICFRS,

Please find below my response. The Force has already introduced a new training plan and is
Page 1 of 2
developing a mentoring scheme for new officers. I welcome the report.

Kind regards

Siân Llewellyn-Hughes
Police & Crime Commissioner for Surrey
"""


def test_email_headers_give_date_and_recipients_and_accented_names():
    r = extract(EMAIL)
    assert r.date.value == dt.date(2020, 3, 5)  # "Sent: 05 March 2020 14:32"
    assert [a.name for a in r.addressees] == ["HMICFRS", "Home Secretary"]
    assert (r.author.name, r.author.role, r.force.name) == ("Siân Llewellyn-Hughes", "Police and Crime Commissioner", "Surrey")
    assert r.report.title == "Ropes and Ladders: a fictional inspection of police training"
    _spans_exact(r)


def test_run_together_initials_and_a_spaced_ordinal_from_a_pdf():
    text = ("Thursday 5 th March, 2020\n\nDear Home Secretary,\n\nI welcome the report.\n\nYours sincerely,\n\n"
            "P.J. Ormerod-Zeller\nPolice and Crime Commissioner for Thames Valley\n")
    r = extract(text)
    assert r.date.value == dt.date(2020, 3, 5)
    assert r.text[r.date.span[0]:r.date.span[1]] == "5 th March, 2020"
    assert (r.author.name, r.force.name) == ("P.J. Ormerod-Zeller", "Thames Valley")


def test_welsh_first_bilingual_date_line():
    text = ("Comisiynydd Heddlu a Throseddu Gwent\nGwent Police and Crime Commissioner\n\n"
            "Dydd Iau, 5 Mawrth 2020 / Thursday, 5 March 2020\n\n"
            "Annwyl Ysgrifennydd Cartref / Dear Home Secretary,\n\nI welcome the report.\n\n"
            "Yn gywir / Yours sincerely,\n\nGethin Rhys-Pryce\nComisiynydd Heddlu a Throseddu Gwent\n"
            "Gwent Police and Crime Commissioner\n")
    r = extract(text)
    assert r.date.value == dt.date(2020, 3, 5)
    assert r.text[r.date.span[0]:r.date.span[1]] == "5 Mawrth 2020"
    assert [s.kind for s in r.segments][:4] == ["letterhead", "letterhead", "date_line", "salutation"]
    assert (r.author.name, r.author.role, r.force.name) == ("Gethin Rhys-Pryce", "Police and Crime Commissioner", "Gwent")


WEB_H1 = """<!DOCTYPE html><html><head><title>PCC response: Fictional Harbour Inspection</title></head><body>
<header><a href="#content">Skip to content</a><div class="font-size">A A A</div><a class="quick-exit" href="https://google.com">Quick exit</a>
<nav><ul><li>Home</li><li>Your PCC</li><li>Transparency</li></ul></nav></header>
<main id="content">
<h1>The Quiet Harbour: an inspection of fictional marine crime – PCC response</h1>
<div class="meta">21st June 2023</div>
<p>Section 55 of the Police Act 1996 requires the Police and Crime Commissioner to publish comments on HMICFRS reports.</p>
<p>I welcome this report. Lincolnshire Police has already appointed a marine crime lead and I will monitor progress through my Accountability Board.</p>
<p>Leontyne Abara-Whitfield<br>Police and Crime Commissioner for Lincolnshire</p>
<aside><h2>Related news</h2><ul><li>PCC welcomes new officers in Boston</li><li>Kent PCC visits Lincolnshire</li></ul></aside>
</main>
<footer><p>© 2023 Office of the Police and Crime Commissioner for Lincolnshire</p></footer>
</body></html>
"""


def test_h1_title_with_a_response_suffix_gives_the_report_title(tmp_path):
    path = tmp_path / "response.html"
    path.write_text(WEB_H1, encoding="utf-8")
    r = extract(path)
    assert r.report.title == "The Quiet Harbour: an inspection of fictional marine crime"
    assert (r.author.name, r.author.role, r.force.name) == (
        "Leontyne Abara-Whitfield", "Police and Crime Commissioner", "Lincolnshire")
    assert r.date.value == dt.date(2023, 6, 21)
    assert r.stance.value == "welcomes"
    _spans_exact(r)


def test_form_with_only_a_publication_date_has_no_response_date():
    text = ("PCC RESPONSE TO HMICFRS INSPECTION REPORT\n\nReport title: Silent Alarms: a fictional inspection of alarm response\n"
            "Date of publication: 30 September 2022\n\nPCC comments\n\nI welcome this inspection report.\n\n"
            "Mirabel Okonkwo-Hale\nPolice and Crime Commissioner for Warwickshire\n")
    r = extract(text)
    assert r.date.value is None
    assert r.report.published == dt.date(2022, 9, 30)
    assert any("publication" in w for w in r.warnings)


def test_web_page_published_line_is_still_the_pages_own_date():
    text = ("Commissioner responds to inspection\n\nPublished: 9 August 2023\n\n"
            "Police and Crime Commissioner Mirabel Okonkwo-Hale said: \"I welcome the report.\"\n")
    assert extract(text).date.value == dt.date(2023, 8, 9)


@pytest.mark.parametrize("field", [
    "PCC name: Mirabel Okonkwo-Hale",
    "Name of PCC: Mirabel Okonkwo-Hale",
    "Chief Constable: Barnaby Quell\nPolice and Crime Commissioner: Mirabel Okonkwo-Hale",
    "Completed by: Mirabel Okonkwo-Hale, Police and Crime Commissioner for Warwickshire",
])
def test_form_fields_name_the_author(field):
    text = ("PCC RESPONSE TO HMICFRS INSPECTION REPORT\n\nReport title: Silent Alarms: a fictional inspection of alarm response\n"
            f"Date of response: 18 November 2022\n{field}\n\nPCC comments\n\nI welcome this inspection report.\n")
    r = extract(text)
    assert (r.author.name, r.author.role) == ("Mirabel Okonkwo-Hale", "Police and Crime Commissioner")
    assert r.text[r.author.span[0]:r.author.span[1]] == "Mirabel Okonkwo-Hale"


def test_commissioners_letter_first_then_the_chief_constables():
    text = TWO_LETTERS.split("Office of the Police and Crime Commissioner for Gloucestershire")
    swapped = "Office of the Police and Crime Commissioner for Gloucestershire" + text[1] + "\n" + text[0]
    r = extract(swapped)
    assert (r.author.name, r.date.value) == ("Perdita Lowell", dt.date(2021, 2, 15))


def test_chief_constables_comments_without_salutation_then_the_commissioners():
    text = ("Chief Constable's comments\n\n1 February 2021\n\nThe Force has introduced a patrol plan.\n\nKind regards\n\n"
            "Ignatius Morrow\nChief Constable\n\n15 February 2021\n\nI welcome the report.\n\nYours sincerely\n\n"
            "Perdita Lowell\nPolice and Crime Commissioner for Gloucestershire\n")
    r = extract(text)
    assert (r.author.name, r.date.value) == ("Perdita Lowell", dt.date(2021, 2, 15))


def test_bilingual_double_sign_off_keeps_the_top_date():
    r = extract(WELSH.replace("Yn gywir / Yours sincerely,", "Yn gywir,\n\nYours sincerely,"))
    assert r.date.value == dt.date(2020, 3, 5)


def _two_page_pdf(path):
    """A real two-page PDF: an OFFICIAL header and "Page n of m" footer on each page, and a body
    long enough that a paragraph runs across the page break."""
    from fpdf import FPDF

    class Letter(FPDF):
        def header(self):
            self.set_font("helvetica", size=9)
            self.cell(0, 5, "OFFICIAL", align="C")
            self.ln(8)

        def footer(self):
            self.set_y(-15)
            self.set_font("helvetica", size=9)
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Letter()
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "Office of the Police and Crime Commissioner for Suffolk\nTel: 01473 555 0100\nOur ref: AF/77\n\n"
                         "5 March 2020\n\nDear Home Secretary,\n")
    pdf.ln(4)
    for _ in range(9):
        pdf.multi_cell(0, 6, "I welcome the report. The Constabulary has already introduced a new training plan and is "
                             "developing a mentoring scheme for new officers, which I will monitor closely through my "
                             "accountability board meetings every quarter. " * 2)
        pdf.ln(4)
    pdf.multi_cell(0, 6, "Yours sincerely,\n\nAURELIO FENWICK-O'HARA\nPolice and Crime Commissioner for Suffolk")
    pdf.output(str(path))


def test_two_page_pdf_with_running_header_and_footer(tmp_path):
    path = tmp_path / "letter.pdf"
    _two_page_pdf(path)
    r = extract(path)
    assert (r.author.name, r.author.role, r.force.name) == (
        "Aurelio Fenwick-O'Hara", "Police and Crime Commissioner", "Suffolk")
    assert r.date.value == dt.date(2020, 3, 5)
    assert [a.name for a in r.addressees] == ["Home Secretary"]
    assert r.stance.value == "welcomes"
    assert "Page 1 of 2" not in " ".join(s.text for s in r.statements)
    _spans_exact(r)


def test_docx_response_form_laid_out_as_a_table(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_heading("PCC response to HMICFRS inspection report", 1)
    table = doc.add_table(rows=3, cols=2)
    rows = [("Report title", "Silent Alarms: a fictional inspection of alarm response"),
            ("Date of publication", "30 September 2022"), ("Date of response", "18 November 2022")]
    for i, (label, value) in enumerate(rows):
        table.cell(i, 0).text, table.cell(i, 1).text = label, value
    doc.add_heading("PCC comments", 2)
    doc.add_paragraph("I welcome this inspection report and I will seek assurance from the Chief Constable on progress.")
    doc.add_paragraph("Mirabel Okonkwo-Hale\nPolice and Crime Commissioner for Warwickshire")
    path = tmp_path / "form.docx"
    doc.save(str(path))
    r = extract(path)
    assert (r.author.name, r.force.name) == ("Mirabel Okonkwo-Hale", "Warwickshire")
    assert (r.date.value, r.report.published) == (dt.date(2022, 11, 18), dt.date(2022, 9, 30))
    assert r.report.title == "Silent Alarms: a fictional inspection of alarm response"
    _spans_exact(r)


@pytest.mark.parametrize("signed,name", [
    ("Lord Trelawny", "Lord Trelawny"), ("LORD TRELAWNY", "Lord Trelawny"), ("Lord Ivo Trelawny", "Ivo Trelawny"),
])
def test_a_peer_signing_with_title_and_one_name(signed, name):
    text = f"20 June 2023\n\nDear Home Secretary,\n\nI welcome the report.\n\nYours sincerely,\n\n{signed}\nPolice and Crime Commissioner for Kent\n"
    r = extract(text)
    assert (r.author.name, r.author.role) == (name, "Police and Crime Commissioner")
