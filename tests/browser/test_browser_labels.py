"""No label is cut at 1024, 1440 or 1920 px (issue 27), measured in the DOM, not read off
screenshots: on every page of the local dashboard, no element whose text is cut off by its
box (text-overflow: ellipsis, or overflow hidden/clip) is narrower than its text, and no
chart draws a label that Vega shortened with "…" (Streamlit draws Altair charts as SVG, so
their text is in the DOM too).

Data grids (st.dataframe, st.data_editor) draw their cells on a canvas and scroll
sideways: they are left out here.
"""

from __future__ import annotations

import pytest
from browser_support import launch_browser, streamlit_server
from factories import NOW
from playwright.sync_api import Page, expect, sync_playwright

TIMEOUT = 90_000
WIDTHS = (1024, 1440, 1920)
PAGES = {"Screen": "Screen candidates", "Verification": "Verification", "Ranking": "Ranking",
         "Candidate": "Candidate", "Roles": "Roles", "Settings": "Settings",
         "Saved": "Saved screenings"}  # sidebar link -> the page's title

# Elements with text of their own whose box cuts it off: wider text than box while the
# box hides what overflows. Hidden elements (closed popovers, other tabs, text for screen
# readers only) are skipped.
CUT = """() => {
  const cut = [];
  const seen = new Set();
  const hides = el => { const style = getComputedStyle(el);
    return style.textOverflow === 'ellipsis' || ['hidden', 'clip'].includes(style.overflowX);
  };
  for (const el of document.querySelectorAll('[data-testid="stAppViewContainer"] *')) {
    if (el.closest('[data-testid="stDataFrame"], [data-testid="stDataFrameResizable"], '
                   + '[data-testid="stVegaLiteChart"], svg, canvas, textarea, input')) continue;
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 2 || box.height <= 2) continue;  // hidden, or for screen readers only
    // the text's own box or one of its nearest boxes may be the one that cuts it
    let box_ = el;
    for (let up = 0; up < 4 && box_ && box_ !== document.body; up++, box_ = box_.parentElement) {
      if (seen.has(box_) || !hides(box_)) continue;
      if (box_.scrollWidth > box_.clientWidth + 1) {
        seen.add(box_);
        cut.push({tag: box_.tagName, testid: box_.closest('[data-testid]')?.dataset.testid || '',
                  text: el.textContent.trim().slice(0, 80), scroll: box_.scrollWidth,
                  client: box_.clientWidth});
      }
    }
  }
  return cut;
}"""

# Chart text as Vega drew it: a label longer than its limit ends in "…".
CHART_TEXT = """() => Array.from(document.querySelectorAll(
  '[data-testid="stVegaLiteChart"] svg text')).map(t => t.textContent)"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = {"SCREENING_NOW": NOW.isoformat(),
           "SCREENING_DATA_DIR": str(tmp_path_factory.mktemp("data"))}
    with streamlit_server(env) as url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        yield browser, url
        browser.close()


def open_page(page: Page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name=PAGES[title], exact=True).first).to_be_visible(
        timeout=TIMEOUT)
    if title == "Ranking":  # every chart drawn, with its text
        charts = page.locator('[data-testid="stVegaLiteChart"]')
        expect(charts.nth(3).locator(".role-mark").first).to_be_attached(timeout=TIMEOUT)
    page.wait_for_timeout(1500)  # let the page settle to its width (charts resize)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_label_is_cut_on_any_page(server, width):
    browser, url = server
    page = browser.new_context(viewport={"width": width, "height": 1000}).new_page()
    page.goto(url)
    expect(page.get_by_text("Best fits")).to_be_visible(timeout=TIMEOUT)
    cut: dict[str, list[dict[str, object]]] = {}
    chart_texts = 0
    for title in PAGES:
        open_page(page, title)
        found = page.evaluate(CUT)
        if found:
            cut[title] = found
        texts = page.evaluate(CHART_TEXT)
        chart_texts += len(texts)
        shortened = [t for t in texts if t.rstrip().endswith("…")]
        if shortened:
            cut[f"{title} charts"] = [{"text": t} for t in shortened]
    assert cut == {}, "\n".join(f"{where}: {item}" for where, items in cut.items()
                                 for item in items)
    assert chart_texts > 50  # the Ranking page's charts were measured, not missed
    page.context.close()
