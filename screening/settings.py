"""Every setting the product reads from its environment, in one place.

| variable               | what it sets                                                  |
|------------------------|---------------------------------------------------------------|
| `SCREENING_NOW`        | pins the clock (ISO 8601) for demos and tests                 |
| `SCREENING_DB_URL`     | the store's SQLAlchemy URL (PostgreSQL for a team instance)   |
| `SCREENING_DATA_DIR`   | where the SQLite store lives when no URL is set               |
| `SCREENING_ACTOR`      | who the audit log names in local mode (team mode: the signed- |
|                        | in identity)                                                  |
| `SCREENING_PUBLIC_URL` | the app's public address, for share links behind a proxy      |
| `SCREENING_POOL`       | a ZIP bundle the app opens instead of the sample candidates   |
| `SCREENING_OFFLINE`    | `1`: the app starts offline (seed caches only); tests set it  |
| `SCREENING_MODE`       | `local` (default: loopback, no sign-in) or `team` (sign-in)   |
| `SCREENING_ALLOW`      | team mode's allow-list: `[role:]address-or-@domain`, comma-   |
|                        | separated; roles `recruiter` (default), `admin`, `manager`    |
| `SCREENING_AUTH_PROVIDER` | the `[auth.<name>]` provider of secrets.toml to sign in    |
|                        | with (default: the flat `[auth]` keys)                        |
| `SCREENING_TRUST_PROXY_AUTH` | `1`: allow local mode on a non-loopback address because |
|                        | an authenticating proxy stands in front (said at start-up)    |
| `SCREENING_TERMS_AUDIT` | a file: the undefined-term walk checks each answer against the |
|                        | full expansion and appends disagreements (docs/verification.md) |

`screening/access.py` holds the policy these feed (docs/deploy.md explains each).

Each is read when asked for (not at import), so a test can set it with monkeypatch.
Test-only variables (`SCREENING_CONFORMANCE_DIR`, `SCREENING_FUZZ_EXAMPLES`,
`SCREENING_PG_BINDIR`, `SCREENING_SCREENSHOT_DIR`) are read by the tests themselves.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from screening.dates import parse_datetime

VERSION = "0.1.0"  # the product's version (pyproject.toml says the same)

PROJECT_DIR = Path(__file__).resolve().parents[1]
SAMPLE_DIR = PROJECT_DIR / "sample_data"
SAMPLE_SEEDS = SAMPLE_DIR / "seeds" / "index.json"
SAMPLE_TRUST = SAMPLE_DIR / "trust.toml"
ROLES_DIR = SAMPLE_DIR / "roles"

NOW = "SCREENING_NOW"
DB_URL = "SCREENING_DB_URL"
DATA_DIR = "SCREENING_DATA_DIR"
ACTOR = "SCREENING_ACTOR"
PUBLIC_URL = "SCREENING_PUBLIC_URL"
POOL = "SCREENING_POOL"
OFFLINE = "SCREENING_OFFLINE"
MODE = "SCREENING_MODE"
ALLOW = "SCREENING_ALLOW"
AUTH_PROVIDER = "SCREENING_AUTH_PROVIDER"
TRUST_PROXY_AUTH = "SCREENING_TRUST_PROXY_AUTH"
TERMS_AUDIT = "SCREENING_TERMS_AUDIT"
_TRUE = {"1", "true", "yes", "on"}


def _get(name: str, environ: Mapping[str, str] | None) -> str | None:
    value = (os.environ if environ is None else environ).get(name, "").strip()
    return value or None


def clock(environ: Mapping[str, str] | None = None) -> datetime:
    """Now, or the instant SCREENING_NOW pins, so a demo or a test is reproducible."""
    pinned = _get(NOW, environ)
    return parse_datetime(pinned) if pinned else datetime.now(UTC)


def db_url(environ: Mapping[str, str] | None = None) -> str | None:
    return _get(DB_URL, environ)


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """SCREENING_DATA_DIR, else ~/.local/share/credential-screening."""
    configured = _get(DATA_DIR, environ)
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".local" / "share" / "credential-screening"


def actor(environ: Mapping[str, str] | None = None) -> str:
    """Who the audit log names: SCREENING_ACTOR, else the operating-system user."""
    name = _get(ACTOR, environ)
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):
            name = None
    return name or "recruiter"


def public_url(environ: Mapping[str, str] | None = None) -> str | None:
    configured = _get(PUBLIC_URL, environ)
    return configured.rstrip("/") if configured else None


def pool_bundle(environ: Mapping[str, str] | None = None) -> Path | None:
    configured = _get(POOL, environ)
    return Path(configured) if configured else None


def online_by_default(environ: Mapping[str, str] | None = None) -> bool:
    """The app fetches links, DID documents and status lists through the guarded client
    unless SCREENING_OFFLINE is set (the CLI stays offline unless asked: `--online`)."""
    return _get(OFFLINE, environ) not in {"1", "true", "yes"}


def mode(environ: Mapping[str, str] | None = None) -> str:
    """SCREENING_MODE as written (`screening.access.parse_mode` checks it); default local."""
    return _get(MODE, environ) or "local"


def allow_list(environ: Mapping[str, str] | None = None) -> str:
    """SCREENING_ALLOW as written (`screening.access.parse_allow_list` parses it)."""
    return _get(ALLOW, environ) or ""


def auth_provider(environ: Mapping[str, str] | None = None) -> str:
    """Which `[auth.<name>]` provider to sign in with; "default" is the flat `[auth]`."""
    return _get(AUTH_PROVIDER, environ) or "default"


def trust_proxy_auth(environ: Mapping[str, str] | None = None) -> bool:
    value = _get(TRUST_PROXY_AUTH, environ)
    return value is not None and value.casefold() in _TRUE


def terms_audit_log(environ: Mapping[str, str] | None = None) -> Path | None:
    """The file the undefined-term walk's audit mode appends disagreements to; None: off."""
    configured = _get(TERMS_AUDIT, environ)
    return Path(configured) if configured else None
