"""One vocabulary for a credential's status (issue 27 P1.4): the fit explanation, the
Ranking and Candidate views, the CSVs and the report name a credential by its card's plain
status ("Issuer unknown", "Revoked", ...), never by words of their own ("partly
verified" overstated an unknown issuer)."""

from __future__ import annotations

import pytest
from factories import NOW

from screening.matching.plain import plain_status, plain_title
from screening.matching.scoring import DEFAULT_CONFIG, assess
from screening.present.cards import PlainStatus, status_line
from screening.present.export import ranking_csv, verification_csv
from screening.present.html_report import html_report
from screening.session.samples import sample_pool, sample_roles
from screening.session.workspace import snapshot_of


@pytest.fixture(scope="module")
def pool():
    return sample_pool(NOW)


def test_the_scorer_and_the_card_decide_the_same_plain_status(pool):
    seen = set()
    for row in pool.rows:
        for report in row.report.iter_credentials():
            line = status_line(report)
            assert plain_status(report) is line.kind
            use = assess(report, DEFAULT_CONFIG)
            if use.counted:
                assert use.status == line.title == plain_title(line.kind)
            seen.add(line.kind)
    assert {PlainStatus.VERIFIED, PlainStatus.ISSUER_UNKNOWN, PlainStatus.REVOKED} <= seen


@pytest.mark.parametrize("role", sorted(sample_roles()))
def test_no_view_says_partly_verified_and_counted_in_part_uses_the_cards_words(pool, role):
    snapshot = snapshot_of(pool, sample_roles()[role], DEFAULT_CONFIG, NOW)
    texts = [snapshot.to_json(), ranking_csv(snapshot), verification_csv(snapshot),
             html_report(snapshot)]
    assert not any("partly verified" in text.casefold() for text in texts)
    by_label = {r.file: r for r in snapshot.verification}
    for fit in snapshot.fits:
        for use in fit.credentials:
            row = by_label.get(use.label)
            if row is None or use.excluded or use.verdict != "warning":
                continue
            # a credential counted in part is named under its card's status line
            assert f"{row.plain_status_title}: " in fit.explanation
            assert row.plain_status is not PlainStatus.VERIFIED
