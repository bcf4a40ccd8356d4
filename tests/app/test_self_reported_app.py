"""The Settings switch for self-reported claims (issue 24), driven through app.py with
Streamlit's AppTest: a pasted profile entry without a link counts zero until the recruiter
lets self-reported claims count a little; then it is named "Self-reported" in the fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import NOW
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PROFILE = """Licenses & certifications
SQL for Data Analysis
Harbour Data School
Issued Jan 2025
"""


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch, tmp_path):
    monkeypatch.setenv("SCREENING_NOW", NOW.isoformat())
    monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCREENING_OFFLINE", "1")


def run(target) -> AppTest:
    """Run the app (or the app a widget belongs to, after a change to it)."""
    at = target.run()
    assert not at.exception, at.exception
    return at


def fit_of(at: AppTest, candidate: str):
    run(at.switch_page("views/ranking.py"))
    frame = next(f.value for f in at.dataframe if {"Candidate", "Fit", "Why"}
                 <= set(f.value.columns))
    return frame[frame["Candidate"] == candidate].iloc[0]


def test_self_reported_claims_count_only_once_the_recruiter_says_so():
    at = run(AppTest.from_file(APP, default_timeout=180))
    at.text_area(key="links").input(PROFILE)
    at.text_input(key="candidate").input("Mary Jackson")
    run(at.button(key="FormSubmitter:intake-Verify and add to the screening").click())
    before = fit_of(at, "Mary Jackson")
    assert before["Fit"] == 0 and "Could not check (self-reported)" in before["Why"]

    run(at.switch_page("views/settings.py"))
    slider = at.slider(key="self_reported")
    assert (slider.min, slider.max, slider.value) == (0.0, 0.3, 0.0)
    run(slider.set_value(0.2))
    run(at.button(key="apply_scoring").click())
    assert at.session_state["config"].self_reported == 0.2

    after = fit_of(at, "Mary Jackson")
    assert after["Fit"] > 0
    assert "Self-reported: pasted links entry 1: SQL for Data Analysis" in after["Why"]
