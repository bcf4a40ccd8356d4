"""The snapshot's vocabulary: each enum declared once, its order the order every chart,
table, filter and summary uses; formats 1, 2 and 3 read back to the same snapshot; words
this version does not know fall back instead of failing; unreadable content raises
`SnapshotError`.

Built from a recorded format-2 snapshot of the sample data (tests/session/fixtures/golden), so
nothing is verified or scored here. Assertions are on codes and values, never wording.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest

from screening.errors import ScreeningError, SnapshotError
from screening.matching.scoring import band
from screening.present import cards, charts, vocabulary
from screening.present.credentials import CheckLine, CredentialRow
from screening.present.export import ranking_csv, verification_csv
from screening.present.html_report import html_report
from screening.present.snapshot import (
    FALLBACKS,
    FORMAT,
    FORMAT_V1,
    FORMAT_V2,
    CoverageCell,
    RankingRow,
    ScreeningSnapshot,
    upgrade,
)
from screening.present.vocabulary import (
    BANDS,
    NEEDS_ATTENTION,
    VERDICTS,
    Band,
    Coverage,
    PlainStatus,
    RecruiterDecision,
    Status,
    Verdict,
)
from screening.session.workspace import STATUSES

GOLDEN = Path(__file__).parents[1] / "session" / "fixtures" / "golden" / "app-data-analyst.json"


@pytest.fixture(scope="module")
def v2() -> dict[str, Any]:
    """A recorded format-2 snapshot, with two recruiter decisions added."""
    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT_V2
    first, second = data["ranking"][0]["key"], data["ranking"][1]["key"]
    for record in [*data["candidates"], *data["ranking"]]:
        record["status"] = {first: "shortlisted", second: "rejected"}.get(record["key"], "new")
    return data


@pytest.fixture(scope="module")
def snapshot(v2) -> ScreeningSnapshot:
    return ScreeningSnapshot.from_dict(v2)


def v3_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Format-3 JSON written back as format 2 would have spelled it."""
    old = copy.deepcopy(data)
    old["format"] = FORMAT_V2
    for record in [*old["candidates"], *old["ranking"]]:
        record["status"] = record.pop("decision")
    for cell in old["coverage"]:
        cell["status"] = cell.pop("coverage")
    for fit in old["fits"]:
        for requirement in fit["requirements"]:
            requirement["status"] = requirement.pop("coverage")
    for row in old["verification"]:
        for new, was in (("plain_status", "status"), ("plain_status_title", "status_title"),
                         ("plain_status_reason", "status_reason")):
            row[was] = row.pop(new)
        for check in row["checks"]:
            check["status"] = check.pop("outcome")
    return old


def with_words(data: dict[str, Any], **words: str) -> dict[str, Any]:
    """Format-3 JSON with every verdict / band / ... replaced by the given word."""
    data = copy.deepcopy(data)
    for row in data["verification"]:
        row["verdict"] = words.get("verdict", row["verdict"])
        row["plain_status"] = words.get("plain_status", row["plain_status"])
        for check in row["checks"]:
            check["outcome"] = words.get("outcome", check["outcome"])
    for record in data["ranking"]:
        record["band"] = words.get("band", record["band"])
        record["band_shown"] = words.get("band", record["band_shown"])
    for record in [*data["candidates"], *data["ranking"]]:
        record["decision"] = words.get("decision", record["decision"])
    for cell in data["coverage"]:
        cell["coverage"] = words.get("coverage", cell["coverage"])
    for fit in data["fits"]:
        fit["band"] = words.get("band", fit["band"])
        for requirement in fit["requirements"]:
            requirement["coverage"] = words.get("coverage", requirement["coverage"])
        for use in fit["credentials"]:
            use["verdict"] = words.get("verdict", use["verdict"])
    return data


# --------------------------------------------------------------------------- the vocabulary


def test_each_enum_is_the_one_the_records_are_typed_with(snapshot):
    row = snapshot.verification[0]
    assert type(row.verdict) is Verdict and type(row.plain_status) is PlainStatus
    assert all(type(c.outcome) is Status for c in row.checks)
    ranked = snapshot.ranking[0]
    assert type(ranked.band) is Band and type(ranked.band_shown) is Band
    assert type(ranked.decision) is RecruiterDecision
    assert type(snapshot.candidates[0].decision) is RecruiterDecision
    assert type(snapshot.coverage[0].coverage) is Coverage
    fit = snapshot.fits[0]
    assert type(fit.band) is Band and type(fit.band_shown) is Band
    assert all(type(r.coverage) is Coverage for r in fit.requirements)
    assert all(type(c.verdict) is Verdict for c in fit.credentials)


def test_the_verdict_display_order_lists_every_verdict_once():
    assert len(VERDICTS) == len(set(VERDICTS)) == len(Verdict)
    assert [v.value for v in VERDICTS] == ["verified", "warning", "unsupported", "failed"]
    assert {Verdict.WARNING, Verdict.UNSUPPORTED} == NEEDS_ATTENTION
    assert [v for v in VERDICTS if vocabulary.needs_attention(v)] == [
        Verdict.WARNING, Verdict.UNSUPPORTED]


def test_declaration_orders():
    assert [b.value for b in BANDS] == ["strong", "possible", "weak", "knocked out"]
    assert [c.value for c in Coverage] == ["met", "partial", "missing"]
    assert [d.value for d in RecruiterDecision] == ["new", "shortlisted", "rejected"]
    assert [s.value for s in Status] == ["pass", "fail", "indeterminate", "n/a"]
    assert next(iter(PlainStatus)) is PlainStatus.VERIFIED
    assert band(80.0) is Band.STRONG and band(60.0) is Band.POSSIBLE and band(1.0) is Band.WEAK


def test_every_enum_has_a_fallback_and_every_status_line_a_title_and_tone():
    assert set(FALLBACKS) == {Verdict, Status, PlainStatus, Band, Coverage, RecruiterDecision}
    for enum, member in FALLBACKS.items():
        assert isinstance(member, enum)
    for kind in PlainStatus:
        assert cards.plain_title(kind) and cards.StatusLine(kind, "", "").tone
    assert set(cards.ATTENTION_ORDER) == set(Status)


def test_the_decisions_a_recruiter_picks_from_are_the_enum_in_order():
    assert tuple(d.value for d in RecruiterDecision) == STATUSES


# --------------------------------------------------------------------------- orders used


def test_the_ranking_chart_colours_and_summary_follow_the_band_order(snapshot):
    frame = snapshot.ranking_frame()
    spec = charts.ranking_chart(frame).to_dict()
    (bars,) = [layer for layer in spec["layer"] if _mark(layer) == "bar"]
    scale = bars["encoding"]["color"]["scale"]
    assert scale["domain"] == [b.value for b in BANDS]
    assert scale["range"] == [charts.BAND_COLOUR[b] for b in BANDS]
    summary = charts.ranking_summary(frame)
    shown = [b for b in BANDS if f" {b.value}" in summary.split(":")[1].split(".")[0]]
    positions = [summary.index(f" {b.value}") for b in shown]
    assert len(shown) >= 2 and positions == sorted(positions)


def test_the_verification_chart_table_and_summary_follow_the_verdict_order(snapshot):
    frame = snapshot.verification_frame()
    spec = charts.verification_mix_chart(frame).to_dict()
    (bars,) = [layer for layer in spec["layer"] if _mark(layer) == "bar"]
    scale = bars["encoding"]["color"]["scale"]
    assert scale["domain"] == [v.value for v in VERDICTS]
    assert scale["range"] == [charts.VERDICT_COLOUR[v] for v in VERDICTS]
    data = charts.verification_data(frame)
    assert {v: o for v, o in zip(data["verdict"], data["order"], strict=True)} == {
        v.value: VERDICTS.index(v) for v in VERDICTS if v.value in set(data["verdict"])}
    summary = charts.verification_summary(frame)
    found = re.findall(r"\d+ (\w+)", summary.split(":", 1)[1])
    assert found == [v.value for v in VERDICTS if v.value in found]
    assert len(found) >= 3


def test_verdict_counts_are_keyed_by_the_enum_in_order_with_a_needs_attention_count(
        snapshot):
    counts = snapshot.verdict_counts()
    assert list(counts) == list(VERDICTS) and all(type(k) is Verdict for k in counts)
    assert sum(counts.values()) == len(snapshot.credential_rows())
    assert snapshot.needs_attention_count() == \
        counts[Verdict.WARNING] + counts[Verdict.UNSUPPORTED] > 0


def test_the_html_report_lists_verdicts_in_order(snapshot):
    report = html_report(snapshot)
    mix = report[report.index('id="verification-mix"'):]
    mix = mix[:mix.index("</table>")]
    listed = re.findall(r'class="verdict-([a-z]+)"', mix)
    assert listed == [v.value for v in VERDICTS]


# --------------------------------------------------------------------------- frames, CSV


def test_frames_hold_plain_strings_under_the_new_column_names(snapshot):
    ranking = snapshot.ranking_frame()
    assert "decision" in ranking and "status" not in ranking
    assert list(ranking["decision"])[:2] == ["shortlisted", "rejected"]
    assert {type(v) for v in ranking["band_shown"]} == {str}
    verification = snapshot.verification_frame()
    assert {"plain_status", "plain_status_title"} <= set(verification) and \
        "status" not in verification
    assert {type(v) for v in verification["verdict"]} == {str}
    coverage = snapshot.coverage_frame()
    assert set(coverage["coverage"]) <= {c.value for c in Coverage}
    evidence = snapshot.evidence_frame(snapshot.ranking[0].key)
    assert set(evidence["coverage"]) <= {c.value for c in Coverage}


def test_csv_headers_recruiters_see_are_unchanged(snapshot):
    assert ranking_csv(snapshot).splitlines()[0] == (
        "rank,candidate,fit,band,knocked_out,required_met,required_total,missing,"
        "top_evidence,flags,credentials_counted,credentials_excluded,explanation")
    assert verification_csv(snapshot).splitlines()[0] == (
        "candidate,file,kind,verdict,plain_status_title,plain_status,credential,issuer,"
        "issuer_id,known_issuer,attention,attention_code,source,sha256")  # issue 27: status


# --------------------------------------------------------------------------- formats


def test_format_3_round_trips(snapshot):
    content = snapshot.to_dict()
    assert content["format"] == FORMAT
    assert json.loads(json.dumps(content)) == content  # plain JSON: enums as strings
    assert ScreeningSnapshot.from_dict(json.loads(json.dumps(content))) == snapshot
    assert ScreeningSnapshot.from_dict(content).to_dict() == content
    assert upgrade(content) == content


def test_format_2_reads_as_the_same_snapshot(snapshot, v2):
    content = snapshot.to_dict()
    assert upgrade(v2) == content
    assert ScreeningSnapshot.from_dict(v3_to_v2(content)) == snapshot
    assert [r.decision for r in snapshot.ranking[:2]] == [RecruiterDecision.SHORTLISTED,
                                                          RecruiterDecision.REJECTED]


def test_format_1_reads_as_the_same_snapshot(snapshot):
    old = v3_to_v2(snapshot.to_dict())
    old["format"] = FORMAT_V1
    for entry in old["candidates"]:
        entry["candidate"] = entry.pop("name")
    assert ScreeningSnapshot.from_dict(old) == snapshot


def test_a_new_name_wins_over_an_old_one_and_unknown_keys_are_ignored(v2):
    data = copy.deepcopy(v2)
    data["ranking"][0]["decision"] = "rejected"  # both spellings: the new one counts
    data["ranking"][0]["surprise"] = 1
    read = ScreeningSnapshot.from_dict(data)
    assert read.ranking[0].decision is RecruiterDecision.REJECTED


def test_renamed_fields_are_gone_from_the_records():
    for record in (CheckLine, CredentialRow, RankingRow, CoverageCell):
        assert "status" not in {f.name for f in fields(record)}


# --------------------------------------------------------------------------- unknown words


def test_unknown_words_fall_back_and_are_logged(snapshot, caplog):
    content = with_words(snapshot.to_dict(), verdict="forged", outcome="maybe",
                         plain_status="glowing", band="excellent", decision="hired",
                         coverage="sort of")
    with caplog.at_level(logging.WARNING, logger="screening.present.snapshot"):
        read = ScreeningSnapshot.from_dict(content)
    assert {r.verdict for r in read.verification} == {Verdict.UNSUPPORTED}
    assert {c.outcome for r in read.verification for c in r.checks} == {Status.INDETERMINATE}
    assert {r.plain_status for r in read.verification} == {PlainStatus.NEEDS_REVIEW}
    assert {r.band for r in read.ranking} == {Band.WEAK}
    assert {r.decision for r in [*read.ranking, *read.candidates]} == {RecruiterDecision.NEW}
    assert {c.coverage for c in read.coverage} == {Coverage.MISSING}
    assert {c.verdict for f in read.fits for c in f.credentials} == {Verdict.UNSUPPORTED}
    assert "forged" in caplog.text
    # never verified, never failed: every credential needs a look
    assert read.verdict_counts()[Verdict.VERIFIED] == 0
    assert read.needs_attention_count() == len(read.credential_rows())
    # and every view still renders it
    assert "<table" in html_report(read)
    charts.verification_mix_chart(read.verification_frame()).to_dict()
    charts.ranking_chart(read.ranking_frame()).to_dict()


def test_an_unknown_verdict_in_a_format_2_snapshot_opens(v2):
    data = copy.deepcopy(v2)
    data["verification"][0]["verdict"] = "quantum-verified"
    data["verification"][0]["status"] = ""  # format 2 wrote "" before status lines
    read = ScreeningSnapshot.from_dict(data)
    assert read.verification[0].verdict is Verdict.UNSUPPORTED
    assert read.verification[0].plain_status is PlainStatus.NEEDS_REVIEW


def test_missing_words_take_defaults_or_fallbacks(v2):
    data = copy.deepcopy(v2)
    del data["ranking"][0]["status"]  # a default: new
    del data["coverage"][0]["status"]  # required, no default: the fallback
    del data["verification"][0]["verdict"]
    read = ScreeningSnapshot.from_dict(data)
    assert read.ranking[0].decision is RecruiterDecision.NEW
    assert read.coverage[0].coverage is Coverage.MISSING
    assert read.verification[0].verdict is Verdict.UNSUPPORTED


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("content", [
    {"format": "something else"},
    {},
    {"format": "credential-screening/snapshot/4"},
    [],
    "credential-screening/snapshot/3",
    {"format": FORMAT, "role": "not a record", "config": {"digest": ""}},
    {"format": FORMAT_V2, "role": {"id": "r", "title": "R"}, "config": ["x"]},
])
def test_unreadable_content_raises_snapshot_error(content):
    with pytest.raises(SnapshotError) as raised:
        ScreeningSnapshot.from_dict(content)
    assert isinstance(raised.value, ScreeningError)


def test_a_minimal_snapshot_reads():
    read = ScreeningSnapshot.from_dict({"format": FORMAT_V2, "role": {"id": "r"},
                                        "config": {}})
    assert read.role.id == "r" and read.ranking == () and read.format == FORMAT
    assert read.verdict_counts() == dict.fromkeys(VERDICTS, 0)


def test_a_record_built_in_code_can_be_replaced_with_a_word(snapshot):
    row = replace(snapshot.ranking[0], decision=RecruiterDecision.SHORTLISTED)
    assert row.decision == "shortlisted"  # StrEnum: equal to its JSON string


def _mark(layer: dict[str, Any]) -> str:
    mark = layer.get("mark")
    return mark.get("type", "") if isinstance(mark, dict) else str(mark)
