"""Screen: add candidates' credentials (files, bundles, links), pick a role, see who fits.

A new session opens on the demo screening (the bundled sample candidates) so a newcomer
sees a full dashboard at once; a recruiter's own uploads always go into a screening of
their own and never mix with the demo."""

import pandas as pd
import streamlit as st

from screening import UNASSIGNED, Pool, ingest_bytes, ingest_text, verdict_tally
from views._dashboard import ranking_table, render_summary, table
from views._shared import (
    discard_working_draft,
    keep_working_draft,
    load_samples,
    pool,
    role_picker,
    snapshot,
    verify_with_progress,
)

st.title("Screen candidates")
st.caption("Upload candidates' credentials or paste links, choose the job role, and see a "
           "ranking built only from what could be verified.")

role = role_picker("screen")

new, demo = st.columns(2)
if new.button("New screening", key="new_screening", icon=":material/add:"):
    st.session_state["pool"] = Pool()
    st.rerun()
if demo.button("Open the demo screening", key="reset_samples", icon=":material/science:"):
    st.session_state["pool"] = load_samples()
    st.rerun()
if pool().demo:
    st.info("This is the demo screening with sample candidates. Anything you upload starts "
            "a new screening of your own.", icon=":material/science:")

with st.form("intake", clear_on_submit=True):
    files = st.file_uploader(
        "Credential files: JSON / JSON-LD, JWT, baked PNG or SVG badges, PDF certificates, "
        "photos of certificates with a QR code, ZIP bundles (one folder per candidate, or "
        "a manifest), or a CSV of candidate → links",
        accept_multiple_files=True, key="uploads")
    links = st.text_area("…or paste credential links, one per line", key="links")
    candidate = st.text_input("Candidate these belong to (optional: bundles, CSVs and the "
                              "credentials themselves usually say)", key="candidate")
    email = st.text_input("Candidate's email (optional, checked against the credentials)",
                          key="email")
    submitted = st.form_submit_button("Verify and add to the screening", type="primary")

if submitted:
    batches = [ingest_bytes(upload.getvalue(), upload.name, candidate or None, email or None)
               for upload in files or []]
    if links.strip():
        batches.append(ingest_text(links, "pasted links", candidate or None))
    if batches:
        if pool().demo:  # never mix a recruiter's candidates into the demo
            st.session_state["pool"] = Pool()
        added = verify_with_progress(batches, "credential(s)")
        pool().extend(added)
        keep_working_draft()  # at once: a reload right now must not lose them
        st.success(f"Added {verdict_tally(added)}.")

kept_at = st.session_state.get("draft_at")
if kept_at is not None:
    restored = st.session_state.get("draft_restored", False)
    mine = not pool().demo and bool(pool().rows)
    st.info(("Reopened your unsaved screening" if restored and mine else
             "Your unsaved screening is kept as a draft" if mine else
             "Your earlier unsaved screening is still kept as a draft")
            + f" (kept {kept_at:%Y-%m-%d %H:%M} UTC): it reopens when you come back. Save it "
            "on the Saved page, or discard it.", icon=":material/draft:")
    st.button("Discard draft", key="discard_draft", icon=":material/delete:",
              on_click=discard_working_draft,
              help="Drops the unsaved screening for good and reopens the demo.")

current = pool()
loose = current.rows_of(UNASSIGNED)
if loose:
    st.header("Files that belong to nobody yet")
    st.caption("Nothing in these files names a candidate, so they are not ranked. Give them "
               "a candidate on the Candidate page (choose “unassigned”, then rename).")
    table(pd.DataFrame([{"file": row.source, "verdict": str(row.report.verdict)}
                        for row in loose], columns=["file", "verdict"]), "unassigned_table")

if role is not None and current.rows:
    result = snapshot(role)
    render_summary(result)
    st.header("Best fits")
    table(ranking_table(result.ranking_frame().head(10)), "preview")
    st.page_link("views/ranking.py", label="Open the full ranking", icon=":material/leaderboard:")
elif not current.rows:
    st.info("No candidates yet: upload credentials above, or open the demo screening.")
