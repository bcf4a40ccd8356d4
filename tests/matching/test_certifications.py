"""The certification catalogue (issue 26): validated as data, recognised in a credential's
words, and scored as an assessed certification that the explanation names."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from screening.matching.roles import list_roles
from screening.matching.scoring import score_candidate
from screening.matching.skills.certifications import catalogue, load, problems, recognise
from screening.matching.skills.certified import certification_matches
from screening.matching.skills.extract import extract_claims
from screening.matching.skills.taxonomy import esco
from screening.verify.report import CheckResult, CredentialSummary, Status, VerificationReport

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 6, 1, tzinfo=UTC)
ROLES = {role.id: role for role in list_roles(ROOT / "sample_data" / "roles")}
CYBER = "http://data.europa.eu/esco/skill/8088750d-8388-4170-a76f-48354c469c44"


def test_catalogue_is_valid_sourced_and_without_clashes():
    certifications = catalogue()
    assert len(certifications) >= 200
    assert problems(certifications, esco()) == []
    assert {"licence", "certification"} <= {c.kind for c in certifications}


@pytest.mark.parametrize("issuer", [
    "Amazon Web Services", "Microsoft", "Google Cloud", "Oracle", "ISC2", "ISACA", "CompTIA",
    "EC-Council", "GIAC", "OffSec", "Cisco", "Juniper Networks", "Databricks", "Snowflake",
    "Google (TensorFlow)", "IBM (Coursera)", "Meta (Coursera)", "Project Management Institute",
    "PeopleCert (AXELOS)", "Scrum.org", "Scrum Alliance", "HashiCorp", "Red Hat",
    "Salesforce", "SAP", "NCSBN", "American Heart Association", "American Welding Society",
])
def test_catalogue_covers_the_issuers_recruiters_see(issuer):
    assert any(c.issuer == issuer for c in catalogue())


def _entry(**changes: Any) -> str:
    fields = {"id": "x", "name": "Example Certified Thing", "issuer": "X", "level": "a",
              "kind": "certification", "source": "https://example.org/objectives",
              "abbreviations": ["EXT"], "skills": [CYBER]} | changes
    lines = ["[[certification]]"]
    for key, value in fields.items():
        lines.append(f"{key} = " + (f'"{value}"' if isinstance(value, str)
                                    else "[" + ", ".join(f'"{v}"' for v in value) + "]"))
    return "\n".join(lines) + "\n"


def test_validation_names_unknown_skills_missing_sources_and_clashing_abbreviations():
    bad = load(_entry(skills=[CYBER.replace("8088750d", "00000000")])
               + _entry(id="y", name="Another Certified Thing", source="see the website"))
    found = "\n".join(problems(bad, esco()))
    assert "x: http://data.europa.eu/esco/skill/00000000" in found
    assert "y: no source URL" in found
    assert "abbreviation 'EXT' names both x and y" in found
    with pytest.raises(ValueError, match="source is missing"):
        load(_entry(source=""))
    with pytest.raises(ValueError, match="evidences no skill"):
        load(_entry(skills=[]))


@pytest.mark.parametrize(("text", "long", "expected", "by"), [
    ("CompTIA Security+ (SY0-701)", False, "comptia-security-plus", "name"),
    ("Microsoft Certified: Azure Security Engineer Associate", False, "az-500", "name"),
    ("Azure Security Engineer Associate", False, "az-500", "name"),
    ("AWS Solutions Architect – Associate", False, "aws-solutions-architect-associate", "name"),
    ("Passed the CISSP examination.", True, "cissp", "abbreviation"),
    ("Exam AZ-500 passed with 870 points", True, "az-500", "exam code"),
    ("exam sy0-701", False, "comptia-security-plus", "exam code"),
])
def test_recognised_by_name_abbreviation_or_exam_code(text, long, expected, by):
    hits = recognise(text, long=long)
    assert [(h.certification.id, h.by) for h in hits][:1] == [(expected, by)]


@pytest.mark.parametrize(("text", "long"), [
    ("This course prepares you for the CCNA exam.", True),  # preparation is not the exam
    ("Practice tests for the PMP.", True),
    ("cissp", False),  # abbreviations are case-sensitive
    ("Grade: A+", False),  # a grade, not CompTIA A+
    ("a CKA-like exercise", False),  # part of a longer token
])
def test_not_recognised(text, long):
    assert recognise(text, long=long) == ()


def _report(name: str, description: str = "", achievement_type: str | None = None,
            criteria: str | None = None) -> VerificationReport:
    achievement: dict[str, Any] = {"type": ["Achievement"], "name": name,
                                   "description": description}
    if achievement_type:
        achievement["achievementType"] = achievement_type
    if criteria:
        achievement["criteria"] = {"narrative": criteria}
    document = {"type": ["VerifiableCredential", "OpenBadgeCredential"],
                "issuer": {"id": "did:example:issuer"}, "validFrom": "2025-09-01T00:00:00Z",
                "name": name, "credentialSubject": {"type": ["AchievementSubject"],
                                                    "achievement": achievement}}
    checks = (CheckResult("proof_verified", Status.PASS, ""),)
    return VerificationReport(name, "credential", "vc-ld", checks,
                              CredentialSummary(name=name), document=document)


def _contribution(fit, requirement: str):
    return next(c for c in fit.contributions if c.requirement == requirement and c.points > 0)


def test_a_named_vendor_certification_evidences_its_skills_as_an_assessed_certification():
    role = ROLES["cloud-security-engineer"]
    fit = score_candidate(role, [_report("CompTIA Security+")], None, NOW, candidate="c")
    cyber = _contribution(fit, "cyber-security")
    assert "CompTIA Security+" in cyber.reason and "assessed certification" in cyber.reason
    assert _contribution(fit, "network-security").points > 0
    # before issue 26 the bare name evidenced nothing
    azure = score_candidate(role, [_report("Microsoft Certified: Azure Security Engineer "
                                           "Associate")], None, NOW, candidate="c")
    assert {c.requirement for c in azure.contributions if c.points > 0} >= {"cloud", "iam"}


def test_a_course_that_names_a_certification_counts_it_as_certification_but_attendance_does_not():
    role = ROLES["registered-nurse"]
    course = score_candidate(role, [_report("Resuscitation day", "Holders renew their ACLS "
                                            "card.", "Course")], None, NOW, candidate="c")
    assert "assessed certification" in _contribution(course, "life-support").reason
    attended = score_candidate(role, [_report("Resuscitation day", "Holders renew their ACLS "
                                              "card.", None, "Attended the session.")],
                               None, NOW, candidate="c")
    # attended, nothing assessed: the certification it names is suggested, never counted
    life = next(r for r in attended.requirements if r.id == "life-support")
    assert life.status == "missing" and life.suggested_by
    assert all(c.points == 0 and not c.decides for c in attended.contributions
               if c.requirement == "life-support")


def test_a_tool_certification_does_not_evidence_the_practice():
    claims = extract_claims(_report("HashiCorp Certified: Terraform Associate"))
    found = {m.requirement for m in certification_matches(claims, ROLES["backend-engineer"])}
    assert found == {"cloud"}  # infrastructure as code on cloud providers, not DevOps


def test_catalogue_changes_never_break_loading(monkeypatch):
    # the catalogue is read once; a copy with one entry changed is validated on its own
    first = catalogue()[0]
    changed = replace(first, skills=(*first.skills, CYBER))
    assert problems([changed], esco()) == []
