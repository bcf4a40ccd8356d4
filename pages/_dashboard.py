"""A read-only dashboard of one snapshot, drawn from the snapshot's content alone (the
Saved page and the shared view). Untrusted strings go through dataframes, st.text and
charts only, never Markdown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from screening.present.charts import (
    coverage_heatmap,
    gap_chart,
    ranking_chart,
    verification_mix_chart,
)
from screening.present.snapshot import (
    RANKING_COLUMNS,
    candidate_labels,
    evidence_frame,
    failing_checks,
    fit_of,
    snapshot_frames,
)

CREDENTIAL_COLUMNS = ["credential", "issuer", "verdict", "file", "attention"]


def render_snapshot(content: Mapping[str, Any], key: str) -> None:
    """Charts, the ranking table and per-candidate evidence of one snapshot."""
    ranking, coverage, verification = snapshot_frames(content)
    role = content.get("role") if isinstance(content.get("role"), dict) else {}
    config = content.get("config") if isinstance(content.get("config"), dict) else {}
    st.text(f"Role: {role.get('title', '')} ({role.get('id', '')}), version "
            f"{str(role.get('digest') or '')[:12]}")
    st.text(f"Scored {content.get('scored_at', '')} with scoring configuration "
            f"{str(config.get('digest') or '')[:12]}")
    verdicts = verification["verdict"].value_counts()
    cols = st.columns(4)
    cols[0].metric("Candidates", len(ranking))
    cols[1].metric("Credentials", len(verification))
    cols[2].metric("Verified", int(verdicts.get("verified", 0)))
    cols[3].metric("Failed", int(verdicts.get("failed", 0)))
    if ranking.empty:
        st.info("This snapshot has no candidates.")
        return

    st.altair_chart(ranking_chart(ranking), width="stretch", key=f"{key}_ranking_chart")
    st.dataframe(ranking[RANKING_COLUMNS], hide_index=True, width="stretch",
                 key=f"{key}_ranking_table")
    order = list(ranking["candidate"])
    if not coverage.empty:
        st.altair_chart(coverage_heatmap(coverage, order), width="stretch",
                        key=f"{key}_coverage_chart")
    left, right = st.columns(2)
    if not coverage.empty:
        left.altair_chart(gap_chart(coverage), width="stretch", key=f"{key}_gap_chart")
    if not verification.empty:
        right.altair_chart(verification_mix_chart(verification), width="stretch",
                           key=f"{key}_mix_chart")

    st.subheader("Evidence per candidate")
    labels = candidate_labels(content)
    keys = [str(k) for k in ranking["key"]]
    chosen = st.selectbox("Candidate", keys, format_func=lambda k: labels.get(k, k),
                          key=f"{key}_candidate")
    st.text(labels.get(chosen, chosen))  # untrusted: plain text
    email = next((c.get("email") for c in content.get("candidates") or []
                  if isinstance(c, dict) and c.get("key") == chosen), None)
    if isinstance(email, str) and email:
        st.text(f"Email: {email}")
    fit = fit_of(content, chosen)
    if fit is not None:
        cols = st.columns(3)
        cols[0].metric("Fit", f"{fit.get('fit', 0):.1f}")
        cols[1].metric("Band", "knocked out" if fit.get("knocked_out") else
                       str(fit.get("band", "")))
        cols[2].metric("Required skills met",
                       f"{fit.get('required_met', 0)} of {fit.get('required_total', 0)}")
        st.text(str(fit.get("explanation", "")))
        st.dataframe(evidence_frame(fit), hide_index=True, width="stretch",
                     key=f"{key}_evidence_table")
    rows = [r for r in content.get("verification") or []
            if isinstance(r, dict) and r.get("key") == chosen]
    st.dataframe(pd.DataFrame.from_records(
        [{**{c: r.get(c, "") for c in CREDENTIAL_COLUMNS},
          "checks needing attention": "; ".join(
              f"{c.get('code')} ({c.get('status')}): {c.get('message')}"
              for c in failing_checks(r))} for r in rows],
        columns=[*CREDENTIAL_COLUMNS, "checks needing attention"]),
        hide_index=True, width="stretch", key=f"{key}_credentials_table")
