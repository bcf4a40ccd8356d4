"""Candidate: one screen per decision — name, fit, band and required skills beside the
decision and note, each credential as a compact card (every check one click away), and the
evidence per requirement one click further; rename (or merge two into one) at the end."""

import streamlit as st

from screening import STATUSES, badge_images, candidate_report
from screening.present.decision import DecisionSummary
from views._dashboard import candidate_picker, candidate_scope, render_candidate
from views._shared import live_screening, pool, trust_issuer

st.title("Candidate")
role_column, candidate_column = st.columns(2)
with role_column:
    _role, current = live_screening("candidate")
with candidate_column:
    chosen = candidate_picker(current, "live")
if chosen is None:
    st.stop()
entry = next(c for c in current.candidates if c.key == chosen)


def decide(summary: DecisionSummary, scope: str) -> None:
    """The decision and note, keyed by the candidate and the snapshot (`scope`), so another
    candidate's values are never shown or saved here."""
    with st.form(f"decision_{scope}"):
        status = st.radio("Decision", STATUSES, index=STATUSES.index(summary.decision),
                          horizontal=True, format_func=str.capitalize,
                          key=f"decision_status_{scope}")
        notes = st.text_area("Notes", value=summary.notes, max_chars=4000, height=68,
                             help="Hiring managers see them read-only in a shared link.",
                             key=f"decision_notes_{scope}")
        if st.form_submit_button("Save decision", type="primary"):
            pool().decide([entry.name], status=status, notes=notes)
            st.rerun()


render_candidate(current, chosen, "live", images=badge_images(pool().rows),
                 trust_action=trust_issuer, decide=decide)

with st.expander("Report, rename or merge"):
    st.download_button("Download this candidate's verification report (JSON)",
                       candidate_report(current, chosen),
                       file_name="candidate-report.json", mime="application/json",
                       key="candidate_json")
    st.caption("Renaming onto another candidate's name merges the two: use it when one "
               "person's credentials arrived under two names.")
    scope = candidate_scope(current, chosen)
    new_name = st.text_input("New name", value=entry.name, max_chars=300,
                             key=f"rename_to_{scope}")
    if st.button("Rename", key=f"rename_{scope}", disabled=not new_name.strip()
                 or new_name.strip() == entry.name):
        pool().rename(entry.name, new_name)
        st.session_state.pop("live_candidate", None)
        st.rerun()
