"""Accessibility (WCAG 2.1 AA) of every page and the shared view, measured by axe-core.

axe-core comes from npm (tests/package.json, installed into tests/node_modules by
`make test` / `make axe`); its axe.min.js is injected into each page after it has drawn.

What counts as the app's content: axe runs on Streamlit's main area
(`[data-testid="stMain"]`), minus Streamlit's own chrome, which the app does not write and
cannot change: the header and toolbar, the status widget, the decoration bar and the
sidebar's navigation (see CHROME). Inside the main area every element is drawn from the
app's calls (titles, captions, charts, tables, widgets with the app's labels), and the
app controls its look through the theme (.streamlit/config.toml) and the chart colours.
The test fails on any serious or critical violation there; moderate and minor ones are
printed (pytest -s / -rA) so they stay visible.
"""

from __future__ import annotations

import json

import pytest
from browser_support import ROOT, launch_browser, streamlit_server
from factories import NOW
from playwright.sync_api import Page, expect, sync_playwright

from screening.matching.scoring import DEFAULT_CONFIG
from screening.session.samples import sample_pool, sample_roles
from screening.session.saved import save_current
from screening.session.workspace import snapshot_of
from screening.store import open_store

AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
TIMEOUT = 90_000
PAGES = ["Screen", "Verification", "Ranking", "Candidate", "Roles", "Saved", "Settings"]
CHROME = ['[data-testid="stHeader"]', '[data-testid="stToolbar"]',
          '[data-testid="stStatusWidget"]', '[data-testid="stDecoration"]',
          '[data-testid="stSidebarNav"]']
FAILING = {"serious", "critical"}

RUN = """async ([include, exclude]) => {
  const result = await axe.run({include: include, exclude: exclude},
                               {resultTypes: ['violations'],
                                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',
                                                                'wcag21aa', 'best-practice']}});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                              summary: (n.failureSummary || '').slice(0, 300)}))}));
}"""


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make axe` (npm ci --prefix tests)")
    data = tmp_path_factory.mktemp("store")
    link = _shared_link(data)
    env = {"SCREENING_NOW": NOW.isoformat(), "SCREENING_DATA_DIR": str(data),
           "SCREENING_DB_URL": "", "SCREENING_PUBLIC_URL": ""}
    with streamlit_server(env) as url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        yield browser, url, link
        browser.close()


def _shared_link(data) -> str:
    """A share link to the saved sample screening, made through the library."""
    pool = sample_pool(NOW)
    role = sample_roles()["data-analyst"]
    snapshot = snapshot_of(pool, role, DEFAULT_CONFIG, NOW)
    store = open_store(data_dir=data)
    saved = save_current(store, "Data analysts", pool, snapshot, role, DEFAULT_CONFIG,
                         "recruiter", NOW)
    assert saved.latest_snapshot_id
    token, _ = store.create_share_link(saved.latest_snapshot_id, "recruiter", NOW)
    return token


@pytest.fixture(scope="module")
def recruiter(app) -> Page:
    browser, url, _ = app
    page = browser.new_context(viewport={"width": 1440, "height": 2000}).new_page()
    page.goto(url)
    expect(page.get_by_text("Best fits")).to_be_visible(timeout=TIMEOUT)
    return page


def audit(page: Page, name: str) -> list[dict]:
    """axe's violations in the app's content; the serious and critical ones returned."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(2500)  # charts and grids finish drawing
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN, [['[data-testid="stMain"]'], CHROME])
    for v in violations:
        print(f"axe {name}: {v['impact']} {v['id']} ({len(v['nodes'])}): {v['help']}")
    return [v for v in violations if v["impact"] in FAILING]


@pytest.mark.parametrize("title", PAGES)
def test_page_has_no_serious_violations(recruiter, title):
    recruiter.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
    expect(recruiter.get_by_role("heading", level=1).first).to_be_visible(timeout=TIMEOUT)
    found = audit(recruiter, title)
    assert found == [], json.dumps(found, indent=1)


def test_shared_view_has_no_serious_violations(app):
    browser, url, token = app
    page = browser.new_context(viewport={"width": 1440, "height": 2000}).new_page()
    page.goto(f"{url}/?share={token}")
    expect(page.get_by_role("heading", name="Shared screening")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(
        timeout=TIMEOUT)
    found = audit(page, "shared view")
    assert found == [], json.dumps(found, indent=1)
    page.context.close()


def test_axe_sees_a_violation_when_there_is_one(recruiter):
    """The harness itself: a low-contrast paragraph put into the app's area is reported.
    It goes first in the area and in view: axe leaves contrast undecided ("incomplete")
    for text below a page taller than the viewport."""
    recruiter.evaluate("""() => { const p = document.createElement('p');
        p.textContent = 'faint'; p.style.color = '#cccccc';
        document.querySelector('[data-testid="stMain"]').prepend(p);
        window.scrollTo(0, 0); }""")
    found = audit(recruiter, "planted")
    assert any(v["id"] == "color-contrast" for v in found)
