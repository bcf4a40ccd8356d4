"""A recruiter's inbox in Chromium (issue 24): for one candidate, a PDF certificate signed
by a school whose certificate authority is not on the recruiter's list, a PDF whose only
proof is a QR code, and a link copied from Credly's "Show credential" button. Each becomes
a card with a plain status and the skills it evidences, on the Ranking and Candidate
pages. Screenshots at 1024 and 1440 px wide go to SCREENSHOTS (inbox-1024.png,
inbox-1440.png; `make screenshots` refreshes docs/screenshots).

Nothing reaches the network: the app runs offline, the QR code's link is one the sample
issuers' seed cache serves, and Credly's answer (its Open Badges 2.0 hosted assertion,
badge class and issuer, recorded here) is supplied on the Settings page, the app's own way
of giving it a document it cannot fetch."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from browser_support import SCREENSHOTS, choose, go, launch_browser, shoot, streamlit_server
from factories import NOW
from playwright.sync_api import Page, expect, sync_playwright

from screening.settings import SAMPLE_DIR
from screening.testing import pdfs
from screening.testing.certificates import make_ca, make_leaf

TIMEOUT = 120_000
CANDIDATE = "Mary Jackson"
QR_PDF = SAMPLE_DIR / "uploads" / "inbox" / "mary-jackson" / "python-certificate-qr.pdf"
CREDLY_ID = "5c2d6f0e-8b1a-4c3e-9f2d-7a6b5c4d3e21"
CREDLY_PAGE = f"https://www.credly.com/badges/{CREDLY_ID}/public_url"
ASSERTION = f"https://api.credly.com/v1/obi/v2/badge_assertions/{CREDLY_ID}"
BADGE_CLASS = "https://api.credly.com/v1/obi/v2/badge_classes/3e0a9b7c"
ISSUER = "https://api.credly.com/v1/obi/v2/issuers/81d4c2aa"
OB2 = "https://w3id.org/openbadges/v2"
CREDLY = {  # what Credly's API answers for the badge (recorded shape, invented badge)
    ASSERTION: {"@context": OB2, "type": "Assertion", "id": ASSERTION, "badge": BADGE_CLASS,
                "issuedOn": "2025-04-02T00:00:00Z", "verification": {"type": "hosted"},
                "recipient": {"type": "email", "hashed": False,
                              "identity": "mary@example.com"}},
    BADGE_CLASS: {"@context": OB2, "type": "BadgeClass", "id": BADGE_CLASS,
                  "name": "Applied Statistics", "issuer": ISSUER,
                  "description": "Sampling, regression and hypothesis tests on business "
                                 "data.", "criteria": {"narrative": "A proctored exam."}},
    ISSUER: {"@context": OB2, "type": "Issuer", "id": ISSUER,
             "name": "Harbour Analytics Academy"},
}


def signed_certificate() -> bytes:
    """A PDF certificate signed by Harbour Data School, whose CA is not on the list."""
    ca = make_ca("Harbour Data School Issuing CA", organisation="Harbour Data School")
    signer = make_leaf(ca, "Certificates Office", organisation="Harbour Data School",
                       not_before=datetime(2024, 1, 1, tzinfo=UTC))
    text = pdfs.make_pdf(["Harbour Data School", "Certificate: SQL for Analysts",
                          f"awarded to {CANDIDATE}", "12 May 2025"])
    return pdfs.sign_pdf(text, signer, chain=[ca],
                         signing_time=datetime(2025, 5, 12, 10, 0, tzinfo=UTC))








@pytest.fixture(scope="module")
def signed_pdf(tmp_path_factory):
    """Signed before the browser starts: pyhanko signs in an event loop of its own, which
    cannot run inside Playwright's."""
    path = tmp_path_factory.mktemp("inbox") / "sql-certificate-signed.pdf"
    path.write_bytes(signed_certificate())
    return path


@pytest.fixture(scope="module")
def page(tmp_path_factory, signed_pdf):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    env = {"SCREENING_NOW": NOW.isoformat(), "SCREENING_ACTOR": "recruiter",
           "SCREENING_DATA_DIR": str(tmp_path_factory.mktemp("data")),
           "SCREENING_DB_URL": "", "SCREENING_PUBLIC_URL": "", "SCREENING_OFFLINE": "1"}
    with streamlit_server(env) as url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        tab = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
        tab.goto(url)
        yield tab
        browser.close()


def test_credly_answers_through_documents_supplied_in_settings(page, tmp_path):
    expect(page.get_by_text("Best fits")).to_be_visible(timeout=TIMEOUT)
    go(page, "Settings")
    for number, (url, document) in enumerate(CREDLY.items()):
        path = tmp_path / f"credly-{number}.json"
        path.write_text(json.dumps(document))
        page.get_by_label("Address (URL) the credential names").fill(url)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').last.set_input_files(
            str(path))
        expect(page.get_by_role("button", name=f"Remove {path.name}")).to_be_visible(
            timeout=TIMEOUT)
        page.get_by_role("button", name="Use this document and re-verify").click()
        expect(page.get_by_text(re.compile("^Document added"))).to_be_visible(
            timeout=TIMEOUT)


def test_a_signed_pdf_a_qr_pdf_and_a_credly_link_for_one_candidate(page, signed_pdf):
    go(page, "Screen")
    page.get_by_role("button", name="New screening").click()
    expect(page.get_by_text("No candidates yet")).to_be_visible(timeout=TIMEOUT)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(signed_pdf), str(QR_PDF)])
    expect(page.get_by_role("button", name=f"Remove {QR_PDF.name}")).to_be_visible(
        timeout=TIMEOUT)
    page.get_by_label("…or paste credential links, one per line").fill(CREDLY_PAGE)
    page.get_by_label(re.compile("^Candidate these belong to")).fill(CANDIDATE)
    page.get_by_role("button", name="Verify and add to the screening").click()
    expect(page.get_by_text(re.compile(r"^Added 4 credentials"))).to_be_visible(
        timeout=TIMEOUT)


def test_the_ranking_shows_the_skills_they_evidence(page):
    go(page, "Ranking")
    choose(page, "Job role", "Data Analyst")
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(
        timeout=TIMEOUT)
    # the coverage chart in words: each required skill has evidence from Mary's cards
    summary = page.get_by_text(re.compile("^Candidates with verified evidence per skill"))
    expect(summary).to_be_visible(timeout=TIMEOUT)
    for skill in ("SQL", "Python or R for data analysis", "Statistics"):
        expect(summary).to_contain_text(f"{skill} (required): 1 of 1")
    shoot(page, "inbox-ranking")


def card(page: Page, title: str):
    """A compact credential card on the Candidate page, by its title."""
    return page.locator('[class*="st-key-live_credential_"]').filter(
        has=page.get_by_text(title, exact=True)).first


def test_three_cards_with_plain_statuses(page):
    """Each compact card leads with its plain status and names the skills it evidences;
    the signed PDF's issuer is its signer, and nobody offers to trust a signer whose
    certificate authority is not listed as a known issuer (that list would not change
    what its status says)."""
    go(page, "Candidate")
    choose(page, "Candidate", CANDIDATE)
    cards = {"Signed PDF": ("Signer not on your list", "SQL"),
             "Data Analysis with Python": ("Verified", "Python or R for data analysis"),
             "Applied Statistics": ("Issuer unknown", "Statistics")}
    for name, (status, skill) in cards.items():
        shown = card(page, name)
        expect(shown).to_contain_text(status, timeout=TIMEOUT)
        expect(shown).to_contain_text(re.compile(rf"Evidence for: [^\n]*{re.escape(skill)}"))
    card(page, "Signed PDF").get_by_role("button", name=re.compile("^Every check")).click()
    expect(page.get_by_text("Issuer: Harbour Data School, who signed the document")
           ).to_be_visible(timeout=TIMEOUT)
    assert page.get_by_role("button", name="Trust this issuer").count() == 0
    page.keyboard.press("Escape")
    shoot(page, "inbox")
