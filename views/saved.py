"""Saved: save the current screening, reopen saved ones, re-verify, share read-only, delete."""

from datetime import datetime
from functools import partial

import pandas as pd
import streamlit as st

from screening import (
    LinkState,
    ScreeningSnapshot,
    ShareLink,
    read_snapshot,
    reverify_saved,
    save_current,
    unsavable_candidates,
)
from screening.errors import RoleError, SnapshotError, StoreError
from screening.present.html_report import html_report, pdf_available, pdf_report
from screening.settings import clock
from views._access import current_visitor
from views._dashboard import render_snapshot
from views._shared import (
    actor,
    config,
    now,
    pool,
    role_picker,
    run,
    share_base_url,
    snapshot,
    store,
    working_screening_saved,
)


def counts_of(shown: ScreeningSnapshot) -> str:
    """The snapshot's one count of candidates and credentials (as every view says it)."""
    apart = len(shown.unassigned_rows())
    return (f"{shown.candidate_count()} candidates and {shown.credential_count()} "
            "credentials" + (f" ({apart} file(s) not assigned to anyone, listed apart)"
                             if apart else ""))


def latest_counts(snapshot_id: str | None) -> tuple[int | None, int | None]:
    """(candidates, credentials) of a saved screening's latest snapshot, as its views count
    them; remembered per snapshot (snapshots never change); (None, None) when unreadable."""
    if snapshot_id is None:
        return None, None
    cache: dict[str, tuple[int | None, int | None]] = st.session_state.setdefault(
        "saved_counts", {})
    if snapshot_id not in cache:
        try:
            shown = read_snapshot(db.get_snapshot(snapshot_id))
        except (StoreError, SnapshotError):
            cache[snapshot_id] = (None, None)
        else:
            cache[snapshot_id] = (shown.candidate_count(), shown.credential_count())
    return cache[snapshot_id]


def link_label(seq: int, link: ShareLink) -> str:
    """A share link as the recruiter made it: whom or what it is for, when it was created
    (to the second: two links made the same minute stay apart), its snapshot."""
    return (f"{link.purpose or 'for no one named'} · created "
            f"{link.created_at:%Y-%m-%d %H:%M:%S} UTC · snapshot #{seq} · expires "
            f"{when(link.expires_at)}")


def _pdf(shown: ScreeningSnapshot, name: str) -> bytes:
    """Printed on demand (the download is prepared only when clicked)."""
    return pdf_report(html_report(shown, name=name)) or b""


st.title("Saved screenings")
st.caption("A saved screening keeps the credentials' original files, the role and scoring "
           "configuration, and snapshots of the results that never change. Re-verifying "
           "adds a new snapshot; a share link opens one snapshot read-only.")

try:
    db = store()
except StoreError as error:
    st.error("The store of saved screenings could not be opened.")
    st.text(str(error))
    st.stop()


def flash(kind: str, message: str, detail: str = "") -> None:
    """A message for the next run (callbacks run before the page draws)."""
    st.session_state["saved_flash"] = (kind, message, detail)


def visitor_is_team() -> bool:
    who = current_visitor()
    return who is not None and who.team


def when(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def reverify(screening_id: str) -> None:
    try:
        added = reverify_saved(store(), screening_id, run(), actor(), clock())
    except (StoreError, RoleError, SnapshotError) as error:
        flash("error", "Re-verifying failed; nothing was changed.", str(error))
    else:
        st.session_state[f"snapshot_{screening_id}"] = added.id
        flash("success", f"Re-verified the stored credentials: snapshot {added.seq} added. "
                         "Earlier snapshots are unchanged.")


def revoke(link_id: str) -> None:
    try:
        store().revoke_share_link(link_id, actor(), clock())
    except StoreError as error:
        flash("error", "The link could not be revoked.", str(error))
    else:
        flash("success", "Link revoked: it no longer opens.")


def delete(screening_id: str) -> None:
    try:
        store().delete_screening(screening_id, actor(), clock())
    except StoreError as error:
        flash("error", "The screening could not be deleted.", str(error))
    else:
        st.session_state.pop("saved_pick", None)
        flash("success", "Screening deleted, with its snapshots, credentials and share links.")


# --- save the current screening -------------------------------------------------------------

st.header("Save the current screening")
role = role_picker("saved")
current = pool()
default_name = f"{role.title} · {now():%Y-%m-%d}" if role is not None else "Screening"
name = st.text_input("Name", value=default_name, max_chars=200, key="save_name")
if st.button("Save this screening", type="primary", key="save_screening",
             disabled=role is None or not current.rows) and role is not None:
    saving = snapshot(role)
    try:
        summary = save_current(db, name.strip() or default_name, current, saving,
                               role, config(), actor(), clock(), verified_at=now())
    except StoreError as error:
        flash("error", "Nothing was saved.", str(error))
    else:
        working_screening_saved()  # saved: its draft goes
        st.session_state["saved_pick"] = summary.id
        skipped = unsavable_candidates(current)
        flash("success" if not skipped else "warning",
              f"Saved {counts_of(saving)}."
              + (f" {len(skipped)} candidate(s) could not be saved." if skipped else ""),
              "\n".join(f"{name[:80]}: {why}" for name, why in skipped.items()))

if "saved_flash" in st.session_state:
    kind, message, detail = st.session_state.pop("saved_flash")
    {"success": st.success, "warning": st.warning}.get(kind, st.error)(message)
    if detail:
        st.text(detail)

# --- the saved screenings -------------------------------------------------------------------

st.header("Saved screenings")
screenings = db.list_screenings()
if not screenings:
    st.info("Nothing saved yet.")
    st.stop()
counted = {s.id: latest_counts(s.latest_snapshot_id) for s in screenings}
st.dataframe(pd.DataFrame([{
    "name": s.name, "role": s.role_title, "role version": s.role_version,
    "candidates": counted[s.id][0], "credentials": counted[s.id][1],
    "saved": when(s.created_at), "saved by": s.created_by, "id": s.id,
} for s in screenings]), hide_index=True, width="stretch", key="screenings_table")

by_id = {s.id: s for s in screenings}
if st.session_state.get("saved_pick") not in by_id:
    st.session_state["saved_pick"] = screenings[0].id
chosen = st.selectbox("Open", list(by_id), key="saved_pick",
                      format_func=lambda i: f"{by_id[i].name} · {by_id[i].role_title} · "
                                            f"saved {when(by_id[i].created_at)}")
try:
    detail = db.open_screening(chosen)
except StoreError as error:
    st.error("This screening could not be opened.")
    st.text(str(error))
    st.stop()

snapshots = list(reversed(detail.snapshots))  # newest first
seqs = {s.id: s for s in snapshots}
snapshot_key = f"snapshot_{chosen}"
if st.session_state.get(snapshot_key) not in seqs:
    st.session_state[snapshot_key] = snapshots[0].id
snapshot_id = st.selectbox(
    "Snapshot", list(seqs), key=snapshot_key,
    format_func=lambda i: f"#{seqs[i].seq} · verified {when(seqs[i].verified_at)}"
                          + (" (latest)" if i == snapshots[0].id else ""))
try:
    stored = db.get_snapshot(snapshot_id)
    shown = read_snapshot(stored)
except (StoreError, SnapshotError) as error:  # e.g. TamperedError: content no longer
    # matches its hash, or a snapshot of a format this version cannot read
    st.error("This snapshot cannot be shown.")
    st.text(str(error))
    st.stop()

left, right = st.columns(2)
left.button("Re-verify the stored credentials", key="reverify", on_click=reverify,
            args=(chosen,), help="Verifies the saved files again now, re-ranks them against "
                                 "the saved role and adds a snapshot.")
right.download_button("Download the report (HTML)",
                      partial(html_report, shown, name=detail.name),
                      file_name=f"screening-report-{stored.seq}.html", mime="text/html",
                      on_click="ignore", key="saved_report")
if pdf_available():
    right.download_button("Download the report (PDF)",
                          partial(_pdf, shown, detail.name),
                          file_name=f"screening-report-{stored.seq}.pdf",
                          mime="application/pdf", on_click="ignore", key="saved_pdf")

st.header("Results")
render_snapshot(shown, "saved")

# --- share links ----------------------------------------------------------------------------

st.header("Share links")
st.caption("A share link opens the snapshot shown above read-only, and nothing else, until "
           "it expires or is revoked. Only a hash of it is stored, so it is shown once.")
team = visitor_is_team()
with st.form("share_form"):
    purpose = st.text_input("For (who receives it, or what it is for)", max_chars=200,
                            key="share_purpose",
                            placeholder="e.g. Priya (hiring manager), panel on 12 May")
    days = st.number_input("Valid for (days)", min_value=1, max_value=365, value=14, step=1,
                           key="share_days")
    hide = st.checkbox("Hide e-mail addresses", key="share_hide")
    require = st.checkbox("Requires sign-in (the hiring manager must be on the allow-list)",
                          key="share_require_sign_in", disabled=not team,
                          help=None if team else "Only a team instance has sign-in.")
    create = st.form_submit_button("Create share link")
if create:
    try:
        token, _link = db.create_share_link(stored.id, actor(), clock(), days=int(days),
                                            hide_emails=hide,
                                            require_sign_in=bool(require and team),
                                            purpose=purpose.strip())
    except StoreError as error:
        st.error("The link could not be created.")
        st.text(str(error))
    else:
        st.success("Link created. Copy it now: it cannot be shown again.")
        st.code(f"{share_base_url('saved')}/?share={token}", language=None)

moment = clock()
links = [(info.seq, link) for info in detail.snapshots for link in db.list_share_links(info.id)]
if links:
    st.dataframe(pd.DataFrame([{
        "for": link.purpose or "—", "snapshot": seq, "status": str(link.state(moment)),
        "created": when(link.created_at),
        "expires": when(link.expires_at), "revoked": when(link.revoked_at),
        "hide emails": link.hide_emails, "sign-in": link.require_sign_in,
        "opened": link.access_count,
        "last opened": when(link.last_access_at), "created by": link.created_by,
        "id": link.id,
    } for seq, link in links]), hide_index=True, width="stretch", key="links_table")
    live = {link.id: (seq, link) for seq, link in links
            if link.state(moment) is LinkState.ACTIVE}
    if live:
        pick = st.selectbox("Link to revoke", list(live), key="revoke_pick",
                            format_func=lambda i: link_label(*live[i]))
        st.button("Revoke link", key="revoke_link", on_click=revoke, args=(pick,))
else:
    st.info("No share links for this screening.")

# --- delete ---------------------------------------------------------------------------------

st.header("Delete")
confirm = st.checkbox("Delete this screening with all its snapshots, stored credentials and "
                      "share links (the audit log keeps a record)", key=f"confirm_{chosen}")
st.button("Delete this screening", key="delete_screening", disabled=not confirm,
          on_click=delete, args=(chosen,))
