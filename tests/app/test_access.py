"""The access policy (screening/access.py) and the launcher that applies it before anything
listens (screening/serve.py): modes, the allow-list, identities, the refuse-to-start rule."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from screening import access, serve
from screening.access import (
    AccessConfigError,
    AccessRole,
    AllowList,
    Identity,
    Mode,
    auth_problems,
    decide,
    identity_from_claims,
    is_loopback,
    load_policy,
    parse_allow_list,
    parse_mode,
    startup_decision,
)

ROOT = Path(__file__).resolve().parents[2]
AUTH = {"redirect_uri": "https://screening.example.com/oauth2callback",
        "cookie_secret": "c" * 43, "client_id": "screening", "client_secret": "s3cret",
        "server_metadata_url": "https://idp.example.com/.well-known/openid-configuration"}
ALLOW = "admin:boss@example.com, @example.com\nmanager:hm@partner.org, recruiter:example.net"


# ---------------------------------------------------------------------------- allow-list


def test_allow_list_roles_addresses_and_domains() -> None:
    allow = parse_allow_list(ALLOW)
    assert allow.role_of("boss@example.com") is AccessRole.ADMIN
    assert allow.role_of("  Ann@Example.COM ") is AccessRole.RECRUITER  # case-insensitive
    assert allow.role_of("hm@partner.org") is AccessRole.MANAGER
    assert allow.role_of("someone@example.net") is AccessRole.RECRUITER
    assert allow.role_of("other@partner.org") is None  # an address entry is not a domain
    assert allow.role_of("eve@sub.example.com") is None  # no sub-domains
    assert allow.role_of("eve@example.com.evil.org") is None
    assert allow.role_of("example.com") is None and allow.role_of(None) is None


def test_an_address_entry_wins_over_its_domain() -> None:
    allow = parse_allow_list("admin:@example.com, manager:intern@example.com")
    assert allow.role_of("intern@example.com") is AccessRole.MANAGER
    assert allow.role_of("lead@example.com") is AccessRole.ADMIN
    both = parse_allow_list("recruiter:a@example.com, admin:a@example.com")
    assert both.role_of("a@example.com") is AccessRole.ADMIN  # same kind: the highest role


@pytest.mark.parametrize("text", ["boss:a@example.com", "a@@example.com", "not an address",
                                  "@", "a@b", "recruiter:"])
def test_malformed_entries_are_refused(text: str) -> None:
    with pytest.raises(AccessConfigError):
        parse_allow_list(text)


def test_empty_allow_list_allows_nobody() -> None:
    allow = parse_allow_list(" , \n# a comment\n")
    assert not allow and allow.role_of("a@example.com") is None


def test_mode_parsing() -> None:
    assert parse_mode(None) is Mode.LOCAL and parse_mode(" TEAM ") is Mode.TEAM
    with pytest.raises(AccessConfigError):
        parse_mode("public")


# ---------------------------------------------------------------------------- identities


def test_identity_from_claims_and_decisions() -> None:
    allow = parse_allow_list(ALLOW)
    ann = identity_from_claims({"email": "Ann@Example.com", "name": "Ann", "sub": "1",
                                "email_verified": True})
    assert ann == Identity("ann@example.com", "Ann", "1", True)
    assert decide(ann, allow).recruiter and not decide(ann, allow).admin
    assert decide(identity_from_claims({"email": "boss@example.com"}), allow).admin
    manager = decide(identity_from_claims({"email": "hm@partner.org"}), allow)
    assert manager.allowed and not manager.recruiter
    outsider = decide(identity_from_claims({"email": "eve@evil.org"}), allow)
    assert (outsider.allowed, outsider.reason) == (False, "not_listed")
    unverified = identity_from_claims({"email": "ann@example.com", "email_verified": "false"})
    assert decide(unverified, allow).reason == "email_unverified"
    nameless = identity_from_claims({"sub": "abc", "email": ["x@example.com"]})
    assert nameless.email is None and nameless.label == "sub:abc"
    assert decide(nameless, allow).reason == "no_email"


# ---------------------------------------------------------------------------- start-up


@pytest.mark.parametrize(("address", "loopback"), [
    ("127.0.0.1", True), ("127.8.9.1", True), ("::1", True), ("[::1]", True),
    ("localhost", True), ("0.0.0.0", False), ("::", False), ("", False), (None, False),
    ("10.0.0.5", False), ("screening.example.com", False), ("unix:///tmp/s.sock", False)])
def test_loopback(address: str | None, loopback: bool) -> None:
    assert is_loopback(address) is loopback


def test_auth_problems() -> None:
    assert auth_problems(AUTH) == []
    assert auth_problems(None) and auth_problems({})
    assert len(auth_problems({**AUTH, "client_secret": ""})) == 1
    assert len(auth_problems({**AUTH, "redirect_uri": "https://x.example/"})) == 1
    assert len(auth_problems({**AUTH, "cookie_secret": "short"})) == 1
    named = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": AUTH["cookie_secret"],
             "okta": {k: AUTH[k] for k in access.REQUIRED_AUTH_KEYS}}
    assert auth_problems(named, "okta") == []
    assert auth_problems(named) != []  # the flat [auth] has no provider keys


def _start(address: str | None, mode: Mode = Mode.LOCAL, allow: str = "",
           problems: tuple[str, ...] = (), proxy: bool = False) -> access.StartupDecision:
    return startup_decision(address=address, mode=mode, allow=parse_allow_list(allow),
                            auth_problems=problems, trust_proxy=proxy)


def test_local_mode_only_on_loopback() -> None:
    assert _start("127.0.0.1").allowed
    assert not _start("0.0.0.0").allowed
    assert not _start(None).allowed  # every interface
    override = _start("0.0.0.0", proxy=True)
    assert override.allowed and override.notices == ("trust_proxy",)


def test_team_mode_needs_sign_in_and_an_allow_list() -> None:
    assert _start("0.0.0.0", Mode.TEAM, ALLOW).allowed
    assert not _start("0.0.0.0", Mode.TEAM, ALLOW, ("no [auth]",)).allowed
    assert not _start("127.0.0.1", Mode.TEAM, "").allowed  # even on loopback
    assert not _start("0.0.0.0", Mode.TEAM, "", proxy=True).allowed


def test_policy_from_the_environment() -> None:
    assert load_policy({}) == access.Policy()
    policy = load_policy({"SCREENING_MODE": "team", "SCREENING_ALLOW": ALLOW,
                          "SCREENING_AUTH_PROVIDER": "okta",
                          "SCREENING_TRUST_PROXY_AUTH": "1"})
    assert policy.team and policy.provider == "okta" and policy.trust_proxy
    assert policy.allow.role_of("boss@example.com") is AccessRole.ADMIN
    assert not load_policy({"SCREENING_TRUST_PROXY_AUTH": "0"}).trust_proxy
    with pytest.raises(AccessConfigError):
        load_policy({"SCREENING_ALLOW": "root:a@example.com"})
    assert AllowList() == load_policy({"SCREENING_ALLOW": " "}).allow


# ---------------------------------------------------------------------------- the launcher


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(*args: str, env: dict[str, str] | None = None, timeout: float = 60
           ) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SCREENING_")}
    clean["PYTHONPATH"] = str(ROOT)  # this checkout's screening
    return subprocess.run([sys.executable, "-m", "screening.serve", *args],
                          env={**clean, **(env or {})}, capture_output=True, text=True,
                          timeout=timeout, check=False, cwd=ROOT)


def test_serve_refuses_every_interface_without_sign_in(tmp_path: Path) -> None:
    result = _serve("--address", "0.0.0.0", "--secrets", str(tmp_path / "none.toml"))
    assert result.returncode == serve.EXIT_REFUSED
    assert "0.0.0.0" in result.stderr and "SCREENING_TRUST_PROXY_AUTH" in result.stderr


def test_serve_check_passes_on_loopback_and_with_the_override(tmp_path: Path) -> None:
    assert _serve("--check").returncode == 0
    proxied = _serve("--check", "--address", "0.0.0.0",
                     env={"SCREENING_TRUST_PROXY_AUTH": "1"})
    assert proxied.returncode == 0 and "SCREENING_TRUST_PROXY_AUTH" in proxied.stderr


def test_serve_team_mode_reads_the_secrets_file(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    team = {"SCREENING_MODE": "team", "SCREENING_ALLOW": ALLOW}
    assert _serve("--check", "--address", "0.0.0.0", "--secrets", str(secrets),
                  env=team).returncode == serve.EXIT_REFUSED  # no file: no sign-in
    secrets.write_text("[auth]\n" + "".join(f'{k} = "{v}"\n' for k, v in AUTH.items()))
    assert _serve("--check", "--address", "0.0.0.0", "--secrets", str(secrets),
                  env=team).returncode == 0
    assert _serve("--check", "--address", "0.0.0.0", "--secrets", str(secrets),
                  env={**team, "SCREENING_ALLOW": ""}).returncode == serve.EXIT_REFUSED
    assert _serve("--check", env={"SCREENING_ALLOW": "x:y"}).returncode == serve.EXIT_REFUSED


def test_serve_names_the_secrets_file_it_was_given(tmp_path: Path) -> None:
    """Issue 27 P2: `--secrets /nonexistent.toml` is reported as that file missing, and a
    given file without [auth] is named (never the default .streamlit/secrets.toml)."""
    team = {"SCREENING_MODE": "team", "SCREENING_ALLOW": ALLOW}
    missing = tmp_path / "nonexistent.toml"
    result = _serve("--check", "--address", "0.0.0.0", "--secrets", str(missing), env=team)
    assert result.returncode == serve.EXIT_REFUSED
    assert str(missing) in result.stderr and ".streamlit/secrets.toml" not in result.stderr
    empty = tmp_path / "empty.toml"
    empty.write_text("# no [auth]\n", encoding="utf-8")
    result = _serve("--check", "--address", "0.0.0.0", "--secrets", str(empty), env=team)
    assert result.returncode == serve.EXIT_REFUSED and str(empty) in result.stderr


def test_deploy_docs_set_the_cookie_secret_the_way_streamlit_takes_it(tmp_path: Path) -> None:
    """docs/deploy.md §6: Streamlit refuses `--server.cookieSecret` on the command line; the
    documented environment variable is the option Streamlit reads."""
    deploy = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert "--server.cookieSecret" not in deploy.replace("as a `--server.cookieSecret` flag",
                                                         "")
    assert "STREAMLIT_SERVER_COOKIE_SECRET=" in deploy
    shown = subprocess.run([sys.executable, "-m", "streamlit", "config", "show"],
                           env={**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": "s" * 40},
                           capture_output=True, text=True, timeout=60, check=True,
                           cwd=tmp_path)
    assert f'cookieSecret = "{"s" * 40}"' in shown.stdout


def test_serve_will_not_take_the_address_from_streamlit_flags() -> None:
    assert _serve("--check", "--server.address", "0.0.0.0").returncode == serve.EXIT_USAGE


@pytest.mark.slow
def test_serve_with_no_configuration_starts_the_app_on_loopback(tmp_path: Path) -> None:
    """What `make run` does: no settings, no secrets; the dashboard answers on 127.0.0.1."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SCREENING_")}
    env = {**clean, "PYTHONPATH": str(ROOT), "SCREENING_DATA_DIR": str(tmp_path),
           "HOME": str(tmp_path)}  # no ~/.streamlit/secrets.toml either
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([sys.executable, "-m", "screening.serve", "--port",
                                    str(port), "--server.fileWatcherType", "none"],
                                   cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            # waits for start-up; the 60 s are a guard against a hang, not a speed limit
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                assert process.poll() is None, "the launcher exited"
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                                timeout=2) as response:
                        assert response.status == 200
                        break
                except OSError:
                    time.sleep(0.3)
            else:
                pytest.fail("the app did not answer")
        finally:
            process.terminate()
            process.wait(timeout=15)


def test_serve_runs_streamlit_on_the_checked_address() -> None:
    command = serve.streamlit_command("127.0.0.1", 8600, [Path("s.toml")],
                                      ["--server.baseUrlPath", "x"])
    assert command[1:4] == ["-m", "streamlit", "run"]
    at = command.index("--server.address")
    assert command[at + 1] == "127.0.0.1"
    assert command[command.index("--secrets.files") + 1] == "s.toml"
    assert command[-2:] == ["--server.baseUrlPath", "x"]


def test_access_config_error_is_in_the_error_tree():
    """One class, defined in screening.errors and raised (and importable) from access."""
    from screening import errors

    assert AccessConfigError is errors.AccessConfigError
    assert issubclass(AccessConfigError, errors.ScreeningError)
    assert issubclass(AccessConfigError, ValueError)  # as before: a malformed value
