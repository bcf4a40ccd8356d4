"""Verdict derivation, date parsing and the validity window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from factories import UNIVERSITY, open_badge

from screening.dates import DateError, parse_datetime
from screening.testing.signing import sign
from screening.verify import verify
from screening.verify.codes import SPECS
from screening.verify.dates import validity_check
from screening.verify.report import CheckResult, Status, Verdict, derive_verdict


def c(code: str, status: Status) -> CheckResult:
    return CheckResult(code, status, "", {})


@pytest.mark.parametrize(("checks", "verdict"), [
    ([c("proof_verified", Status.PASS), c("issuer_trusted", Status.PASS)], Verdict.VERIFIED),
    ([c("proof_verified", Status.PASS), c("issuer_trusted", Status.INDETERMINATE)],
     Verdict.WARNING),
    ([c("proof_verified", Status.INDETERMINATE), c("issuer_trusted", Status.INDETERMINATE)],
     Verdict.UNSUPPORTED),
    ([c("proof_verified", Status.INDETERMINATE), c("validity_period", Status.FAIL)],
     Verdict.FAILED),
    ([c("issuer_trusted", Status.FAIL)], Verdict.FAILED),
    ([c("proof_verified", Status.PASS), c("credential_status", Status.NA)], Verdict.VERIFIED),
    ([], Verdict.UNSUPPORTED),
    ([c("some_future_code", Status.INDETERMINATE)], Verdict.UNSUPPORTED),  # unknown = integrity
])
def test_verdict_is_derived(checks, verdict):
    assert derive_verdict(checks) is verdict


def test_codes_are_snake_case_and_unique():
    for code in SPECS:
        assert code.isidentifier() and code == code.lower()


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-01-09T15:06:31Z", datetime(2025, 1, 9, 15, 6, 31, tzinfo=UTC)),
    ("2025-01-09T15:06:31.521Z", datetime(2025, 1, 9, 15, 6, 31, 521000, tzinfo=UTC)),
    ("2021-09-06T00:00:00.000000001Z", datetime(2021, 9, 6, tzinfo=UTC)),
    ("2025-01-09T17:06:31+02:00", datetime(2025, 1, 9, 15, 6, 31, tzinfo=UTC)),
    ("2025-01-09T15:06:31", datetime(2025, 1, 9, 15, 6, 31, tzinfo=UTC)),
])
def test_parse_datetime(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("bad", ["2025-01-09", "yesterday", "", None, 1700000000,
                                 "2025-13-01T00:00:00Z", "2025-01-09 15:06:31Z"])
def test_parse_datetime_rejects(bad):
    with pytest.raises(DateError):
        parse_datetime(bad)


NOW = datetime(2026, 6, 1, tzinfo=UTC)
SKEW = timedelta(minutes=5)


@pytest.mark.parametrize(("doc", "status", "reason"), [
    ({"validFrom": "2026-01-01T00:00:00Z"}, Status.PASS, None),
    ({"issuanceDate": "2026-01-01T00:00:00Z", "expirationDate": "2026-05-01T00:00:00Z"},
     Status.FAIL, "expired"),
    ({"validFrom": "2026-06-01T00:04:00Z"}, Status.PASS, None),  # inside the skew
    ({"validFrom": "2026-06-01T00:06:00Z"}, Status.FAIL, "not_yet_valid"),
    ({"validUntil": "2026-05-31T23:56:00Z"}, Status.PASS, None),
    ({}, Status.NA, None),
    ({"validFrom": "soon"}, Status.FAIL, None),
    ({"validFrom": "2026-02-01T00:00:00Z", "validUntil": "2026-01-01T00:00:00Z"},
     Status.FAIL, None),
])
def test_validity_window(doc, status, reason):
    check = validity_check(doc, NOW, SKEW)
    assert check.status is status
    if reason:
        assert check.details["reason"] == reason


# --- credentialSchema needs an id (VCDM 2.0 §4.11; issue 23) --------------------------------


def _schema_credential(entry):
    return sign(open_badge(credentialSchema=entry), UNIVERSITY)


def test_schema_entry_without_id_fails_its_structure_check():
    report = verify(_schema_credential({"type": "JsonSchema"}), now=NOW)
    assert report.check("credential_schema_id").status is Status.FAIL
    assert report.check("proof_signature").status is Status.PASS  # genuine, but malformed
    assert report.verdict is Verdict.FAILED
    tampered = _schema_credential({"type": "JsonSchema"})
    tampered["name"] = "Forged"
    assert verify(tampered, now=NOW).check("proof_signature").status is Status.FAIL


def test_schema_entry_with_id_passes_and_no_schema_means_no_check():
    report = verify(_schema_credential([{"id": "https://schemas.example/badge.json",
                                         "type": "JsonSchema"}]), now=NOW)
    assert report.check("credential_schema_id").status is Status.PASS
    assert report.check("credential_schema").status is Status.INDETERMINATE  # offline
    assert not verify(sign(open_badge(), UNIVERSITY), now=NOW).checks_with(
        "credential_schema_id")
