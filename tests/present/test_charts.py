"""Chart specifications: the data, encodings, orderings and colours the dashboard relies on,
and the text alternative of each chart."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from wcag import contrast

from screening.present import charts
from screening.present.charts import (
    BAND_COLOURS,
    EVIDENCE_COLOURS,
    KIND_COLOURS,
    MUTED_TEXT,
    NO_EVIDENCE,
    TEXT_COLOUR,
    VERDICT_COLOURS,
    column_labels,
    coverage_heatmap,
    coverage_summary,
    coverage_table,
    gap_chart,
    gap_frame,
    gap_summary,
    ranking_chart,
    ranking_data,
    ranking_summary,
    verification_mix_chart,
    verification_summary,
)
from screening.session.samples import sample_roles

EVIL = "**x** <img src=x onerror=alert(1)>"
RANKING = pd.DataFrame({
    "rank": [2, 1, 3, 4],
    "candidate": ["Grace", "Ada", EVIL, "Alan"],
    "fit": [55.0, 90.5, 0.0, 30.0],
    "band_shown": ["knocked out", "strong", "knocked out", "weak"],
    "explanation": ["b", "a", "c", "d"],
})
LONG = "Develop and maintain data pipelines for the organisation's reporting warehouse"
COVERAGE = pd.DataFrame({
    "candidate": ["Ada", "Ada", "Ada", "Grace", "Grace", "Grace"],
    "skill": ["SQL", "statistics", LONG, "SQL", "statistics", LONG],
    "strength": [1.0, 0.5, 0.25, 0.0, 0.0, 0.0],
    "required": [True, False, False, True, False, False],
    "evidence": ["sql.json", "stats.json", "etl.json", "", "", ""],
})
VERIFICATION = pd.DataFrame({"candidate": ["Ada", "Ada", "Ada", "Grace"],
                             "verdict": ["verified", "verified", "failed", "warning"]})


def spec(chart) -> dict:
    return json.loads(chart.to_json())


def values(chart_spec: dict) -> list[dict]:
    return next(iter(chart_spec["datasets"].values()))


def layers(chart_spec: dict, mark: str) -> list[dict]:
    found = [layer for layer in chart_spec["layer"]
             if (layer["mark"]["type"] if isinstance(layer["mark"], dict)
                 else layer["mark"]) == mark]
    assert found, f"no {mark} layer"
    return found


def test_wcag_formula_matches_known_ratios():
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#f1a340") == pytest.approx(2.09, abs=0.01)  # the old "weak" orange
    assert contrast("#5aae61") == pytest.approx(2.74, abs=0.01)  # the old "possible" green


@pytest.mark.parametrize("colour", [*BAND_COLOURS, *VERDICT_COLOURS, *KIND_COLOURS,
                                    *EVIDENCE_COLOURS])
def test_mark_colours_carry_white_text_on_white_pages(colour):
    # >= 3:1 for a graphical mark against the page; >= 4.5:1 since white labels sit on it
    assert contrast(colour) >= 4.5


def test_text_colours_and_the_no_evidence_cell():
    for colour in (TEXT_COLOUR, MUTED_TEXT):
        assert contrast(colour) >= 4.5
        assert contrast(colour, NO_EVIDENCE) >= 4.5  # the dash drawn in an empty cell
    assert NO_EVIDENCE not in EVIDENCE_COLOURS
    channels = {NO_EVIDENCE[i:i + 2] for i in (1, 3, 5)}
    assert len(channels) == 1  # a neutral grey, not a shade of the evidence scale


def test_chart_text_is_dark_whatever_the_theme():
    for chart in (ranking_chart(RANKING), coverage_heatmap(COVERAGE, ["Ada", "Grace"]),
                  gap_chart(COVERAGE), verification_mix_chart(VERIFICATION)):
        config = spec(chart)["config"]
        assert contrast(config["axis"]["labelColor"]) >= 4.5
        assert contrast(config["axis"]["titleColor"]) >= 4.5
        assert contrast(config["legend"]["labelColor"]) >= 4.5
        assert contrast(config["title"]["color"]) >= 4.5


def test_ranking_puts_knocked_out_candidates_below_all_others_in_rank_order():
    data = ranking_data(RANKING)
    assert list(data["candidate"]) == ["Ada", "Alan", "Grace", EVIL]
    assert list(data["knocked_out"]) == [False, False, True, True]
    s = spec(ranking_chart(RANKING))
    (bars,) = layers(s, "bar")
    assert bars["encoding"]["y"]["sort"] == ["Ada", "Alan", "Grace", EVIL]
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 100]
    assert bars["encoding"]["color"]["field"] == "band_shown"
    assert {row["candidate"] for row in values(s)} == set(RANKING["candidate"])


def test_knocked_out_bars_differ_by_more_than_hue():
    bars = layers(spec(ranking_chart(RANKING)), "bar")[0]["encoding"]
    for channel in ("fillOpacity", "strokeDash"):
        condition = bars[channel]["condition"]
        assert "knocked_out" in condition["test"]
        assert condition["value"] != bars[channel]["value"]
    assert bars["fillOpacity"]["condition"]["value"] < 1


def test_every_bar_carries_its_fit_and_band_as_text():
    s = spec(ranking_chart(RANKING))
    texts = layers(s, "text")
    assert all(t["encoding"]["text"]["field"] == "label" for t in texts)
    labels = {row["candidate"]: row["label"] for row in values(s)}
    assert labels["Ada"] == "90.5 · strong" and labels["Grace"] == "55.0 · knocked out"
    # a long bar's label goes inside, a short one's beside it: between them, every row
    filters = sorted(t["transform"][0]["filter"] for t in texts)
    assert filters == ["datum.fit < 75", "datum.fit >= 75"]


def test_ranking_summary_names_counts_and_the_top_candidate():
    text = ranking_summary(RANKING)
    for part in ("4", "1 strong", "1 weak", "2 knocked out", "Ada", "90.5"):
        assert part in text
    assert ranking_summary(RANKING.iloc[0:0]) != ""


def test_coverage_heatmap_labels_every_column_and_keeps_candidate_order():
    s = spec(coverage_heatmap(COVERAGE, ["Grace", "Ada"]))
    (cells,) = layers(s, "rect")
    x = cells["encoding"]["x"]
    assert x["sort"][0] == "SQL" and x["sort"][2] == "statistics"  # required first, by name
    assert x["axis"]["labelOverlap"] is False and x["axis"]["labelLimit"] == 0
    assert x["axis"]["labelExpr"] == charts.LABEL_LINES  # each line drawn on its own
    assert cells["encoding"]["y"]["sort"] == ["Grace", "Ada"]
    shortened = next(label for label in x["sort"] if label.startswith("Develop"))
    lines = shortened.split("\n")
    assert len(lines) == charts.COLUMN_LINES and shortened.endswith("…")
    assert all(len(line) <= charts.COLUMN_LINE_CHARS for line in lines)
    tooltip_fields = {t["field"] for t in cells["encoding"]["tooltip"]}
    assert "skill" in tooltip_fields  # the full label
    assert {row["skill"] for row in values(s)} >= {LONG}


def test_no_evidence_is_neutral_and_marked_in_text():
    s = spec(coverage_heatmap(COVERAGE, ["Ada", "Grace"]))
    colour = layers(s, "rect")[0]["encoding"]["color"]
    assert colour["condition"]["field"] == "strength"
    assert colour["condition"]["scale"]["range"] == EVIDENCE_COLOURS
    assert colour["value"] == NO_EVIDENCE
    cells = {(r["candidate"], r["skill"]): r["cell"] for r in values(s)}
    assert cells[("Ada", "statistics")] == "50%"
    assert cells[("Grace", "SQL")] == charts.NONE_MARK
    (text,) = layers(s, "text")
    assert text["encoding"]["text"]["field"] == "cell"


def test_column_labels_stay_distinct_when_shortened():
    a, b = LONG + " one", LONG + " two"
    labels = column_labels([a, b, "SQL"], width=20)
    assert labels["SQL"] == "SQL"
    assert len(set(labels.values())) == 3
    assert all(len(line) <= 25 for label in labels.values() for line in label.split("\n"))


@pytest.mark.parametrize("role", sorted(sample_roles()))
def test_every_sample_column_label_is_shown_whole(role):
    """Issue 27: "Trained for a data occupation…" was cut at every width; wrapped onto
    lines instead, every bundled role's labels are whole (the words, in order)."""
    skills = [r.label for r in sample_roles()[role].requirements]
    for skill, label in column_labels(skills).items():
        assert "…" not in label
        assert label.replace("\n", " ") == " ".join(skill.split())
        assert all(len(line) <= charts.COLUMN_LINE_CHARS for line in label.split("\n"))


def test_coverage_table_and_summary_are_the_heatmap_in_text():
    table = coverage_table(COVERAGE, ["Grace", "Ada"])
    assert list(table["candidate"]) == ["Grace", "Ada"]
    assert list(table.columns) == ["candidate", "SQL", LONG, "statistics"]
    assert table.loc[1, "SQL"] == "100%" and table.loc[0, "SQL"] == "none"
    text = coverage_summary(COVERAGE)
    assert "SQL (required): 1 of 2" in text and LONG in text


def test_gap_frame_counts_candidates_without_evidence():
    gaps = gap_frame(COVERAGE)
    assert list(gaps["skill"]) == [LONG, "SQL", "statistics"]  # ties broken by name
    assert dict(zip(gaps["skill"], gaps["missing"], strict=True)) == {
        "SQL": 1, "statistics": 1, LONG: 1}
    assert set(gaps["share"]) == {0.5}


def test_gap_chart_labels_bars_and_empty_pool():
    s = spec(gap_chart(COVERAGE))
    (bars,) = layers(s, "bar")
    assert bars["encoding"]["x"]["field"] == "missing"
    assert bars["encoding"]["color"]["scale"]["range"] == charts.KIND_COLOURS
    assert layers(s, "text")[0]["encoding"]["text"]["field"] == "label"
    assert {r["label"] for r in values(s)} == {"1"}
    assert {r["row"] for r in values(s)} == {"SQL (required)", "statistics (preferred)",
                                             f"{LONG} (preferred)"}
    assert gap_frame(COVERAGE.iloc[0:0]).empty
    assert "SQL (required): 1 of 2" in gap_summary(COVERAGE)


def test_verification_mix_counts_verdicts_per_candidate_with_symbols():
    s = spec(verification_mix_chart(VERIFICATION))
    counts = {(r["candidate"], r["verdict"]): r["credentials"] for r in values(s)}
    assert counts == {("Ada", "verified"): 2, ("Ada", "failed"): 1, ("Grace", "warning"): 1}
    (bars,) = layers(s, "bar")
    assert bars["encoding"]["color"]["scale"]["domain"][0] == "verified"
    assert "labelExpr" in bars["encoding"]["color"]["legend"]
    labels = {(r["candidate"], r["verdict"]): r["label"] for r in values(s)}
    assert labels[("Ada", "verified")] != labels[("Ada", "failed")]
    assert labels[("Ada", "verified")].endswith("2")
    assert {"2 verified", "1 failed", "1 warning"} <= {
        part.strip(" .") for part in verification_summary(VERIFICATION).split(":")[1].split(",")}


def test_charts_render_to_svg_with_labels_and_marks():
    from screening.present.html_report import chart_svg

    svg = chart_svg(coverage_heatmap(COVERAGE, ["Ada", "Grace"]))
    assert svg is not None and "SQL" in svg and "Develop and maintain" in svg
    svg = chart_svg(ranking_chart(RANKING).properties(width=400))
    assert svg is not None and "knocked out" in svg and "Ada" in svg
