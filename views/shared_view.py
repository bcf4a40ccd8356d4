"""Shared view: one snapshot, read-only, for whoever holds a share link (`/?share=<token>`).

app.py runs only this page when the URL has a `share` parameter: no uploader, no other
pages, no settings. Any link that does not open (unknown, malformed, forged, expired,
revoked, or a store that cannot be reached) gets the same message and nothing else. A link
that requires sign-in (team mode) asks an anonymous visitor to sign in, and opens only for
a signed-in identity on the allow-list, whom the audit log then names.
"""

import hmac
import logging
from functools import partial

import streamlit as st

from screening import LinkState, SharedView, read_snapshot
from screening.errors import SnapshotError, StoreError
from screening.present.html_report import html_report, pdf_available, pdf_report
from screening.settings import clock
from views._access import current_visitor, policy, sign_in
from views._dashboard import render_snapshot
from views._shared import store

INVALID = ("This link cannot be opened. It may have expired or been revoked; ask the "
           "person who shared it for a new link.")
log = logging.getLogger(__name__)


def shared_view(token: str, viewer: str | None) -> SharedView | None:
    """The view behind `token`, or None. A visit resolves the token once (that is what the
    link's access count counts); later reruns of the same session re-check that the link
    is still live, so a revocation or expiry applies at once. `viewer` is the signed-in
    identity allowed on this instance, if any (a link that requires sign-in needs one)."""
    now = clock()
    cached = st.session_state.get("shared_view")
    try:
        if cached is not None and hmac.compare_digest(cached[0], token):
            kept: SharedView = cached[1]
            if store().share_link_state(kept.link_id, now) is LinkState.ACTIVE:
                return kept
            st.session_state.pop("shared_view", None)
            return None
        view = store().resolve_share_token(token, now, viewer=viewer)
    except StoreError as error:  # details go to the log, never to the visitor
        log.warning("share link not resolved: %s", error)
        return None
    except Exception:  # e.g. the database went away: still nothing but the one message
        log.exception("share link not resolved")
        return None
    if view is not None:
        st.session_state["shared_view"] = (token, view)
    return view


def requires_sign_in(token: str) -> bool:
    try:
        return store().share_token_requires_sign_in(token, clock())
    except Exception:  # as above: the visitor learns nothing but the one message
        log.exception("share link not checked")
        return False


raw = st.query_params.get("share", "")
token = raw if isinstance(raw, str) and raw.isascii() else ""
who = current_visitor()
viewer = who.label if who is not None and who.team and who.decision.allowed else None
if token and viewer is None and who is not None and who.team and requires_sign_in(token):
    # Only an allowed, signed-in person may open this link (the store refuses it anyway).
    if not who.signed_in:
        st.title("Sign in to open this link")
        st.caption("The person who shared this screening asked for viewers to sign in. "
                   "After signing in, open the link again.")
        st.button("Sign in", type="primary", key="share_sign_in", on_click=sign_in,
                  args=(policy(),))
    else:  # signed in, but not allowed here: refused, and audited once per visit
        audited = st.session_state.setdefault("share_refusals_audited", set())
        if token not in audited:
            try:
                store().refuse_share_token(token, clock(), who.label, "not_allowed")
            except Exception:  # the visitor learns nothing but the one message
                log.exception("share link refusal not audited")
            audited.add(token)
        st.warning(INVALID)
    st.stop()
found = shared_view(token, viewer) if token else None
if found is None:
    st.warning(INVALID)
    st.stop()

st.title("Shared screening")
st.caption("A read-only view of a saved screening, exactly as it was scored. Nothing here "
           "can be changed.")
st.text(found.screening_name)  # the recruiter's name for it: plain text
st.text(f"Verified {found.verified_at:%Y-%m-%d %H:%M} UTC · link valid until "
        f"{found.expires_at:%Y-%m-%d %H:%M} UTC"
        + (" · e-mail addresses hidden" if found.hide_emails else ""))
try:
    shown = read_snapshot(found)
except SnapshotError:
    log.warning("shared snapshot %s is not readable", found.snapshot_id)
    st.warning(INVALID)
    st.stop()
title = found.screening_name
st.download_button("Download the report (HTML)",
                   partial(html_report, shown, name=title),
                   file_name="screening-report.html", mime="text/html", on_click="ignore",
                   key="shared_report")
if pdf_available():
    st.download_button("Download the report (PDF)",
                       lambda: pdf_report(html_report(shown, name=title))
                       or b"", file_name="screening-report.pdf", mime="application/pdf",
                       on_click="ignore", key="shared_pdf")
render_snapshot(shown, "shared")
