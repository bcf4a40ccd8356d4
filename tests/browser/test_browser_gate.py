"""The access gate against a real `streamlit run`, started the wrong ways (issue 27, P1.1).

A process that refuses to serve must register the refusal as its only page: whatever path
a browser asks for — the first request after start-up included, when Streamlit would serve
a `pages/` folder itself — it gets the refusal and nothing of a recruiter page (no
navigation, uploader, grid, button or page title).

- local mode on every interface (`streamlit run app.py --server.address 0.0.0.0`);
- team mode without an `[auth]` section in the secrets file;
- team mode with a malformed allow-list.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import launch_browser, streamlit_server
from factories import NOW
from playwright.sync_api import Page, expect, sync_playwright

TIMEOUT = 90_000
VIEWPORT = {"width": 1440, "height": 1200}
# every page app.py knows, by its URL path, then paths Streamlit's own folder fallback
# would have served, and a share URL
PATHS = ["saved", "", "screen", "verification", "ranking", "candidate", "roles", "settings",
         "audit", "shared_view", "sign_in_page", "?share=abc", "saved?share=abc"]
START_UPS = {
    "local mode on every interface": ({}, ["--server.address", "0.0.0.0"]),
    "team mode without [auth]": ({"SCREENING_MODE": "team",
                                  "SCREENING_ALLOW": "@example.com"}, []),
    "team mode with a malformed allow-list": ({"SCREENING_MODE": "team",
                                               "SCREENING_ALLOW": "superuser:a@example.com"},
                                              []),
}


def expect_only_the_refusal(page: Page) -> None:
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(
        1, timeout=TIMEOUT)
    for testid in ("stSidebarNav", "stFileUploader", "stDataFrame", "stButton",
                   "stFormSubmitButton", "stHeading", "stSelectbox", "stMetric"):
        assert page.locator(f'[data-testid="{testid}"]').count() == 0, testid
    assert page.get_by_role("button", name="Sign in").count() == 0


@pytest.mark.parametrize("start_up", list(START_UPS))
def test_a_refusing_process_serves_only_the_refusal_on_every_path(start_up: str,
                                                                  tmp_path: Path) -> None:
    extra_env, args = START_UPS[start_up]
    secrets_file = tmp_path / "secrets.toml"
    secrets_file.write_text("# no [auth] section\n", encoding="utf-8")
    env = {"SCREENING_NOW": NOW.isoformat(), "SCREENING_DATA_DIR": str(tmp_path / "data"),
           "SCREENING_DB_URL": "", "SCREENING_TRUST_PROXY_AUTH": "", "SCREENING_MODE": "",
           "SCREENING_ALLOW": "", **extra_env}
    with streamlit_server(env, args=["--secrets.files", str(secrets_file), *args]) as url, \
            sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            for path in PATHS:  # one fresh session per path: each is a first visit
                context = browser.new_context(viewport=VIEWPORT)
                page = context.new_page()
                page.goto(f"{url}/{path}")
                expect_only_the_refusal(page)
                context.close()
        finally:
            browser.close()
