"""Server-rendered pages, read without JavaScript."""

from __future__ import annotations

import re

from serve_helpers import DORSET_TEXT, KENT_TEXT, REPORT_ID

HTML = {"accept": "text/html"}


def _span_id(text: str, words: str) -> str:
    start = text.index(words)
    return f"ev-{start}-{start + len(words)}"


def test_dashboard_shows_counts_rate_chart_recent_and_overdue(client, served):
    page = client.get("/", headers=HTML).text
    assert '<strong id="on-time-rate">100%</strong>' in page
    assert page.count("<svg") == 2 and "Responses by force" in page
    assert f'href="/responses/{served["ids"]["kent"]}"' in page
    assert "I will fund night lamps in three towns by 31 March 2024." in page  # overdue commitment
    assert "lamp counts from 2099" not in page  # not overdue


def test_reports_list_links_each_report(client):
    page = client.get("/reports", headers=HTML).text
    assert f'href="/reports/{REPORT_ID}"' in page and "The Lamplight Review (fictional)" in page


def test_report_page_has_comparison_and_grid_coloured_by_verdict(client, served):
    page = client.get(f"/reports/{REPORT_ID}", headers=HTML).text
    assert "Comparison across forces" in page
    kent_row = re.search(rf'<tr><th><a href="/responses/{served["ids"]["kent"]}">Kent</a></th>(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'class="v-([a-z_]+)"', kent_row) == ["action_taken", "action_proposed", "not_addressed"]
    dorset_row = re.search(r'>Dorset</a></th>(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'class="v-([a-z_]+)"', dorset_row) == ["acknowledged_only"] * 3
    assert "Cheshire" in page  # in scope, no response stored


def test_response_page_marks_every_statement_by_kind(client, served):
    page = client.get(f"/responses/{served['ids']['kent']}", headers=HTML).text
    commitment = _span_id(KENT_TEXT, "I will fund night lamps in three towns by 31 March 2024.")
    assert f'<mark class="ev kind-commitment kind-evidence" id="{commitment}" data-ev="{commitment}"' in page
    for kind in ("agrees", "action_taken", "concern", "will_publish"):
        assert re.search(rf'<mark class="ev kind-{kind}[^"]*" id="ev-\d+-\d+"', page), kind
    assert '<ul class="legend"' in page and "seeks assurance" in page


def test_response_page_findings_and_fields_link_to_their_evidence(client, served):
    page = client.get(f"/responses/{served['ids']['kent']}", headers=HTML).text
    concern = _span_id(KENT_TEXT, "I am concerned that lamp counts are not yet published.")
    assert f'<a class="ev-link finding-link" href="#{concern}"' in page
    date = _span_id(KENT_TEXT, "4 February 2024")
    assert f'<a class="ev-link field-link" href="#{date}"' in page
    assert f'id="{date}"' in page  # the anchor the link points at exists


def test_letter_containing_script_shows_it_as_text(client, served):
    page = client.get(f"/responses/{served['ids']['dorset']}", headers=HTML).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in page
    assert "&lt;b&gt;findings&lt;/b&gt;" in page
    assert "script-src 'self'" in client.get(f"/responses/{served['ids']['dorset']}").headers["content-security-policy"]


def test_response_list_filters_by_force_and_pages(client):
    page = client.get("/responses", params={"force": "Kent"}, headers=HTML).text
    assert ">Kent</a>" in page and ">Dorset</a>" not in page


def test_search_page_has_results_and_facets(client, served):
    page = client.get("/search", params={"q": "lamps"}, headers=HTML).text
    assert f'href="/responses/{served["ids"]["kent"]}' in page
    assert "<h2>Force</h2>" in page and "<h2>Kind</h2>" in page and "<h2>Year</h2>" in page
    assert "/search?q=lamps&amp;force=Kent" in page


def test_search_facet_narrows_results(client):
    page = client.get("/search", params={"q": "lamp", "force": "Dorset"}, headers=HTML).text
    assert ">Dorset" in page and "Kent — " not in page
    assert "any force" in page


def test_commitments_page_filters_overdue_and_hides_edit_forms_when_signed_out(client):
    page = client.get("/commitments", params={"overdue": "true"}, headers=HTML).text
    assert "I will fund night lamps" in page and "lamp counts from 2099" not in page
    assert "edit-commitment" not in page and "Sign in</a> as an editor" in page


def test_commitments_page_refuses_an_unknown_status_filter(client):
    r = client.get("/commitments", params={"status": "finished"}, headers=HTML)
    assert r.status_code == 400 and "unknown status" in r.text


def test_check_page_offers_upload_and_paste(client):
    page = client.get("/check", headers=HTML).text
    assert 'enctype="multipart/form-data"' in page and 'name="file"' in page and "<textarea" in page
    assert f'<option value="{REPORT_ID}">' in page


def test_static_files_are_local(client):
    css = client.get("/static/answerable.css")
    js = client.get("/static/answerable.js")
    assert css.status_code == 200 and "mark.ev.active" in css.text
    assert js.status_code == 200 and 'classList.add("active")' in js.text
    assert "http" not in client.get("/", headers=HTML).text.split("<main>")[0].replace('http-equiv', '')


def test_search_page_explains_a_query_without_words(client):
    r = client.get("/search", params={"q": '"""'}, headers=HTML)
    assert r.status_code == 400
    assert 'data-code="bad_query"' in r.text and 'class="search-form"' in r.text
