"""The HTML report: one self-contained file of one snapshot, readable offline.

It opens with a one-page summary (the ranking, the shortlist when the snapshot carries
recruiters' decisions, the key gaps and the verification mix); the details follow on a new
page when printed: every chart with its text alternative, the full ranking with each
explanation in full (nothing is cut off with "…"), and one section per candidate.

Charts are drawn by the same functions as the dashboard (`screening.present.charts`) and rendered
to inline SVG here with vl-convert, so the file loads nothing: no scripts, no fonts, no
images from elsewhere. A Content-Security-Policy meta tag forbids anything else anyway.
Every string that may come from a credential or a recruiter is escaped with `html.escape`.
"""

from __future__ import annotations

import html
import logging
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
from defusedxml import ElementTree

from screening.present.charts import (
    VERDICT_SYMBOLS,
    coverage_heatmap,
    coverage_summary,
    coverage_table,
    gap_chart,
    gap_frame,
    gap_summary,
    ranking_chart,
    ranking_summary,
    verification_mix_chart,
    verification_summary,
)
from screening.present.credentials import CredentialRow
from screening.present.snapshot import CandidateEntry, RankingRow, ScreeningSnapshot
from screening.present.vocabulary import VERDICTS, RecruiterDecision, Verdict

log = logging.getLogger(__name__)

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
CHART_WIDTH = 640
SUMMARY_ROWS = 15  # candidates in the first page's ranking (the details list every one)
KEY_GAPS = 5

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:1100px;padding:0 1rem;color:#1f2328;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2.2rem;
border-bottom:1px solid #d0d7de;padding-bottom:.2rem}h3{font-size:1.05rem;margin-top:1.2rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.meta{color:#57606a;font-size:.9rem}.meta code{font-size:.85rem}
.band-strong{color:#1b7837}.band-possible{color:#2166ac}.band-weak{color:#b35806}
.band-knocked-out,.verdict-failed{color:#b2182b;font-weight:600}
.verdict-verified{color:#1b7837}.verdict-warning{color:#b35806}
.verdict-unsupported{color:#6e7781}.chart{margin:1rem 0;overflow-x:auto}
.pre{white-space:pre-wrap}section.candidate{page-break-inside:avoid}
section.summary h2{margin-top:1.2rem}section.summary table{font-size:.85rem}
section.summary h3{margin:.8rem 0 .2rem}.alt{font-size:.9rem;color:#1f2328}
section.details{break-before:page;page-break-before:always}
@media print{body{margin:0;max-width:none}section.summary{break-after:page}
h2{margin-top:1rem}section.summary{font-size:.9rem}}
"""


def e(value: Any) -> str:
    """Escape anything for HTML text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def html_report(snapshot: ScreeningSnapshot, *, name: str | None = None) -> str:
    """One self-contained HTML document of a snapshot: a one-page summary, then details."""
    ranking = snapshot.ranking_frame()
    coverage = snapshot.coverage_frame()
    verification = snapshot.verification_frame(candidates_only=True)  # the one count
    labels = snapshot.labels()
    role, config = snapshot.role, snapshot.config
    title = f"Screening report: {role.title or role.id or 'role'}"
    if name:
        title = f"{name} · {title}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        '<section class="summary" id="summary">',
        f'<p class="meta">Role: {e(role.title)} · scored {e(_minute(snapshot.scored_at))} UTC'
        "</p>",
        _summary(snapshot),
        "<h2>Ranking</h2>",
        _summary_ranking(snapshot, labels),
        _shortlist(snapshot, labels),
        "<h2>Key gaps</h2>",
        _key_gaps(coverage),
        "<h2>Verification mix</h2>",
        _verification_mix(snapshot, verification),
        "</section>",
        '<section class="details" id="details">',
        "<h2>Details</h2>",
        '<p class="meta">',
        f"Role: {e(role.title)} (<code>{e(role.id)}</code>, version "
        f"<code>{e(role.digest[:12])}</code>)<br>",
        f"Scored: {e(snapshot.scored_at)}<br>",
        f"Scoring configuration: <code>{e(config.digest)}</code>",
        "</p>",
        "<h2>Ranking in full</h2>",
        _ranking_table(snapshot, labels),
        "<h2>Charts</h2>",
    ]
    order = list(ranking["candidate"])
    charts: list[tuple[str, alt.TopLevelMixin | None, str, str]] = [
        ("Fit to the role", ranking_chart(ranking).properties(width=CHART_WIDTH)
         if not ranking.empty else None, ranking_summary(ranking), ""),
        ("Skill coverage", coverage_heatmap(coverage, order).properties(width=CHART_WIDTH)
         if not coverage.empty else None, coverage_summary(coverage),
         _frame_table(coverage_table(coverage, order)) if not coverage.empty else ""),
        ("Gaps across the pool", gap_chart(coverage).properties(width=CHART_WIDTH)
         if not coverage.empty else None, gap_summary(coverage), ""),
        ("Verification mix", verification_mix_chart(verification, order).properties(
            width=CHART_WIDTH) if not verification.empty else None,
         verification_summary(verification, snapshot.candidate_count(),
                              len(snapshot.unassigned_rows())), ""),
    ]
    for number, (label, chart, text, table) in enumerate(charts, start=1):
        if chart is not None:
            parts.append(f'<h3>{e(label)}</h3><div class="chart" role="img" '
                         f'aria-label="{e(label)}" aria-describedby="chart-{number}-text">'
                         f"{chart_svg(chart) or f'<p>{e(label)}: chart unavailable.</p>'}"
                         f'</div><p class="alt" id="chart-{number}-text">{e(text)}</p>{table}')
    parts.append("<h2>Candidates</h2>")
    for number, key in enumerate(snapshot.ranked_keys(), start=1):
        parts.append(_candidate(snapshot, key, labels.get(key, key), number))
    apart = snapshot.unranked_keys()  # files of no ranked candidate: listed apart
    if apart:
        parts.append("<h2>Files not assigned to anyone</h2><p>Listed apart: they are no "
                     "candidate and are not counted above.</p>")
    for key in apart:
        parts.append(_candidate(snapshot, key, labels.get(key, key), None))
    parts.append("</section>")
    parts.append('<p class="meta">Generated from a saved snapshot by Credential Screening. '
                 "Nothing in this file was recomputed or fetched.</p></body></html>")
    return "\n".join(parts)


def decisions(snapshot: ScreeningSnapshot) -> dict[str, tuple[str, str]]:
    """Candidate key -> (decision, notes), from the candidate entries (then the ranking
    rows); empty when the snapshot has no candidates."""
    found: dict[str, tuple[str, str]] = {}
    records: list[CandidateEntry | RankingRow] = [*snapshot.candidates, *snapshot.ranking]
    for rec in records:
        notes = str(getattr(rec, "notes", "") or "")
        if rec.key not in found:
            found[rec.key] = (rec.decision.value, notes)
    return found


# --------------------------------------------------------------------------- pieces


def _summary(snapshot: ScreeningSnapshot) -> str:
    verdicts = snapshot.verdict_counts()
    counts = ", ".join(f"{n} {v}" for v, n in verdicts.items())
    apart = len(snapshot.unassigned_rows())
    return (f"<p>{snapshot.candidate_count()} candidate(s), {snapshot.credential_count()} "
            f"credential(s): {e(counts)} ({snapshot.needs_attention_count()} need a look)."
            + (f" {apart} file(s) not assigned to anyone, listed apart." if apart else "")
            + "</p>")


def _summary_ranking(snapshot: ScreeningSnapshot, labels: Mapping[str, str]) -> str:
    """The first page's ranking: the best SUMMARY_ROWS, knocked-out shown in words."""
    decided = decisions(snapshot)
    head = ["Rank", "Candidate", "Fit", "Band", "Required met"]
    if decided:
        head.append("Status")
    rows = []
    for rec in snapshot.ranking[:SUMMARY_ROWS]:
        cells = [f'<td class="num">{e(rec.rank)}</td>',
                 f'<td class="candidate">{e(labels.get(rec.key, rec.candidate))}</td>',
                 f'<td class="num">{_number(rec.fit)}</td>',
                 f'<td class="band-{_css(rec.band_shown)}">{e(rec.band_shown)}</td>',
                 f'<td class="num">{e(rec.required_met)} of {e(rec.required_total)}</td>']
        if decided:
            cells.append(f"<td>{e(decided.get(rec.key, ('', ''))[0] or rec.decision)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    more = len(snapshot.ranking) - SUMMARY_ROWS
    note = (f'<p class="meta">and {more} more candidate(s), listed in the details.</p>'
            if more > 0 else "")
    return (f'<table id="ranking"><thead><tr>{"".join(f"<th>{e(h)}</th>" for h in head)}'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>{note}')


def _shortlist(snapshot: ScreeningSnapshot, labels: Mapping[str, str]) -> str:
    """Who the recruiter shortlisted, with their notes in full (absent without decisions)."""
    decided = decisions(snapshot)
    chosen = [(key, notes) for key, (decision, notes) in decided.items()
              if decision == RecruiterDecision.SHORTLISTED]
    if not decided:
        return ""
    if not chosen:
        return '<h2>Shortlist</h2><p id="shortlist">No candidate is shortlisted yet.</p>'
    rank = {row.key: row.rank for row in snapshot.ranking}
    chosen.sort(key=lambda item: rank.get(item[0], len(rank) + 1))
    return "<h2>Shortlist</h2>" + _table(
        ["Candidate", "Notes"], ([labels.get(key, key), notes or "—"] for key, notes in chosen),
        pre_last=True, table_id="shortlist")


def _key_gaps(coverage: pd.DataFrame) -> str:
    """The skills most candidates lack, required ones first."""
    gaps = gap_frame(coverage)
    gaps = gaps[gaps["missing"] > 0].sort_values(
        ["required", "missing", "skill"], ascending=[False, False, True]).head(KEY_GAPS)
    if gaps.empty:
        return "<p>Every candidate has verified evidence for every skill of the role.</p>"
    return _table(["Skill", "Requirement", "Candidates without verified evidence"],
                  ([row.skill, "required" if row.required else "preferred",
                    f"{int(row.missing)} of {int(row.candidates)}"]
                   for row in gaps.itertuples()), table_id="key-gaps")


def _verification_mix(snapshot: ScreeningSnapshot, verification: pd.DataFrame) -> str:
    """Credentials per verdict (symbol and word beside the colour), and who has failures."""
    counts = snapshot.verdict_counts()
    table = _table(["Verdict", "Credentials"],
                   ([(f"{VERDICT_SYMBOLS.get(v, '')} {v}", f"verdict-{_css(v)}"),
                     (str(counts[v]), "num")] for v in VERDICTS),
                   table_id="verification-mix")
    failed = sorted(set(verification.loc[verification["verdict"] == Verdict.FAILED, "candidate"])
                    ) if not verification.empty else []
    if failed:
        table += f"<p>With a failed credential: {e('; '.join(failed))}.</p>"
    return table


def _frame_table(frame: pd.DataFrame) -> str:
    return _table([str(c) for c in frame.columns], frame.astype(str).itertuples(index=False))


def _ranking_table(snapshot: ScreeningSnapshot, labels: Mapping[str, str]) -> str:
    """Every candidate with the explanation in full."""
    head = ("<tr><th>Rank</th><th>Candidate</th><th>Fit</th><th>Band</th>"
            "<th>Required met</th><th>Missing</th><th>Flags</th><th>Explanation</th></tr>")
    rows = []
    for rec in snapshot.ranking:
        rows.append(
            f'<tr><td class="num">{e(rec.rank)}</td>'
            f'<td class="candidate">{e(labels.get(rec.key, rec.candidate))}</td>'
            f'<td class="num">{_number(rec.fit)}</td>'
            f'<td class="band-{_css(rec.band_shown)}">{e(rec.band_shown)}</td>'
            f'<td class="num">{e(rec.required_met)} of {e(rec.required_total)}'
            f"</td><td>{e('; '.join(rec.missing))}</td>"
            f"<td>{e('; '.join(rec.flags))}</td>"
            f'<td class="pre">{e(rec.explanation)}</td></tr>')
    return (f'<table id="ranking-full"><thead>{head}</thead><tbody>{"".join(rows)}</tbody>'
            "</table>")


def _candidate(snapshot: ScreeningSnapshot, key: str, label: str, rank: int | None) -> str:
    fit = snapshot.fit(key)
    heading = f"{rank}. {label}" if rank is not None else label
    parts = [f'<section class="candidate"><h3>{e(heading)}</h3>']
    email = snapshot.email(key)
    if email:
        parts.append(f'<p class="meta">Email: {e(email)}</p>')
    if fit is not None:
        parts.append(
            f'<p>Fit <strong>{_number(fit.fit)}</strong> · '
            f'<span class="band-{_css(fit.band_shown)}">{e(fit.band_shown)}</span> · '
            f"required skills met {e(fit.required_met)} of {e(fit.required_total)}</p>"
            f'<p class="pre">{e(fit.explanation)}</p>')
        evidence = snapshot.evidence_frame(key)
        if not evidence.empty:
            parts.append(_table(
                ["Requirement", "Required", "Coverage", "Points", "Evidence"],
                ([r["requirement"], "yes" if r["required"] else "no", r["coverage"],
                  f"{_number(r['points'], 2)} of {_number(r['of'], 2)}", r["evidence"]]
                 for r in evidence.to_dict("records")), pre_last=True))
    parts.append(_verification(snapshot.credentials_of(key)))
    parts.append("</section>")
    return "".join(parts)


def _verification(rows: Sequence[CredentialRow]) -> str:
    if not rows:
        return "<p>No credentials.</p>"
    out = []
    for row in rows:
        problems = "; ".join(f"{c.code} ({c.outcome}): {c.message}"
                             for c in row.failing_checks)
        out.append([row.credential or "—", row.issuer or "—",
                    (row.verdict, f"verdict-{_css(row.verdict)}"), row.file or "—",
                    problems or "—"])
    return _table(["Credential", "Issuer", "Verdict", "File", "Checks needing attention"],
                  out)


def _table(head: Sequence[str], rows: Iterable[Sequence[Any]], *, pre_last: bool = False,
           table_id: str = "") -> str:
    opening = f'<table id="{e(table_id)}">' if table_id else "<table>"
    lines = [f"{opening}<thead><tr>", *(f"<th>{e(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for row in rows:
        cells = []
        for number, cell in enumerate(row):
            css = ""
            if isinstance(cell, tuple):
                cell, css = cell
            if pre_last and number == len(row) - 1:
                css = f"{css} pre".strip()
            attr = f' class="{e(css)}"' if css else ""
            cells.append(f"<td{attr}>{e(cell)}</td>")
        lines.append(f"<tr>{''.join(cells)}</tr>")
    lines.append("</tbody></table>")
    return "".join(lines)


# --------------------------------------------------------------------------- charts

_FORBIDDEN_TAGS = {"script", "foreignobject", "iframe", "object", "embed", "image", "use",
                   "a", "style", "animate", "set"}


def chart_svg(chart: alt.TopLevelMixin) -> str | None:
    """The chart as inline SVG (vl-convert, no data fetched), or None if it cannot be drawn
    or the SVG holds anything besides shapes and text."""
    import vl_convert

    try:
        svg = vl_convert.vegalite_to_svg(chart.to_json(), allowed_base_urls=[])
    except Exception as exc:  # a chart is decoration: the tables carry the data
        log.warning("chart not rendered: %s", exc)
        return None
    return svg if _inert(svg) else None


def _inert(svg: str) -> bool:
    """Defence in depth: Vega escapes text, but only plain SVG shapes and text may pass."""
    try:
        root = ElementTree.fromstring(svg)
    except Exception:
        return False
    for node in root.iter():
        tag = str(node.tag).rsplit("}", 1)[-1].lower()
        if tag in _FORBIDDEN_TAGS:
            return False
        for attr, value in node.attrib.items():
            local = attr.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or local in {"href", "src"}:
                return False
            if "url(" in value and not value.strip().startswith("url(#"):
                return False
    return True


# --------------------------------------------------------------------------- helpers


def _number(value: Any, digits: int = 1) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "—"
    return f"{value:.{digits}f}"


def _minute(stamp: str) -> str:
    return stamp[:16].replace("T", " ")


def _css(value: Any) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in str(value or "").lower())


CHROMIUM = Path("/usr/bin/chromium")
PDF_SECONDS = 60


def pdf_available(chromium: Path = CHROMIUM) -> bool:
    return chromium.exists()


def pdf_report(html: str, chromium: Path = CHROMIUM) -> bytes | None:
    """The HTML report printed to PDF by headless Chromium (when it is installed).

    The page is opened from a private temporary file; its CSP forbids every request, so
    printing it makes none. None when Chromium is missing, fails or takes too long."""
    if not chromium.exists():
        return None
    with tempfile.TemporaryDirectory(prefix="screening-pdf-") as folder:
        source, target = Path(folder) / "report.html", Path(folder) / "report.pdf"
        source.write_text(html, encoding="utf-8")
        command = [str(chromium), "--headless", "--no-sandbox", "--disable-gpu",
                   "--no-pdf-header-footer", f"--user-data-dir={folder}/profile",
                   f"--print-to-pdf={target}", source.as_uri()]
        try:
            subprocess.run(command, capture_output=True, timeout=PDF_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired):
            log.warning("PDF rendering failed", exc_info=True)
            return None
        data = target.read_bytes() if target.exists() else b""
    return data if data.startswith(b"%PDF") else None
