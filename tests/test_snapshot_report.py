"""Snapshots (what a saved screening shows without recomputing) and the HTML report."""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pytest
from factories import NOW, UNIVERSITY, open_badge

from screening.batch.runner import Screening
from screening.matching.scoring import DEFAULT_CONFIG
from screening.present.html_report import CSP, chart_svg, html_report, pdf_report
from screening.present.snapshot import (
    build_snapshot,
    candidate_labels,
    config_from_dict,
    evidence_frame,
    fit_of,
    reverify_saved,
    save_current,
    snapshot_frames,
)
from screening.present.workspace import (
    Pool,
    coverage_frame,
    rank,
    sample_roles,
    sample_screening,
    sample_uploads,
    verification_frame,
)
from screening.present.workspace import evidence_frame as live_evidence_frame
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
    run = sample_screening(NOW)
    result = Pool()
    for label, data, candidate in sample_uploads():
        result.extend(run.verify_upload(data, label, candidate))
    plain = Screening(now=NOW)
    result.extend(plain.verify_upload(minted(EVIL), "evil.json", EVIL))
    result.extend(plain.verify_upload(minted("SQL for analysts"), "jane.json",
                                      "jane.doe@example.com"))
    result.extend(plain.verify_upload(minted("Statistics", "mailto:grace.e@example.org"),
                                      "grace.json", "Grace Example"))
    result.extend(plain.verify_upload(b"not a credential", "notes.txt", "Grace Example"))
    return result


@pytest.fixture(scope="module")
def role():
    return sample_roles()["data-analyst"]


@pytest.fixture(scope="module")
def ranking(pool, role):
    return rank(pool, role, DEFAULT_CONFIG, NOW)


@pytest.fixture(scope="module")
def content(pool, ranking, role):
    return build_snapshot(pool, ranking, role, DEFAULT_CONFIG, NOW)


@pytest.fixture(scope="module")
def report(content):
    return html_report(content, name="Q3 analysts")


def test_snapshot_is_plain_json(content, ranking, role):
    assert json.loads(json.dumps(content, allow_nan=False)) == content
    assert content["role"]["digest"] == role.digest and content["role"]["toml"]
    assert content["config"]["digest"] == DEFAULT_CONFIG.digest == ranking.config_hash
    assert config_from_dict(content["config"]["values"]).digest == DEFAULT_CONFIG.digest
    assert content["scored_at"] == ranking.scored_at
    assert [f["candidate"] for f in content["fits"]] == list(ranking.fits)
    assert [r["rank"] for r in content["ranking"]] == list(range(1, len(ranking.fits) + 1))
    for record in content["fits"]:
        assert {"requirements", "contributions", "credentials", "explanation"} <= set(record)


def test_frames_rebuilt_from_the_snapshot_match_the_live_ones(content, pool, ranking):
    frames = snapshot_frames(content)
    ranked, coverage, verification = frames
    assert list(ranked["candidate"]) == list(ranking.table["candidate"])
    assert list(ranked["fit"]) == list(ranking.table["fit"])
    assert list(ranked["band_shown"])[-1] == "knocked out" or not ranked["knocked_out"].any()
    live = coverage_frame(ranking)
    pd.testing.assert_frame_equal(coverage.drop(columns=["key"]), live)
    live_verification = verification_frame(pool)
    assert list(verification["candidate"]) == list(live_verification["candidate"])
    assert list(verification["verdict"]) == list(live_verification["verdict"])
    for candidate in ranking.fits:
        key = next(r["key"] for r in content["ranking"] if r["candidate"] == candidate)
        pd.testing.assert_frame_equal(evidence_frame(fit_of(content, key)),
                                      live_evidence_frame(ranking, candidate))
    failed_intake = next(r for r in content["verification"] if r["file"] == "notes.txt")
    assert failed_intake["sha256"] is None and failed_intake["verdict"] == "failed"
    assert failed_intake["checks"][0]["status"] == "fail"


def test_colliding_names_stay_apart():
    content = {"ranking": [{"key": "c1", "candidate": "[email hidden]", "rank": 1},
                           {"key": "c2", "candidate": "[email hidden]", "rank": 2},
                           {"key": "c3", "candidate": "Ada", "rank": 3}]}
    assert candidate_labels(content) == {"c1": "[email hidden] (c1)",
                                         "c2": "[email hidden] (c2)", "c3": "Ada"}
    assert snapshot_frames(content)[0]["candidate"].is_unique


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


def test_save_share_hide_emails_and_reverify(tmp_path, pool, ranking, role, content):
    with open_store(data_dir=tmp_path) as store:
        summary = save_current(store, "Q3 analysts", pool, ranking, role, DEFAULT_CONFIG,
                               "alice", NOW)
        detail = store.open_screening(summary.id)
        assert {c.name: c.email for c in detail.candidates}["jane.doe@example.com"] == \
            "jane.doe@example.com"
        assert {c.name: c.email for c in detail.candidates}["Grace Example"] == \
            "grace.e@example.org"
        assert len(detail.credentials) == sum(1 for r in pool.rows if r.data is not None)
        assert all(c.data is not None for c in detail.credentials)
        first = store.latest_snapshot(summary.id)
        assert first.content == content
        assert [f.candidate for f in sorted(store.snapshot_fits(first.id),
                                            key=lambda f: f.rank)] == list(ranking.fits)

        open_token, _ = store.create_share_link(first.id, "alice", NOW)
        visible = store.resolve_share_token(open_token, NOW)
        assert "grace.e@example.org" in html_report(visible.content)

        token, _ = store.create_share_link(first.id, "alice", NOW, hide_emails=True)
        view = store.resolve_share_token(token, NOW)
        hidden = html_report(view.content, name=view.screening_name)
        assert not EMAIL_RE.search(hidden)
        for frame in snapshot_frames(view.content):
            assert not EMAIL_RE.search(frame.astype(str).to_csv())
        assert "<table" in hidden and "<svg" in hidden

        again = reverify_saved(store, summary.id, sample_screening(NOW), "bob", NOW)
        assert again.seq == 2
        assert store.get_snapshot(first.id).content_sha256 == first.content_sha256
        assert [r["candidate"] for r in again.content["ranking"]] == list(ranking.fits)
        # the failed intake (no bytes) is carried over from the earlier snapshot
        assert any(r["file"] == "notes.txt" for r in again.content["verification"])
        assert len(again.content["verification"]) == len(content["verification"])
