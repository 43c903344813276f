"""Collect from a small fixture site of a fictional policing body: what is followed, what is
stored (with its provenance), and a second run that costs only conditional requests."""

from __future__ import annotations

from sqlalchemy import select

from answerable.collect import collect
from answerable.store import open_store, schema
from collect_sites import Resource, docx_bytes, html, html_letter, letter_text, pdf_bytes


def build(site, other):
    site.routes.update({
        "/robots.txt": Resource(b"User-agent: *\nDisallow: /private/\n", "text/plain"),
        "/": html("OPCC for Surrey", "<a href='/hmicfrs-reports/'>HMICFRS inspection reports and our responses</a>"
                  "<a href='/police-and-crime-plan/'>Police and crime plan</a>"
                  "<a href='/vacancies/'>Vacancies</a>"),
        "/hmicfrs-reports/": html("HMICFRS reports", (
            "<ul><li><a href='/news/pcc-response-county-lines/'>PCC response to HMICFRS county lines report</a></li>"
            "<li><a href='/documents/response-county-lines.pdf'>Response to the HMICFRS report (PDF)</a></li>"
            "<li><a href='/documents/pcc-letter.docx'>PCC response letter (Word)</a></li>"
            f"<li><a href='{other.url('/files/response-peel.pdf')}'>Our response to the PEEL inspection</a></li>"
            f"<li><a href='{other.url('/hmicfrs-news/')}'>HMICFRS news on another site</a></li>"
            "<li><a href='/private/response-draft.pdf'>Draft response (private)</a></li>"
            "<li><a href='/documents/annual-report-2020.pdf'>Annual report 2020</a></li>"
            "<li><a href='/documents/peel-2019.pdf'>HMICFRS PEEL report 2019 (PDF)</a></li>"
            "<li><a href='https://www.justiceinspectorates.gov.uk/hmicfrs/police-response-to-x.pdf'>"
            "The police response to X</a></li></ul>")),
        "/news/pcc-response-county-lines/": html_letter(letter_text("Surrey", 1)),
        "/documents/response-county-lines.pdf": Resource(pdf_bytes(letter_text("Surrey", 2)), "application/pdf"),
        "/documents/pcc-letter.docx": Resource(docx_bytes(letter_text("Surrey", 3)), "application/octet-stream"),
        "/documents/annual-report-2020.pdf": Resource(pdf_bytes("Annual report"), "application/pdf"),
        "/police-and-crime-plan/": html("Plan", "<p>Our plan.</p>"),
        "/private/response-draft.pdf": Resource(pdf_bytes(letter_text("Surrey", 9)), "application/pdf"),
    })
    other.routes.update({
        "/robots.txt": Resource(b"User-agent: *\nAllow: /\n", "text/plain"),
        "/files/response-peel.pdf": Resource(pdf_bytes(letter_text("Surrey", 4)), "application/pdf"),
        "/hmicfrs-news/": html("Elsewhere", "<a href='/files/elsewhere-response.pdf'>response</a>"),
    })


def _stored_paths(store):
    with store.engine.connect() as conn:
        return sorted(conn.execute(select(schema.documents.c.path)).scalars())


def test_first_collect_stores_each_response_with_its_url_and_no_other_page(make_site, settings, tmp_path):
    site, other = make_site(), make_site()
    build(site, other)
    with open_store(settings.database_url) as store:
        summary = collect(store, [site.url("/")], settings=settings, workers=1)
        paths = _stored_paths(store)
    assert paths == sorted([site.url("/news/pcc-response-county-lines/"),
                            site.url("/documents/response-county-lines.pdf"),
                            site.url("/documents/pcc-letter.docx"),
                            other.url("/files/response-peel.pdf")])
    assert summary.new == 4 and summary.stored == 4 and summary.failed == []
    assert [s.url for s in summary.skipped] == [site.url("/private/response-draft.pdf")]
    asked = site.paths()
    assert "/private/response-draft.pdf" not in asked          # robots.txt
    assert "/documents/annual-report-2020.pdf" not in asked    # not a response
    assert "/documents/peel-2019.pdf" not in asked             # the inspectorate's report
    assert "/police-and-crime-plan/" not in asked and "/vacancies/" not in asked
    assert other.paths() == ["/robots.txt", "/files/response-peel.pdf"]  # off-site: the document only


def test_collected_document_keeps_provenance_and_its_raw_bytes(make_site, settings):
    site, other = make_site(), make_site()
    build(site, other)
    with open_store(settings.database_url) as store:
        collect(store, [site.url("/")], settings=settings, workers=1)
        with store.engine.connect() as conn:
            row = conn.execute(select(schema.collected).where(
                schema.collected.c.url == site.url("/documents/pcc-letter.docx"))).mappings().one()
    assert row["linked_from"] == site.url("/hmicfrs-reports/")
    assert row["link_text"] == "PCC response letter (Word)"
    assert row["status"] == 200 and row["etag"] and row["format"] == "docx"
    assert bytes(row["content"]) == site.routes["/documents/pcc-letter.docx"].body
    assert row["ingest_status"] == "stored" and row["fetched_at"] is not None


def test_every_request_names_the_project_and_the_contact(site, settings):
    site.routes["/"] = html("x", "")
    with open_store(settings.database_url) as store:
        collect(store, [site.url("/")], settings=settings, workers=1)
    agents = {headers.get("user-agent") for _, headers in site.requests}
    assert agents == {"answerable/0.1 (section 55 response collector) contact: tests@example.invalid"}


def test_second_collect_makes_only_conditional_requests_and_stores_nothing_new(make_site, settings):
    site, other = make_site(), make_site()
    build(site, other)
    with open_store(settings.database_url) as store:
        collect(store, [site.url("/")], settings=settings, workers=1)
        before = (len(site.requests), len(other.requests))
        second = collect(store, [site.url("/")], settings=settings, workers=1)
        documents = len(_stored_paths(store))
    again = site.requests[before[0]:] + other.requests[before[1]:]
    assert second.new == 0 and second.changed == 0 and second.stored == 0
    assert second.unchanged == 4 and second.not_modified == second.requests == len(again) == 8
    assert documents == 4
    assert all("if-none-match" in headers for _, headers in again)


def test_crawl_in_a_child_process_while_ingesting_gives_the_same_store(make_site, settings):
    site, other = make_site(), make_site()
    build(site, other)
    with open_store(settings.database_url) as store:
        summary = collect(store, [site.url("/")], settings=settings, workers=2, overlap=True)
        paths = _stored_paths(store)
    assert (summary.new, summary.stored, summary.failed) == (4, 4, [])
    assert len(paths) == 4 and all(p.startswith("http://127.0.0.1:") for p in paths)


def test_reingest_rebuilds_the_records_from_the_kept_bytes_without_fetching(make_site, settings):
    from answerable.collect import reingest

    site, other = make_site(), make_site()
    build(site, other)
    with open_store(settings.database_url) as store:
        collect(store, [site.url("/")], settings=settings, workers=1)
        site.stop()
        other.stop()
        with store.engine.begin() as conn:
            conn.execute(schema.documents.delete())
        stored, failed = reingest(store, workers=1)
        paths = _stored_paths(store)
    assert (stored, failed) == (4, [])
    assert len(paths) == 4 and site.url("/documents/pcc-letter.docx") in paths


def test_a_sitemap_given_by_url_leads_to_the_responses_it_lists(site, settings):
    site.routes["/sitemap.xml"] = Resource(
        b'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>/news/pcc-response-to-hmicfrs-peel/</loc></url><url><loc>/news/summer-fete/</loc></url>"
        b"<url><loc>/docs/hmicfrs-response-letter.pdf</loc></url></urlset>", "application/xml")
    site.routes["/news/pcc-response-to-hmicfrs-peel/"] = html_letter(letter_text("Kent", 11))
    site.routes["/docs/hmicfrs-response-letter.pdf"] = Resource(pdf_bytes(letter_text("Kent", 12)), "application/pdf")
    site.routes["/news/summer-fete/"] = html("Fete", "<p>Fun</p>")
    with open_store(settings.database_url) as store:
        summary = collect(store, [site.url("/sitemap.xml")], settings=settings, workers=1)
    assert (summary.new, summary.stored, summary.failed) == (2, 2, [])
    assert "/news/summer-fete/" not in site.paths()


def test_the_crawl_stops_at_the_document_limit_of_the_rules(site, settings):
    import dataclasses

    from answerable.collect.rules import load_rules

    site.routes["/"] = html("HMICFRS", "".join(f"<a href='/r{i}.pdf'>PCC response {i}</a>" for i in range(5)))
    for i in range(5):
        site.routes[f"/r{i}.pdf"] = Resource(pdf_bytes(letter_text("Kent", i)), "application/pdf")
    with open_store(settings.database_url) as store:
        summary = collect(store, [site.url("/")], settings=settings, workers=1, ingest=False,
                          rules=dataclasses.replace(load_rules(), max_documents=2))
    assert summary.new == 2 and sum(p.endswith(".pdf") for p in site.paths()) == 2


def test_a_crawl_delay_in_robots_txt_spaces_the_requests_to_that_host(site, settings):
    import time

    site.routes["/robots.txt"] = Resource(b"User-agent: *\nCrawl-delay: 1\n", "text/plain")
    site.routes["/"] = html("HMICFRS", "<a href='/a/'>HMICFRS responses</a><a href='/b/'>HMICFRS responses 2</a>")
    site.routes["/a/"] = html("a", "")
    site.routes["/b/"] = html("b", "")
    began = time.monotonic()
    with open_store(settings.database_url) as store:
        collect(store, [site.url("/")], settings=settings, workers=1, ingest=False)
    assert time.monotonic() - began >= 2.0  # three requests one second apart (robots.txt is not paced)
    assert sorted(site.paths()) == ["/", "/a/", "/b/", "/robots.txt"]
