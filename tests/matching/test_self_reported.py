"""Self-reported claims (issue 24): a pasted profile entry with no link to the credential
counts zero by default; the `self_reported` setting (0–0.3) lets it count a little,
labelled "Self-reported" on its card and in the explanation, capped like a warning and
never meeting a requirement on its own."""

from __future__ import annotations

import pytest
from factories import NOW

from screening.batch.runner import Screening
from screening.fetch.seeds import SeedFetcher
from screening.matching.plain import plain_words
from screening.matching.roles import load_role
from screening.matching.scoring import DEFAULT_CONFIG, ScoringConfig, score_candidate
from screening.present.cards import status_line
from screening.settings import ROLES_DIR
from screening.verify.report import Verdict

PROFILE = """Licenses & certifications
SQL for Data Analysis
Harbour Data School
Issued Jan 2025
Applied Statistics
Harbour Data School
Issued Mar 2025 · Expires Mar 2028
"""
ROLE = load_role(ROLES_DIR / "data-analyst.toml")


@pytest.fixture(scope="module")
def reports():
    rows = Screening(now=NOW, fetcher=SeedFetcher()).verify_text(
        PROFILE, "profile", candidate="Ada Lovelace")
    assert [r.report.verdict for r in rows] == [Verdict.UNSUPPORTED] * 2
    return [r.report for r in rows]


def fit_of(reports, **settings):
    return score_candidate(ROLE, reports, ScoringConfig(**settings), NOW,
                           candidate="Ada Lovelace")


def test_by_default_self_reported_claims_count_zero(reports):
    assert DEFAULT_CONFIG.self_reported == 0
    fit = fit_of(reports)
    assert fit.fit == 0 and not any(c.counted for c in fit.credentials)
    assert "Could not check (self-reported)" in fit.explanation


def test_the_setting_lets_them_count_a_little_clearly_labelled(reports):
    fit = fit_of(reports, self_reported=0.2)
    assert all(c.counted and c.factor == 0.2 and c.flags == ("self_reported",)
               for c in fit.credentials)
    sql = next(r for r in fit.requirements if r.id == "sql")
    assert sql.points > 0 and sql.credentials == ("profile entry 1: SQL for Data Analysis",)
    assert "Self-reported: profile entry 1: SQL for Data Analysis" in fit.explanation
    assert any(f.code == "self_reported" for f in fit.flags)
    assert fit.fit < fit_of(reports, self_reported=0.3).fit  # more weight, more points


def test_they_never_meet_a_requirement_on_their_own(reports):
    doubled = reports + reports  # (the same claims twice count once anyway)
    fit = fit_of(doubled, self_reported=0.3, met_threshold=0.01)
    assert all(r.status != "met" for r in fit.requirements)


def test_the_setting_is_bounded_and_changes_the_configuration_hash():
    assert ScoringConfig(self_reported=0.1).digest != DEFAULT_CONFIG.digest
    for wrong in (-0.1, 0.31, 1.0):
        with pytest.raises(ValueError, match="self_reported"):
            ScoringConfig(self_reported=wrong)


def test_the_card_says_self_reported(reports):
    assert plain_words(reports[0]) == status_line(reports[0]).title == "Self-reported"
    assert reports[0].document["validFrom"] == "2025-01-01T00:00:00Z"  # "Issued Jan 2025"
