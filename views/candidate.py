"""Candidate: one person's credentials, the evidence behind each requirement, gaps, and the
recruiter's decision, notes and name for them (rename, or merge two into one)."""

import streamlit as st

from screening import STATUSES, badge_images, candidate_report
from views._dashboard import candidate_picker, candidate_scope, render_candidate
from views._shared import live_screening, pool, trust_issuer

st.title("Candidate")
_role, current = live_screening("candidate")
chosen = candidate_picker(current, "live")
if chosen is None:
    st.stop()
entry = next(c for c in current.candidates if c.key == chosen)
scope = candidate_scope(current, chosen)  # every widget below is this candidate's own

with st.form(f"decision_{scope}"):
    st.header("Decision and notes")
    status = st.radio("Decision", STATUSES, index=STATUSES.index(entry.decision),
                      horizontal=True, format_func=str.capitalize,
                      key=f"decision_status_{scope}")
    notes = st.text_area("Notes (hiring managers see them read-only in a shared link)",
                         value=entry.notes, max_chars=4000, key=f"decision_notes_{scope}")
    if st.form_submit_button("Save decision"):
        pool().decide([entry.name], status=status, notes=notes)
        st.rerun()

render_candidate(current, chosen, "live", images=badge_images(pool().rows),
                 trust_action=trust_issuer)
st.download_button("Download this candidate's verification report (JSON)",
                   candidate_report(current, chosen),
                   file_name="candidate-report.json", mime="application/json",
                   key="candidate_json")

with st.expander("Rename or merge"):
    st.caption("Renaming onto another candidate's name merges the two: use it when one "
               "person's credentials arrived under two names.")
    new_name = st.text_input("New name", value=entry.name, max_chars=300,
                             key=f"rename_to_{scope}")
    if st.button("Rename", key=f"rename_{scope}", disabled=not new_name.strip()
                 or new_name.strip() == entry.name):
        pool().rename(entry.name, new_name)
        st.session_state.pop("live_candidate", None)
        st.rerun()
