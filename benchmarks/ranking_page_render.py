"""Ranking page render time with a 1,000-candidate pool, in Debian's Chromium (Playwright).

    python benchmarks/ranking_page_render.py [--candidates 1000]

Starts `streamlit run app.py` on 127.0.0.1 with SCREENING_POOL pointing at a minted bundle,
waits for the pool to be verified, then times opening the Ranking page until its four
charts and its table are drawn (median of 3), and a role switch on that page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import launch_browser, streamlit_server
from common import NOW
from playwright.sync_api import Page, sync_playwright
from pool_end_to_end import pool_zip

from screening.session.samples import sample_roles

CHART = '[data-testid="stVegaLiteChart"]'


def open_ranking(page: Page) -> float:
    page.locator('[data-testid="stSidebarNav"] a', has_text="Screen").first.click()
    page.get_by_text("Best fits").first.wait_for(timeout=600_000)
    start = time.perf_counter()
    page.locator('[data-testid="stSidebarNav"] a', has_text="Ranking").first.click()
    page.locator(CHART).nth(3).wait_for(timeout=600_000)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=600_000)
    page.locator(f"{CHART} canvas, {CHART} svg").nth(3).wait_for(timeout=600_000)
    return time.perf_counter() - start


def switch_role(page: Page) -> float:
    start = time.perf_counter()
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Backend Engineer").click()
    digest = sample_roles()["backend-engineer"].digest[:12]
    page.get_by_text(f"role version {digest}").first.wait_for(timeout=600_000)
    page.locator(CHART).nth(3).wait_for(timeout=600_000)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=1000)
    args = parser.parse_args()
    bundle = Path(f"/tmp/screening-bench-pool-{args.candidates}x5.zip")
    bundle.write_bytes(pool_zip(args.candidates, 5))
    env = {"SCREENING_POOL": str(bundle), "SCREENING_NOW": NOW.isoformat()}
    with streamlit_server(env, timeout=120) as url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        start = time.perf_counter()
        page.goto(url)
        page.get_by_text("Best fits").first.wait_for(timeout=600_000)
        print(f"{args.candidates} candidates × 5 credentials: first load (verify + rank) "
              f"{time.perf_counter() - start:.1f} s")
        times = [open_ranking(page) for _ in range(3)]
        print(f"{'Ranking page render (median of 3)':<48} {statistics.median(times):>10.2f} s"
              f"   runs: {', '.join(f'{t:.2f}' for t in times)}")
        print(f"{'role switch on the Ranking page (re-rank + redraw)':<48} "
              f"{switch_role(page):>10.2f} s")
        browser.close()


if __name__ == "__main__":
    main()
