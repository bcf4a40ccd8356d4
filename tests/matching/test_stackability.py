"""Stackability (issue 25, docs/scoring.md): a requirement may ask for a minimum workload in
ECTS credits (`min_ects`) and a minimum EQF level (`min_eqf`). Micro-credentials that each
evidence the skill with stated ECTS add up toward the minimum, the explanation naming each
one and the sum; below the minimum the requirement gets partial credit, said plainly."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from screening.errors import RoleError
from screening.matching.builder import RequirementDraft, build_role, drafts_of
from screening.matching.roles import parse_role, role_to_dict, role_to_toml
from screening.matching.scoring import DEFAULT_CONFIG, score_candidate
from screening.testing import edc
from screening.verify.report import CheckResult, CredentialSummary, Status, VerificationReport

NOW = datetime(2026, 6, 1, tzinfo=UTC)
PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
VERIFIED = (CheckResult("proof_verified", Status.PASS, ""),
            CheckResult("issuer_trusted", Status.PASS, ""))
UNKNOWN_ISSUER = (CheckResult("proof_verified", Status.PASS, ""),
                  CheckResult("issuer_trusted", Status.INDETERMINATE, ""))


def role(extra: str = "min_ects = 6") -> Any:
    return parse_role(f"""
[role]
id = "py"
title = "Python developer"

[[requirement]]
skill = "{PYTHON}"
label = "Python"
required = true
{extra}
""")


def micro(label: str, ects: float | None, eqf: int | None = 6,
          checks: tuple[CheckResult, ...] = VERIFIED, title: str = "") -> VerificationReport:
    document = edc.micro_credential(title=title or f"Python part {label}", ects=ects, eqf=eqf)
    return VerificationReport(label, "credential", "edc-jades", checks,
                              CredentialSummary(name=label), document=document)


def badge(label: str) -> VerificationReport:
    """An Open Badge for Python that states no ECTS."""
    document = {"type": ["VerifiableCredential", "OpenBadgeCredential"],
                "validFrom": "2025-06-03T09:00:00Z", "name": "Python",
                "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
                    "type": ["Achievement"], "name": f"Python {label}",
                    "alignment": [{"targetUrl": PYTHON, "targetName": "Python"}]}}}
    return VerificationReport(label, "credential", "vc-ld", VERIFIED,
                              CredentialSummary(name=label), document=document)


def strength(fit: Any) -> float:
    return float(fit.requirements[0].strength)


# -- the role file ------------------------------------------------------------------------

def test_a_requirement_states_a_minimum_workload_and_level():
    parsed = role("min_ects = 6\nmin_eqf = 5")
    assert parsed.requirements[0].min_ects == 6 and parsed.requirements[0].min_eqf == 5
    assert parse_role(role_to_toml(parsed)) == parsed


def test_role_files_without_them_are_unchanged():
    plain = role("")
    assert plain.requirements[0].min_ects is None and plain.requirements[0].min_eqf is None
    assert "min_ects" not in role_to_dict(plain)["requirement"][0]
    assert "min_eqf" not in role_to_dict(plain)["requirement"][0]


@pytest.mark.parametrize(("extra", "code"), [
    ("min_ects = 0", "out_of_range"), ("min_ects = -3", "out_of_range"),
    ("min_ects = \"six\"", "wrong_type"), ("min_eqf = 9", "out_of_range"),
    ("min_eqf = 5.5", "wrong_type"), ("min_eqf = true", "wrong_type"),
])
def test_bad_minimums_are_refused(extra, code):
    with pytest.raises(RoleError) as caught:
        role(extra)
    assert [p.code for p in caught.value.problems] == [code]


def test_the_role_builder_keeps_them():
    built, text, problems = build_role("Python developer", [
        RequirementDraft("Python", PYTHON, True, 1.0, None, 6.0, 5)])
    assert not problems and built is not None
    assert built.requirements[0].min_ects == 6 and built.requirements[0].min_eqf == 5
    assert drafts_of(built)[0].min_ects == 6 and drafts_of(built)[0].min_eqf == 5
    assert parse_role(text) == built
    assert build_role("X", [RequirementDraft("Python", PYTHON, min_ects=0.0)])[2]


# -- stacking ------------------------------------------------------------------------------

def test_micro_credentials_add_up_to_the_minimum_and_are_named():
    together = score_candidate(role(), [micro("a.json", 5), micro("b.json", 3)], None, NOW)
    alone = score_candidate(role(), [micro("a.json", 5)], None, NOW)
    assert strength(together) > strength(alone)
    words = together.explanation
    assert "5 + 3 = 8 of 6 ECTS: a.json, b.json" in words
    # met in full: each counts as though it carried the whole workload
    unstacked = score_candidate(role(""), [micro("a.json", 5), micro("b.json", 3)], None, NOW)
    assert strength(together) == pytest.approx(strength(unstacked))
    reasons = [c.reason for c in together.contributions]
    assert all("8 of 6 ECTS" in r for r in reasons)


def test_below_the_minimum_is_partial_credit_said_plainly():
    fit = score_candidate(role(), [micro("a.json", 3)], None, NOW)
    full = score_candidate(role(""), [micro("a.json", 3)], None, NOW)
    assert strength(fit) == pytest.approx(strength(full) * 0.5)
    assert "3 of 6 ECTS: a.json — below the minimum, partial credit ×0.5" in fit.explanation
    assert "below the minimum" in fit.contributions[0].reason


def test_the_same_credential_twice_counts_once_toward_the_sum():
    fit = score_candidate(role(), [micro("a.json", 3, title="Python"),
                                  micro("copy.json", 3, title="Python")], None, NOW)
    assert "3 of 6 ECTS" in fit.explanation and "3 + 3" not in fit.explanation


def test_credits_from_an_unknown_issuer_count_for_that_credential_only():
    # a pile of credentials from unknown issuers must not lift verified ones to the minimum
    verified = micro("a.json", 2)
    lifted = score_candidate(role(), [verified, micro("x.json", 10, checks=UNKNOWN_ISSUER)],
                             None, NOW)
    use = next(c for c in lifted.contributions if c.credential == "a.json")
    assert "2 of 6 ECTS" in use.reason
    other = next(c for c in lifted.contributions if c.credential == "x.json")
    assert "2 + 10 = 12 of 6 ECTS" in other.reason


def test_a_credential_that_states_no_ects_counts_as_an_unstated_level():
    fit = score_candidate(role(), [badge("b.json")], None, NOW)
    full = score_candidate(role(""), [badge("b.json")], None, NOW)
    assert strength(fit) == pytest.approx(strength(full) * DEFAULT_CONFIG.unknown_level)
    assert "no credential states ECTS" in fit.explanation
    # once stated credits meet the minimum, it counts in full as well
    stacked = score_candidate(role(), [badge("b.json"), micro("a.json", 6)], None, NOW)
    unstacked = score_candidate(role(""), [badge("b.json"), micro("a.json", 6)], None, NOW)
    assert strength(stacked) == pytest.approx(strength(unstacked))


@pytest.mark.parametrize("extra", ["min_ects = 6", "min_ects = 6\nmin_eqf = 6"])
def test_adding_a_credential_never_lowers_the_fit(extra):
    pool = [badge("b.json"), micro("a.json", 1, eqf=4), micro("c.json", 2, eqf=None),
            micro("x.json", 4, checks=UNKNOWN_ISSUER), micro("d.json", 3, eqf=7)]
    previous = 0.0
    for n in range(1, len(pool) + 1):
        fit = score_candidate(role(extra), pool[:n], None, NOW)
        assert fit.fit >= previous
        assert sum(c.points for c in fit.contributions) == fit.fit
        previous = fit.fit
    shuffled = score_candidate(role(extra), pool[::-1], None, NOW)
    assert shuffled.fit == previous


def test_a_minimum_eqf_level_scales_each_credential():
    fit = score_candidate(role("min_eqf = 6"), [micro("a.json", 5, eqf=5)], None, NOW)
    full = score_candidate(role(""), [micro("a.json", 5, eqf=5)], None, NOW)
    assert strength(fit) == pytest.approx(strength(full) * 5 / 6)
    assert "EQF 5, below the minimum EQF 6" in fit.contributions[0].reason
    met = score_candidate(role("min_eqf = 6"), [micro("a.json", 5, eqf=7)], None, NOW)
    assert strength(met) == pytest.approx(strength(full))
