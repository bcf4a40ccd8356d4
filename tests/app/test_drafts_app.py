"""The working screening survives a reload (issue 27): a new AppTest session against the
same store is a reload of the tab. It reopens the recruiter's unsaved screening instead of
the demo, for that recruiter only, until it is saved or discarded by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import NOW
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LINK = "https://credentials.northbridge.example/share/44"  # served by the sample seed cache
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SCREENING_NOW", NOW.isoformat())
    monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "data"))  # one store per test
    monkeypatch.setenv("SCREENING_ACTOR", "rita")
    for name in ("SCREENING_DB_URL", "SCREENING_MODE", "SCREENING_ALLOW"):
        monkeypatch.delenv(name, raising=False)


def start() -> AppTest:
    """A new browser session: what reloading the tab starts."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    return at


def add_dorothy(at: AppTest) -> None:
    at.text_area(key="links").input(LINK)
    at.text_input(key="candidate").input("Dorothy Vaughan")
    at.button(key="FormSubmitter:intake-Verify and add to the screening").click().run()
    assert not at.exception, at.exception
    assert not at.session_state["pool"].demo


def texts(at: AppTest) -> str:
    return " ".join(str(e.value) for e in (*at.info, *at.success, *at.warning))


def test_a_reload_reopens_the_unsaved_screening_until_it_is_discarded(monkeypatch) -> None:
    first = start()
    assert first.session_state["pool"].demo
    add_dorothy(first)
    first.selectbox(key="screen_picker").select("registered-nurse").run()
    kept = first.session_state["pool"]

    reloaded = start()
    pool = reloaded.session_state["pool"]
    assert not pool.demo and pool.key == kept.key  # the same screening, not the demo
    assert [row.data for row in pool.rows] == [row.data for row in kept.rows]
    assert reloaded.selectbox(key="screen_picker").value == "registered-nurse"
    assert "Reopened your unsaved screening" in texts(reloaded)

    monkeypatch.setenv("SCREENING_ACTOR", "sam")  # another user of the same store
    assert start().session_state["pool"].demo
    monkeypatch.setenv("SCREENING_ACTOR", "rita")

    reloaded.button(key="discard_draft").click().run()
    assert not reloaded.exception, reloaded.exception
    assert reloaded.session_state["pool"].demo  # the demo reopens at once
    assert not any(b.key == "discard_draft" for b in reloaded.button)
    assert start().session_state["pool"].demo  # and on the next reload


def test_saving_the_screening_removes_its_draft() -> None:
    first = start()
    add_dorothy(first)
    first.switch_page("views/saved.py").run()
    first.button(key="save_screening").click().run()
    assert not first.exception, first.exception
    assert first.session_state["saved_pick"]  # saved
    assert start().session_state["pool"].demo  # nothing left to reopen

    # a change after saving is unsaved work again: kept
    first.switch_page("views/screen.py").run()
    add_dorothy(first)  # replaced with the same file: unchanged, still not a draft
    assert start().session_state["pool"].demo
    first.selectbox(key="screen_picker").select("registered-nurse").run()
    assert start().session_state["pool"].rows_of("Dorothy Vaughan")
