"""PDFs made by the tests with fpdf2 (and encrypted with pypdf): text layer, paragraphs rebuilt
from hard-wrapped lines, running heads and page numbers dropped, the page map, and every way
a PDF can be unreadable."""

from __future__ import annotations

import pytest
from read_makers import (encrypt_pdf, page_marker, prose, write_blank_pdf, write_indented_pdf,
                         write_pages_pdf, write_pdf, write_side_by_side_pdf, write_tight_pdf)

from answerable.errors import CorruptFileError, EncryptedFileError, FileTooLargeError, NeedsOCRError
from answerable.read import read
from answerable.read.pdf_layout import Line, Vocabulary, drop_running_lines, join_words
from answerable.settings import Settings

LONG = ("The Chief Constable and I welcome the report, which recognises the work of the force "
        "with its partners in the three counties and the care taken by officers in every "
        "neighbourhood team to protect vulnerable people from exploitation and harm.")
LETTER = [
    ["Office of the Police and Crime Commissioner for Kent"],
    ["3 March 2021"],
    ["Dear Home Secretary,"],
    [LONG],
    [LONG.replace("The Chief Constable and I", "We also")],
    ["Yours sincerely,"],
    ["Imogen Fictional", "Police and Crime Commissioner for Kent"],
]


@pytest.fixture(scope="module")
def paged_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "three_pages.pdf"
    return write_pdf(LETTER, path, header="OFFICIAL - Fictional OPCC for Kent", footer=True,
                     page_breaks_before=(3, 5), title="Response to Keeping Watch")


def test_wrapped_lines_are_rebuilt_into_one_paragraph(paged_pdf):
    doc = read(paged_pdf)
    assert LONG in doc.text.split("\n\n")


def test_running_header_and_page_number_footer_are_dropped(paged_pdf):
    text = read(paged_pdf).text
    assert "OFFICIAL" not in text
    assert "Page 1 of 3" not in text and "Page 3 of 3" not in text


def test_short_lines_stay_lines_and_blocks_stay_paragraphs(paged_pdf):
    text = read(paged_pdf).text
    assert text.startswith("Office of the Police and Crime Commissioner for Kent\n\n3 March 2021\n\n"
                           "Dear Home Secretary,\n\n")
    assert text.endswith("Yours sincerely,\n\nImogen Fictional\nPolice and Crime Commissioner for Kent")


def test_page_map_gives_the_page_of_any_offset(paged_pdf):
    doc = read(paged_pdf)
    assert len(doc.page_starts) == 3 and doc.page_starts[0] == 0
    assert doc.page_at(doc.text.index("Dear Home Secretary")) == 1
    assert doc.page_at(doc.text.index("The Chief Constable and I")) == 2
    assert doc.page_at(doc.text.index("We also welcome")) == 2
    assert doc.page_at(doc.text.index("Yours sincerely")) == 3
    assert doc.page_at(len(doc.text) - 1) == 3
    assert doc.page_at(doc.page_starts[1]) == 2 and doc.page_at(doc.page_starts[1] - 1) == 1


def test_title_comes_from_the_pdf_metadata(paged_pdf):
    assert read(paged_pdf).title == "Response to Keeping Watch"


def test_every_page_of_a_long_pdf_maps_to_its_own_text(tmp_path):
    doc = read(write_pages_pdf(tmp_path / "many.pdf", pages=12, lines_per_page=5))
    assert len(doc.page_starts) == 12
    for n in range(1, 13):
        assert doc.page_at(doc.text.index(f"{page_marker(n)}\n")) == n


def test_a_paragraph_running_over_a_page_break_is_joined(tmp_path):
    words = prose(700) + " finally"
    doc = read(write_pdf([["Heading"], [words]], tmp_path / "over.pdf"))
    assert doc.text == f"Heading\n\n{words}"
    assert len(doc.page_starts) == 2
    assert doc.page_at(len(doc.text) - 1) == 2 and doc.page_starts[1] > len("Heading") + 100


def test_a_pdf_without_text_layer_says_it_needs_ocr(tmp_path):
    path = write_blank_pdf(tmp_path / "scan.pdf", pages=2)
    with pytest.raises(NeedsOCRError) as exc:
        read(path)
    assert str(exc.value) == (f"{path}: the PDF (2 pages) has no text layer (scanned image?); run "
                              "OCR (e.g. ocrmypdf) first, then read the OCR'd file.")


def test_an_encrypted_pdf_is_refused_with_the_fix(paged_pdf, tmp_path):
    path = encrypt_pdf(paged_pdf, tmp_path / "locked.pdf", user_password="s3cret")
    with pytest.raises(EncryptedFileError) as exc:
        read(path)
    assert str(exc.value).startswith(f"{path}: the PDF is encrypted and needs a password")
    assert "qpdf --decrypt" in str(exc.value)


def test_a_pdf_encrypted_with_an_empty_user_password_is_read(paged_pdf, tmp_path):
    path = encrypt_pdf(paged_pdf, tmp_path / "owner_only.pdf", user_password="")
    assert read(path).text == read(paged_pdf).text


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_corrupt_pdf_is_reported_as_damaged(paged_pdf, tmp_path, damage):
    data = paged_pdf.read_bytes()
    path = tmp_path / "broken.pdf"
    path.write_bytes(data[: len(data) // 3] if damage == "truncated" else b"%PDF-1.7\n" + b"\x8f junk" * 300)
    with pytest.raises(CorruptFileError, match="not a readable PDF .*download or export it again"):
        read(path)


def test_a_pdf_over_the_page_limit_is_refused_naming_the_setting(tmp_path):
    path = write_pages_pdf(tmp_path / "long.pdf", pages=4, lines_per_page=1)
    with pytest.raises(FileTooLargeError) as exc:
        read(path, settings=Settings(max_pdf_pages=3))
    assert "has 4 pages, more than the limit of 3" in str(exc.value)
    assert "ANSWERABLE_MAX_PDF_PAGES" in str(exc.value)


def test_lone_page_numbers_at_page_edges_are_dropped():
    pages = [[Line("Body text one"), Line("More body"), Line("1")],
             [Line("- 2 -"), Line("Body text two"), Line("Closing line")]]
    assert [[line.text for line in page] for page in drop_running_lines(pages)] == [
        ["Body text one", "More body"], ["Body text two", "Closing line"]]


@pytest.mark.parametrize("left, right, words, expected", [
    ("the recom-", "mendations were", {"recommendations"}, "the recommendations were"),
    ("better co-", "ordination", {"coordination"}, "better co-ordination"),
    ("the county-", "lines model", set(), "the county-lines model"),
    ("a soft\u00ad", "hyphen", set(), "a softhyphen"),
    ("plain", "words", set(), "plain words"),
])
def test_line_end_hyphens_are_removed_only_when_safe(left, right, words, expected):
    head, tail = join_words(left, right, Vocabulary([[Line(" ".join(words) or "x")]]))
    assert head + tail == expected


def test_first_line_indents_start_paragraphs_without_a_gap(tmp_path):
    first, second = prose(60, seed=1) + ".", prose(50, seed=2) + "."
    doc = read(write_indented_pdf([first, second], tmp_path / "indented.pdf"))
    assert doc.text == f"{first}\n\n{second}"


def test_a_page_without_text_is_named_in_a_warning(tmp_path):
    doc = read(write_indented_pdf(["Dear Home Secretary, I welcome the report."], tmp_path / "part.pdf",
                                  blank_page=True))
    assert doc.text == "Dear Home Secretary, I welcome the report."
    assert doc.warnings == ["page 2 of 2 has no text layer (scanned?), so its text is missing: "
                            "run OCR (e.g. ocrmypdf) to read it."]


@pytest.mark.parametrize("meta, expected", [
    ("Microsoft Word - PCC response.docx", None),
    ("Microsoft Word - Response to Keeping Watch", "Response to Keeping Watch"),
    ("Untitled", None),
])
def test_file_name_metadata_titles_are_not_titles(tmp_path, meta, expected):
    doc = read(write_indented_pdf(["Text of the letter."], tmp_path / "t.pdf", title=meta))
    assert doc.title == expected


def test_a_text_layer_of_unmapped_glyphs_needs_ocr():
    from answerable.read.pdf import _check_legible

    with pytest.raises(NeedsOCRError, match=r"text layer is unreadable \(100% of its characters"):
        _check_legible([[Line("\ue001\ue002\ue003 \ue004\ue005")]], "odd.pdf")
    _check_legible([[Line("Dear Home Secretary \ue001")]], "fine.pdf")  # a stray symbol is fine


def test_headings_that_differ_only_in_number_are_not_running_heads():
    body = [f"Answer {word}." for word in ("one", "two", "three", "four")]
    pages = [[Line(f"Recommendation {n}"), *(Line(f"{b} page {'x' * n}") for b in body),
              Line(f"Fictional OPCC | Official | {n}/3")] for n in (1, 2, 3)]
    kept = [[line.text for line in page] for page in drop_running_lines(pages)]
    assert kept == [[f"Recommendation {n}", *(f"{b} page {'x' * n}" for b in body)] for n in (1, 2, 3)]


def test_a_repeated_line_at_different_heights_is_body_text():
    pages = [[Line("Accepted.", y=700.0 - 40 * n), Line(f"Reason {'x' * n}", y=600.0)] for n in range(3)]
    assert [len(page) for page in drop_running_lines(pages)] == [2, 2, 2]


def test_a_numbered_footer_offset_from_the_page_index_is_still_running():
    pages = [[Line(f"Text {'x' * n}."), Line(f"More {'y' * n}."), Line(f"Yet {'z' * n}."),
              Line(f"Last {'w' * n}."), Line(f"Annex B - {n + 11}")] for n in range(4)]
    assert [[line.text for line in page][-1] for page in drop_running_lines(pages)] == [
        f"Last {'w' * n}." for n in range(4)]


def test_pdfs_read_from_several_threads_at_once_give_the_same_text(paged_pdf):
    from concurrent.futures import ThreadPoolExecutor

    expected = read(paged_pdf).text
    with ThreadPoolExecutor(max_workers=4) as pool:
        texts = list(pool.map(lambda _: read(paged_pdf).text, range(12)))
    assert texts == [expected] * 12


def test_side_by_side_address_blocks_are_read_one_after_the_other(tmp_path):
    rows = [("Rt Hon Priya Examplefield MP", "Office of the PCC for Kent"),
            ("Home Secretary", "Police Headquarters"), ("2 Marsham Street", ""),
            ("London SW1P 4DF", "Tel: 01234 567890"), ("", "5 March 2020")]
    body = ["Dear Home Secretary,", prose(80) + "."]
    doc = read(write_side_by_side_pdf(rows, body, tmp_path / "letterhead.pdf"))
    assert doc.text == (
        "Rt Hon Priya Examplefield MP\nHome Secretary\n2 Marsham Street\nLondon SW1P 4DF\n\n"
        "Office of the PCC for Kent\nPolice Headquarters\n\nTel: 01234 567890\n5 March 2020\n\n"
        f"Dear Home Secretary,\n\n{body[1]}")


def test_a_short_last_line_then_a_full_line_starts_a_paragraph_without_a_gap(tmp_path):
    first, second = "The " + prose(61, seed=3) + ".", "We " + prose(70, seed=4) + "."
    doc = read(write_tight_pdf(["Dear Home Secretary,", first, second, "Yours sincerely,"],
                               tmp_path / "tight.pdf"))
    assert doc.text == f"Dear Home Secretary,\n{first}\n\n{second}\nYours sincerely,"


def test_line_end_hyphens_in_a_real_pdf_are_joined_only_when_the_word_exists_unhyphenated(tmp_path):
    opening = "The " + prose(200, seed=5) + "."  # full lines: they show where the margin is
    lines = [opening, "The Inspectorate made four recom-", "mendations, and all the recommendations are accepted.",
             "The county-", "lines team is in place and co-", "ordination has improved."]
    doc = read(write_tight_pdf(lines, tmp_path / "hyphens.pdf"))
    assert doc.text.endswith("The Inspectorate made four recommendations, and all the recommendations are "
                             "accepted.\nThe county-lines team is in place and co-ordination has improved.")


def test_menu_words_in_an_ordinary_pdf_are_kept(tmp_path):
    doc = read(write_pdf([["Contents"], ["About"], ["Contact us"], ["Dear Home Secretary,"]], tmp_path / "m.pdf"))
    assert doc.text == "Contents\n\nAbout\n\nContact us\n\nDear Home Secretary,"


def test_a_word_hyphenated_over_a_page_break_is_joined(tmp_path):
    letter = [["The Inspectorate made four recom-"],
              ["mendations, and all the recommendations are accepted."]]
    doc = read(write_pdf(letter, tmp_path / "break.pdf", page_breaks_before=(1,)))
    assert doc.text == "The Inspectorate made four recommendations, and all the recommendations are accepted."
    assert doc.page_starts == [0, len("The Inspectorate made four recom")]
    assert doc.page_at(doc.text.index("mendations")) == 2


def test_table_rows_with_number_labels_stay_one_line_each(tmp_path):
    rows = [("1", "Accepted: a named lead is in post."), ("2", "Accepted: training is under way."),
            ("Recommendation 3", "Not accepted: see below.")]
    doc = read(write_side_by_side_pdf(rows, ["Dear Home Secretary,"], tmp_path / "table.pdf"))
    assert doc.text.startswith("1 Accepted: a named lead is in post.\n2 Accepted: training is under way.\n"
                               "Recommendation 3 Not accepted: see below.")
