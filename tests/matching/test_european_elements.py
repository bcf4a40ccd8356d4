"""Quality of proof from the European standard elements (issue 25, docs/scoring.md): an
EDC micro-credential (5 ECTS, EQF 6, supervised exam with identity check), sealed with
JAdES and verified for real, outranks an attendance badge for the same skill, and the
explanation says why; its learning outcomes' ESCO links are what match."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from screening.matching.ranking import rank_candidates
from screening.matching.roles import load_role
from screening.matching.scoring import DEFAULT_CONFIG, assess, score_candidate
from screening.matching.skills.extract import claims_from_document, proof_kind
from screening.testing import edc
from screening.verify.pipeline import verify
from screening.verify.report import CheckResult, CredentialSummary, Status, VerificationReport
from screening.verify.trust import TrustList

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 6, 1, tzinfo=UTC)
ANALYST = load_role(ROOT / "sample_data" / "roles" / "data-analyst.toml")
PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"


@pytest.fixture(scope="module")
def sealed_report():
    ca, leaf = edc.make_test_seal()
    trust = TrustList(authorities=[ca.authority("Test Seal CA")])
    return verify(edc.seal(edc.micro_credential(), leaf), now=NOW, trust=trust, label="edc")


def attendance_badge() -> VerificationReport:
    document = {"type": ["VerifiableCredential", "OpenBadgeCredential"],
                "validFrom": "2024-06-03T09:00:00Z", "name": "Python workshop",
                "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
                    "type": ["Achievement"], "name": "Python workshop",
                    "achievementType": "Badge",
                    "alignment": [{"targetUrl": PYTHON, "targetName": "Python"}],
                    "criteria": {"narrative": "Attended the workshop."}}}}
    checks = (CheckResult("proof_verified", Status.PASS, ""),
              CheckResult("issuer_trusted", Status.PASS, ""))
    return VerificationReport("badge", "credential", "vc-ld", checks,
                              CredentialSummary(name="Python workshop"), document=document)


def test_learning_outcomes_with_esco_links_become_aligned_claims(sealed_report):
    claims = claims_from_document(sealed_report.document, "edc")
    aligned = [c for c in claims if c.source == "alignment"]
    assert [c.skill_id for c in aligned] == [PYTHON]
    assert any(c.source == "name" and c.text == "Data Analysis with Python" for c in claims)
    assert proof_kind(sealed_report.document) == "supervised_exam"


def test_edc_micro_credential_outranks_an_attendance_badge_and_says_why(sealed_report):
    ranking = rank_candidates(ANALYST, {"edc holder": [sealed_report],
                                        "badge holder": [attendance_badge()]},
                              DEFAULT_CONFIG, NOW)
    fits = ranking.fits
    assert fits["edc holder"].fit > fits["badge holder"].fit
    assert next(iter(fits)) == "edc holder"
    words = fits["edc holder"].explanation
    assert ("supervised exam with identity check (5 ECTS, EQF 6, quality-assured) — "
            "1 credential at ×1") in words
    # the badge says it was attended: its Python is suggested, never counted
    badge = fits["badge holder"]
    assert badge.fit == 0 and any(r.suggested_by for r in badge.requirements)


@pytest.mark.parametrize(("kwargs", "factor"), [
    ({}, 1.0),
    ({"supervision": "Supervised with no identity verification"}, 0.9),
    ({"supervision": "Unsupervised with identity verification"}, 0.8),
    ({"supervision": None, "ects": None}, 0.6),
    ({"supervision": None}, 0.9),  # no assessment, but 5 ECTS: a course with credits
    ({"ects": None, "eqf": None}, 0.9),
    ({"accredited": False}, 0.9),
    ({"supervision": "Unsupervised with no identity verification", "ects": None,
      "eqf": None, "accredited": False}, 0.8 * 0.9 * 0.9),
])
def test_quality_of_proof_factor(kwargs, factor):
    document = edc.micro_credential(**kwargs)
    report = VerificationReport("c", "credential", "edc-jades",
                                (CheckResult("proof_verified", Status.PASS, ""),),
                                document=document)
    assert assess(report).proof_factor == pytest.approx(factor)


def test_fit_follows_the_factor(sealed_report):
    strong = score_candidate(ANALYST, [sealed_report], None, NOW, candidate="a")
    document = edc.micro_credential(supervision="Unsupervised with no identity verification")
    weak_report = VerificationReport("w", "credential", "edc-jades", sealed_report.checks,
                                     document=document)
    weak = score_candidate(ANALYST, [weak_report], None, NOW, candidate="b")
    assert 0 < weak.fit < strong.fit
