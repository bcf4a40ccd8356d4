"""One count of candidates and credentials, from the snapshot, everywhere (issue 27 P2):
the summary, the verification mix, the report, the CSVs and the Saved page say the same
numbers; files that belong to nobody are listed apart, never as a candidate; the
verification CSV carries each credential's plain status beside its verdict."""

from __future__ import annotations

import csv
import io
import re

import pytest
from factories import NOW

from screening import ingest_bytes, run_settings, sample_trust, verify_uploads
from screening.batch.runner import UNASSIGNED
from screening.matching.scoring import DEFAULT_CONFIG
from screening.present.charts import (
    verification_data,
    verification_mix_chart,
    verification_summary,
)
from screening.present.export import ranking_csv, verification_csv
from screening.present.html_report import html_report
from screening.session.samples import sample_pool, sample_roles
from screening.session.workspace import Pool, snapshot_of
from screening.settings import SAMPLE_DIR


@pytest.fixture(scope="module")
def snapshot():
    """The sample pool plus loose files that name nobody (filed under UNASSIGNED)."""
    pool = sample_pool(NOW)
    loose = [p for p in sorted((SAMPLE_DIR / "candidates").glob("*/*"))]
    rows = [row for path in loose for row in verify_uploads(
        [ingest_bytes(path.read_bytes(), path.name)], run_settings(NOW, sample_trust()),
        isolate=False) if row.candidate == UNASSIGNED]
    assert rows, "the sample data should have a file that names nobody"
    both = Pool([*pool.rows, *rows])
    return snapshot_of(both, sample_roles()["data-analyst"], DEFAULT_CONFIG, NOW)


def test_one_count_everywhere_and_nobody_is_listed_apart(snapshot):
    people, credentials = snapshot.candidate_count(), snapshot.credential_count()
    apart = snapshot.unassigned_rows()
    assert apart and all(row.candidate == UNASSIGNED for row in apart)
    assert people == len(snapshot.ranking) and UNASSIGNED not in {
        row.candidate for row in snapshot.ranking}
    assert sum(snapshot.verdict_counts().values()) == credentials
    mix = snapshot.verification_frame(candidates_only=True)
    assert len(mix) == credentials and mix["candidate"].nunique() == people
    assert UNASSIGNED not in set(verification_data(mix)["candidate"])
    summary = verification_summary(mix, people, len(apart))
    assert re.match(rf"{credentials} credentials of {people} candidates", summary)
    assert str(len(apart)) in summary.split(".", 1)[1]
    ranking = list(csv.DictReader(io.StringIO(ranking_csv(snapshot))))
    assert len(ranking) == people
    report = html_report(snapshot)
    assert f"{people} candidate(s), {credentials} credential(s)" in report
    assert "With a failed credential" not in report or UNASSIGNED not in re.search(
        r"With a failed credential: ([^<]*)", report).group(1)


def test_the_verification_csv_has_the_plain_status(snapshot):
    rows = list(csv.DictReader(io.StringIO(verification_csv(snapshot))))
    assert {"verdict", "plain_status", "plain_status_title"} <= set(rows[0])
    titles = {r["plain_status_title"] for r in rows}
    assert {"Verified", "Issuer unknown", "Revoked"} <= titles
    assert len(rows) == len(snapshot.verification)


def test_the_verification_mix_lists_candidates_in_rank_order(snapshot):
    order = list(snapshot.ranking_frame()["candidate"])
    chart = verification_mix_chart(snapshot.verification_frame(candidates_only=True), order)
    sorts = [layer["encoding"]["y"]["sort"] for layer in chart.to_dict()["layer"]]
    assert sorts and all(sort == order for sort in sorts)
