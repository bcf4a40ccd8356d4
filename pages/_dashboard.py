"""The views of a screening, drawn from one `ScreeningSnapshot`: the live pages, a saved
screening and the shared view all call these, so each view has one render path.

Untrusted strings go through dataframes (neutralised against spreadsheet formulas, since
the grid offers its own CSV download), st.text and charts only, never Markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from screening.present.charts import (
    coverage_heatmap,
    coverage_summary,
    coverage_table,
    gap_chart,
    gap_summary,
    ranking_chart,
    ranking_summary,
    verification_mix_chart,
    verification_summary,
)
from screening.present.export import display_safe, ranking_csv
from screening.present.snapshot import RANKING_COLUMNS, ScreeningSnapshot

CREDENTIAL_COLUMNS = ["credential", "issuer", "known_issuer", "verdict", "file", "attention"]


def table(frame: pd.DataFrame, key: str) -> None:
    """A read-only grid whose cells are safe to export from the grid's own download."""
    st.dataframe(display_safe(frame), hide_index=True, width="stretch", key=key)


def render_summary(snapshot: ScreeningSnapshot) -> None:
    """Role, when it was scored, and the verdict tally (one count per credential)."""
    role = snapshot.role
    st.text(f"Role: {role.title} ({role.id}), {len(role.requirements)} requirements "
            f"({role.required_count} required)")
    st.text(f"Scored {snapshot.scored_at[:16].replace('T', ' ')} UTC")
    counts = snapshot.verdict_counts()
    cols = st.columns(5)
    cols[0].metric("Candidates", len(snapshot.ranking))
    cols[1].metric("Credentials", len(snapshot.credential_rows()))
    cols[2].metric("Verified", counts["verified"])
    cols[3].metric("Needs a look", counts["warning"] + counts["unsupported"])
    cols[4].metric("Failed", counts["failed"])


def render_ranking(snapshot: ScreeningSnapshot, key: str, *, export_name: str) -> None:
    """Fit chart and table, the CSV export, coverage heatmap, gaps and verification mix;
    under each chart its text alternative (st.text: it holds candidate names and skills)."""
    if not snapshot.ranking:
        st.info("This screening has no candidates.")
        return
    ranking = snapshot.ranking_frame()
    st.altair_chart(ranking_chart(ranking), width="stretch", key=f"{key}_ranking_chart",
                    alt="Fit to the role per candidate")
    st.text(ranking_summary(ranking))
    table(ranking[RANKING_COLUMNS], f"{key}_ranking_table")
    st.download_button("Download ranking (CSV)", ranking_csv(snapshot),
                       file_name=export_name, mime="text/csv", key=f"{key}_ranking_csv")
    coverage = snapshot.coverage_frame()
    order = list(ranking["candidate"])
    if not coverage.empty:
        st.altair_chart(coverage_heatmap(coverage, order), width="stretch",
                        key=f"{key}_coverage_chart", alt="Skill coverage per candidate")
        st.text(coverage_summary(coverage))
        with st.expander("Skill coverage as a table"):
            table(coverage_table(coverage, order), f"{key}_coverage_table")
    # one chart per row: in half a 1024 px page their row labels would leave no room for bars
    if not coverage.empty:
        st.altair_chart(gap_chart(coverage), width="stretch", key=f"{key}_gap_chart",
                        alt="Gaps across the pool per skill")
        st.text(gap_summary(coverage))
    verification = snapshot.verification_frame()
    if not verification.empty:
        st.altair_chart(verification_mix_chart(verification), width="stretch",
                        key=f"{key}_mix_chart", alt="Verification mix per candidate")
        st.text(verification_summary(verification))


def candidate_picker(snapshot: ScreeningSnapshot, key: str) -> str | None:
    """A selector over the snapshot's candidates in rank order (then unranked ones)."""
    keys = [*snapshot.ranked_keys(), *snapshot.unranked_keys()]
    if not keys:
        return None
    labels = snapshot.labels()
    return st.selectbox("Candidate", keys, format_func=lambda k: labels.get(k, k),
                        key=f"{key}_candidate")


def render_candidate(snapshot: ScreeningSnapshot, candidate: str, key: str) -> None:
    """One candidate: fit, explanation, evidence per requirement, gaps, flags, credentials."""
    st.text(snapshot.labels().get(candidate, candidate))  # untrusted: plain text
    email = snapshot.email(candidate)
    if email:
        st.text(f"Email: {email}")
    fit = snapshot.fit(candidate)
    if fit is not None:
        cols = st.columns(4)
        cols[0].metric("Fit", f"{fit.fit:.1f}")
        cols[1].metric("Band", fit.band_shown)
        cols[2].metric("Required skills met", f"{fit.required_met} of {fit.required_total}")
        cols[3].metric("Credentials counted",
                       f"{fit.credentials_counted} of {len(fit.credentials)}")
        st.text(fit.explanation)
        st.header("Evidence per requirement")
        table(snapshot.evidence_frame(candidate), f"{key}_evidence_table")
        st.header("Gaps")
        table(pd.DataFrame([{"requirement": r.label, "required": r.required,
                             "status": r.status} for r in fit.gaps],
                           columns=["requirement", "required", "status"]), f"{key}_gaps_table")
        if fit.flags:
            st.header("Flags")
            table(pd.DataFrame([{"code": f.code, "message": f.message} for f in fit.flags]),
                  f"{key}_flags_table")
        if fit.unmatched_claims:
            with st.expander(f"Skills claimed but not asked for by this role "
                             f"({len(fit.unmatched_claims)})"):
                table(pd.DataFrame([{"credential": c.credential, "skill": c.text,
                                     "source": c.source, "id": c.skill_id or ""}
                                    for c in fit.unmatched_claims]), f"{key}_unmatched_table")
    st.header("Credentials")
    rows = snapshot.credentials_of(candidate)
    table(pd.DataFrame.from_records(
        [{**{c: getattr(r, c) for c in CREDENTIAL_COLUMNS},
          "checks needing attention": "; ".join(f"{c.code} ({c.status}): {c.message}"
                                                for c in r.failing_checks)} for r in rows],
        columns=[*CREDENTIAL_COLUMNS, "checks needing attention"]), f"{key}_credentials_table")


def render_snapshot(snapshot: ScreeningSnapshot, key: str) -> None:
    """A saved or shared screening, read-only: summary, ranking and one candidate."""
    render_summary(snapshot)
    render_ranking(snapshot, key, export_name=f"ranking-{snapshot.role.id}.csv")
    if snapshot.ranking:
        st.header("Evidence per candidate")
        chosen = candidate_picker(snapshot, key)
        if chosen is not None:
            render_candidate(snapshot, chosen, key)
