"""Sharing end to end in a real browser: a recruiter saves the screening and creates a link;
a hiring manager in a second browser context opens it read-only; the recruiter revokes it
and the manager's reload shows the generic message. The downloaded HTML report then opens
from file:// with every network request aborted and lists the same ranking.

Saves docs/screenshots/shared.png. The store lives in a temp SCREENING_DATA_DIR.
"""

from __future__ import annotations

import html
import re

import pytest
from browser_support import SCREENSHOTS, local_instance, recruiter_page
from playwright.sync_api import Browser, Page, expect

TIMEOUT = 90_000
INVALID = "This link cannot be opened. It may have expired or been revoked"
VIEWPORT = {"width": 1440, "height": 2000}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with local_instance(tmp_path_factory.mktemp("store")) as (browser, url):
        yield browser, url


@pytest.fixture(scope="module")
def recruiter(app) -> Page:
    browser, url = app
    page = recruiter_page(browser, url, VIEWPORT)
    return page


@pytest.fixture(scope="module")
def state() -> dict:
    return {}


def grid_column(page: Page, column: int, rows: int) -> list[str]:
    """Cells of one column of the first dataframe (its accessible table, not the canvas)."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    return [grid.locator(f'[data-testid="glide-cell-{column}-{row}"]').inner_text().strip()
            for row in range(rows)]


def test_recruiter_saves_and_creates_a_link(app, recruiter, state):
    _, url = app
    recruiter.locator('[data-testid="stSidebarNav"] a', has_text="Saved").first.click()
    save = recruiter.get_by_role("button", name="Save this screening")
    expect(save).to_be_enabled(timeout=TIMEOUT)
    recruiter.get_by_label("Name").fill("Data analysts, June")
    save.click()
    expect(recruiter.get_by_text("Saved 10 candidates")).to_be_visible(timeout=TIMEOUT)
    recruiter.get_by_role("button", name="Create share link").click()
    code = recruiter.locator('[data-testid="stCode"]').first
    expect(code).to_be_visible(timeout=TIMEOUT)
    link = code.inner_text().strip()
    assert re.fullmatch(re.escape(url) + r"/\?share=[A-Za-z0-9_-]{43}", link), link
    state["link"] = link


def test_second_context_sees_the_read_only_ranking(app, state):
    browser, _ = app
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    manager = context.new_page()
    manager.goto(state["link"])
    expect(manager.get_by_role("heading", name="Shared screening")).to_be_visible(
        timeout=TIMEOUT)
    expect(manager.get_by_text("Data analysts, June")).to_be_visible(timeout=TIMEOUT)
    expect(manager.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=TIMEOUT)
    expect(manager.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(
        timeout=TIMEOUT)
    assert manager.locator('[data-testid="stSidebarNav"]').count() == 0
    assert manager.locator('[data-testid="stFileUploader"]').count() == 0
    assert manager.get_by_text("Settings", exact=True).count() == 0
    assert manager.get_by_text("Screen candidates").count() == 0
    order = grid_column(manager, 1, 10)
    assert order[0] == "Ada Lovelace" and len(set(order)) == 10
    state["order"] = order
    manager.wait_for_timeout(1500)  # let the charts finish drawing before the screenshot
    manager.screenshot(path=str(SCREENSHOTS / "shared.png"), full_page=True)

    with manager.expect_download(timeout=TIMEOUT) as download:
        manager.get_by_role("button", name="Download the report (HTML)").click()
    state["report"] = download.value.path().read_text(encoding="utf-8")
    state["manager"] = manager


def test_revoked_link_shows_the_generic_message(recruiter, state):
    recruiter.get_by_role("button", name="Revoke link").click()
    expect(recruiter.get_by_text("Link revoked")).to_be_visible(timeout=TIMEOUT)
    manager: Page = state["manager"]
    manager.reload()
    expect(manager.get_by_text(INVALID)).to_be_visible(timeout=TIMEOUT)
    manager.wait_for_timeout(1000)
    assert manager.locator('[data-testid="stDataFrame"]').count() == 0
    assert manager.locator('[data-testid="stSidebarNav"]').count() == 0
    assert manager.get_by_role("heading", name="Shared screening").count() == 0


def test_html_report_renders_offline_in_the_same_order(app, state, tmp_path):
    browser: Browser = app[0]
    report = tmp_path / "report.html"
    report.write_text(state["report"], encoding="utf-8")
    context = browser.new_context(viewport=VIEWPORT, offline=True)
    aborted: list[str] = []

    def only_the_file(route) -> None:  # the report itself loads; every other request fails
        if route.request.url == report.as_uri():
            route.continue_()
        else:
            aborted.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_file)
    page = context.new_page()
    page.goto(report.as_uri())
    expect(page.locator("#ranking")).to_be_visible(timeout=TIMEOUT)
    shown = page.locator("#ranking td.candidate").all_inner_texts()
    assert shown == state["order"]
    assert page.locator("svg").count() >= 4
    assert page.locator("script").count() == 0
    page.wait_for_timeout(500)
    assert aborted == []  # it asked for nothing
    assert html.escape("Data Analyst") in state["report"]
    context.close()
