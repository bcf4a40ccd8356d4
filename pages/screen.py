"""Screen: add candidates' credentials (files, bundles, links), pick a role, see who fits."""

import streamlit as st

from pages._dashboard import render_summary, table
from pages._shared import load_samples, pool, role_picker, snapshot, verify_with_progress
from screening.ingest import ingest_bytes, ingest_text
from screening.present.workspace import verdict_tally

st.title("Screen candidates")
st.caption("Upload candidates' credentials or paste links, choose the job role, and see a "
           "ranking built only from what could be verified.")

role = role_picker("screen")
current = pool()

with st.form("intake", clear_on_submit=True):
    files = st.file_uploader(
        "Credential files: JSON / JSON-LD, JWT, baked PNG or SVG badges, ZIP bundles "
        "(one folder per candidate, or a manifest), or a CSV of candidate → links",
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
    added = verify_with_progress(batches, "credential(s)")
    current.extend(added)
    st.success(f"Added {verdict_tally(added)}.")

left, right = st.columns(2)
if left.button("Start over with the sample candidates", key="reset_samples"):
    st.session_state["pool"] = load_samples()
    st.rerun()
if right.button("Clear all candidates", key="clear"):
    st.session_state["pool"] = type(current)()
    st.rerun()

if role is not None and pool().rows:
    result = snapshot(role)
    render_summary(result)
    st.subheader("Best fits")
    table(result.ranking_frame()[["rank", "candidate", "fit", "band_shown", "required_met",
                                   "required_total", "explanation"]].head(10), "preview")
    st.page_link("pages/ranking.py", label="Open the full ranking", icon=":material/leaderboard:")
elif not pool().rows:
    st.info("No candidates yet: upload credentials above, or start over with the samples.")
