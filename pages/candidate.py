"""Candidate: one person's credentials, the evidence behind each requirement, and gaps."""

import streamlit as st

from pages._dashboard import candidate_picker, render_candidate
from pages._shared import badge_images, pool, role_picker, snapshot
from screening.present.workspace import candidate_report

st.title("Candidate")
role = role_picker("candidate")
if role is None or not pool().candidates:
    st.info("No candidates yet: add some on the Screen page.")
    st.stop()

current = snapshot(role)
chosen = candidate_picker(current, "live")
if chosen is not None:
    render_candidate(current, chosen, "live", images=badge_images(pool().rows))
    entry = next(c for c in current.candidates if c.key == chosen)
    st.download_button("Download this candidate's verification report (JSON)",
                       candidate_report(pool(), entry.name, current),
                       file_name="candidate-report.json", mime="application/json",
                       key="candidate_json")
