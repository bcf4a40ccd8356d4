"""app.py's access gate through AppTest (no browser): the in-app refusal for a direct
`streamlit run` on a non-loopback address, the proxy override, a malformed allow-list, and
team mode's sign-in screen for an anonymous visitor whatever page is asked for. The
signed-in paths need a real provider: tests/browser/test_browser_team.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import NOW
from streamlit import config
from streamlit.testing.v1 import AppTest

from screening.store import open_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "c" * 43,
        "client_id": "screening", "client_secret": "s3cret",
        "server_metadata_url": "http://127.0.0.1:9400/.well-known/openid-configuration"}
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SCREENING_NOW", NOW.isoformat())
    monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "data"))
    for name in ("SCREENING_DB_URL", "SCREENING_MODE", "SCREENING_ALLOW",
                 "SCREENING_TRUST_PROXY_AUTH", "SCREENING_AUTH_PROVIDER"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def address() -> Iterator[None]:
    """The app as if started with `--server.address 0.0.0.0`."""
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", before)


def run(page: str | None = None, auth: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if auth is not None:
        at.secrets["auth"] = auth
    at.run()
    if page is not None:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def test_every_interface_without_sign_in_serves_only_the_refusal(address) -> None:
    at = run()
    assert len(at.error) == 1
    assert not at.title and not at.button and not at.dataframe


def test_the_proxy_override_lets_local_mode_listen(address, monkeypatch) -> None:
    monkeypatch.setenv("SCREENING_TRUST_PROXY_AUTH", "1")
    at = run()
    assert not at.error and at.title[0].value == "Screen candidates"


def test_a_malformed_allow_list_serves_nothing(monkeypatch) -> None:
    monkeypatch.setenv("SCREENING_MODE", "team")
    monkeypatch.setenv("SCREENING_ALLOW", "superuser:ann@example.com")
    at = run(auth=AUTH)
    assert len(at.error) == 1 and not at.button and not at.dataframe


def test_team_mode_without_auth_secrets_is_refused(monkeypatch) -> None:
    monkeypatch.setenv("SCREENING_MODE", "team")
    monkeypatch.setenv("SCREENING_ALLOW", "@example.com")
    at = run()
    assert len(at.error) == 1 and not at.button


@pytest.mark.parametrize("page", [None, "views/saved.py", "views/settings.py",
                                  "views/roles.py", "views/audit.py"])
def test_team_mode_anonymous_gets_the_sign_in_screen(monkeypatch, page) -> None:
    monkeypatch.setenv("SCREENING_MODE", "team")
    monkeypatch.setenv("SCREENING_ALLOW", "@example.com")
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = AUTH
    at.run()
    assert [b.label for b in at.button] == ["Sign in"]
    if page is not None:
        with pytest.raises(Exception):  # noqa: B017 - not among this visitor's pages
            at.switch_page(page).run()
        at = AppTest.from_file(APP, default_timeout=120)
        at.secrets["auth"] = AUTH
        at.run()
    assert not at.exception
    assert not at.dataframe and not at.get("file_uploader")
    assert [b.label for b in at.button] == ["Sign in"]


def test_local_mode_has_every_page_and_the_audit_log(tmp_path) -> None:
    with open_store(data_dir=tmp_path / "data") as store:
        store.save_role("x", "X", 'title = "X"\n', NOW, "local-recruiter")
    at = run("views/audit.py")
    assert not at.error
    frame = at.dataframe[0].value
    assert list(frame["who"]) == ["local-recruiter"] and list(frame["action"]) == ["role_saved"]
