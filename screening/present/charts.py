"""The dashboard's charts: pure functions, a DataFrame in and an Altair chart out.

Pages and the HTML report draw the same charts from the same functions, and tests check
the chart specifications (data, encodings, ordering) without a browser. Candidate names
and skill labels are data values here, which Vega renders as text, never as markup.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

BAND_ORDER = ["strong", "possible", "weak", "knocked out"]
BAND_COLOURS = ["#1b7837", "#5aae61", "#f1a340", "#b2182b"]
VERDICT_ORDER = ["verified", "warning", "unsupported", "failed"]
VERDICT_COLOURS = ["#1b7837", "#f1a340", "#878787", "#b2182b"]
ROW_HEIGHT = 24


def ranking_chart(ranking: pd.DataFrame) -> alt.Chart:
    """Fit 0–100 per candidate, best first; colour = band (knocked-out shown as such).

    Expects columns: rank, candidate, fit, band_shown, explanation.
    """
    data = ranking[["rank", "candidate", "fit", "band_shown", "explanation"]].copy()
    order = list(data.sort_values("rank")["candidate"])
    return alt.Chart(data, title="Fit to the role").mark_bar().encode(
        x=alt.X("fit:Q", title="Fit (0–100)", scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("candidate:N", sort=order, title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=220)),
        color=alt.Color("band_shown:N", title="Band",
                        scale=alt.Scale(domain=BAND_ORDER, range=BAND_COLOURS)),
        tooltip=[alt.Tooltip("rank:Q", title="Rank"), alt.Tooltip("candidate:N"),
                 alt.Tooltip("fit:Q", format=".1f"), alt.Tooltip("band_shown:N", title="Band"),
                 alt.Tooltip("explanation:N", title="Why")],
    ).properties(height=alt.Step(ROW_HEIGHT))


def coverage_heatmap(coverage: pd.DataFrame, candidate_order: list[str]) -> alt.Chart:
    """Candidate × skill: how strongly verified evidence covers each requirement (0–1).

    Expects columns: candidate, skill, strength, required (bool), evidence.
    """
    data = coverage.copy()
    data["kind"] = data["required"].map({True: "required", False: "preferred"})
    skills = list(dict.fromkeys(
        data.sort_values(["required", "skill"], ascending=[False, True])["skill"]))
    return alt.Chart(data, title="Skill coverage").mark_rect(stroke="white").encode(
        x=alt.X("skill:N", sort=skills, title=None, axis=alt.Axis(labelAngle=-35, labelLimit=180)),
        y=alt.Y("candidate:N", sort=candidate_order, title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=220)),
        color=alt.Color("strength:Q", title="Evidence",
                        scale=alt.Scale(domain=[0, 1], scheme="greens")),
        tooltip=[alt.Tooltip("candidate:N"), alt.Tooltip("skill:N"),
                 alt.Tooltip("kind:N", title="Requirement"),
                 alt.Tooltip("strength:Q", format=".2f"),
                 alt.Tooltip("evidence:N", title="Credentials")],
    ).properties(height=alt.Step(ROW_HEIGHT))


def gap_frame(coverage: pd.DataFrame) -> pd.DataFrame:
    """Per skill, how many candidates have no counted evidence for it."""
    if coverage.empty:
        return pd.DataFrame(columns=["skill", "required", "missing", "candidates", "share"])
    grouped = coverage.assign(missing=coverage["strength"] <= 0).groupby(
        ["skill", "required"], as_index=False).agg(missing=("missing", "sum"),
                                                   candidates=("candidate", "nunique"))
    grouped["missing"] = grouped["missing"].astype(int)
    grouped["share"] = grouped["missing"] / grouped["candidates"].clip(lower=1)
    return grouped.sort_values(["missing", "skill"], ascending=[False, True],
                               ignore_index=True)


def gap_chart(coverage: pd.DataFrame) -> alt.Chart:
    """Skills the pool lacks: candidates without evidence, required skills highlighted."""
    data = gap_frame(coverage)
    data["kind"] = data["required"].map({True: "required", False: "preferred"})
    return alt.Chart(data, title="Gaps across the pool").mark_bar().encode(
        x=alt.X("missing:Q", title="Candidates without verified evidence",
                axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("skill:N", sort=list(data["skill"]), title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=220)),
        color=alt.Color("kind:N", title="Requirement",
                        scale=alt.Scale(domain=["required", "preferred"],
                                        range=["#b2182b", "#f1a340"])),
        tooltip=[alt.Tooltip("skill:N"), alt.Tooltip("kind:N", title="Requirement"),
                 alt.Tooltip("missing:Q"), alt.Tooltip("share:Q", format=".0%")],
    ).properties(height=alt.Step(ROW_HEIGHT))


def verification_mix_chart(verification: pd.DataFrame) -> alt.Chart:
    """Per candidate, how many credentials were verified, warned, unsupported or failed.

    Expects columns: candidate, verdict (one row per credential).
    """
    data = verification.groupby(["candidate", "verdict"], as_index=False).size().rename(
        columns={"size": "credentials"})
    data["order"] = data["verdict"].map({v: i for i, v in enumerate(VERDICT_ORDER)})
    return alt.Chart(data, title="Verification mix").mark_bar().encode(
        x=alt.X("credentials:Q", title="Credentials", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("candidate:N", title=None, sort="ascending",
                axis=alt.Axis(labelOverlap=False, labelLimit=220)),
        color=alt.Color("verdict:N", title="Verdict",
                        scale=alt.Scale(domain=VERDICT_ORDER, range=VERDICT_COLOURS)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("candidate:N"), alt.Tooltip("verdict:N"),
                 alt.Tooltip("credentials:Q")],
    ).properties(height=alt.Step(ROW_HEIGHT))
