"""How long a second visitor waits for a page while a hostile upload is verified (issue 28).

    python benchmarks/second_visitor.py [--repeat 3]

Starts `streamlit run app.py` on 127.0.0.1, uploads six credentials built to exhaust the
verifier (tests/browser/test_browser_hostile.py's), and while they are checked opens the
app in a second session and times it until the Screen page's heading is drawn; then the
same with no upload running. Prints the median and every run, in seconds (target: 3 s).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from browser_support import launch_browser, streamlit_server
from factories import NOW
from playwright.sync_api import Browser, sync_playwright
from test_browser_hostile import exhausting_files

TIMEOUT = 120_000


def visit(browser: Browser, url: str) -> float:
    """Seconds until a new session's Screen page shows its heading."""
    page = browser.new_context().new_page()
    start = time.perf_counter()
    page.goto(url)
    page.get_by_role("heading", name="Screen candidates").wait_for(timeout=TIMEOUT)
    elapsed = time.perf_counter() - start
    page.context.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    quiet: list[float] = []
    busy: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = exhausting_files(folder)
        env = {"SCREENING_NOW": NOW.isoformat(), "SCREENING_DATA_DIR": str(folder / "data")}
        with streamlit_server(env) as url, sync_playwright() as playwright:
            browser = launch_browser(playwright)
            for _ in range(args.repeat):
                quiet.append(visit(browser, url))
                page = browser.new_context().new_page()
                page.goto(url)
                page.get_by_text("Best fits").wait_for(timeout=TIMEOUT)
                page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                    files)
                page.get_by_text("exhausting-5.json").wait_for(timeout=TIMEOUT)
                page.get_by_role("button", name="Verify and add to the screening").click()
                page.get_by_text("Verifying 6 credential(s)").wait_for(timeout=TIMEOUT)
                busy.append(visit(browser, url))
                page.get_by_text("Added 6 credentials").wait_for(timeout=TIMEOUT)
                page.context.close()
            browser.close()
    for name, runs in (("no upload running", quiet), ("while a hostile upload runs", busy)):
        print(f"second visitor's page, {name}: {statistics.median(runs):.2f} s "
              f"(runs: {', '.join(f'{r:.2f}' for r in runs)}; target 3 s)")


if __name__ == "__main__":
    main()
