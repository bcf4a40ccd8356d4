"""Snapshots (what a saved screening shows without recomputing) and the HTML report."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace

import pandas as pd
import pytest
from factories import NOW, UNIVERSITY, open_badge

from screening.batch.runner import Screening
from screening.errors import SnapshotError
from screening.matching.ranking import rank_candidates
from screening.matching.scoring import DEFAULT_CONFIG
from screening.present.html_report import CSP, chart_svg, html_report, pdf_report
from screening.present.snapshot import (
    FORMAT_V1,
    ConfigInfo,
    RankingRow,
    RoleInfo,
    ScreeningSnapshot,
    build_snapshot,
)
from screening.present.vocabulary import RecruiterDecision
from screening.session.samples import (
    sample_pool,
    sample_roles,
    sample_settings,
)
from screening.session.saved import (
    config_from_dict,
    reverify_saved,
    save_current,
    stored,
    unsavable_candidates,
)
from screening.session.workspace import Pool, snapshot_of
from screening.store import open_store
from screening.testing.signing import sign

EVIL = "**x** <img src=x onerror=alert(1)> [link](javascript:alert(1))"
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//)""", re.IGNORECASE)


def minted(name: str, subject: str | None = None) -> bytes:
    doc = open_badge(name=name)
    if subject:
        doc["credentialSubject"]["id"] = subject
    return json.dumps(sign(doc, UNIVERSITY)).encode()


@pytest.fixture(scope="module")
def pool() -> Pool:
    result = sample_pool(NOW)
    plain = Screening(now=NOW)
    result.extend(plain.verify_upload(minted(EVIL), "evil.json", EVIL))
    result.extend(plain.verify_upload(minted("SQL for analysts"), "jane.json",
                                      "jane.doe@example.com"))
    result.extend(plain.verify_upload(minted("Statistics", "mailto:grace.e@example.org"),
                                      "grace.json", "Grace Example"))
    result.extend(plain.verify_upload(b"not a credential", "notes.txt", "Grace Example"))
    result.extend(plain.verify_upload(b"PK\x03\x04 damaged", "broken.zip", "Grace Example"))
    return result


@pytest.fixture(scope="module")
def role():
    return sample_roles()["data-analyst"]


@pytest.fixture(scope="module")
def ranking(pool, role):
    return rank_candidates(role, pool.reports_by_candidate(), DEFAULT_CONFIG, NOW)


@pytest.fixture(scope="module")
def snapshot(pool, ranking, role):
    return build_snapshot(pool.rows, ranking, role, DEFAULT_CONFIG, NOW)


@pytest.fixture(scope="module")
def content(snapshot):
    return snapshot.to_dict()


@pytest.fixture(scope="module")
def report(snapshot):
    return html_report(snapshot, name="Q3 analysts")


def test_snapshot_is_plain_json_and_round_trips(snapshot, content, ranking, role):
    assert json.loads(json.dumps(content, allow_nan=False)) == content
    assert ScreeningSnapshot.from_dict(json.loads(json.dumps(content))) == snapshot
    assert content["format"] == "credential-screening/snapshot/3"
    assert content["role"]["digest"] == role.digest and content["role"]["toml"]
    assert content["config"]["digest"] == DEFAULT_CONFIG.digest == ranking.config_hash
    assert config_from_dict(content["config"]["values"]).digest == DEFAULT_CONFIG.digest
    assert content["scored_at"] == ranking.scored_at
    assert [f["candidate"] for f in content["fits"]] == list(ranking.fits)
    assert [r["rank"] for r in content["ranking"]] == list(range(1, len(ranking.fits) + 1))
    for record in content["fits"]:
        assert {"requirements", "contributions", "credentials", "explanation"} <= set(record)


def test_snapshot_numbers_are_the_rankings(snapshot, pool, ranking):
    ranked = snapshot.ranking_frame()
    assert list(ranked["candidate"]) == list(ranking.table["candidate"])
    assert list(ranked["fit"]) == list(ranking.table["fit"])
    assert list(ranked["band_shown"])[-1] == "knocked out" or not ranked["knocked_out"].any()
    coverage = snapshot.coverage_frame()
    assert len(coverage) == sum(len(f.requirements) for f in ranking.fits.values())
    verification = snapshot.verification_frame()
    assert len(verification) == sum(1 for row in pool.rows
                                     for cred in row.report.iter_credentials()
                                     if cred.kind != "not_a_credential")
    for candidate, fit in ranking.fits.items():
        key = next(r.key for r in snapshot.ranking if r.candidate == candidate)
        view = snapshot.fit(key)
        assert view is not None and view.fit == fit.fit  # exact, not rounded
        evidence = snapshot.evidence_frame(key)
        assert list(evidence["points"]) == [round(r.points, 2) for r in fit.requirements]
    notes = next(r for r in snapshot.verification if r.file == "notes.txt")
    assert notes.kind == "not_a_credential" and notes.plain_status == "not_a_credential"
    assert notes not in snapshot.credential_rows()  # listed, never counted
    failed_intake = next(r for r in snapshot.verification if r.file == "broken.zip")
    assert failed_intake.sha256 is None and failed_intake.verdict == "failed"
    assert failed_intake.checks[0].outcome == "fail"
    assert snapshot.verdict_counts()["failed"] >= 1


def test_a_presentation_is_shown_but_each_credential_counts_on_its_own(snapshot, pool):
    presentations = [r for r in snapshot.verification if r.kind == "presentation"]
    assert presentations, "the sample pool holds a presentation"
    assert any(c.code == "enclosed_credentials" for c in presentations[0].checks)
    credentials = snapshot.credential_rows()
    assert len(credentials) == sum(1 for row in pool.rows
                                   for cred in row.report.iter_credentials()
                                   if cred.kind != "not_a_credential")
    assert sum(snapshot.verdict_counts().values()) == len(credentials)
    assert len(snapshot.verification_frame(presentations=True)) == len(snapshot.verification)
    assert "presentation" not in set(snapshot.verification_frame()["kind"])


def test_known_issuer_is_computed_in_the_library(snapshot):
    known = {r.known_issuer for r in snapshot.verification if r.verdict == "verified"}
    assert known - {""}, "sample credentials from known issuers name their organisation"
    assert all(r.known_issuer == "" for r in snapshot.verification
               if not any(c.code == "issuer_trusted" and c.outcome == "pass" for c in r.checks))


def test_format_1_snapshots_still_open(content):
    old = json.loads(json.dumps(content))
    old["format"] = FORMAT_V1
    for entry in old["candidates"]:
        entry["candidate"] = entry.pop("name")
    for row in old["verification"]:
        del row["known_issuer"]
    read = ScreeningSnapshot.from_dict(old)
    assert [c.name for c in read.candidates] == [c["candidate"] for c in old["candidates"]]
    assert all(r.known_issuer == "" for r in read.verification)
    with pytest.raises(SnapshotError):
        ScreeningSnapshot.from_dict({"format": "something else"})


def test_colliding_names_stay_apart():
    rows = tuple(RankingRow(key, rank, name, 0.0, "weak", "weak", False, 0, 0)
                 for rank, (key, name) in enumerate(
                     [("c1", "[email hidden]"), ("c2", "[email hidden]"), ("c3", "Ada")], 1))
    shot = ScreeningSnapshot("", "", RoleInfo("r", "R"), ConfigInfo(""), ranking=rows)
    assert shot.labels() == {"c1": "[email hidden] (c1)", "c2": "[email hidden] (c2)",
                             "c3": "Ada"}
    assert shot.ranking_frame()["candidate"].is_unique


def test_report_is_self_contained(report):
    assert report.startswith("<!DOCTYPE html>")
    assert f'http-equiv="Content-Security-Policy" content="{html.escape(CSP)}"' in report
    assert report.count("<svg") >= 4
    assert "<script" not in report.lower()
    assert not EXTERNAL.search(report)
    assert "@import" not in report and "url(http" not in report


def test_report_lists_candidates_in_ranking_order(report, ranking):
    table = report[report.index('<table id="ranking">'):]
    table = table[:table.index("</table>")]
    shown = [html.unescape(c) for c in re.findall(r'<td class="candidate">(.*?)</td>', table)]
    assert shown == list(ranking.table["candidate"])
    headings = [html.unescape(h) for h in re.findall(r"<h3>\d+\. (.*?)</h3>", report)]
    assert headings == list(ranking.table["candidate"])


def test_report_has_evidence_and_verification_per_candidate(report):
    assert "Data Analyst" in report and DEFAULT_CONFIG.digest in report
    assert "ada-lovelace/sql.json" in report  # evidence behind a requirement
    assert "proof_signature (fail)" in report  # the tampered credential's failing check
    assert "verdict-failed" in report and "verdict-verified" in report


def test_hostile_text_is_escaped_everywhere(report):
    assert html.escape(EVIL) in report
    assert "<img" not in report
    assert "onerror=alert(1)>" not in report
    assert "<strong>x</strong>" not in report and "<em>" not in report
    assert 'href="javascript' not in report.lower()
    # the SVG charts carry the name as escaped text too
    svg = report[report.index("<svg"):]
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg


def test_pdf_report_is_printed_by_chromium(report, tmp_path):
    pdf = pdf_report(report)
    assert pdf is not None and pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert pdf_report(report, chromium=tmp_path / "no-chromium") is None


def test_chart_svg_refuses_active_content(monkeypatch):
    import vl_convert

    monkeypatch.setattr(vl_convert, "vegalite_to_svg",
                        lambda *_a, **_k: '<svg xmlns="http://www.w3.org/2000/svg">'
                                          '<script>alert(1)</script></svg>')
    import altair as alt

    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_bar().encode(x="a:Q")
    assert chart_svg(chart) is None
    monkeypatch.setattr(vl_convert, "vegalite_to_svg",
                        lambda *_a, **_k: '<svg xmlns="http://www.w3.org/2000/svg">'
                                          '<rect onclick="x()"/></svg>')
    assert chart_svg(chart) is None


def test_save_share_hide_emails_and_reverify(tmp_path, pool, ranking, role, snapshot,
                                             content):
    with open_store(data_dir=tmp_path) as store:
        summary = save_current(store, "Q3 analysts", pool, snapshot, role, DEFAULT_CONFIG,
                               "alice", NOW)
        detail = store.open_screening(summary.id)
        assert {c.name: c.email for c in detail.candidates}["jane.doe@example.com"] == \
            "jane.doe@example.com"
        assert {c.name: c.email for c in detail.candidates}["Grace Example"] == \
            "grace.e@example.org"
        # everything but what the verifier lists as "not a credential" (issue 28, B6)
        assert len(detail.credentials) == sum(1 for r in pool.rows if stored(r))
        assert len(detail.credentials) < sum(1 for r in pool.rows if r.data is not None)
        assert all(c.data is not None for c in detail.credentials)
        first = store.latest_snapshot(summary.id)
        assert first.content == content
        assert [f.candidate for f in sorted(store.snapshot_fits(first.id),
                                            key=lambda f: f.rank)] == list(ranking.fits)

        open_token, _ = store.create_share_link(first.id, "alice", NOW)
        visible = store.resolve_share_token(open_token, NOW)
        assert "grace.e@example.org" in html_report(
            ScreeningSnapshot.from_dict(visible.content))

        token, _ = store.create_share_link(first.id, "alice", NOW, hide_emails=True)
        view = store.resolve_share_token(token, NOW)
        shared = ScreeningSnapshot.from_dict(view.content)
        hidden = html_report(shared, name=view.screening_name)
        assert not EMAIL_RE.search(hidden)
        for frame in (shared.ranking_frame(), shared.coverage_frame(),
                      shared.verification_frame()):
            assert not EMAIL_RE.search(frame.astype(str).to_csv())
        assert "<table" in hidden and "<svg" in hidden

        again = reverify_saved(store, summary.id, sample_settings(NOW), "bob", NOW)
        assert again.seq == 2
        assert store.get_snapshot(first.id).content_sha256 == first.content_sha256
        assert [r["candidate"] for r in again.content["ranking"]] == list(ranking.fits)
        # the failed intake (no bytes) is carried over from the earlier snapshot
        assert any(r["file"] == "broken.zip" for r in again.content["verification"])
        assert len(again.content["verification"]) == len(content["verification"])


def test_one_unsavable_candidate_never_blocks_saving_the_rest(tmp_path, pool, role, snapshot):
    bad_name = "x" * 5000  # longer than the store takes for a name
    hostile = Pool(list(pool.rows))
    hostile.extend([replace(row, candidate=bad_name) for row in pool.rows_of("Ada Lovelace")])
    assert set(unsavable_candidates(hostile)) == {bad_name}
    with open_store(data_dir=tmp_path) as store:
        summary = save_current(store, "Q3", hostile, snapshot, role, DEFAULT_CONFIG, "alice",
                               NOW)
        assert summary.candidate_count == len(pool.candidates)
        saved = store.open_screening(summary.id)
        assert bad_name not in {c.name for c in saved.candidates}


def test_decisions_travel_with_the_snapshot_and_unassigned_files_are_never_ranked(pool, role):
    live = Pool(list(pool.rows))
    loose = open_badge(name="Loose badge")
    del loose["credentialSubject"]["id"]  # names nobody: filed under no candidate
    live.extend(Screening(now=NOW).verify_upload(json.dumps(sign(loose, UNIVERSITY)).encode(),
                                                 "loose.json"))
    assert "unassigned" in live.candidates
    live.decide(["Ada Lovelace"], status="shortlisted", notes="Call first")
    with pytest.raises(ValueError):
        live.decide(["Ada Lovelace"], status="maybe")
    shot = snapshot_of(live, role, DEFAULT_CONFIG, NOW)
    assert "unassigned" not in {r.candidate for r in shot.ranking}
    assert any(r.candidate == "unassigned" for r in shot.verification)
    ada = next(c for c in shot.candidates if c.name == "Ada Lovelace")
    assert (ada.decision, ada.notes) == ("shortlisted", "Call first")
    assert [r.candidate for r in shot.shortlist()] == ["Ada Lovelace"]
    again = ScreeningSnapshot.from_dict(json.loads(json.dumps(shot.to_dict())))
    assert again.shortlist() == shot.shortlist() and again.entry(ada.key) == ada


# --------------------------------------------------------------------------- the first page


def section(report: str, name: str) -> str:
    start = report.index(f'<section class="{name}"')
    return report[start:report.index("</section>", start) if name == "summary"
                  else len(report)]


def table_rows(fragment: str, table_id: str) -> list[list[str]]:
    table = fragment[fragment.index(f'<table id="{table_id}">'):]
    table = table[:table.index("</table>")]
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in
             re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S) if "<td" in row]


def test_report_opens_with_a_one_page_summary_then_details(report, snapshot):
    assert report.index('<section class="summary"') < report.index('<section class="details"')
    summary = section(report, "summary")
    assert "<svg" not in summary  # the charts are in the details
    assert "break-before:page" in report  # printed, the details start on a new page
    ranked = table_rows(summary, "ranking")
    assert [int(r[0]) for r in ranked] == [r.rank for r in snapshot.ranking]
    assert [r[3] for r in ranked] == [r.band_shown for r in snapshot.ranking]
    mix = {row[0].split(" ", 1)[1]: int(row[1]) for row in table_rows(summary,
                                                                     "verification-mix")}
    assert mix == snapshot.verdict_counts()
    assert '<table id="shortlist">' not in summary  # nobody is shortlisted in this snapshot
    assert snapshot.config.digest not in summary  # no configuration hash up front


def test_key_gaps_are_the_required_skills_most_candidates_lack(report, snapshot):
    gaps = table_rows(section(report, "summary"), "key-gaps")
    assert 0 < len(gaps) <= 5
    kinds = [row[1] for row in gaps]
    assert kinds == sorted(kinds, key=lambda k: k != "required")  # required first
    coverage = snapshot.coverage_frame()
    for skill, _, counted in gaps:
        cells = coverage[coverage["skill"] == skill]
        assert counted == f"{int((cells['strength'] <= 0).sum())} of {len(cells)}"


def test_explanations_are_whole_and_every_chart_has_its_text(report, snapshot):
    for row in snapshot.ranking:
        assert html.escape(row.explanation) in report
    # explanations are never cut (an over-long identifier may be capped for display; the
    # credential's original bytes keep it whole)
    assert not any("…" in row.explanation or "..." in row.explanation
                   for row in snapshot.ranking)
    assert len(re.findall(r'<p class="alt" id="chart-\d-text">[^<]+</p>', report)) == 4
    assert re.search(r'aria-describedby="chart-2-text"', report)


def test_long_pools_keep_the_summary_short(snapshot, monkeypatch):
    from screening.present import html_report as module

    monkeypatch.setattr(module, "SUMMARY_ROWS", 3)
    summary = section(module.html_report(snapshot), "summary")
    assert len(table_rows(summary, "ranking")) == 3
    assert f"and {len(snapshot.ranking) - 3} more" in summary


def test_shortlist_section_when_the_snapshot_carries_decisions(snapshot):
    second = snapshot.ranking[1].key
    note = "Strong SQL; ask about R. " + "x" * 400 + " " + EVIL
    entries = tuple(replace(c, decision=RecruiterDecision.SHORTLISTED if c.key == second
                            else RecruiterDecision.NEW, notes=note if c.key == second else "")
                    for c in snapshot.candidates)
    report = html_report(replace(snapshot, candidates=entries))
    summary = section(report, "summary")
    shortlist = table_rows(summary, "shortlist")
    assert shortlist == [[snapshot.labels()[second], note]]  # notes in full, escaped
    statuses = [row[-1] for row in table_rows(summary, "ranking")]
    assert statuses[1] == "shortlisted" and set(statuses) == {"new", "shortlisted"}
    assert "<img" not in report


def test_report_text_colours_meet_wcag_aa():
    from wcag import contrast

    from screening.present.html_report import STYLE

    colours = set(re.findall(r"(?<![-\w])color:(#[0-9a-f]{6})", STYLE))
    assert len(colours) >= 5
    for colour in colours:
        assert contrast(colour) >= 4.5, colour


def test_a_presentations_row_says_what_it_is_and_whom_it_is_about(snapshot):
    """Issue 27: the presentation's row had an empty credential name and issuer."""
    (row,) = [r for r in snapshot.verification if r.kind == "presentation"
              and r.file.endswith("edsger-dijkstra/presentation.json")]
    assert row.credential == "Presentation of 2 credentials"
    assert row.issuer == "Credentials about mailto:edsger@example.com"
