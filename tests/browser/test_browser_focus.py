"""Keyboard focus on the sidebar's page links is visible (issue 27 P2; WCAG 2.4.7 and
1.4.11): tabbing onto each link draws an outline of at least 3:1 against the sidebar and
against the link's own background (the current page's highlight)."""

from __future__ import annotations

import re

from browser_support import launch_browser, streamlit_server
from factories import NOW
from playwright.sync_api import expect, sync_playwright
from wcag import contrast

TIMEOUT = 90_000
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || !el.closest('[data-testid="stSidebarNav"]')) return null;
  const style = getComputedStyle(el);
  const opaque = (node) => {
    for (; node; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      if (bg && !bg.startsWith('rgba(0, 0, 0, 0)') && bg !== 'transparent') return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  return {text: el.innerText, outline: style.outlineColor, style: style.outlineStyle,
          width: parseFloat(style.outlineWidth), own: opaque(el),
          sidebar: opaque(el.closest('[data-testid="stSidebar"]'))};
}"""


def hex_of(rgb: str) -> str:
    r, g, b = (int(v) for v in re.findall(r"\d+(?:\.\d+)?", rgb)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def test_sidebar_links_show_a_focus_ring_of_at_least_3_to_1(tmp_path):
    env = {"SCREENING_NOW": NOW.isoformat(), "SCREENING_DATA_DIR": str(tmp_path / "data"),
           "SCREENING_DB_URL": ""}
    with streamlit_server(env) as url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
            page.goto(url)
            expect(page.locator('[data-testid="stSidebarNav"] a').first).to_be_visible(
                timeout=TIMEOUT)
            seen = []
            for _ in range(60):
                page.keyboard.press("Tab")
                found = page.evaluate(FOCUSED)
                if found is None:
                    if seen:
                        break
                    continue
                seen.append(found)
            assert len(seen) >= 7, seen  # every page link was reached by keyboard
            for found in seen:
                assert found["style"] != "none" and found["width"] >= 2, found
                ring = hex_of(found["outline"])
                assert contrast(ring, hex_of(found["sidebar"])) >= 3, found
                assert contrast(ring, hex_of(found["own"])) >= 3, found
        finally:
            browser.close()
