"""The dashboard's charts: pure functions, a DataFrame in and an Altair chart out.

Pages and the HTML report draw the same charts from the same functions, and tests check
the chart specifications (data, encodings, ordering, colours) without a browser. Candidate
names and skill labels are data values here, which Vega renders as text, never as markup.

Charts never tell anything by colour alone (WCAG 2.1 AA, 1.4.1 and 1.4.11):

- every colour a mark uses has at least 3:1 contrast against the white page, and every
  colour text is drawn on (white labels inside bars and cells) at least 4.5:1;
- each bar carries a text label (its fit and band, its verdict count and symbol, its
  number of candidates and requirement kind), and a knocked-out candidate's bar is also
  drawn differently (pale fill, dashed outline) and sorted below every other candidate;
- a heatmap cell says its strength ("50%", or a dash for none), and "no evidence" is a neutral
  grey, not the low end of the evidence scale;
- axis, legend and title text is near-black (`TEXT_COLOUR`), whatever the app theme says.

Each chart has a text alternative here too (`ranking_summary`, `coverage_summary`,
`coverage_table`, `gap_summary`, `verification_summary`): plain text that views draw as
text (st.text, a dataframe, escaped HTML), never as Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from screening.present.vocabulary import BANDS, VERDICTS, Band, Verdict

# orders come from the vocabulary (`BANDS`, `VERDICTS`); colours and symbols go by member
BAND_ORDER = [band.value for band in BANDS]
BAND_COLOUR = {Band.STRONG: "#1b7837", Band.POSSIBLE: "#2166ac", Band.WEAK: "#b35806",
               Band.KNOCKED_OUT: "#b2182b"}
BAND_COLOURS = [BAND_COLOUR[band] for band in BANDS]
VERDICT_ORDER = [verdict.value for verdict in VERDICTS]
VERDICT_COLOUR = {Verdict.VERIFIED: "#1b7837", Verdict.WARNING: "#b35806",
                  Verdict.UNSUPPORTED: "#6e7781", Verdict.FAILED: "#b2182b"}
VERDICT_COLOURS = [VERDICT_COLOUR[verdict] for verdict in VERDICTS]
VERDICT_SYMBOLS: dict[str, str] = {Verdict.VERIFIED: "✓", Verdict.WARNING: "!",
                                   Verdict.UNSUPPORTED: "?", Verdict.FAILED: "✗"}
KIND_ORDER = ["required", "preferred"]
KIND_COLOURS = ["#b2182b", "#2166ac"]
EVIDENCE_COLOURS = ["#2e7d32", "#00441b"]  # the evidence scale, low (just above 0) to full
NONE_MARK = "—"  # drawn in a cell without evidence
NO_EVIDENCE = "#e6e6e6"  # neutral: "no evidence" is not a weak shade of green
TEXT_COLOUR = "#1f2328"  # titles, axis and legend labels, labels beside bars
MUTED_TEXT = "#31363f"  # axis and legend labels
KNOCKED_OUT_FILL_OPACITY = 0.25
ROW_HEIGHT = 24
COLUMN_LINE_CHARS = 22  # a heatmap column label is wrapped onto lines this long...
COLUMN_LINES = 3  # ...up to this many (longer ones end in "…"; full in tooltips)
LABEL_FONT_SIZE = 12
INSIDE_FROM = 75  # a fit from which its label is drawn inside the bar


def styled(chart: alt.LayerChart | alt.FacetChart) -> alt.LayerChart:
    """Dark axis, legend and title text (Streamlit's theme greys fall below 4.5:1)."""
    configured = chart.configure_axis(
        labelColor=MUTED_TEXT, titleColor=TEXT_COLOUR, labelFontSize=LABEL_FONT_SIZE,
        titleFontSize=LABEL_FONT_SIZE, domainColor=MUTED_TEXT, tickColor=MUTED_TEXT,
    ).configure_legend(
        labelColor=MUTED_TEXT, titleColor=TEXT_COLOUR, labelFontSize=LABEL_FONT_SIZE,
        titleFontSize=LABEL_FONT_SIZE, labelLimit=0,
    ).configure_title(color=TEXT_COLOUR, anchor="start").configure_view(stroke=None)
    assert isinstance(configured, alt.LayerChart)  # every chart here is a layer of marks
    return configured


# --------------------------------------------------------------------------- ranking


def ranking_data(ranking: pd.DataFrame) -> pd.DataFrame:
    """The ranking rows in the order the chart draws them: by rank, knocked-out candidates
    after every other candidate; `label` is the text beside each bar (fit and band)."""
    data = ranking[["rank", "candidate", "fit", "band_shown", "explanation"]].copy()
    data["knocked_out"] = data["band_shown"] == Band.KNOCKED_OUT
    data = data.sort_values(["knocked_out", "rank"], kind="stable", ignore_index=True)
    data["label"] = [f"{fit:.1f} · {band}" for fit, band in
                     zip(data["fit"], data["band_shown"], strict=True)]
    return data


def ranking_chart(ranking: pd.DataFrame) -> alt.LayerChart:
    """Fit 0–100 per candidate, best first, knocked-out last (pale, dashed, labelled);
    colour = band, and each bar says its fit and band in text.

    Expects columns: rank, candidate, fit, band_shown, explanation.
    """
    data = ranking_data(ranking)
    order = list(data["candidate"])
    base = alt.Chart(data, title="Fit to the role").encode(
        y=alt.Y("candidate:N", sort=order, title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=220)),
        tooltip=[alt.Tooltip("rank:Q", title="Rank"), alt.Tooltip("candidate:N"),
                 alt.Tooltip("fit:Q", format=".1f"), alt.Tooltip("band_shown:N", title="Band"),
                 alt.Tooltip("explanation:N", title="Why")],
    )
    knocked = alt.datum.knocked_out
    bars = base.mark_bar(strokeWidth=1.5).encode(
        x=alt.X("fit:Q", title="Fit (0–100)", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("band_shown:N", title="Band",
                        scale=alt.Scale(domain=BAND_ORDER, range=BAND_COLOURS)),
        stroke=alt.Color("band_shown:N", scale=alt.Scale(domain=BAND_ORDER,
                                                         range=BAND_COLOURS), legend=None),
        fillOpacity=alt.condition(knocked, alt.value(KNOCKED_OUT_FILL_OPACITY), alt.value(1)),
        strokeDash=alt.condition(knocked, alt.value([4, 2]), alt.value([1, 0])),
    )
    # the label sits at the bar's end; past 75 it moves inside the bar so it is never cut
    # off at the right edge: white on the band colour (at least 4.5:1 with white), or dark
    # on a knocked-out bar's pale fill
    outside = base.transform_filter(f"datum.fit < {INSIDE_FROM}").mark_text(
        align="left", dx=4, color=TEXT_COLOUR, fontSize=LABEL_FONT_SIZE,
    ).encode(x=alt.X("fit:Q"), text=alt.Text("label:N"))
    inside = base.transform_filter(f"datum.fit >= {INSIDE_FROM}").mark_text(
        align="right", dx=-4, fontSize=LABEL_FONT_SIZE,
    ).encode(x=alt.X("fit:Q"), text=alt.Text("label:N"),
             color=alt.condition(knocked, alt.value(TEXT_COLOUR), alt.value("#ffffff")))
    return styled(alt.layer(bars, outside, inside).properties(height=alt.Step(ROW_HEIGHT)))


def ranking_summary(ranking: pd.DataFrame) -> str:
    """The fit chart in one or two sentences (plain text: it holds candidate names)."""
    if ranking.empty:
        return "No candidates are ranked."
    data = ranking_data(ranking)
    counts = data["band_shown"].value_counts()
    bands = ", ".join(f"{int(counts[b])} {b}" for b in BAND_ORDER if b in counts)
    top = data.iloc[0]
    text = (f"{len(data)} candidate{'s' if len(data) != 1 else ''} ranked by fit (0–100): "
            f"{bands}. Highest: {top['candidate']} with {top['fit']:.1f} "
            f"({top['band_shown']}).")
    if data["knocked_out"].any():
        text += " Knocked-out candidates are listed last, whatever their fit."
    return text


# --------------------------------------------------------------------------- coverage


def column_labels(skills: list[str], width: int = COLUMN_LINE_CHARS,
                  lines: int = COLUMN_LINES) -> dict[str, str]:
    """Skill -> the axis label, wrapped at words onto up to `lines` lines of `width`
    characters ("\\n" between them; the axis draws each on its own line), so a label is
    shown whole; only a label longer than the lines hold is cut, with "…" (the full one is
    in the tooltip and the table). Labels stay distinct (a number is added when two would
    match)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for skill in skills:
        candidate, number = wrap_label(skill, width, lines), 2
        while candidate in used:
            candidate, number = f"{wrap_label(skill, width, lines)} ({number})", number + 1
        used.add(candidate)
        out[skill] = candidate
    return out


def wrap_label(text: str, width: int = COLUMN_LINE_CHARS, lines: int = COLUMN_LINES) -> str:
    """`text` on lines of at most `width` characters, broken at spaces (a word longer than
    a line is split into pieces); past `lines` lines the last one ends in "…"."""
    out: list[str] = []
    for word in " ".join(text.split()).split(" "):
        while len(word) > width:  # a word longer than a line: in pieces, a line each
            out.append(word[:width])
            word = word[width:]
        if not word:
            continue
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip(" ,;:-(") + "…"
    return "\n".join(out)


LABEL_LINES = "split(datum.label, '\\n')"  # an axis label drawn on its lines


def coverage_data(coverage: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The heatmap's cells (with the axis label and the words shown in each cell) and the
    column order: required skills first, then by name."""
    data = coverage.copy()
    data["kind"] = data["required"].map({True: "required", False: "preferred"})
    skills = list(dict.fromkeys(
        data.sort_values(["required", "skill"], ascending=[False, True])["skill"]))
    labels = column_labels(skills)
    data["column"] = data["skill"].map(labels)
    data["evidence_found"] = data["strength"] > 0
    data["cell"] = [f"{round(s * 100):d}%" if s > 0 else NONE_MARK for s in data["strength"]]
    return data, [labels[s] for s in skills]


def coverage_heatmap(coverage: pd.DataFrame, candidate_order: list[str]) -> alt.LayerChart:
    """Candidate × skill: how strongly verified evidence covers each requirement (0–1).

    Every column is labelled (rotated, long labels shortened, the full one in the tooltip);
    a cell without evidence is neutral grey and shows a dash, others say their strength.

    Expects columns: candidate, skill, strength, required (bool), evidence.
    """
    data, columns = coverage_data(coverage)
    base = alt.Chart(data, title="Skill coverage").encode(
        x=alt.X("column:N", sort=columns, title=None,
                axis=alt.Axis(labelAngle=-40, labelLimit=0, labelOverlap=False,
                              labelExpr=LABEL_LINES, orient="top")),
        y=alt.Y("candidate:N", sort=candidate_order, title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=220)),
        tooltip=[alt.Tooltip("candidate:N"), alt.Tooltip("skill:N", title="Skill"),
                 alt.Tooltip("kind:N", title="Requirement"),
                 alt.Tooltip("strength:Q", format=".2f"),
                 alt.Tooltip("evidence:N", title="Credentials")],
    )
    found = alt.datum.evidence_found
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.condition(
            found,
            alt.Color("strength:Q", title=f"Evidence ({NONE_MARK} none)",
                      scale=alt.Scale(domain=[0, 1], range=EVIDENCE_COLOURS),
                      legend=alt.Legend(format=".0%")),
            alt.value(NO_EVIDENCE)),
    )
    words = base.mark_text(fontSize=11).encode(
        text=alt.Text("cell:N"),
        color=alt.condition(found, alt.value("#ffffff"), alt.value(MUTED_TEXT)),
    )
    return styled(alt.layer(cells, words).properties(height=alt.Step(ROW_HEIGHT)))


def coverage_table(coverage: pd.DataFrame, candidate_order: list[str]) -> pd.DataFrame:
    """The heatmap as a table: one row per candidate (in `candidate_order`), one column per
    skill (full labels, required first), cells "none" or the strength in per cent."""
    if coverage.empty:
        return pd.DataFrame(columns=["candidate"])
    data, _ = coverage_data(coverage)
    skills = list(dict.fromkeys(
        data.sort_values(["required", "skill"], ascending=[False, True])["skill"]))
    table = data.pivot_table(index="candidate", columns="skill", values="cell",
                             aggfunc="first")
    order = [c for c in candidate_order if c in table.index]
    order += [c for c in table.index if c not in order]
    table = table.reindex(index=order, columns=skills).fillna(NONE_MARK)
    table = table.replace({NONE_MARK: "none"})
    table.columns.name = None
    return table.reset_index()


def coverage_summary(coverage: pd.DataFrame) -> str:
    """The heatmap in sentences: per required skill, how many candidates have evidence."""
    if coverage.empty:
        return "No skill coverage to show."
    gaps = gap_frame(coverage)
    candidates = int(coverage["candidate"].nunique())
    parts = []
    for row in gaps.itertuples():
        have = int(row.candidates) - int(row.missing)
        kind = "required" if row.required else "preferred"
        parts.append(f"{row.skill} ({kind}): {have} of {int(row.candidates)}")
    return (f"Candidates with verified evidence per skill, out of {candidates}: "
            + "; ".join(parts) + ".")


# --------------------------------------------------------------------------- gaps


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


def gap_chart(coverage: pd.DataFrame) -> alt.LayerChart:
    """Skills the pool lacks: candidates without evidence; each row names the skill and
    whether it is required ("SQL (required)"), each bar says its count."""
    data = gap_frame(coverage)
    data["kind"] = data["required"].map({True: "required", False: "preferred"})
    data["row"] = [f"{s} ({k})" for s, k in zip(data["skill"], data["kind"], strict=True)]
    data["label"] = data["missing"].astype(str)
    top = max(int(data["missing"].max()) if not data.empty else 0, 1)
    base = alt.Chart(data, title="Gaps across the pool").encode(
        y=alt.Y("row:N", sort=list(data["row"]), title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=0)),  # never cut
        tooltip=[alt.Tooltip("skill:N"), alt.Tooltip("kind:N", title="Requirement"),
                 alt.Tooltip("missing:Q"), alt.Tooltip("share:Q", format=".0%")],
    )
    x = alt.X("missing:Q", title="Candidates without verified evidence",
              scale=alt.Scale(domain=[0, top * 1.15]),  # room for the counts
              axis=alt.Axis(tickMinStep=1, values=list(range(0, top + 1))))
    bars = base.mark_bar().encode(
        x=x, color=alt.Color("kind:N", title="Requirement",
                             scale=alt.Scale(domain=KIND_ORDER, range=KIND_COLOURS)))
    labels = base.mark_text(align="left", dx=3, color=TEXT_COLOUR,
                            fontSize=LABEL_FONT_SIZE).encode(x=x, text=alt.Text("label:N"))
    return styled(alt.layer(bars, labels).properties(height=alt.Step(ROW_HEIGHT)))


def gap_summary(coverage: pd.DataFrame) -> str:
    """The gap chart in a sentence: the skills most candidates lack."""
    gaps = gap_frame(coverage)
    gaps = gaps[gaps["missing"] > 0]
    if gaps.empty:
        return "Every candidate has verified evidence for every skill."
    parts = [f"{row.skill} ({'required' if row.required else 'preferred'}): "
             f"{int(row.missing)} of {int(row.candidates)}" for row in gaps.itertuples()]
    return "Candidates without verified evidence, per skill: " + "; ".join(parts) + "."


# --------------------------------------------------------------------------- verification


def verification_data(verification: pd.DataFrame) -> pd.DataFrame:
    """Credentials per candidate and verdict, with the symbol and count drawn on each part."""
    data = verification.groupby(["candidate", "verdict"], as_index=False).size().rename(
        columns={"size": "credentials"})
    data["order"] = data["verdict"].map({v: i for i, v in enumerate(VERDICT_ORDER)})
    data["label"] = [f"{VERDICT_SYMBOLS.get(v, '')}{n}" for v, n in
                     zip(data["verdict"], data["credentials"], strict=True)]
    return data


def verification_mix_chart(verification: pd.DataFrame,
                           order: Sequence[str] | None = None) -> alt.LayerChart:
    """Per candidate, how many credentials were verified, warned, unsupported or failed;
    each part of a bar shows its verdict's symbol (✓ ! ? ✗) and count, the legend too.
    Candidates in `order` (the ranking's, as the other charts), else by name ignoring case.

    Expects columns: candidate, verdict (one row per credential).
    """
    data = verification_data(verification)
    names = list(dict.fromkeys(data["candidate"]))
    rows = [n for n in (order or []) if n in set(names)]
    rows += sorted((n for n in names if n not in set(rows)), key=str.casefold)
    legend_labels = " : ".join(f"datum.label == '{v}' ? '{VERDICT_SYMBOLS[v]} {v}'"
                               for v in VERDICT_ORDER) + " : datum.label"
    base = alt.Chart(data, title="Verification mix").encode(
        y=alt.Y("candidate:N", title=None, sort=rows,
                axis=alt.Axis(labelOverlap=False, labelLimit=220)),
        x=alt.X("credentials:Q", title="Credentials", stack="zero",
                axis=alt.Axis(tickMinStep=1)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("candidate:N"), alt.Tooltip("verdict:N"),
                 alt.Tooltip("credentials:Q")],
    )
    bars = base.mark_bar(stroke="white", strokeWidth=1).encode(
        color=alt.Color("verdict:N", title="Verdict",
                        scale=alt.Scale(domain=VERDICT_ORDER, range=VERDICT_COLOURS),
                        legend=alt.Legend(labelExpr=legend_labels, orient="top",
                                          direction="horizontal")))
    labels = base.mark_text(align="right", dx=-3, color="#ffffff",
                            fontSize=11).encode(text=alt.Text("label:N"))
    return styled(alt.layer(bars, labels).properties(height=alt.Step(ROW_HEIGHT)))


def verification_summary(verification: pd.DataFrame, candidates: int | None = None,
                         apart: int = 0) -> str:
    """The verification mix in a sentence: credentials per verdict across the pool.
    `candidates`: the snapshot's count (else the frame's distinct candidates); `apart`: the
    files listed apart (belonging to nobody), said after, never counted as a candidate."""
    tail = (f" {apart} file{'s' if apart != 1 else ''} not assigned to anyone "
            f"{'are' if apart != 1 else 'is'} listed apart." if apart else "")
    if verification.empty:
        return "No credentials." + tail
    counts = verification["verdict"].value_counts()
    people = int(verification["candidate"].nunique()) if candidates is None else candidates
    parts = ", ".join(f"{int(counts[v])} {v}" for v in VERDICT_ORDER if v in counts)
    return (f"{len(verification)} credential{'s' if len(verification) != 1 else ''} of "
            f"{people} candidate{'s' if people != 1 else ''}: {parts}." + tail)
