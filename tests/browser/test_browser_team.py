"""A team instance end to end: a real OpenID provider (oidc-provider-mock, plain http on
127.0.0.1), the app in team mode with `[auth]` in a temp secrets.toml, and Chromium.

- an anonymous visitor to any recruiter page gets the sign-in screen and nothing else;
- a user outside the allow-list signs in and is refused;
- a recruiter on the allow-list works normally: saves, shares, and is the audit log's actor;
- a share link opened anonymously shows the snapshot and nothing else, direct URLs to
  recruiter pages stay refused, and after revocation the link shows the generic message;
- a link that requires sign-in asks an anonymous visitor to sign in, and opens for a
  hiring manager on the allow-list;
- an admin sees the audit log page, naming the recruiter.

Two app processes share one PostgreSQL database, as behind a load balancer: a link
created on one opens on the other, and a revocation on one applies on the other at once.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator

import pytest
from browser_support import free_port, launch_browser, oidc_provider, streamlit_server
from factories import NOW
from playwright.sync_api import Browser, Page, expect, sync_playwright
from store_support import PostgresServer, required_postgres

TIMEOUT = 90_000
VIEWPORT = {"width": 1440, "height": 1600}
RECRUITER, ADMIN, MANAGER, OUTSIDER = ("ann@example.com", "boss@example.com",
                                       "hm@partner.example", "eve@elsewhere.example")
ALLOW = f"@example.com, admin:{ADMIN}, manager:{MANAGER}"
RECRUITER_PAGES = ["", "saved", "settings", "roles", "ranking", "audit"]


@pytest.fixture(scope="module")
def pg_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL for this module: a team instance's processes share one database."""
    with required_postgres() as server:
        yield server


@pytest.fixture(scope="module")
def app(tmp_path_factory, pg_server):
    """Two app processes (A, B) in team mode on one PostgreSQL database; people sign in on
    A (the redirect URI's origin), share links are opened on both."""
    folder = tmp_path_factory.mktemp("team")
    port = free_port()
    database = pg_server.url(pg_server.create_database())
    with oidc_provider() as issuer:
        secrets_file = folder / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
            'client_id = "credential-screening"\n'
            'client_secret = "not-a-real-secret"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
            encoding="utf-8")
        env = {"SCREENING_NOW": NOW.isoformat(), "SCREENING_DATA_DIR": str(folder / "data"),
               "SCREENING_DB_URL": database, "SCREENING_PUBLIC_URL": "",
               "SCREENING_ACTOR": "", "SCREENING_MODE": "team", "SCREENING_ALLOW": ALLOW,
               "SCREENING_TRUST_PROXY_AUTH": ""}
        args = ["--secrets.files", str(secrets_file)]
        with streamlit_server(env, port=port, args=args) as url, \
                streamlit_server(env, args=args) as other, sync_playwright() as playwright:
            browser = launch_browser(playwright)
            yield browser, url, other
            browser.close()


@pytest.fixture(scope="module")
def state() -> dict:
    return {}


def fresh(browser: Browser) -> Page:
    return browser.new_context(viewport=VIEWPORT).new_page()


def expect_sign_in_screen(page: Page) -> None:
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=TIMEOUT)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    assert page.locator('[data-testid="stDataFrame"]').count() == 0
    assert page.get_by_role("button", name="Save this screening").count() == 0


def sign_in(page: Page, url: str, email: str) -> None:
    """Through the provider's own authorisation form, as a person would."""
    page.goto(url)
    page.get_by_role("button", name="Sign in").click()
    page.locator('input[name="sub"]').fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(url) + r"/?(\?.*)?$"), timeout=TIMEOUT)


def test_anonymous_visitors_get_only_the_sign_in_screen(app):
    browser, url, _ = app
    page = fresh(browser)
    for path in RECRUITER_PAGES:
        page.goto(f"{url}/{path}")
        expect_sign_in_screen(page)
    page.context.close()


def test_a_user_outside_the_allow_list_is_refused(app):
    browser, url, _ = app
    page = fresh(browser)
    sign_in(page, url, OUTSIDER)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    for path in ("", "saved", "settings"):
        page.goto(f"{url}/{path}")
        expect(page.locator('[data-testid="stAlertContentError"]')).to_be_visible(
            timeout=TIMEOUT)
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
        assert page.locator('[data-testid="stDataFrame"]').count() == 0
    page.goto(url)  # (an unknown page's "not found" dialog would cover the button)
    page.get_by_role("button", name="Sign out").click()  # the app's cookie goes at once
    page.wait_for_url(re.compile(r"/oauth2/end_session"), timeout=TIMEOUT)  # the provider's
    page.goto(url)
    expect_sign_in_screen(page)
    page.context.close()


def test_a_recruiter_works_normally_and_shares(app, state):
    browser, url, _ = app
    page = fresh(browser)
    sign_in(page, url, RECRUITER)
    expect(page.get_by_text("Best fits")).to_be_visible(timeout=TIMEOUT)
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav).to_be_visible()
    assert nav.locator("a", has_text="Audit log").count() == 0  # recruiters are not admins
    expect(page.get_by_text(RECRUITER, exact=False).first).to_be_visible()
    nav.locator("a", has_text="Saved").first.click()
    save = page.get_by_role("button", name="Save this screening")
    expect(save).to_be_enabled(timeout=TIMEOUT)
    page.get_by_label("Name").fill("Team screening")
    save.click()
    expect(page.get_by_text("Saved 10 candidates")).to_be_visible(timeout=TIMEOUT)
    links = []
    for require in (False, True):
        if require:
            page.get_by_text("Requires sign-in").click()
        page.get_by_role("button", name="Create share link").click()
        code = page.locator('[data-testid="stCode"]').first
        expect(code).to_be_visible(timeout=TIMEOUT)
        expect(code).not_to_have_text(links[0] if links else "", timeout=TIMEOUT)
        links.append(code.inner_text().strip())
    assert all(re.fullmatch(re.escape(url) + r"/\?share=[A-Za-z0-9_-]{43}", link)
               for link in links) and links[0] != links[1]
    state["public"], state["signed"] = links
    state["recruiter"] = page


def test_a_share_link_opens_anonymously_and_nothing_else(app, state):
    browser, url, _ = app
    page = fresh(browser)
    page.goto(state["public"])
    expect(page.get_by_role("heading", name="Shared screening")).to_be_visible(
        timeout=TIMEOUT)
    expect(page.get_by_text("Team screening")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=TIMEOUT)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert page.get_by_role("button", name="Sign in").count() == 0
    for path in ("saved", "settings", "roles"):  # the same visitor, straight to a page
        page.goto(f"{url}/{path}")
        expect_sign_in_screen(page)
    state["manager"] = page


def test_a_link_that_requires_sign_in(app, state):
    browser, _, _ = app
    anonymous = fresh(browser)
    anonymous.goto(state["signed"])
    expect(anonymous.get_by_role("button", name="Sign in")).to_be_visible(timeout=TIMEOUT)
    assert anonymous.locator('[data-testid="stDataFrame"]').count() == 0
    anonymous.context.close()

    manager = fresh(browser)
    sign_in(manager, state["signed"].split("/?")[0], MANAGER)
    expect(manager.locator('[data-testid="stAlertContentInfo"]')).to_be_visible(
        timeout=TIMEOUT)  # signed in, but no recruiter pages for a hiring manager
    assert manager.locator('[data-testid="stSidebarNav"]').count() == 0
    manager.goto(state["signed"])  # "open the link again"
    expect(manager.get_by_role("heading", name="Shared screening")).to_be_visible(
        timeout=TIMEOUT)
    expect(manager.locator('[data-testid="stDataFrame"]').first).to_be_visible(
        timeout=TIMEOUT)
    manager.context.close()


def on_other_process(app, link: str) -> str:
    _, url, other = app
    return other + link.removeprefix(url)


def test_the_other_app_process_opens_the_same_link(app, state):
    page = fresh(app[0])
    page.goto(on_other_process(app, state["public"]))
    expect(page.get_by_role("heading", name="Shared screening")).to_be_visible(
        timeout=TIMEOUT)
    expect(page.get_by_text("Team screening")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=TIMEOUT)
    state["other"] = page


def test_revoked_link_shows_the_generic_message(app, state):
    recruiter: Page = state["recruiter"]
    recruiter.get_by_role("button", name="Revoke link").click()
    expect(recruiter.get_by_text("Link revoked")).to_be_visible(timeout=TIMEOUT)
    for page, link in ((state["manager"], state["public"]),  # revoked on A: refused on A
                       (state["other"], on_other_process(app, state["public"]))):  # and B
        page.goto(link)
        expect(page.locator('[data-testid="stAlertContentWarning"]')).to_be_visible(
            timeout=TIMEOUT)
        page.wait_for_timeout(1000)
        assert page.locator('[data-testid="stDataFrame"]').count() == 0
        assert page.get_by_role("heading", name="Shared screening").count() == 0


def test_an_admin_reads_the_audit_log_naming_the_recruiter(app):
    browser, url, _ = app
    page = fresh(browser)
    sign_in(page, url, ADMIN)
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav).to_be_visible(timeout=TIMEOUT)
    nav.locator("a", has_text="Audit log").first.click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible(timeout=TIMEOUT)
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible(timeout=TIMEOUT)
    expect(grid.locator('[data-testid="glide-cell-1-0"]')).to_be_attached(timeout=TIMEOUT)
    who = {c.strip() for c in grid.locator('[data-testid^="glide-cell-1-"]').all_inner_texts()}
    assert RECRUITER in who, who  # column 1: who saved, shared and revoked
    assert MANAGER in who, who  # the signed-in viewer of the link that requires sign-in
    page.context.close()
