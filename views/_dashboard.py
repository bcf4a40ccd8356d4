"""The views of a screening, drawn from one `ScreeningSnapshot`: the live pages, a saved
screening and the shared view all call these, so each view has one render path.

Untrusted strings go through dataframes (neutralised against spreadsheet formulas, since
the grid offers its own CSV download), st.text and charts only, never Markdown.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Literal

import pandas as pd
import streamlit as st

from screening import title_of
from screening.present.cards import badge_glyph, initials
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
from screening.present.credentials import CredentialRow
from screening.present.decision import (
    DecisionSummary,
    dates_line,
    decision_summary,
    issuer_line,
    posing,
    status_of,
)
from screening.present.export import display_safe, ranking_csv
from screening.present.snapshot import ScreeningSnapshot
from screening.present.vocabulary import BANDS, RecruiterDecision, Status, Verdict

CREDENTIAL_COLUMNS = ["credential", "issuer", "known_issuer", "verdict", "file", "attention"]
STATUS_BOX = {"success": "success", "error": "error", "warning": "warning", "neutral": "info"}
CHECK_MARKS = {Status.FAIL: "✖", Status.INDETERMINATE: "?", Status.PASS: "✔",
               Status.NA: "–"}  # beside colour


def table(frame: pd.DataFrame, key: str) -> None:
    """A read-only grid whose cells are safe to export from the grid's own download."""
    st.dataframe(display_safe(frame), hide_index=True, width="stretch", key=key)


def render_summary(snapshot: ScreeningSnapshot) -> None:
    """Role, when it was scored, and the verdict tally (one count per credential): verified,
    "needs a look" (`screening.present.vocabulary.NEEDS_ATTENTION`) and failed."""
    role = snapshot.role
    st.text(f"Role: {role.title} ({role.id}), {len(role.requirements)} requirements "
            f"({role.required_count} required)")
    st.text(f"Scored {snapshot.scored_at[:16].replace('T', ' ')} UTC")
    counts = snapshot.verdict_counts()
    cols = st.columns(5)
    cols[0].metric("Candidates", snapshot.candidate_count())
    cols[1].metric("Credentials", snapshot.credential_count())
    cols[2].metric("Verified", counts[Verdict.VERIFIED])
    cols[3].metric("Needs a look", snapshot.needs_attention_count())
    cols[4].metric("Failed", counts[Verdict.FAILED])
    apart = len(snapshot.unassigned_rows())
    if apart:
        st.caption(f"{apart} file{'s' if apart != 1 else ''} not assigned to anyone: listed "
                   "apart, not counted above.")


def ranking_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The ranking as a recruiter reads it: headers in words, knocked-out candidates
    marked in the Band column on every page, required skills as "3 of 4"."""
    shown = pd.DataFrame({
        "Rank": frame["rank"], "Candidate": frame["candidate"], "Fit": frame["fit"],
        "Band": frame["band_shown"], "Decision": frame["decision"],
        "Required skills met": [f"{met} of {total}" for met, total in
                                zip(frame["required_met"], frame["required_total"],
                                    strict=True)],
        "Missing required": frame["missing"], "Why": frame["explanation"]})
    return shown


def render_ranking(snapshot: ScreeningSnapshot, key: str, *, export_name: str) -> None:
    """Fit chart and table (filterable by band and decision), the CSV export, coverage
    heatmap, gaps and verification mix; under each chart its text alternative (st.text:
    it holds candidate names and skills)."""
    if not snapshot.ranking:
        st.info("This screening has no candidates.")
        return
    ranking = snapshot.ranking_frame()
    st.altair_chart(ranking_chart(ranking), width="stretch", key=f"{key}_ranking_chart",
                    alt="Fit to the role per candidate")
    st.text(ranking_summary(ranking))
    bands, decisions = st.columns(2)
    band_filter = bands.multiselect("Show bands", [b.value for b in BANDS],
                                    key=f"{key}_band_filter")
    status_filter = decisions.multiselect("Show decisions",
                                          [d.value for d in RecruiterDecision],
                                          key=f"{key}_status_filter")
    shown = ranking
    if band_filter:
        shown = shown[shown["band_shown"].isin(band_filter)]
    if status_filter:
        shown = shown[shown["decision"].isin(status_filter)]
    table(ranking_table(shown), f"{key}_ranking_table")
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
    verification = snapshot.verification_frame(candidates_only=True)
    if not verification.empty:
        st.altair_chart(verification_mix_chart(verification, order), width="stretch",
                        key=f"{key}_mix_chart", alt="Verification mix per candidate")
        st.text(verification_summary(verification, snapshot.candidate_count(),
                                     len(snapshot.unassigned_rows())))


def candidate_scope(snapshot: ScreeningSnapshot, candidate: str) -> str:
    """The suffix of every widget key that edits or selects one candidate's data: it names
    the candidate (key and name), the snapshot (when, role, configuration) and the decision
    and note on record, so switching candidates (or a saved decision) gives fresh widgets
    drawn from that candidate's own values, never the previous candidate's."""
    entry = snapshot.entry(candidate)
    parts = (snapshot.created_at, snapshot.role.digest, snapshot.config.digest, candidate,
             entry.name if entry is not None else "",
             entry.decision if entry is not None else "",
             entry.notes if entry is not None else "")
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{candidate}_{digest}"


def candidate_picker(snapshot: ScreeningSnapshot, key: str) -> str | None:
    """A selector over the snapshot's candidates in rank order (then unranked ones)."""
    keys = [*snapshot.ranked_keys(), *snapshot.unranked_keys()]
    if not keys:
        return None
    labels = snapshot.labels()
    return st.selectbox("Candidate", keys, format_func=lambda k: labels.get(k, k),
                        key=f"{key}_candidate")


DecisionPanel = Callable[[DecisionSummary, str], None]  # (summary, scope) -> the form
BadgeColour = Literal["green", "red", "orange", "gray"]
BADGE_COLOURS: dict[str, BadgeColour] = {"success": "green", "error": "red",
                                         "warning": "orange", "neutral": "gray"}
CARD_WIDTH = 232  # px: four compact cards a row at 1440 px, two at 1024


def render_candidate(snapshot: ScreeningSnapshot, candidate: str, key: str,
                     images: Mapping[str, str] | None = None,
                     trust_action: TrustAction | None = None,
                     decide: DecisionPanel | None = None) -> None:
    """One candidate on one screen: name, fit, band and required skills beside the decision
    (`decide` draws the form; without it the decision on record, read-only), then each
    credential as a compact card with every check one click away, then the details
    (evidence per requirement, gaps, flags, the credentials as a table) in expanders.
    `images`: badge data URIs by file digest (live views only)."""
    summary = decision_summary(snapshot, candidate)
    scope = candidate_scope(snapshot, candidate)  # every widget below is this candidate's
    fit_column, decision_column = st.columns([3, 2], gap="medium")
    with fit_column:
        render_fit(summary, decision_on_record=decide is None)
    with decision_column:
        if decide is not None:
            decide(summary, scope)
    render_cards(snapshot, summary, key, scope, images or {}, trust_action)
    render_candidate_details(snapshot, candidate, key)


def render_fit(summary: DecisionSummary, *, decision_on_record: bool = True) -> None:
    """Name (and address), the decision on record (read-only views: the live page's form
    shows it), fit, band and required skills."""
    # untrusted: plain text
    st.text(f"{summary.name} · {summary.email}" if summary.email else summary.name)
    if decision_on_record and (summary.decision != RecruiterDecision.NEW or summary.notes):
        st.text(f"Decision: {summary.decision}")
        if summary.notes:
            st.text(f"Notes: {summary.notes}")
    if not summary.ranked:
        st.text("Not ranked: none of these files could be scored against the role.")
        return
    # side by side while they fit, else on the next line: never cut to "pos…"
    with st.container(horizontal=True, gap="large"):
        st.metric("Fit", summary.fit, width="content")
        st.metric("Band", summary.band, width="content")
        st.metric("Required skills met", summary.required_met, width="content")
    st.text(summary.required_line)


def render_cards(snapshot: ScreeningSnapshot, summary: DecisionSummary, key: str, scope: str,
                 images: Mapping[str, str], trust_action: TrustAction | None) -> None:
    """A compact card per credential (status, issuer, what it evidences), side by side as
    the page is wide; each opens its full card with every check in a popover."""
    if not summary.cards:
        return
    rows = snapshot.credentials_of(summary.key)
    st.markdown(f"#### Credentials ({len(summary.cards)})")  # fixed words and a count
    with st.container(horizontal=True, gap="small"):
        for card in summary.cards:
            with st.container(border=True, width=CARD_WIDTH, gap="small",
                              key=f"{key}_credential_{scope}_{card.index}"):
                st.text(card.title)  # untrusted: plain text
                st.badge(card.status.title, icon=card.status.icon,  # fixed words
                         color=BADGE_COLOURS[card.status.tone])
                st.text("\n".join(line for line in (card.reason, card.issuer, card.evidence)
                                  if line))
                attention = (f" · {card.checks_needing_attention} need a look"
                             if card.checks_needing_attention else "")
                with st.popover(f"Every check ({card.checks}){attention}",
                                width="stretch"):
                    row = rows[card.index]
                    render_card(snapshot, row, f"{key}_card_{scope}_{card.index}",
                                image=images.get(row.sha256 or "", ""),
                                trust_action=trust_action)


def render_candidate_details(snapshot: ScreeningSnapshot, candidate: str, key: str) -> None:
    """What a recruiter opens to check the fit: why, evidence per requirement, gaps and
    flags, the skills claimed beyond the role, and the credentials as a table."""
    fit = snapshot.fit(candidate)
    if fit is not None:
        with st.expander("Evidence per requirement, gaps and flags"):
            st.text(fit.explanation)
            table(snapshot.evidence_frame(candidate), f"{key}_evidence_table")
            st.text("Gaps")
            table(pd.DataFrame([{"requirement": r.label, "required": r.required,
                                 "coverage": r.coverage.value} for r in fit.gaps],
                               columns=["requirement", "required", "coverage"]),
                  f"{key}_gaps_table")
            if fit.flags:
                st.text("Flags")
                table(pd.DataFrame([{"code": f.code, "message": f.message}
                                    for f in fit.flags]), f"{key}_flags_table")
            if fit.unmatched_claims:
                st.text(f"Skills claimed but not asked for by this role "
                        f"({len(fit.unmatched_claims)})")
                table(pd.DataFrame([{"credential": c.credential, "skill": c.text,
                                     "source": c.source, "id": c.skill_id or ""}
                                    for c in fit.unmatched_claims]), f"{key}_unmatched_table")
    rows = snapshot.credentials_of(candidate)
    with st.expander("Credentials as a table"):
        table(pd.DataFrame.from_records(
            [{**{c: getattr(r, c) for c in CREDENTIAL_COLUMNS},
              "checks needing attention": "; ".join(f"{c.code} ({c.outcome}): {c.message}"
                                                    for c in r.failing_checks)}
             for r in rows],
            columns=[*CREDENTIAL_COLUMNS, "checks needing attention"]),
            f"{key}_credentials_table")


TrustAction = Callable[[str, str], None]  # (issuer id, organisation) -> trust and re-verify


def render_card(snapshot: ScreeningSnapshot, row: CredentialRow, key: str, *,
                image: str = "", trust_action: TrustAction | None = None) -> None:
    """One credential as a card: badge, what it is, one status line (colour, icon and
    words), who issued it, its dates, the skills it evidences, then its checks with the
    ones that need attention first. Every credential string is plain text."""
    line = status_of(row)
    with st.container(border=True):
        picture, body = st.columns([1, 5])
        if image:
            picture.image(image, width=96, alt="Badge image")
        else:
            # a neutral badge with the issuer's initials (remote images are never loaded)
            issuer = row.issuer or row.credential or ""
            picture.image(badge_glyph(issuer), width=96,
                          alt=f"No badge image: issuer initials {initials(issuer)}")
        body.text(row.credential or row.file)
        getattr(body, STATUS_BOX[line.tone])(line.title, icon=line.icon)  # fixed words
        if line.reason:
            body.text(line.reason)
        body.text(issuer_line(row))
        dates = dates_line(row)
        if dates:
            body.text(dates)
        if row.description:
            body.text(f"About: {row.description}")
        if row.criteria:
            body.text(f"Earned by: {row.criteria}")
        skills = snapshot.skills_evidenced(row.key, row.file)
        if skills:
            body.text("Evidence for this role: " + ", ".join(skills))
        trusted = st.session_state.get("trusted_issuer")
        if trusted is not None and trusted[0] == row.issuer_id and row.known_issuer:
            st.session_state.pop("trusted_issuer")  # said once, after the rerun it caused
            body.success("Added to your known issuers; every credential was verified "
                         "again.", icon=":material/check_circle:")  # fixed words
        # never offered to a credential posing as an issuer: trusting it would trust a forgery
        if trust_action is not None and row.issuer_id and not row.known_issuer \
                and not posing(row) and row.signer_certified is None:
            with body.form(f"{key}_trust_form"):
                organisation = st.text_input(
                    "Organisation behind this issuer (as you know it)", max_chars=200,
                    key=f"{key}_trust_org")
                if st.form_submit_button("Trust this issuer") and organisation.strip():
                    trust_action(row.issuer_id, organisation.strip())
                    st.session_state["trusted_issuer"] = (row.issuer_id,
                                                          organisation.strip())
                    st.rerun()
        checks = row.checks_attention_first()
        table(pd.DataFrame.from_records(
            [{"status": f"{CHECK_MARKS.get(c.outcome, '')} {c.outcome}",
              "check": title_of(c.code),
              "what happened": c.message, "code": c.code} for c in checks],
            columns=["status", "check", "what happened", "code"]), f"{key}_checks")


def render_snapshot(snapshot: ScreeningSnapshot, key: str) -> None:
    """A saved or shared screening, read-only: summary, ranking and one candidate."""
    render_summary(snapshot)
    render_ranking(snapshot, key, export_name=f"ranking-{snapshot.role.id}.csv")
    if snapshot.ranking:
        st.header("Evidence per candidate")
        chosen = candidate_picker(snapshot, key)
        if chosen is not None:
            render_candidate(snapshot, chosen, key)
