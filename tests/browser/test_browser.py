"""End to end in a real browser: `streamlit run` on 127.0.0.1, Debian's Chromium headless.

Uploads real files (a ZIP bundle and a credential whose name is an XSS attempt), checks
that the ranking appears with the new candidates, that the hostile text stayed inert, and
saves the screenshots the README shows.
"""

from __future__ import annotations

import json
import re

import pytest
from browser_support import SCREENSHOTS, launch_browser, streamlit_server
from factories import NOW, UNIVERSITY, open_badge
from playwright.sync_api import Page, expect, sync_playwright

from screening.settings import SAMPLE_DIR
from screening.testing.signing import sign

EVIL = "**x** <img src=x onerror=alert(1)> [link](javascript:alert(1))"
TIMEOUT = 90_000


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    env = {"SCREENING_NOW": NOW.isoformat(),
           "SCREENING_DATA_DIR": str(tmp_path_factory.mktemp("data"))}
    with streamlit_server(env) as url, \
            sync_playwright() as playwright:
        browser = launch_browser(playwright)
        context = browser.new_context(viewport={"width": 1440, "height": 2000})
        tab = context.new_page()
        dialogs: list[str] = []
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        tab.goto(url)
        tab.dialogs = dialogs  # type: ignore[attr-defined]
        tab.base_url = url  # type: ignore[attr-defined]
        yield tab
        browser.close()


def metric_value(page: Page, label: str):
    box = page.locator('[data-testid="stMetric"]', has_text=label).first
    return box.locator('[data-testid="stMetricValue"]')


def metric(page: Page, label: str) -> int:
    return int(metric_value(page, label).inner_text())


def open_page(page: Page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
    page.wait_for_load_state("networkidle")


def test_screen_page_opens_on_samples(page):
    expect(page.get_by_text("Best fits")).to_be_visible(timeout=TIMEOUT)
    assert metric(page, "Candidates") >= 8
    page.screenshot(path=str(SCREENSHOTS / "screen.png"), full_page=True)


def test_ranking_page_shows_charts_and_table(page):
    open_page(page, "Ranking")
    expect(page.get_by_text(re.compile(r"^Scored \d{4}-"))).to_be_visible(timeout=TIMEOUT)
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(
        timeout=TIMEOUT)
    # fit, coverage, gaps and verification mix, one below the other: wait for the last
    expect(page.locator('[data-testid="stVegaLiteChart"]').nth(3)).to_be_attached(
        timeout=TIMEOUT)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(1500)  # let the charts finish drawing before the screenshot
    page.screenshot(path=str(SCREENSHOTS / "ranking.png"), full_page=True)


def test_verification_page_shows_a_card(page):
    open_page(page, "Verification")
    expect(page.get_by_text("Show the card of")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SCREENSHOTS / "verification.png"), full_page=True)


def test_candidate_page(page):
    open_page(page, "Candidate")
    expect(page.get_by_text("Evidence per requirement")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(SCREENSHOTS / "candidate.png"), full_page=True)


def test_upload_starts_a_screening_of_its_own_and_hostile_text_stays_inert(page, tmp_path):
    """Uploading while the demo is open starts a new screening (the demo never mixes with
    real candidates); a credential named like an XSS attack stays plain text."""
    open_page(page, "Screen")
    evil = tmp_path / "evil.json"
    evil.write_text(json.dumps(sign(open_badge(name=EVIL), UNIVERSITY)))
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(SAMPLE_DIR / "uploads" / "new-applicants.zip"), str(evil)])
    expect(page.get_by_text("new-applicants.zip")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Verify and add to the screening").click()
    expect(page.get_by_text(re.compile(r"^Added \d+ credentials?"))).to_be_visible(
        timeout=TIMEOUT)
    # Joan Clarke and John von Neumann from the bundle, and the evil credential's subject;
    # the page may still be redrawing: wait for the count rather than read it once
    expect(metric_value(page, "Candidates")).to_have_text("3", timeout=TIMEOUT)
    for title in ("Verification", "Candidate", "Ranking"):
        open_page(page, title)
        page.wait_for_timeout(1500)
        assert page.locator('img[src="x"]').count() == 0
        assert page.locator('a[href^="javascript:"]').count() == 0
        assert page.locator("strong", has_text="x").count() == 0
    assert page.dialogs == []
