"""Screen: add candidates' credentials (files, bundles, links), pick a role, see who fits."""

import streamlit as st

from pages._shared import load_samples, pool, ranking, role_picker, screening
from screening.ingest import ingest_bytes, ingest_text

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
    run = screening()
    batches = []
    for upload in files or []:
        batches.append((upload.name, ingest_bytes(upload.getvalue(), upload.name,
                                                  candidate or None, email or None)))
    if links.strip():
        batches.append(("pasted links", ingest_text(links, "pasted links", candidate or None)))
    total = sum(len(items) + len(errors) for _, (items, errors) in batches)
    added = []
    with st.status(f"Verifying {total} credential(s)…", expanded=True) as status:
        bar = st.progress(0.0)
        for _name, (items, errors) in batches:
            for row in run.iter_rows(items, errors):
                added.append(row)
                bar.progress(len(added) / max(total, 1),
                             text=f"{len(added)} of {total}: {row.report.verdict}")
        status.update(label=f"Added {len(added)} credential(s)", state="complete",
                      expanded=False)
    current.extend(added)
    failed = sum(1 for row in added if row.report.verdict == "failed")
    st.success(f"{len(added)} credential(s) verified and added; {failed} failed.")

left, right = st.columns(2)
if left.button("Start over with the sample candidates", key="reset_samples"):
    st.session_state["pool"] = load_samples()
    st.rerun()
if right.button("Clear all candidates", key="clear"):
    st.session_state["pool"] = type(current)()
    st.rerun()

current = pool()
verdicts = [row.report.verdict for row in current.rows]
cols = st.columns(4)
cols[0].metric("Candidates", len(current.candidates))
cols[1].metric("Credentials", len(current.rows))
cols[2].metric("Verified", sum(1 for v in verdicts if v == "verified"))
cols[3].metric("Failed", sum(1 for v in verdicts if v == "failed"))

if role is not None and current.rows:
    result = ranking(role)
    st.subheader("Best fits")
    st.dataframe(result.table[["rank", "candidate", "fit", "band", "required_met",
                               "required_total", "explanation"]].head(10),
                 hide_index=True, width="stretch", key="preview")
    st.page_link("pages/ranking.py", label="Open the full ranking", icon=":material/leaderboard:")
elif not current.rows:
    st.info("No candidates yet: upload credentials above, or start over with the samples.")
