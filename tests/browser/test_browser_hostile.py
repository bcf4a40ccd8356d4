"""A hostile upload never stops the server: while files built to exhaust the verifier are
checked (in worker processes, under CPU and memory limits), the health endpoint keeps
answering, a second visitor gets a whole page, and the files end as rows that say so."""

from __future__ import annotations

import copy
import json
import time
import urllib.request
from pathlib import Path

from browser_support import launch_browser, streamlit_server
from factories import NOW, UNIVERSITY, open_badge
from playwright.sync_api import expect, sync_playwright

from screening.testing.signing import sign
from screening.verify import budget

TIMEOUT = 120_000
HEALTH_SECONDS = 2.0  # a load balancer's usual health-check timeout


def exhausting_credential(seed: int) -> str:
    """A signed badge with several subjects, each with a property at the values cap: every
    step of verification (expansion, RDF, canonicalisation) has the most work allowed."""
    doc = sign(open_badge(), UNIVERSITY)
    subjects = []
    for k in range(6):
        subject = copy.deepcopy(doc["credentialSubject"])
        subject["achievement"]["id"] += f"{seed}-{k}"
        subject["achievement"]["tag"] = [f"t{seed}-{k}-{i}"
                                         for i in range(budget.MAX_VALUES_PER_PROPERTY)]
        subjects.append(subject)
    return json.dumps({**doc, "credentialSubject": subjects})


def health_check_passes(url: str) -> bool:
    """One health check as a load balancer makes it: an answer within its timeout."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health",
                                    timeout=HEALTH_SECONDS) as response:
            return response.status == 200
    except OSError:  # no answer in time (socket timeout, URLError) or a refused connection
        return False


def exhausting_files(folder: Path, count: int = 6) -> list[str]:
    """`count` exhausting credentials written to `folder`, for an upload."""
    files = []
    for n in range(count):
        path = folder / f"exhausting-{n}.json"
        path.write_text(exhausting_credential(n), encoding="utf-8")
        files.append(str(path))
    return files


def test_health_answers_while_a_hostile_upload_is_verified(tmp_path):
    files = exhausting_files(tmp_path)
    env = {"SCREENING_NOW": NOW.isoformat(), "SCREENING_DATA_DIR": str(tmp_path / "data")}
    with streamlit_server(env) as url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = browser.new_page(viewport={"width": 1440, "height": 1800})
        page.goto(url)
        expect(page.get_by_text("Best fits")).to_be_visible(timeout=TIMEOUT)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files)
        expect(page.get_by_text("exhausting-5.json")).to_be_visible(timeout=TIMEOUT)
        page.get_by_role("button", name="Verify and add to the screening").click()
        working = page.get_by_text("Verifying 6 credential(s)")
        expect(working).to_be_visible(timeout=TIMEOUT)
        # a second visitor (a new session) gets a whole page while the upload runs
        # (benchmarks/hostile_inputs.py reports how long it takes)
        visitor = browser.new_context().new_page()
        visitor.goto(url)
        expect(visitor.get_by_role("heading", name="Screen candidates")).to_be_visible(
            timeout=TIMEOUT)
        passed_while_working = []
        while working.is_visible():
            passed_while_working.append(health_check_passes(url))
            time.sleep(0.2)
        assert passed_while_working, "the upload finished before the first health check"
        assert all(passed_while_working), passed_while_working
        expect(page.get_by_text("Added 6 credentials")).to_be_visible(timeout=TIMEOUT)
        browser.close()
