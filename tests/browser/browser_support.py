"""Browser tests: a real `streamlit run` on 127.0.0.1 driven by Debian's Chromium.

Playwright never downloads a browser here: it launches /usr/bin/chromium (installed by
.ci/run with apt-get) through `executable_path`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# Screenshots go to a temporary folder so a test run leaves the tree clean;
# `make screenshots` sets SCREENING_SCREENSHOT_DIR=docs/screenshots to refresh the README's.
SCREENSHOTS = Path(os.environ.get("SCREENING_SCREENSHOT_DIR")
                   or Path(tempfile.gettempdir()) / "screening-screenshots")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def streamlit_server(env: dict[str, str] | None = None, timeout: float = 60.0, *,
                     port: int | None = None, args: Sequence[str] = ()) -> Iterator[str]:
    """Start the app on a free (or the given) loopback port with extra Streamlit `args`;
    yield its base URL; stop it afterwards. The server runs this checkout's code."""
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none", *args]
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    url = f"http://127.0.0.1:{port}"
    with _running(command, {**os.environ, "PYTHONPATH": path, **(env or {})}) as (process,
                                                                                   log):
        _wait_ready(f"{url}/_stcore/health", process, log, timeout)
        yield url


@contextmanager
def _running(command: Sequence[str], env: dict[str, str]
             ) -> Iterator[tuple[subprocess.Popen, IO[bytes]]]:
    """A server process whose output goes to a temp file (a pipe nobody reads would fill up
    and stall it); stopped afterwards."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
        try:
            yield process, log
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _wait_ready(url: str, process: subprocess.Popen, log: IO[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"{process.args!r} exited early:\n"
                               f"{log.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"no answer from {url}")


@contextmanager
def oidc_provider(users: Sequence[dict[str, object]] = ()) -> Iterator[str]:
    """A real OpenID provider (the oidc-provider-mock package) on a free loopback port;
    yields its issuer URL. It speaks plain http: Authlib's *server* side refuses that unless
    AUTHLIB_INSECURE_TRANSPORT is set, which the mock sets for its own process only; the
    client side (Streamlit's login, also Authlib) fetches http metadata as it is."""
    port = free_port()
    command = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1",
               "--port", str(port)]
    for user in users:
        command += ["--user-claims", json.dumps(user)]
    issuer = f"http://127.0.0.1:{port}"
    with _running(command, dict(os.environ)) as (process, log):
        _wait_ready(f"{issuer}/.well-known/openid-configuration", process, log, 60)
        yield issuer


def launch_browser(playwright):
    if not CHROMIUM.exists():
        raise RuntimeError("Debian's chromium is not installed at /usr/bin/chromium "
                           "(.ci/run installs it with apt-get install chromium)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=["--no-sandbox", "--disable-gpu"])


@contextmanager
def local_instance(data_dir: Path, actor: str = "recruiter") -> Iterator[tuple[object, str]]:
    """The app in local mode at the tests' pinned clock with its own store in `data_dir`,
    and a Chromium to drive it: yields (browser, base URL)."""
    from factories import NOW
    from playwright.sync_api import sync_playwright

    env = {"SCREENING_NOW": NOW.isoformat(), "SCREENING_DATA_DIR": str(data_dir),
           "SCREENING_DB_URL": "", "SCREENING_PUBLIC_URL": "", "SCREENING_ACTOR": actor}
    with streamlit_server(env) as url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        yield browser, url
        browser.close()


# --- driving the app's pages (shared by the walkthroughs)


def go(page, title: str) -> None:
    """Open a page from the sidebar and wait for the network to settle."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
    page.wait_for_load_state("networkidle")


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox or multiselect by its label: both filter
    their options as one types, and Enter takes the first that matches."""
    from playwright.sync_api import Error

    for attempt in range(3):  # a rerun may replace the widget under the pointer: again
        settle(page)
        box = page.locator('[data-testid="stSelectbox"], [data-testid="stMultiSelect"]'
                           ).filter(has=page.get_by_text(label, exact=True)).first
        try:
            box.scroll_into_view_if_needed()
            box.locator("input").first.click()
        except Error:
            if attempt == 2:
                raise
            continue
        break
    page.keyboard.type(option)
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")  # a multiselect's list stays open after a pick
    page.wait_for_timeout(800)


def settle(page, timeout: float = 90_000) -> None:
    """Wait until the app's run has ended: the network is idle and Streamlit's status
    widget (shown while a script runs) is gone."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # a run a click started shows its status widget first
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached",
                                                           timeout=timeout)


def shoot(page, name: str, widths: Sequence[int] = (1024, 1440)) -> None:
    """The page at each width, full length, into SCREENSHOTS as `<name>-<width>.png`."""
    page.wait_for_timeout(1200)  # let charts finish drawing
    for width in widths:
        page.set_viewport_size({"width": width, "height": 1800})
        page.wait_for_timeout(600)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 1000})


def recruiter_page(browser, url: str, viewport: dict[str, int]):
    """A new browser context on the app's start page, once its sample ranking is drawn."""
    from playwright.sync_api import expect

    page = browser.new_context(viewport=viewport).new_page()
    page.goto(url)
    expect(page.get_by_text("Best fits")).to_be_visible(timeout=90_000)
    return page
