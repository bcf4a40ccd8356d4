"""Ranking: fit per candidate, skill coverage, gaps across the pool, verification mix."""

import streamlit as st

from pages._dashboard import render_ranking, render_summary
from pages._shared import pool, role_picker, snapshot

st.title("Ranking")
role = role_picker("ranking")
if role is None or not pool().rows:
    st.info("No candidates yet: add some on the Screen page.")
    st.stop()

current = snapshot(role)
render_summary(current)
render_ranking(current, "live", export_name=f"ranking-{role.id}.csv")
