"""Occupations to skills (issue 26): an ESCO or O*NET occupation alignment suggests the
occupation's essential skills at low confidence, never meeting a requirement alone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from screening.matching.roles import list_roles
from screening.matching.scoring import ScoringConfig, score_candidate
from screening.matching.skills.occupations import (
    OCCUPATION_CONFIDENCE,
    occupation_of,
    occupations,
)
from screening.matching.skills.taxonomy import esco
from screening.verify.report import CheckResult, CredentialSummary, Status, VerificationReport

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 6, 1, tzinfo=UTC)
ROLES = {role.id: role for role in list_roles(ROOT / "sample_data" / "roles")}
DATA_SCIENTIST = "http://data.europa.eu/esco/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30"


def _report(alignment: dict[str, Any]) -> VerificationReport:
    achievement = {"type": ["Achievement"], "name": "Level 6 apprenticeship",
                   "alignment": [{"type": ["Alignment"], **alignment}]}
    document = {"type": ["VerifiableCredential", "OpenBadgeCredential"],
                "issuer": {"id": "did:example:issuer"}, "validFrom": "2025-09-01T00:00:00Z",
                "name": "Apprenticeship", "credentialSubject": {
                    "type": ["AchievementSubject"], "achievement": achievement}}
    return VerificationReport("apprenticeship", "credential", "vc-ld",
                              (CheckResult("proof_verified", Status.PASS, ""),),
                              CredentialSummary(name="Apprenticeship"), document=document)


def test_occupation_data_is_sourced_from_esco_and_uses_bundled_skills():
    taxonomy = esco()
    found = occupations()
    assert len(found) >= 80
    assert all(skill in taxonomy for o in found for skill in o.skills)
    assert occupation_of("onet:15-2051.00") == occupation_of(DATA_SCIENTIST)
    assert occupation_of("onet:15-2051").label == "data scientist"


def test_onet_alignment_suggests_the_occupations_essential_skills_at_low_confidence():
    alignment = {"targetName": "Data Scientists", "targetCode": "15-2051.00",
                 "targetFramework": "O*NET-SOC",
                 "targetUrl": "https://www.onetonline.org/link/summary/15-2051.00"}
    fit = score_candidate(ROLES["data-analyst"], [_report(alignment)], None, NOW,
                          candidate="c")
    statistics = next(c for c in fit.contributions if c.requirement == "statistics")
    assert "trained for a data scientist occupation → statistics, suggested" in statistics.reason
    assert statistics.evidence == OCCUPATION_CONFIDENCE
    status = {r.id: r.status for r in fit.requirements}
    assert status["statistics"] == "partial"  # a suggestion never meets a requirement alone
    assert ScoringConfig().met_threshold > OCCUPATION_CONFIDENCE


def test_esco_occupation_alignment_by_uri():
    fit = score_candidate(ROLES["data-analyst"], [_report({"targetName": "data scientist",
                                                          "targetUrl": DATA_SCIENTIST,
                                                          "targetFramework": "ESCO"})],
                          None, NOW, candidate="c")
    assert {c.requirement for c in fit.contributions if c.points > 0} >= {
        "statistics", "data-preparation"}


def test_unknown_occupations_suggest_nothing():
    fit = score_candidate(ROLES["data-analyst"], [_report({
        "targetName": "Chefs", "targetCode": "35-1011.00", "targetFramework": "O*NET-SOC",
        "targetUrl": "https://www.onetonline.org/link/summary/35-1011.00"})], None, NOW,
        candidate="c")
    assert all(c.points == 0 for c in fit.contributions)
