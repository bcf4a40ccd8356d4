"""One count of candidates and credentials in a real browser (issue 27): for the same
snapshot, Screen, Verification, Ranking and Saved say the same numbers, and so do the
downloaded ranking and verification CSVs and the HTML report. Files that belong to nobody
are listed apart on every one of them, never as a candidate.

The screening: a bundle of the sample candidates (one folder each, presentations among
them) and two loose files that name nobody (one verified, one revoked). Every number is
read from the page's DOM or from the downloaded file; none from the package."""

from __future__ import annotations

import csv
import io
import re

import pytest
from browser_support import launch_browser, streamlit_server
from factories import NOW
from playwright.sync_api import Page, expect, sync_playwright

from screening.present.vocabulary import VERDICTS
from screening.settings import SAMPLE_DIR
from screening.testing.bundles import zip_of

TIMEOUT = 90_000
UNASSIGNED = "unassigned"
LOOSE = (SAMPLE_DIR / "candidates" / "florence-nightingale" / "infection-control-ob2.json",
         SAMPLE_DIR / "candidates" / "mary-seacole" / "medication-ob2-revoked.json")
APART = re.compile(r"(\d+) file(?:s|\(s\))? not assigned to anyone")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    env = {"SCREENING_NOW": NOW.isoformat(), "SCREENING_DB_URL": "",
           "SCREENING_DATA_DIR": str(tmp_path_factory.mktemp("data")),
           "SCREENING_ACTOR": "recruiter"}
    with streamlit_server(env) as url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        tab = browser.new_context(viewport={"width": 1440, "height": 2000},
                                  accept_downloads=True).new_page()
        tab.goto(url)
        expect(tab.get_by_text("Best fits")).to_be_visible(timeout=TIMEOUT)
        yield tab
        browser.close()


@pytest.fixture(scope="module")
def seen() -> dict[str, tuple[int, int, int]]:
    """(candidates, credentials, files apart) as each place said them."""
    return {}


def open_page(page: Page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
    expect(page.get_by_role("heading", name=title if title != "Screen" else
                            "Screen candidates").first).to_be_visible(timeout=TIMEOUT)


def metric(page: Page, label: str) -> int:
    box = page.locator('[data-testid="stMetric"]', has_text=label).first
    return int(box.locator('[data-testid="stMetricValue"]').inner_text())


def text_of(page: Page, pattern: str) -> str:
    found = page.get_by_text(re.compile(pattern)).first
    expect(found).to_be_visible(timeout=TIMEOUT)
    return found.inner_text()


def apart_in(text: str) -> int:
    match = APART.search(text)
    return int(match.group(1)) if match else 0


def download(page: Page, button: str) -> str:
    with page.expect_download(timeout=TIMEOUT) as file:
        page.get_by_role("button", name=button).click()
    return file.value.path().read_text(encoding="utf-8")


def summary_counts(page: Page) -> tuple[int, int, int]:
    """The summary's metrics and the line under them about the files listed apart."""
    caption = text_of(page, r"not assigned to anyone: listed apart")
    return metric(page, "Candidates"), metric(page, "Credentials"), apart_in(caption)


def test_screen(page, seen, tmp_path_factory):
    folders = SAMPLE_DIR / "candidates"
    bundle = tmp_path_factory.mktemp("upload") / "candidates.zip"
    bundle.write_bytes(zip_of({str(path.relative_to(folders)): path.read_bytes()
                               for path in sorted(folders.glob("*/*")) if path.is_file()}))
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(bundle), *map(str, LOOSE)])
    expect(page.get_by_text("candidates.zip")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Verify and add to the screening").click()
    expect(page.get_by_text(re.compile(r"^Added \d+ credentials?"))).to_be_visible(
        timeout=TIMEOUT)
    expect(page.get_by_text("Files that belong to nobody yet")).to_be_visible(
        timeout=TIMEOUT)
    seen["Screen"] = summary_counts(page)
    assert seen["Screen"][2] == len(LOOSE)


def test_verification(page, seen):
    open_page(page, "Verification")
    line = text_of(page, r"^\d+ credentials? of \d+ candidates?")
    found = re.match(r"(\d+) credentials? of (\d+) candidates?", line)
    assert found is not None
    credentials, people = int(found.group(1)), int(found.group(2))
    verdicts = sum(metric(page, verdict.value.capitalize()) for verdict in VERDICTS)
    assert verdicts == credentials  # the verdict tiles count the same credentials
    seen["Verification"] = (people, credentials, apart_in(line))
    rows = list(csv.DictReader(io.StringIO(download(
        page, "Download every credential's verdict (CSV)"))))
    theirs = [r for r in rows if r["candidate"] != UNASSIGNED and r["kind"] != "presentation"]
    seen["Verification CSV"] = (len({r["candidate"] for r in theirs}), len(theirs),
                                sum(1 for r in rows if r["candidate"] == UNASSIGNED))


def test_ranking(page, seen):
    open_page(page, "Ranking")
    seen["Ranking"] = summary_counts(page)
    mix = text_of(page, r"^\d+ credentials? of \d+ candidates?: ")
    found = re.match(r"(\d+) credentials? of (\d+) candidates?", mix)
    assert found is not None
    seen["Ranking: verification mix"] = (int(found.group(2)), int(found.group(1)),
                                         apart_in(mix))
    rows = list(csv.DictReader(io.StringIO(download(page, "Download ranking (CSV)"))))
    assert UNASSIGNED not in {r["candidate"] for r in rows}  # nobody is no candidate
    # each candidate's credentials are counted or not counted (with the reason)
    seen["Ranking CSV"] = (len(rows), sum(int(r["credentials_counted"])
                                          + int(r["credentials_excluded"]) for r in rows),
                           seen["Ranking"][2])  # (a ranking has no files apart)


def test_saved(page, seen):
    open_page(page, "Saved")
    save = page.get_by_role("button", name="Save this screening")
    expect(save).to_be_enabled(timeout=TIMEOUT)
    save.click()
    said = text_of(page, r"^Saved \d+ candidates and \d+ credentials")
    found = re.match(r"Saved (\d+) candidates and (\d+) credentials", said)
    assert found is not None
    seen["Saved message"] = (int(found.group(1)), int(found.group(2)), apart_in(said))
    grid = page.locator('[data-testid="stDataFrame"]').first  # the saved screenings
    expect(grid).to_be_visible(timeout=TIMEOUT)
    header = [grid.locator(f'[data-testid="glide-header-{n}"]').inner_text().strip()
              if grid.locator(f'[data-testid="glide-header-{n}"]').count() else ""
              for n in range(8)]
    people_col = next((n for n, h in enumerate(header) if h == "candidates"), 3)
    cell = grid.locator(f'[data-testid="glide-cell-{people_col}-0"]')
    seen["Saved table"] = (int(cell.inner_text().strip()),
                           int(grid.locator(f'[data-testid="glide-cell-{people_col + 1}-0"]')
                               .inner_text().strip()), seen["Saved message"][2])
    expect(page.get_by_role("heading", name="Results")).to_be_visible(timeout=TIMEOUT)
    seen["Saved results"] = summary_counts(page)


def test_report(page, seen):
    report = download(page, "Download the report (HTML)")
    found = re.search(r"<p>(\d+) candidate\(s\), (\d+) credential\(s\)(.*?)</p>", report)
    assert found is not None
    seen["HTML report"] = (int(found.group(1)), int(found.group(2)), apart_in(found.group(3)))
    candidates, apart = report.split("<h2>Candidates</h2>", 1)[1].split(
        "<h2>Files not assigned to anyone</h2>")
    assert UNASSIGNED not in candidates and UNASSIGNED in apart  # listed apart only


def test_every_place_says_the_same_numbers(seen):
    assert len(seen) == 10, sorted(seen)
    first = seen["Screen"]
    assert first[0] >= 8 and first[1] > first[0] and first[2] == len(LOOSE)
    assert {place: counts for place, counts in seen.items() if counts != first} == {}
