"""Ranking: fit per candidate, skill coverage, gaps across the pool, verification mix,
and the shortlist: shortlist or reject several candidates at once."""

import streamlit as st

from screening import STATUSES
from views._dashboard import render_ranking, render_summary
from views._shared import live_screening, pool

st.title("Ranking")
role, current = live_screening("ranking")
render_summary(current)
render_ranking(current, "live", export_name=f"ranking-{role.id}.csv")

st.header("Shortlist", divider="gray")
labels = current.labels()
names = {row.key: row.candidate for row in current.ranking}
chosen = st.multiselect("Candidates", list(names), format_func=lambda k: labels.get(k, k),
                        key="bulk_pick")
decision = st.radio("Decision", STATUSES, horizontal=True, key="bulk_status",
                    format_func=str.capitalize)
if st.button("Apply to the chosen candidates", key="bulk_apply", disabled=not chosen):
    pool().decide([names[k] for k in chosen], status=decision)
    st.rerun()
shortlisted = current.shortlist()
st.text(f"Shortlisted: {len(shortlisted)}" + (
    " — " + ", ".join(labels.get(r.key, r.candidate) for r in shortlisted)
    if shortlisted else ""))
