"""The first page, driven through app.py with Streamlit's AppTest (no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from screening.samples import sample_files

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture(scope="module")
def app():
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def test_opens_on_the_bundled_samples(app):
    table = app.dataframe[0].value
    assert len(table) == len(sample_files()) >= 8
    assert set(table["verdict"]) >= {"verified", "failed", "warning"}
    metrics = {m.label: int(m.value) for m in app.metric}
    assert sum(metrics.values()) == len(table)


def test_detail_view_lists_every_check(app):
    labels = app.selectbox(key="detail").options
    tampered = next(label for label in labels if "tampered" in label)
    app.selectbox(key="detail").select(tampered).run()
    checks = app.dataframe[1].value
    signature = checks[checks["code"] == "proof_signature"]
    assert list(signature["status"]) == ["fail"]
