"""docs/deploy.md's team-mode commands, run exactly as written (issue 27).

The shell blocks marked `<!-- team-mode: setup|start|check -->` are read from the document
and run by bash in that order — set-up, start (in the background), check — with only the
variables the document asks for set: a throw-away PostgreSQL (a `screening` user and
database on it), the test OpenID provider the team tests use, a temporary secrets path and
a free port. The app must then serve its sign-in screen, and nothing else, to Chromium.
Someone the documented allow-list names then signs in, and the app works on the documented
database: her unsaved screening reopens on a reload, for her only. A command that cannot
run as written fails this test: fix the document, not the test.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import ROOT, free_port, launch_browser, oidc_provider
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import create_engine, text
from store_support import PostgresServer, PostgresUnavailable, postgres_server

from screening.settings import SAMPLE_DIR

DEPLOY = ROOT / "docs" / "deploy.md"
MARKED = re.compile(r"<!-- team-mode: (setup|start|check) -->\s*```sh\n(.*?)```", re.S)
TIMEOUT = 90_000
READY = "documented commands: checked"
DEMO = "This is the demo screening"


def blocks() -> dict[str, list[str]]:
    """The marked shell blocks of docs/deploy.md by kind, in the document's order."""
    found: dict[str, list[str]] = {"setup": [], "start": [], "check": []}
    for kind, body in MARKED.findall(DEPLOY.read_text(encoding="utf-8")):
        found[kind].append(body)
    return found


def test_the_document_marks_every_team_mode_step():
    found = blocks()
    assert len(found["setup"]) == 3 and len(found["start"]) == 1 and found["check"]
    every = "".join(b for kind in found.values() for b in kind)
    for name in ("SCREENING_MODE=team", "SCREENING_ALLOW=", "SCREENING_DB_URL=",
                 "STREAMLIT_SERVER_COOKIE_SECRET=", "[auth]", "python -m screening.serve"):
        assert name in every, name
    # every shell block of the page that talks to a team instance is one of them
    fenced = re.findall(r"```sh\n(.*?)```", DEPLOY.read_text(encoding="utf-8"), re.S)
    assert sorted(fenced) == sorted(every_block for kind in found.values()
                                    for every_block in kind)


@pytest.fixture(scope="module")
def database() -> Iterator[tuple[PostgresServer, str]]:
    """A PostgreSQL with the `screening` user and database the document's URL names."""
    with contextlib.ExitStack() as stack:
        problem = ""
        try:
            server = stack.enter_context(postgres_server())
        except PostgresUnavailable as exc:
            problem = str(exc)
        if problem:  # a failure (not a skip): CI must provide the server
            pytest.fail(f"PostgreSQL tests cannot run: {problem}", pytrace=False)
        password = secrets.token_hex(12)
        engine = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f"CREATE ROLE screening LOGIN PASSWORD '{password}'"))
            conn.execute(text("CREATE DATABASE screening OWNER screening"))
        engine.dispose()
        yield server, password


@contextlib.contextmanager
def documented_instance(env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    """bash running the document's set-up, start (in the background) and check blocks."""
    found = blocks()
    script = "\n".join([
        "set -euo pipefail",
        *found["setup"],
        "(", *found["start"], ") &",
        "server=$!",
        # the check needs an answering app: wait for it (a guard, not a speed limit)
        'for _ in $(seq 240); do curl -fsS "$SCREENING_PUBLIC_URL/_stcore/health" '
        ">/dev/null 2>&1 && break; sleep 0.5; done",
        *found["check"],
        f'echo "{READY}"',
        'wait "$server"',
    ])
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(["bash", "-c", script], cwd=env["HOME"], env=env,
                                   stdout=log, stderr=subprocess.STDOUT, text=True,
                                   start_new_session=True)
        try:
            deadline = time.monotonic() + 180  # a guard against a hang, not a speed limit
            while time.monotonic() < deadline:
                log.seek(0)
                output = log.read()
                if READY in output:
                    break
                assert process.poll() is None, f"a documented command failed:\n{output}"
                time.sleep(0.5)
            else:
                pytest.fail(f"the documented commands did not finish:\n{output}")
            yield process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)


def unsaved_work_is_hers_alone(browser: Browser, page: Page, public: str) -> None:
    """Team mode keeps a signed-in recruiter's unsaved screening for her: a reload reopens
    it, another recruiter gets the demo, and "Discard draft" drops it."""
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(SAMPLE_DIR / "candidates" / "ada-lovelace" / "sql.json")])
    expect(page.get_by_text("sql.json")).to_be_visible(timeout=TIMEOUT)  # uploaded
    page.get_by_label("Candidate these belong to").fill("Priya Shah")
    page.get_by_role("button", name="Verify and add to the screening").click()
    expect(page.get_by_text(re.compile(r"^Added \d+ credential"))).to_be_visible(
        timeout=TIMEOUT)
    page.reload()
    expect(page.get_by_text("Reopened your unsaved screening")).to_be_visible(timeout=TIMEOUT)
    assert page.get_by_text(DEMO).count() == 0
    other = browser.new_context(viewport={"width": 1440, "height": 1200}).new_page()
    other.goto(public)
    other.get_by_role("button", name="Sign in").click()
    other.locator('input[name="sub"]').fill("bob@example.com")
    other.get_by_role("button", name="Authorize").click()
    expect(other.get_by_text(DEMO)).to_be_visible(timeout=TIMEOUT)
    assert other.get_by_text("unsaved screening").count() == 0
    other.context.close()
    page.get_by_role("button", name="Discard draft").click()
    expect(page.get_by_text(DEMO)).to_be_visible(timeout=TIMEOUT)
    page.reload()
    expect(page.get_by_text(DEMO)).to_be_visible(timeout=TIMEOUT)


def test_the_documented_commands_start_a_team_instance(database, tmp_path: Path):
    server, password = database
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(("SCREENING_", "STREAMLIT_"))}
    with oidc_provider() as issuer:
        env = {**keep, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT),
               # the python the document calls is this checkout's environment
               "PATH": os.pathsep.join([str(Path(sys.executable).parent), keep["PATH"]]),
               "SCREENING_DATA_DIR": str(tmp_path / "data"),  # never the real home
               "SCREENING_OFFLINE": "1",  # tests never use the network
               # what the document asks the operator to set, and nothing else
               "SCREENING_PUBLIC_URL": public,
               "SECRETS_FILE": str(tmp_path / "etc" / "screening" / "secrets.toml"),
               "OIDC_CLIENT_ID": "credential-screening", "OIDC_CLIENT_SECRET": "not-real",
               "OIDC_METADATA_URL": f"{issuer}/.well-known/openid-configuration",
               "DB_PASSWORD": password, "DB_HOST": "127.0.0.1", "DB_PORT": str(server.port),
               "PORT": str(port)}
        with documented_instance(env), sync_playwright() as playwright:
            secrets_file = Path(env["SECRETS_FILE"])
            assert secrets_file.stat().st_mode & 0o077 == 0  # the owner's only
            browser = launch_browser(playwright)
            page = browser.new_context(viewport={"width": 1440, "height": 1200}).new_page()
            for path in ("", "saved"):
                page.goto(f"{public}/{path}")
                expect(page.get_by_role("button", name="Sign in")).to_be_visible(
                    timeout=TIMEOUT)
                assert page.locator('[data-testid="stSidebarNav"]').count() == 0
                assert page.locator('[data-testid="stFileUploader"]').count() == 0
            # someone the documented allow-list names signs in and works (from the start
            # page: an unknown page's "not found" dialog would cover the button)
            page.goto(public)
            page.get_by_role("button", name="Sign in").click()
            page.locator('input[name="sub"]').fill("ann@example.com")
            page.get_by_role("button", name="Authorize").click()
            expect(page.get_by_text("Best fits")).to_be_visible(timeout=TIMEOUT)
            unsaved_work_is_hers_alone(browser, page, public)
            browser.close()
        # on the documented database
        engine = create_engine(server.url("screening"))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT max(version) FROM schema_version")).scalar()
        engine.dispose()
