"""Ranking: fit per candidate, skill coverage, gaps across the pool, verification mix."""

import streamlit as st

from pages._shared import pool, ranking, role_picker
from screening.present.charts import (
    coverage_heatmap,
    gap_chart,
    ranking_chart,
    verification_mix_chart,
)
from screening.present.workspace import (
    coverage_frame,
    ranking_csv,
    ranking_frame,
    verification_frame,
)

st.title("Ranking")
role = role_picker("ranking")
current = pool()
if role is None or not current.rows:
    st.info("No candidates yet: add some on the Screen page.")
    st.stop()

result = ranking(role)
st.caption(f"Scored against {len(role.requirements)} requirements "
           f"({len(role.required)} required). Scoring configuration "
           f"{result.config_hash[:12]} · role version {role.digest[:12]}.")

frame = ranking_frame(result)
st.altair_chart(ranking_chart(frame), width="stretch", key="ranking_chart")
st.dataframe(frame[["rank", "candidate", "fit", "band", "knocked_out", "required_met",
                    "required_total", "missing", "flags", "explanation"]],
             hide_index=True, width="stretch", key="ranking_table")
st.download_button("Download ranking (CSV)", ranking_csv(result),
                   file_name=f"ranking-{role.id}.csv", mime="text/csv", key="ranking_csv")

coverage = coverage_frame(result)
order = list(frame["candidate"])
st.altair_chart(coverage_heatmap(coverage, order), width="stretch",
                key="coverage_chart")
left, right = st.columns(2)
left.altair_chart(gap_chart(coverage), width="stretch", key="gap_chart")
right.altair_chart(verification_mix_chart(verification_frame(current)),
                   width="stretch", key="mix_chart")
