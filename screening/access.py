"""Who may use the app: the two modes, the allow-list, and the refuse-to-start rule.

Streamlit-free policy that `app.py`, the pages and the launcher (`screening.serve`) call:

- **local** (the default): bound to loopback, one recruiter, no sign-in.
- **team**: every recruiter page needs an OpenID Connect sign-in (Streamlit's `st.login`,
  configured in `.streamlit/secrets.toml` `[auth]`) by an identity on the allow-list.

The allow-list (`SCREENING_ALLOW`) is a comma- or newline-separated list of entries
`[role:]pattern`: `pattern` is an address (`alice@example.com`) or a domain (`@example.com`
or `example.com`, that domain exactly: no sub-domains); `role` is `admin`, `recruiter`
(the default) or `manager` (a hiring manager: may open share links that require sign-in,
nothing else). An address entry wins over a domain entry; among entries of the same kind
the highest role wins. Addresses compare case-insensitively.

The start-up rule (`startup_decision`): the app never listens beyond loopback without
sign-in. Local mode on a non-loopback address is refused unless
`SCREENING_TRUST_PROXY_AUTH=1` says an authenticating proxy stands in front (then the app
says so at start-up); team mode is refused whatever the address unless sign-in is fully
configured and the allow-list is not empty.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from screening import settings
from screening.errors import AccessConfigError as AccessConfigError  # raised here


class Mode(StrEnum):
    LOCAL = "local"
    TEAM = "team"


class AccessRole(StrEnum):
    """What a signed-in identity may do; ordered by `RANK`."""

    MANAGER = "manager"  # open share links that require sign-in; no recruiter pages
    RECRUITER = "recruiter"  # every recruiter page
    ADMIN = "admin"  # a recruiter who also reads the audit log


RANK = {AccessRole.MANAGER: 1, AccessRole.RECRUITER: 2, AccessRole.ADMIN: 3}
RECRUITER_ROLES = frozenset({AccessRole.RECRUITER, AccessRole.ADMIN})


# A deliberately plain shape: one @, no spaces or control characters, a dotted domain.
_ADDRESS = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+")
_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")


@dataclass(frozen=True)
class Rule:
    role: AccessRole
    address: str | None = None  # exactly one of address / domain
    domain: str | None = None

    def matches(self, email: str) -> bool:
        if self.address is not None:
            return email == self.address
        return email.rsplit("@", 1)[1] == self.domain


@dataclass(frozen=True)
class AllowList:
    rules: tuple[Rule, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.rules)

    def role_of(self, email: str | None) -> AccessRole | None:
        """The role `email` has, or None when it is not on the list (or not an address)."""
        address = normalize_email(email)
        if address is None:
            return None
        exact = [r.role for r in self.rules if r.address is not None and r.matches(address)]
        found = exact or [r.role for r in self.rules if r.domain is not None
                          and r.matches(address)]
        return max(found, key=RANK.__getitem__) if found else None


def normalize_email(value: object) -> str | None:
    """`value` as a lower-case address, or None when it is not a plain e-mail address."""
    if not isinstance(value, str):
        return None
    address = value.strip().casefold()
    return address if len(address) <= 320 and _ADDRESS.fullmatch(address) else None


def parse_allow_list(text: str | None) -> AllowList:
    """Parse SCREENING_ALLOW; every malformed entry is reported at once."""
    rules: list[Rule] = []
    problems: list[str] = []
    for raw in re.split(r"[,\n]", text or ""):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        role_name, sep, pattern = entry.partition(":")
        if not sep:
            role_name, pattern = AccessRole.RECRUITER.value, entry
        try:
            role = AccessRole(role_name.strip().casefold())
        except ValueError:
            problems.append(f"{entry!r}: unknown role {role_name.strip()!r} "
                            f"(use {', '.join(r.value for r in AccessRole)})")
            continue
        pattern = pattern.strip().casefold()
        domain = pattern[1:] if pattern.startswith("@") else pattern
        if "@" not in domain and _DOMAIN.fullmatch(domain):
            rules.append(Rule(role, domain=domain))
        elif normalize_email(pattern) is not None:
            rules.append(Rule(role, address=pattern))
        else:
            problems.append(f"{entry!r}: not an e-mail address or a domain")
    if problems:
        raise AccessConfigError("SCREENING_ALLOW has malformed entries: " + "; ".join(problems))
    return AllowList(tuple(rules))


def parse_mode(value: str | None) -> Mode:
    try:
        return Mode((value or Mode.LOCAL.value).strip().casefold())
    except ValueError:
        raise AccessConfigError(f"SCREENING_MODE must be 'local' or 'team', not {value!r}"
                                ) from None


# ----------------------------------------------------------------------------- identities


@dataclass(frozen=True)
class Identity:
    """A signed-in person as the provider described them (claims are untrusted text)."""

    email: str | None
    name: str | None = None
    subject: str | None = None
    email_verified: bool | None = None

    @property
    def label(self) -> str:
        """What the audit log and the pages name: the address, else the subject."""
        return self.email or (f"sub:{self.subject}" if self.subject else "unknown")


def identity_from_claims(claims: Mapping[str, Any]) -> Identity:
    """The identity in an ID token's claims (as `st.user.to_dict()` returns them)."""
    verified = claims.get("email_verified")
    if isinstance(verified, str):  # some providers send "true"/"false"
        verified = verified.strip().casefold() == "true"
    name = claims.get("name")
    subject = claims.get("sub")
    return Identity(email=normalize_email(claims.get("email")),
                    name=name if isinstance(name, str) else None,
                    subject=subject if isinstance(subject, str) else None,
                    email_verified=verified if isinstance(verified, bool) else None)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    role: AccessRole | None
    reason: str  # a stable code: allowed, not_listed, no_email, email_unverified

    @property
    def recruiter(self) -> bool:
        return self.allowed and self.role in RECRUITER_ROLES

    @property
    def admin(self) -> bool:
        return self.allowed and self.role is AccessRole.ADMIN


def decide(identity: Identity, allow: AllowList) -> Decision:
    """May `identity` use the team instance, and as what? A provider that says the address
    is NOT verified is refused (one that says nothing is trusted to have checked it)."""
    if identity.email is None:
        return Decision(False, None, "no_email")
    if identity.email_verified is False:
        return Decision(False, None, "email_unverified")
    role = allow.role_of(identity.email)
    if role is None:
        return Decision(False, None, "not_listed")
    return Decision(True, role, "allowed")


# ----------------------------------------------------------------------------- start-up


def is_loopback(address: str | None) -> bool:
    """Whether a server bound to `address` is reachable from this machine only. An empty
    address means every interface; a host name other than localhost or a Unix socket
    (which a proxy usually exposes) counts as not loopback."""
    if not address:
        return False
    host = address.strip().strip("[]")
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


REQUIRED_AUTH_KEYS = ("client_id", "client_secret", "server_metadata_url")
DEFAULT_PROVIDER = "default"


def auth_problems(auth: Mapping[str, Any] | None, provider: str = DEFAULT_PROVIDER,
                  where: str = ".streamlit/secrets.toml") -> list[str]:
    """What is missing from the `[auth]` section of secrets.toml for `provider` (the flat
    `[auth]` keys for "default", else `[auth.<provider>]`); empty when sign-in can work.
    `where`: the secrets file(s) read, as the message names them."""
    if not auth:
        return [f"there is no [auth] section in {where}"]
    problems = [f"[auth] has no {key}" for key in ("redirect_uri", "cookie_secret")
                if not auth.get(key)]
    redirect = auth.get("redirect_uri")
    if isinstance(redirect, str) and redirect and not redirect.endswith("/oauth2callback"):
        problems.append("[auth] redirect_uri must end with /oauth2callback")
    secret = auth.get("cookie_secret")
    if isinstance(secret, str) and secret and len(secret) < 32:
        problems.append("[auth] cookie_secret is shorter than 32 characters")
    section = auth if provider == DEFAULT_PROVIDER else auth.get(provider)
    where = "[auth]" if provider == DEFAULT_PROVIDER else f"[auth.{provider}]"
    if not isinstance(section, Mapping):
        problems.append(f"there is no {where} section")
    else:
        problems += [f"{where} has no {key}" for key in REQUIRED_AUTH_KEYS
                     if not section.get(key)]
    return problems


@dataclass(frozen=True)
class StartupDecision:
    allowed: bool
    message: str  # why not, or what the operator should know (e.g. the proxy override)
    notices: tuple[str, ...] = field(default=())


def startup_decision(*, address: str | None, mode: Mode, allow: AllowList,
                     auth_problems: Iterable[str], trust_proxy: bool) -> StartupDecision:
    """May the app start listening on `address`? (See the module docstring.)"""
    problems = list(auth_problems)
    where = address or "every interface"
    if mode is Mode.TEAM:
        if not allow:
            problems.append("SCREENING_ALLOW (the allow-list) is empty")
        if problems:
            return StartupDecision(False, "Refusing to start in team mode: sign-in is not "
                                          "configured: " + "; ".join(problems)
                                          + ". See docs/deploy.md.")
        return StartupDecision(True, f"Team mode on {where}: sign-in required for every "
                                     f"recruiter page ({len(allow.rules)} allow-list entries).")
    if is_loopback(address):
        return StartupDecision(True, f"Local mode on {where}: one recruiter, no sign-in.")
    if trust_proxy:
        return StartupDecision(True, (
            f"SCREENING_TRUST_PROXY_AUTH is set: listening on {where} WITHOUT sign-in, "
            "trusting the proxy in front to authenticate every request. Anyone who reaches "
            "this port directly can use every page."), notices=("trust_proxy",))
    return StartupDecision(False, (
        f"Refusing to listen on {where} without sign-in: anyone who reaches it could read "
        "and change every saved screening. Bind to 127.0.0.1 (the default), or set "
        "SCREENING_MODE=team with [auth] in .streamlit/secrets.toml and SCREENING_ALLOW, or, "
        "if an authenticating proxy is in front, set SCREENING_TRUST_PROXY_AUTH=1. "
        "See docs/deploy.md."))


# ----------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Policy:
    """The access settings of one process, read from SCREENING_* (screening/settings.py)."""

    mode: Mode = Mode.LOCAL
    allow: AllowList = AllowList()
    provider: str = DEFAULT_PROVIDER
    trust_proxy: bool = False

    @property
    def team(self) -> bool:
        return self.mode is Mode.TEAM

    def startup(self, address: str | None, auth: Mapping[str, Any] | None,
                where: str = ".streamlit/secrets.toml") -> StartupDecision:
        problems = auth_problems(auth, self.provider, where) if self.team else []
        return startup_decision(address=address, mode=self.mode, allow=self.allow,
                                auth_problems=problems, trust_proxy=self.trust_proxy)


def load_policy(environ: Mapping[str, str] | None = None) -> Policy:
    """The policy SCREENING_MODE, SCREENING_ALLOW, SCREENING_AUTH_PROVIDER and
    SCREENING_TRUST_PROXY_AUTH describe; raises AccessConfigError when one is malformed."""
    return Policy(mode=parse_mode(settings.mode(environ)),
                  allow=parse_allow_list(settings.allow_list(environ)),
                  provider=settings.auth_provider(environ),
                  trust_proxy=settings.trust_proxy_auth(environ))
