"""Session glue for access: who is visiting, the sign-in screen, the start-up refusal.

The policy (modes, allow-list, roles, the refuse-to-start rule) lives in
`screening/access.py`; this module only asks Streamlit for the address, the `[auth]`
secrets and `st.user`, and draws. Identities are untrusted text: shown with st.text only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import streamlit as st

from screening import settings
from screening.access import (
    AccessConfigError,
    AccessRole,
    Decision,
    Identity,
    Policy,
    decide,
    identity_from_claims,
    load_policy,
)

log = logging.getLogger(__name__)
LOCAL = Decision(True, AccessRole.ADMIN, "local")  # local mode: one recruiter, every page
ANONYMOUS = Decision(False, None, "anonymous")


@dataclass(frozen=True)
class Visitor:
    team: bool
    identity: Identity | None
    decision: Decision

    @property
    def signed_in(self) -> bool:
        return self.identity is not None

    @property
    def recruiter(self) -> bool:
        return self.decision.recruiter

    @property
    def admin(self) -> bool:
        return self.decision.admin

    @property
    def label(self) -> str:
        """Who the audit log names: the signed-in address in team mode."""
        if not self.team:
            return settings.actor()
        return self.identity.label if self.identity is not None else "anonymous"


def _auth_section() -> dict[str, Any] | None:
    try:
        auth = st.secrets.get("auth")
    except Exception:  # no secrets file at all (Streamlit raises its own error type)
        return None
    to_dict = getattr(auth, "to_dict", None)
    found: dict[str, Any] | None = to_dict() if callable(to_dict) else None
    return found


def policy() -> Policy:
    """The process's policy; a malformed setting stops every page (fail closed)."""
    try:
        return load_policy()
    except AccessConfigError as error:
        log.error("%s", error)
        st.error("This instance is misconfigured and serves nothing until it is fixed.")
        st.text(str(error))
        st.stop()
        raise  # not reached: st.stop raises


@dataclass(frozen=True)
class Refusal:
    """Why this process serves nothing: the one page app.py registers when set."""
    headline: str
    detail: str


def gate() -> Policy | Refusal:
    """The process's policy, or a refusal: a malformed setting (fail closed), or a start-up
    the launcher would have refused (e.g. a direct `streamlit run --server.address 0.0.0.0`
    without sign-in configured). Decided before any page is registered, so a refusal is the
    only page there is, whatever the URL."""
    try:
        current = load_policy()
    except AccessConfigError as error:
        log.error("%s", error)
        return Refusal("This instance is misconfigured and serves nothing until it is fixed.",
                       str(error))
    auth = _auth_section() if current.team else None
    files = st.get_option("secrets.files") or []
    decision = current.startup(st.get_option("server.address"), auth,
                               ", ".join(str(f) for f in files) or ".streamlit/secrets.toml")
    if not decision.allowed:
        log.error("%s", decision.message)
        return Refusal("This instance refuses to serve: it would be reachable without "
                       "sign-in.", decision.message)
    return current


def refusal_page() -> None:
    """The only page of a process that refuses to serve (see `gate`)."""
    found: Refusal | None = st.session_state.get("refusal")
    st.error(found.headline if found is not None
             else "This instance refuses to serve until its configuration is fixed.")
    if found is not None:
        st.text(found.detail)


def visitor(current: Policy) -> Visitor:
    """This run's visitor (kept in the session for actor() and the pages)."""
    if not current.team:
        found = Visitor(False, None, LOCAL)
    else:
        claims = dict(st.user.to_dict())  # empty (no is_logged_in) outside a real server
        if claims.get("is_logged_in") is not True:
            found = Visitor(True, None, ANONYMOUS)
        else:
            identity = identity_from_claims(claims)
            found = Visitor(True, identity, decide(identity, current.allow))
    st.session_state["visitor"] = found
    return found


def current_visitor() -> Visitor | None:
    return st.session_state.get("visitor")


def sign_in(current: Policy) -> None:
    if current.provider == "default":
        st.login()
    else:
        st.login(current.provider)


def sign_in_page() -> None:
    """What a visitor who may not use the recruiter pages sees, whatever the URL."""
    current, who = policy(), current_visitor()
    st.title("Credential Screening")
    if who is None or not who.signed_in:
        st.header("Sign in")
        st.caption("This is your team's Credential Screening instance. Sign in with your "
                   "work account to continue. A hiring manager with a share link needs "
                   "nothing else: open the link itself.")
        st.button("Sign in", type="primary", key="sign_in", on_click=sign_in, args=(current,))
        return
    st.text(f"Signed in as {who.identity.label if who.identity else ''}")
    if who.decision.allowed:  # a hiring manager: share links only
        st.info("Your account can open share links that were sent to you; the recruiter "
                "pages are not available to it. Open the link again now that you are "
                "signed in.")
    else:
        st.error("This account may not use this Credential Screening instance. Ask an "
                 "administrator to add it, or sign in with another account.")
    st.button("Sign out", key="sign_out", on_click=st.logout)


def account_sidebar(who: Visitor) -> None:
    """Team mode: who is signed in, and the way out."""
    if not who.team or who.identity is None:
        return
    with st.sidebar:
        st.text(f"{who.identity.label} · {who.decision.role}")
        st.button("Sign out", key="sidebar_sign_out", on_click=st.logout)
