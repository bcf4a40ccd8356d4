"""A recruiter's whole day in Chromium: open the demo, start a new screening, upload a ZIP
of real-shaped credentials for named candidates, build a role with the form, rank,
shortlist two, add a note, open the card of a revoked credential and of an unknown issuer,
trust that issuer, save, and share — a hiring manager then sees the shortlist and notes.
Screenshots at 1024 and 1440 px wide go to SCREENSHOTS (`make screenshots` refreshes
docs/screenshots, which the README shows)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from browser_support import (
    SCREENSHOTS,
    choose,
    go,
    launch_browser,
    settle,
    shoot,
    streamlit_server,
)
from factories import NOW
from playwright.sync_api import Page, expect, sync_playwright

from screening.settings import SAMPLE_DIR

TIMEOUT = 120_000
CANDIDATES = SAMPLE_DIR / "candidates"
# real-shaped credentials from the sample issuers, filed under new named candidates
BUNDLE = {
    "Priya Shah/sql.json": CANDIDATES / "ada-lovelace" / "sql.json",
    "Priya Shah/python-data.json": CANDIDATES / "ada-lovelace" / "python-data.json",
    "Priya Shah/statistics.jwt": CANDIDATES / "ada-lovelace" / "statistics.jwt",
    "Tomás Ortega/sql.json": CANDIDATES / "katherine-johnson" / "sql.json",
    "Tomás Ortega/statistics.json": CANDIDATES / "katherine-johnson" / "statistics.json",
    "Lena Fischer/statistics-revoked.json": CANDIDATES / "grace-hopper" / "statistics-revoked.json",
    "Lena Fischer/python-data.json": CANDIDATES / "grace-hopper" / "python-data.json",
}


def bundle(tmp_path) -> str:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, source in BUNDLE.items():
            archive.writestr(name, source.read_bytes())
    path = tmp_path / "applicants-june.zip"
    path.write_bytes(buffer.getvalue())
    return str(path)








def fill(page: Page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True).first
    field.fill(value)
    field.press("Enter" if field.evaluate("e => e.tagName") == "INPUT" else "Tab")
    page.wait_for_timeout(400)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    env = {"SCREENING_NOW": NOW.isoformat(), "SCREENING_ACTOR": "recruiter",
           "SCREENING_DATA_DIR": str(tmp_path_factory.mktemp("data")),
           "SCREENING_DB_URL": "", "SCREENING_PUBLIC_URL": ""}
    with streamlit_server(env) as url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        tab = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
        tab.goto(url)
        tab.browser_handle = browser  # type: ignore[attr-defined]
        yield tab
        browser.close()


def test_the_demo_opens_then_a_new_screening_takes_a_zip(page, tmp_path):
    expect(page.get_by_text("Best fits")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("This is the demo screening")).to_be_visible()
    shoot(page, "screen")
    page.get_by_role("button", name="New screening").click()
    expect(page.get_by_text("No candidates yet")).to_be_visible(timeout=TIMEOUT)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(bundle(tmp_path))
    expect(page.get_by_text("applicants-june.zip")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Verify and add to the screening").click()
    expect(page.get_by_text(re.compile(r"^Added 7 credentials"))).to_be_visible(
        timeout=TIMEOUT)
    box = page.locator('[data-testid="stMetric"]', has_text="Candidates").first
    expect(box.locator('[data-testid="stMetricValue"]')).to_have_text("3", timeout=TIMEOUT)


def test_build_a_role_with_the_form(page):
    go(page, "Roles")
    fill(page, "Title", "Junior Data Analyst")
    for query in ("sql", "statistics"):
        fill(page, "Find a skill (ESCO)", query)
        page.get_by_role("button", name="Add as a requirement").click()
        page.wait_for_timeout(800)
    shoot(page, "roles")
    page.get_by_role("button", name="Save the role").click()
    expect(page.get_by_text(re.compile(r"Saved role version \d+ with 2 requirements"))
           ).to_be_visible(timeout=TIMEOUT)


def test_rank_and_shortlist_two(page):
    go(page, "Ranking")
    choose(page, "Job role", "Junior Data Analyst")
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(
        timeout=TIMEOUT)
    for name in ("Priya Shah", "Tomás Ortega"):
        choose(page, "Candidates", name)
    page.get_by_text("Shortlisted", exact=True).first.click()
    page.get_by_role("button", name="Apply to the chosen candidates").click()
    expect(page.get_by_text(re.compile(r"^Shortlisted: 2"))).to_be_visible(timeout=TIMEOUT)
    shoot(page, "ranking")


def test_add_a_note(page):
    go(page, "Candidate")
    choose(page, "Candidate", "Priya Shah")
    page.get_by_label(re.compile("^Notes")).fill("Strong SQL; ask about Python projects.")
    page.get_by_role("button", name="Save decision").click()
    settle(page)
    # the decision form, drawn again for the saved values, shows the note (while the old
    # form's element may still be on screen after the rerun: read the form by its key)
    expect(page.locator('[class*="st-key-decision_"] textarea').last).to_have_value(
        "Strong SQL; ask about Python projects.", timeout=TIMEOUT)
    shoot(page, "candidate")


def test_cards_of_a_revoked_credential_and_an_unknown_issuer_then_trust_it(page):
    go(page, "Verification")
    choose(page, "Show the card of", "Revoked")
    status = page.locator('[data-testid="stAlert"]', has_text="Revoked").first
    expect(status).to_be_visible(timeout=TIMEOUT)  # the card's status line
    shoot(page, "verification")
    choose(page, "Show the card of", "Issuer unknown")
    page.get_by_label("Organisation behind this issuer (as you know it)").fill(
        "Harbour Data School")
    page.get_by_role("button", name="Trust this issuer").click()
    expect(page.get_by_text(re.compile("known issuer: Harbour Data School")).first
           ).to_be_visible(timeout=TIMEOUT)


def test_save_and_share_the_shortlist(page):
    go(page, "Saved")
    fill(page, "Name", "Junior analysts, June")
    page.get_by_role("button", name="Save this screening").click()
    expect(page.get_by_text(re.compile(r"Saved 3 candidates"))).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Create share link").click()
    code = page.locator('[data-testid="stCode"]').first
    expect(code).to_be_visible(timeout=TIMEOUT)
    link = code.inner_text().strip()
    manager = page.browser_handle.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1440, "height": 1000}).new_page()
    manager.goto(link)
    expect(manager.get_by_role("heading", name="Shared screening")).to_be_visible(
        timeout=TIMEOUT)
    expect(manager.get_by_text("Junior analysts, June")).to_be_visible(timeout=TIMEOUT)
    assert manager.locator('[data-testid="stSidebarNav"]').count() == 0
    choose(manager, "Candidate", "Priya Shah")
    expect(manager.get_by_text("Decision: shortlisted")).to_be_visible(timeout=TIMEOUT)
    expect(manager.get_by_text("Notes: Strong SQL; ask about Python projects.")
           ).to_be_visible(timeout=TIMEOUT)
    shoot(manager, "shared")


def test_settings_turn_the_learned_suggestions_off(page):
    go(page, "Settings")
    switch = page.get_by_role("checkbox", name=re.compile("Suggest skills a credential"))
    expect(switch).to_be_checked(timeout=TIMEOUT)
    shoot(page, "settings")
    switch.uncheck(force=True)
    page.get_by_role("button", name="Apply scoring settings").click()
    expect(page.get_by_text("Scoring settings applied.")).to_be_visible(timeout=TIMEOUT)
    go(page, "Settings")  # drawn again from the session's configuration
    expect(page.get_by_role("checkbox", name=re.compile("Suggest skills a credential"))
           ).not_to_be_checked(timeout=TIMEOUT)
