"""The Ranking page's charts in a real browser at 1024, 1440 and 1920 px: none empty, none
clipped, every axis labelled, every heatmap column labelled.

Streamlit draws an Altair chart as SVG (below 2,000 data points), so the test reads the
rendered SVG: Vega gives axis labels the class `role-axis-label` and data marks
`role-mark`. Screenshots `ranking-<width>.png` go to SCREENSHOTS.
"""

from __future__ import annotations

import re

import pytest
from browser_support import SCREENSHOTS, launch_browser, streamlit_server
from factories import NOW
from playwright.sync_api import Page, expect, sync_playwright
from wcag import contrast

from screening.present.charts import column_labels
from screening.session.samples import sample_roles

TIMEOUT = 90_000
WIDTHS = (1024, 1440, 1920)
CHARTS = 4  # fit, coverage, gaps, verification mix

MEASURE = """charts => charts.map(chart => {
  const svg = chart.querySelector('svg');
  if (!svg) return {svg: false, canvas: chart.querySelectorAll('canvas').length};
  const box = svg.getBoundingClientRect();
  const texts = sel => Array.from(svg.querySelectorAll(sel + ' text'));
  const inside = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.left >= box.left - 1 && r.right <= box.right + 1
      && r.top >= box.top - 1 && r.bottom <= box.bottom + 1; };
  const axes = Array.from(svg.querySelectorAll('.role-axis')).map(axis => ({
    labels: Array.from(axis.querySelectorAll('.role-axis-label text')).map(t => t.textContent),
    clipped: Array.from(axis.querySelectorAll('.role-axis-label text')).filter(t => !inside(t))
      .map(t => t.textContent),
  }));
  const titles = Array.from(svg.querySelectorAll('.role-axis-title text, .role-title-text'))
    .map(t => t.textContent);
  const plot = Math.max(0, ...Array.from(svg.querySelectorAll('.role-axis')).map(axis => {
    const r = Array.from(axis.querySelectorAll('.role-axis-label text'))
      .map(t => t.getBoundingClientRect());
    return r.length ? Math.max(...r.map(b => b.right)) - Math.min(...r.map(b => b.left)) : 0;
  }));  // the widest axis's span: how much room the marks have
  const fills = Array.from(new Set(Array.from(svg.querySelectorAll(
    '.role-axis-label text, .role-axis-title text, .role-legend-label text, .role-title-text'))
    .map(t => getComputedStyle(t).fill))).filter(f => f !== 'none');
  const marks = Array.from(svg.querySelectorAll('.role-mark path, .role-mark rect'));
  return {svg: true, width: box.width, height: box.height, right: box.right,
          axes: axes, marks: marks.length, titles: titles, plot: plot, fills: fills,
          markText: texts('.role-mark').map(t => t.textContent),
          clippedText: texts('.role-mark').filter(t => !inside(t)).map(t => t.textContent)};
})"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    env = {"SCREENING_NOW": NOW.isoformat(),
           "SCREENING_DATA_DIR": str(tmp_path_factory.mktemp("data"))}
    with streamlit_server(env) as url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        yield browser, url
        browser.close()


def hex_colour(css: str) -> str:
    """'rgb(31, 35, 40)' -> '#1f2328' (an opaque colour, as Vega draws its text)."""
    numbers = [int(n) for n in re.findall(r"\d+", css)[:3]]
    assert len(numbers) == 3 and "rgba" not in css, css
    return "#" + "".join(f"{n:02x}" for n in numbers)


def ranking_page(server, width: int) -> Page:
    browser, url = server
    page = browser.new_context(viewport={"width": width, "height": 3400}).new_page()
    page.goto(url)  # the app's own navigation, as a recruiter would
    expect(page.get_by_text("Best fits")).to_be_visible(timeout=TIMEOUT)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Ranking").first.click()
    expect(page.get_by_text(re.compile(r"^Scored \d{4}-"))).to_be_visible(timeout=TIMEOUT)
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts.nth(CHARTS - 1)).to_be_visible(timeout=TIMEOUT)
    for n in range(CHARTS):
        expect(charts.nth(n).locator(".role-mark").first).to_be_attached(timeout=TIMEOUT)
    page.wait_for_timeout(1500)  # let Vega finish its resize to the column width
    return page


def role_of(page: Page):
    shown = page.get_by_text(re.compile(r"^Role: ")).first.inner_text()
    role_id = re.search(r"\(([^()]+)\), \d+ requirements", shown)
    assert role_id, shown
    return sample_roles()[role_id.group(1)]


@pytest.mark.parametrize("width", WIDTHS)
def test_ranking_charts_are_whole_and_labelled(server, width):
    page = ranking_page(server, width)
    page.screenshot(path=str(SCREENSHOTS / f"charts-{width}.png"), full_page=True)
    measured = page.locator('[data-testid="stVegaLiteChart"]').evaluate_all(MEASURE)
    assert len(measured) == CHARTS
    for chart in measured:
        assert chart["svg"], chart  # SVG, so a reader and this test can see its text
        assert chart["width"] > 200 and chart["height"] > 100, chart
        assert chart["right"] <= width, chart  # nothing runs off the page
        assert chart["marks"] > 0, chart
        # an x and a y axis with labels (Vega draws the grid as an axis without any)
        assert sum(1 for axis in chart["axes"] if axis["labels"]) >= 2, chart
        assert all(not axis["clipped"] for axis in chart["axes"]), chart
        assert chart["clippedText"] == [], chart  # bar and cell labels are whole
        assert chart["plot"] >= 0.4 * chart["width"], chart  # room for the bars
        assert chart["titles"] and not any(t.endswith("…") for t in chart["titles"]), chart
        for fill in chart["fills"]:  # axis, legend and title text as drawn, theme and all
            assert contrast(hex_colour(fill)) >= 4.5, (fill, chart)

    fit, coverage, gaps, mix = measured
    candidates = next(axis["labels"] for axis in fit["axes"]
                      if axis["labels"] and not axis["labels"][0].isdigit())
    assert len(candidates) >= 8 and len(set(candidates)) == len(candidates)
    assert not any(name.endswith("…") for name in candidates)  # names are never cut
    assert all(re.fullmatch(r"\d+\.\d · .+", text) for text in fit["markText"])
    assert len(fit["markText"]) == len(candidates)  # one label per bar

    role = role_of(page)
    # a wrapped label's lines are tspans of one text element: its text is the lines joined
    expected = {label.replace("\n", "") for label in
                column_labels([r.label for r in role.requirements]).values()}
    assert any(set(axis["labels"]) == expected for axis in coverage["axes"]), (
        expected, coverage["axes"])
    assert any(set(axis["labels"]) >= set(candidates) for axis in coverage["axes"])
    assert len(coverage["markText"]) == len(expected) * len(candidates)  # a word per cell
    assert any(axis["labels"] for axis in gaps["axes"]) and gaps["markText"]
    assert mix["markText"]
    page.context.close()


def test_every_chart_has_its_text_alternative(server):
    page = ranking_page(server, 1440)
    summary = page.get_by_text(re.compile(r"^\d+ candidates? ranked by fit"))
    expect(summary).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(re.compile(r"^Candidates with verified evidence per skill"))
           ).to_be_visible()
    expect(page.get_by_text(re.compile(r"^(Candidates without verified evidence, per skill|Every "
                                       r"candidate has verified evidence)"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^\d+ credentials? of \d+ candidates?"))
           ).to_be_visible()
    labels = page.locator('[data-testid="stVegaLiteChart"] [aria-label], '
                          '[data-testid="stVegaLiteChart"][aria-label]')
    assert labels.count() >= CHARTS
    page.context.close()
