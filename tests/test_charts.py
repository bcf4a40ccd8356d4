"""Chart specifications: the data, encodings and orderings the dashboard relies on."""

from __future__ import annotations

import json

import pandas as pd

from screening.present.charts import (
    coverage_heatmap,
    gap_chart,
    gap_frame,
    ranking_chart,
    verification_mix_chart,
)

RANKING = pd.DataFrame({
    "rank": [2, 1, 3],
    "candidate": ["Grace", "Ada", "**x** <img src=x onerror=alert(1)>"],
    "fit": [55.0, 90.5, 0.0],
    "band_shown": ["possible", "strong", "knocked out"],
    "explanation": ["b", "a", "c"],
})
COVERAGE = pd.DataFrame({
    "candidate": ["Ada", "Ada", "Grace", "Grace"],
    "skill": ["SQL", "statistics", "SQL", "statistics"],
    "strength": [1.0, 0.5, 0.0, 0.0],
    "required": [True, False, True, False],
    "evidence": ["sql.json", "stats.json", "", ""],
})


def spec(chart) -> dict:
    return json.loads(chart.to_json())


def values(chart_spec: dict) -> list[dict]:
    return next(iter(chart_spec["datasets"].values()))


def test_ranking_chart_orders_candidates_by_rank_and_colours_by_band():
    s = spec(ranking_chart(RANKING))
    assert s["mark"]["type"] == "bar"
    assert s["encoding"]["y"]["sort"] == ["Ada", "Grace", "**x** <img src=x onerror=alert(1)>"]
    assert s["encoding"]["x"]["scale"]["domain"] == [0, 100]
    assert s["encoding"]["color"]["field"] == "band_shown"
    assert {row["candidate"] for row in values(s)} == set(RANKING["candidate"])


def test_coverage_heatmap_puts_required_skills_first_and_keeps_candidate_order():
    s = spec(coverage_heatmap(COVERAGE, ["Grace", "Ada"]))
    assert s["mark"]["type"] == "rect"
    assert s["encoding"]["x"]["sort"] == ["SQL", "statistics"]
    assert s["encoding"]["y"]["sort"] == ["Grace", "Ada"]
    assert s["encoding"]["color"]["scale"]["domain"] == [0, 1]


def test_gap_frame_counts_candidates_without_evidence():
    gaps = gap_frame(COVERAGE)
    assert list(gaps["skill"]) == ["SQL", "statistics"]  # ties broken by name
    assert dict(zip(gaps["skill"], gaps["missing"], strict=True)) == {"SQL": 1, "statistics": 1}
    assert set(gaps["share"]) == {0.5}


def test_gap_chart_and_empty_pool():
    s = spec(gap_chart(COVERAGE))
    assert s["encoding"]["x"]["field"] == "missing"
    assert gap_frame(COVERAGE.iloc[0:0]).empty


def test_verification_mix_counts_verdicts_per_candidate():
    table = pd.DataFrame({"candidate": ["Ada", "Ada", "Ada", "Grace"],
                          "verdict": ["verified", "verified", "failed", "warning"]})
    s = spec(verification_mix_chart(table))
    counts = {(r["candidate"], r["verdict"]): r["credentials"] for r in values(s)}
    assert counts == {("Ada", "verified"): 2, ("Ada", "failed"): 1, ("Grace", "warning"): 1}
    assert s["encoding"]["color"]["scale"]["domain"][0] == "verified"
