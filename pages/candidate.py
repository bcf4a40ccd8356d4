"""Candidate: one person's credentials, the evidence behind each requirement, and gaps."""

import pandas as pd
import streamlit as st

from pages._shared import pool, ranking, role_picker
from screening.present.views import verification_table
from screening.present.workspace import candidate_report, evidence_frame

st.title("Candidate")
role = role_picker("candidate")
current = pool()
if not current.candidates:
    st.info("No candidates yet: add some on the Screen page.")
    st.stop()

result = ranking(role) if role is not None else None
order = list(result.table["candidate"]) if result is not None else current.candidates
chosen = st.selectbox("Candidate", order, key="candidate_pick")
st.text(chosen)  # the name is untrusted text: shown as text, never as Markdown

if result is not None and chosen in result.fits:
    fit = result.fits[chosen]
    cols = st.columns(4)
    cols[0].metric("Fit", f"{fit.fit:.1f}")
    cols[1].metric("Band", "knocked out" if fit.knocked_out else fit.band)
    cols[2].metric("Required skills met", f"{fit.required_met} of {fit.required_total}")
    cols[3].metric("Credentials counted",
                   f"{sum(1 for c in fit.credentials if c.counted)} of {len(fit.credentials)}")
    st.text(fit.explanation)
    st.subheader("Evidence per requirement")
    st.dataframe(evidence_frame(result, chosen), hide_index=True, width="stretch",
                 key="evidence_table")
    st.subheader("Gaps")
    gaps = [r for r in fit.requirements if r.status != "met"]
    st.dataframe(pd.DataFrame([{"requirement": r.label, "required": r.required,
                                "status": r.status} for r in gaps],
                              columns=["requirement", "required", "status"]),
                 hide_index=True, width="stretch", key="gaps_table")
    if fit.flags:
        st.subheader("Flags")
        st.dataframe(pd.DataFrame([f.__dict__ for f in fit.flags]), hide_index=True,
                     width="stretch", key="flags_table")
    if fit.unmatched_claims:
        with st.expander(f"Skills claimed but not asked for by this role "
                         f"({len(fit.unmatched_claims)})"):
            st.dataframe(pd.DataFrame([c.to_dict() for c in fit.unmatched_claims]),
                         hide_index=True, width="stretch", key="unmatched_table")

st.subheader("Credentials")
st.dataframe(verification_table((row.candidate, row.report) for row in current.rows_of(chosen))
             .drop(columns=["candidate", "issuer_id", "attention_code"]),
             hide_index=True, width="stretch", key="credentials_table")
st.download_button("Download this candidate's verification report (JSON)",
                   candidate_report(current, chosen, result),
                   file_name="candidate-report.json", mime="application/json",
                   key="candidate_json")
