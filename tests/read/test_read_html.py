"""Web pages: the letter's text without cookie banners, skip links, menus, text-size widgets,
quick-exit links or share bars; the date under the heading kept; title from <h1>/<title>."""

from __future__ import annotations

import pytest

from answerable.errors import EmptyDocumentError
from answerable.read import read
from answerable.read.html import boilerplate

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>PCC responds to HMICFRS | OPCC for Surrey</title>
<script>var tracking = "Skip to main content";</script><style>p { color: red }</style></head>
<body>
<a href="#main" class="govuk-skip-link">Skip to main content</a>
<div id="ccc" class="gdpr-notice"><p>We use cookies to improve your experience.</p>
  <button>Accept all cookies</button></div>
<div class="exit-site"><a href="https://www.google.co.uk">Quick exit</a></div>
<header><div class="accessibility-tools"><span>Text size:</span> <a>A</a> <a>A</a> <a>A</a></div>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li></ul></nav></header>
<ol class="breadcrumb"><li><a href="/">Home</a></li><li>News</li></ol>
<main id="main">
  <h1>Commissioner responds to &ldquo;Keeping Watch&rdquo;</h1>
  <p class="meta">Published: <time datetime="2021-03-12">12 March 2021</time></p>
  <p>I welcome the report&nbsp;and its findings &amp; I accept the recommendations.</p>
  <p>The force has:</p>
  <ul><li>created a rural crime team;</li><li>trained <strong>forty</strong> officers.</li></ul>
  <ol start="3"><li>Recommendation three is accepted.</li><li>Recommendation four is accepted.</li></ol>
  <p>Annabel Fictional<br>Police and Crime Commissioner for Surrey</p>
  <table><tr><th>Area</th><th>Status</th></tr><tr><td>Licensing</td><td>Done</td></tr></table>
  <div class="social-share">Share this page <a>Facebook</a> <a>X</a></div>
  <aside><h2>Related news</h2><p>Funding boost announced</p></aside>
  <form><label>Search</label><input name="q"></form>
</main>
<footer><p>&copy; OPCC for Surrey</p><p>Follow us on Facebook</p></footer>
</body></html>"""

EXPECTED = (
    "Commissioner responds to \u201cKeeping Watch\u201d\n\n"
    "Published: 12 March 2021\n\n"
    "I welcome the report and its findings & I accept the recommendations.\n\n"
    "The force has:\n\n"
    "- created a rural crime team;\n- trained forty officers.\n\n"
    "3. Recommendation three is accepted.\n4. Recommendation four is accepted.\n\n"
    "Annabel Fictional\nPolice and Crime Commissioner for Surrey\n\n"
    "Area | Status\n\nLicensing | Done"
)


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "response.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_only_the_main_content_is_read(page):
    doc = read(page)
    assert doc.text == EXPECTED and doc.warnings == []


def test_title_comes_from_the_h1(page):
    assert read(page).title == "Commissioner responds to \u201cKeeping Watch\u201d"


def test_title_falls_back_to_the_title_element(tmp_path):
    path = tmp_path / "p.htm"
    path.write_text("<html><head><title>Response | OPCC</title></head><body><p>Text.</p></body></html>")
    doc = read(path)
    assert doc.title == "Response | OPCC" and doc.source.format == "html"


def test_a_page_without_main_drops_site_header_footer_and_banners(tmp_path):
    path = tmp_path / "plain.html"
    path.write_text(
        "<html><body><div class='cookie-banner'>This site uses cookies. <a>Accept</a></div>"
        "<p><a href='#content'>Skip to content</a></p>"
        "<header><p>Office of the Police and Crime Commissioner</p></header>"
        "<div class='page has-sidebar'><p>Dear Home Secretary,</p><p>I welcome the report.</p>"
        "<p>Quick exit</p><p>A A A</p></div>"
        "<footer><p>Contact us</p></footer></body></html>", encoding="utf-8")
    doc = read(path)
    assert doc.text == "Dear Home Secretary,\n\nI welcome the report."
    assert doc.warnings[0].startswith("the web page marks no main content")


def test_an_html_page_is_sniffed_without_an_extension(tmp_path):
    path = tmp_path / "download"
    path.write_bytes(b"\xef\xbb\xbf<!DOCTYPE html><html><body><main><p>Caf\xc3\xa9 letter.</p></main></body></html>")
    doc = read(path)
    assert doc.source.format == "html" and doc.text == "Caf\u00e9 letter."


def test_a_windows_1252_page_declared_in_meta_is_decoded(tmp_path):
    path = tmp_path / "old.html"
    path.write_bytes(b"<html><head><meta charset=windows-1252></head><body><p>The force\x92s plan</p></body></html>")
    assert read(path).text == "The force\u2019s plan"


def test_a_latin_1_label_is_decoded_as_windows_1252_like_a_browser(tmp_path):
    path = tmp_path / "legacy.html"
    path.write_bytes(b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
                     b"</head><body><p>\x93Safer Streets\x94 \x96 the force\x92s plan, caf\xe9</p></body></html>")
    assert read(path).text == "\u201cSafer Streets\u201d \u2013 the force\u2019s plan, caf\u00e9"


def test_a_page_with_only_boilerplate_is_empty(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav><a>Home</a></nav><p>Skip to main content</p>"
                    "<script>x()</script></body></html>", encoding="utf-8")
    with pytest.raises(EmptyDocumentError, match=r"no text found in the HTML file"):
        read(path)


def test_the_boilerplate_lists_are_data_a_user_can_read():
    rules = boilerplate()
    assert "cookie" in rules.attribute_words and "nav" in rules.drop_tags
    assert rules.content_selectors[0] == "main"
    for widget in ("Skip to main content", "Quick exit", "Skip to main content Quick exit",
                   "Home > News > HMICFRS responses", "Text size: A A+ A++", "News Contact us",
                   "\u00a9 2021 Office of the Police and Crime Commissioner"):
        assert rules.is_widget_line(widget), widget
    for letter_line in ("I welcome the report.", "Home Secretary", "Dear Home Secretary,",
                        "News of the inspection reached us in March.", "Contact us if you need help."):
        assert not rules.is_widget_line(letter_line), letter_line


def test_the_devset_web_page_keeps_the_letter_and_its_date(fixtures_dir):
    doc = read(fixtures_dir / "devset" / "09_surrey_web.html")
    assert doc.text.startswith("Commissioner's response to HMICFRS report: Police response to "
                               "violence against women and girls\n\n10 November 2021\n\n")
    assert doc.text.endswith("Annabel Crowhurst\nPolice and Crime Commissioner for Surrey")
    for junk in ("cookies", "Skip to", "Quick exit", "Text size", "Related news", "Privacy"):
        assert junk not in doc.text


def test_heading_and_date_above_main_are_kept(tmp_path):
    path = tmp_path / "news.html"
    path.write_text(
        "<html><body><header><h1 class='logo'>OPCC</h1></header>"
        "<div class='page-header'><h1>Response to the inspection of custody</h1>"
        "<p class='published'>Published: <time>12 March 2021</time></p></div>"
        "<main><p>Dear Home Secretary,</p><p>I welcome the report.</p></main></body></html>",
        encoding="utf-8")
    doc = read(path)
    assert doc.text == ("Response to the inspection of custody\n\nPublished: 12 March 2021\n\n"
                        "Dear Home Secretary,\n\nI welcome the report.")
    assert doc.title == "Response to the inspection of custody"


def test_the_heading_inside_main_wins_the_title_over_a_logo_h1(tmp_path):
    path = tmp_path / "logo.html"
    path.write_text("<html><body><header><h1>OPCC logo</h1></header><main><h1>Our response</h1>"
                    "<p>Text.</p></main></body></html>", encoding="utf-8")
    doc = read(path)
    assert doc.title == "Our response" and doc.text == "Our response\n\nText."


def test_hidden_elements_and_screen_reader_notes_are_dropped(tmp_path):
    path = tmp_path / "hidden.html"
    path.write_text(
        "<html><body><main><div hidden><p>Hidden banner</p></div>"
        "<p style='display: none'>Invisible</p><p aria-hidden='true'>Decoration</p>"
        "<p>Read the <a href='https://example.org'>report<span class='visually-hidden'> (opens in a new "
        "window)</span></a> (link is external) on the website.</p></main></body></html>",
        encoding="utf-8")
    assert read(path).text == "Read the report on the website."


def test_a_time_element_without_text_keeps_its_datetime(tmp_path):
    path = tmp_path / "t.html"
    path.write_text("<main><p>Published <time datetime='2021-03-12'></time></p><p>Text.</p></main>")
    assert read(path).text == "Published 2021-03-12\n\nText."


def test_a_user_file_extends_the_boilerplate_lists(tmp_path):
    from answerable.read.html import load_boilerplate

    extra = tmp_path / "html_boilerplate.yaml"
    extra.write_text("drop_phrases:\n  - \"rate this page\"\ncontent_selectors:\n  - \"#letter\"\n")
    rules = load_boilerplate(extra)
    assert rules.is_widget_line("Rate this page") and rules.is_widget_line("Skip to main content")
    assert rules.content_selectors[:2] == ("#letter", "main")


@pytest.mark.parametrize("content, complaint", [
    ("drop_phrases: [\"(unclosed\"]\n", "a boilerplate list is malformed"),
    ("drop_everything: [x]\n", "unknown list 'drop_everything'"),
    ("- just a list\n", "must map list names"),
])
def test_a_bad_user_boilerplate_file_is_a_clear_config_error(tmp_path, content, complaint):
    from answerable.errors import ConfigError
    from answerable.read.html import load_boilerplate

    extra = tmp_path / "html_boilerplate.yaml"
    extra.write_text(content)
    with pytest.raises(ConfigError, match=complaint):
        load_boilerplate(extra)


def test_an_articles_own_footer_keeps_its_date_but_link_footers_go(tmp_path):
    path = tmp_path / "wp.html"
    path.write_text(
        "<html><body><main><article><h1>Response to HMICFRS</h1><p>I welcome the report.</p>"
        "<footer class='entry-meta'>Posted on <time>12 March 2021</time></footer>"
        "<footer><a href='/tag/a'>Policing</a> <a href='/tag/b'>HMICFRS</a></footer></article>"
        "<footer><p>Page footer text</p></footer></main></body></html>", encoding="utf-8")
    assert read(path).text == "Response to HMICFRS\n\nI welcome the report.\n\nPosted on 12 March 2021"
