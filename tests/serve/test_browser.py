"""Real Chromium (Debian's, through Playwright) against a real uvicorn server on loopback."""

from __future__ import annotations

import pytest

from serve_helpers import EDITOR, KENT_TEXT, PASSWORD, ServerThread, make_settings

pytestmark = pytest.mark.browser

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

DRAFT = """Office of the Police and Crime Commissioner for Kent

2 February 2024

Dear Home Secretary

This fictional draft responds to the Lamplight Review (fictional). I welcome the review and I will
ask the Chief Constable to keep a lantern log.

Yours sincerely

Ada Lumen
Police and Crime Commissioner for Kent
"""


@pytest.fixture(scope="module")
def server(app):
    with ServerThread(app) as running:
        yield running


@pytest.fixture(scope="module")
def browser(chromium_path, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, app):
    app.state.ctx.limiter.clear()
    context = browser.new_context()
    context.set_default_timeout(10_000)
    opened = context.new_page()
    yield opened
    context.close()


def _span_id(words: str) -> str:
    start = KENT_TEXT.index(words)
    return f"ev-{start}-{start + len(words)}"


def test_clicking_a_finding_highlights_its_evidence(page, server, served):
    page.goto(f"{server.url}/responses/{served['ids']['kent']}")
    target = page.locator(f"mark#{_span_id('I am concerned that lamp counts are not yet published.')}")
    assert "active" not in (target.get_attribute("class") or "")
    page.locator("a.finding-link", has_text="recommendations").click()
    page.wait_for_function("el => el.classList.contains('active')", arg=target.element_handle())
    assert target.is_visible()
    assert page.locator("mark.ev.active").count() == 1
    # a field works the same way, and replaces the previous highlight
    page.locator("a.field-link", has_text="Ada Lumen").click()
    author = page.locator(f"mark#{_span_id('Ada Lumen')}")
    page.wait_for_function("el => el.classList.contains('active')", arg=author.element_handle())
    assert "active" not in target.get_attribute("class")


def test_letter_script_does_not_run(page, server, served):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server.url}/responses/{served['ids']['dorset']}")
    assert '<script>alert("pwned")</script>' in page.locator("#letter").inner_text()
    assert dialogs == []


def test_uploading_a_draft_shows_its_findings(page, server, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    page.goto(f"{server.url}/check")
    page.set_input_files("input[name=file]", str(draft))
    # the first upload starts the audit fork server (seconds on a busy machine)
    page.click("#check-form button[type=submit]", timeout=60_000)
    page.wait_for_selector("#result", timeout=60_000)
    assert page.locator("ol.findings li.finding").count() >= 1
    assert "lantern log" in page.locator("#letter").inner_text()


def test_sign_in_change_a_commitment_then_sign_out_and_be_refused(page, server):
    page.goto(f"{server.url}/commitments")
    assert page.locator("form.edit-commitment").count() == 0
    page.click("#sign-in")
    page.fill("input[name=name]", EDITOR)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"{server.url}/commitments")
    row = page.locator("tr", has_text="lamp counts from 2099")
    row.locator("select[name=status]").select_option("done")
    row.locator("input[name=note]").fill("counted (fictional)")
    row.locator("button[type=submit]").click()
    row.locator(".form-message", has_text="Saved.").wait_for()
    assert row.locator("td.c-status").get_attribute("data-status") == "done"
    page.reload()  # saved in the store, not only on the page
    row = page.locator("tr", has_text="lamp counts from 2099")
    assert row.locator("td.c-status").get_attribute("data-status") == "done"
    assert "counted (fictional)" in row.text_content()  # in the change history

    commitment_id = row.get_attribute("id").removeprefix("c")
    page.click("#sign-out")
    page.wait_for_selector("#sign-in")
    page.goto(f"{server.url}/commitments")
    assert page.locator("form.edit-commitment").count() == 0
    status = page.evaluate("""async (id) => {
        const token = document.querySelector('meta[name=csrf-token]').content;
        const body = new URLSearchParams({status: 'open', csrf_token: token});
        const r = await fetch('/commitments/' + id, {method: 'POST', body, headers: {accept: 'application/json'}});
        return [r.status, (await r.json()).error.code];
    }""", commitment_id)
    assert status == [401, "not_authenticated"]
    row = page.locator("tr", has_text="lamp counts from 2099")
    assert row.locator("td.c-status").get_attribute("data-status") == "done"


def test_without_javascript_a_finding_link_still_marks_its_evidence(browser, server, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/responses/{served['ids']['kent']}")
        page.locator("a.finding-link", has_text="recommendations").click()
        evidence = _span_id("I am concerned that lamp counts are not yet published.")
        assert page.url.endswith(f"#{evidence}")
        outline = page.locator(f"mark#{evidence}").evaluate("el => getComputedStyle(el).outlineStyle")
        assert outline == "solid"  # CSS :target
        assert page.locator("mark.ev.active").count() == 0  # no script ran
    finally:
        context.close()


def test_every_page_loads_without_console_errors_or_blocked_resources(page, server, served):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    failed = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    for path in ["/", "/reports", "/reports/lamplight-review", "/responses", f"/responses/{served['ids']['kent']}",
                 "/search?q=lamp", "/commitments", "/check", "/login", "/api/v1/docs"]:
        response = page.goto(server.url + path)
        assert response.status == 200, path
        assert page.locator("link[rel=stylesheet]").count() == 1
        assert page.evaluate("getComputedStyle(document.body).margin") == "0px", path  # the CSS applied
    assert errors == [] and failed == []
