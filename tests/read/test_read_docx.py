"""Word files made by the tests with python-docx: body order with tables, lists, line breaks,
headers/footers left out, and damaged or disguised files refused."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from read_makers import write_docx

from answerable.errors import CorruptFileError, EncryptedFileError
from answerable.read import read


@pytest.fixture
def rich_docx(tmp_path):
    """A fictional response with a letterhead header, page-number footer, lists and a table."""
    document = docx.Document()
    document.core_properties.title = "Response to Keeping Watch"
    section = document.sections[0]
    section.header.paragraphs[0].text = "Office of the Police, Fire and Crime Commissioner for Essex"
    section.footer.paragraphs[0].text = "Page 1 | Working together for a safer Essex"
    document.add_paragraph("12 May 2022")
    document.add_paragraph("Dear Home Secretary,")
    document.add_paragraph("The force has made progress on:")
    document.add_paragraph("rural crime patrols", style="List Bullet")
    document.add_paragraph("a new county lines team", style="List Bullet")
    table = document.add_table(rows=3, cols=2)
    for row, (rec, answer) in enumerate([("Recommendation", "Response"),
                                         ("1", "Accepted: a named lead is in post."),
                                         ("2", "Accepted: training is under way.")]):
        table.cell(row, 0).text = rec
        table.cell(row, 1).text = answer
    document.add_paragraph("Next steps:")
    document.add_paragraph("publish the plan", style="List Number")
    document.add_paragraph("report to the panel", style="List Number")
    signature = document.add_paragraph()
    signature.add_run("Rowena Fictional")
    signature.runs[0].add_break()
    signature.add_run("Police, Fire and Crime Commissioner for Essex")
    path = tmp_path / "response.docx"
    document.save(str(path))
    return path


def test_body_paragraphs_tables_and_lists_come_in_document_order(rich_docx):
    assert read(rich_docx).text == (
        "12 May 2022\n\n"
        "Dear Home Secretary,\n\n"
        "The force has made progress on:\n\n"
        "- rural crime patrols\n- a new county lines team\n\n"
        "Recommendation | Response\n\n"
        "1 | Accepted: a named lead is in post.\n\n"
        "2 | Accepted: training is under way.\n\n"
        "Next steps:\n\n"
        "1. publish the plan\n2. report to the panel\n\n"
        "Rowena Fictional\nPolice, Fire and Crime Commissioner for Essex")


def test_headers_and_footers_are_not_mixed_into_the_body(rich_docx):
    text = read(rich_docx).text
    assert "Office of the Police, Fire and Crime" not in text
    assert "Working together for a safer Essex" not in text


def test_title_and_format_come_from_the_document(rich_docx):
    doc = read(rich_docx)
    assert doc.title == "Response to Keeping Watch"
    assert doc.source.format == "docx" and doc.page_starts == []


def test_a_docx_is_recognised_by_its_content_whatever_its_name(rich_docx, tmp_path):
    renamed = tmp_path / "response.bin"
    renamed.write_bytes(rich_docx.read_bytes())
    assert read(renamed).source.format == "docx"
    assert read(rich_docx.read_bytes()).text == read(rich_docx).text


def test_a_corrupt_zip_renamed_docx_is_reported_as_damaged(tmp_path):
    path = tmp_path / "letter.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x14\x00\x00\x00broken archive" * 50)
    with pytest.raises(CorruptFileError) as exc:
        read(path)
    assert str(exc.value).startswith(f"{path}: is a damaged ZIP archive or not a Word document")
    assert "re-export it from Word as .docx" in str(exc.value)


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    path = tmp_path / "letter.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(CorruptFileError, match="not a Word document"):
        read(path)


def test_a_text_file_named_docx_is_refused_as_not_a_zip(tmp_path):
    path = tmp_path / "letter.docx"
    path.write_text("Dear Home Secretary, this is plain text.", encoding="utf-8")
    with pytest.raises(CorruptFileError, match="is not a Word .docx file"):
        read(path)


def test_an_old_doc_or_protected_word_file_is_refused_with_the_fix(tmp_path):
    path = tmp_path / "letter.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(EncryptedFileError, match="save it as an unprotected .docx"):
        read(path)


def test_the_letter_writer_helper_gives_a_readable_docx(tmp_path):
    path = write_docx([["Dear Home Secretary,"], ["- one", "- two"]], tmp_path / "w.docx",
                      header="Letterhead", footer="Slogan")
    assert read(path).text == "Dear Home Secretary,\n\n- one\n- two"


def test_tracked_insertions_and_hyperlinks_count_but_deletions_and_text_boxes_do_not(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    paragraph = document.add_paragraph("I ")
    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r><w:delText>reject </w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="2" w:author="x"><w:r><w:t xml:space="preserve">accept </w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="rId99"><w:r><w:t>the report</w:t></w:r></w:hyperlink>'))
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:t xml:space="preserve">.</w:t><w:tab/><w:t>Next</w:t>'
        f'<w:pict><w:txbxContent><w:p><w:r><w:t>LETTERHEAD BOX</w:t></w:r></w:p></w:txbxContent></w:pict></w:r>'))
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    assert read(path).text == "I accept the report. Next"


def test_without_a_title_property_the_first_heading_is_the_title(tmp_path):
    document = docx.Document()
    document.core_properties.title = ""
    document.add_paragraph("OPCC for Essex")
    document.add_heading("Response to Keeping Watch", level=1)
    document.add_paragraph("Dear Home Secretary,")
    path = tmp_path / "headed.docx"
    document.save(str(path))
    assert read(path).title == "Response to Keeping Watch"
