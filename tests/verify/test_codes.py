"""The check-code registry (`screening/verify/codes.py`) is the one place that says what a
code means: every code the product can report is registered, and the consequences the
verdict rule, the cards and the scoring read from it are well-formed."""

from __future__ import annotations

import ast
import re
from dataclasses import fields
from pathlib import Path

import pytest
from conformance_data import CONFORMANCE
from factories import NOW, UNIVERSITY, open_badge, tampered

from screening.matching.scoring import WARNING_ORDER, ScoringConfig
from screening.session.samples import sample_pool
from screening.testing.signing import sign
from screening.verify import verify
from screening.verify.codes import KEY_DEPENDENT, LEADING_LINES, SPECS, PlainStatus, spec_of

PACKAGE = Path(__file__).resolve().parents[2] / "screening"
CODE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
# calls whose first argument (or `code=`) is a check code
MAKERS = {"CheckResult", "not_understood", "_check", "_result", "check", "failed_report"}


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def codes_in_source() -> dict[str, str]:
    """Every string literal the product passes as a check code, with where it is."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node.func) not in MAKERS:
                continue
            candidates = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "code")]
            for arg in candidates:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) \
                        and CODE.match(arg.value):
                    found.setdefault(arg.value, f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_every_code_in_the_source_is_registered():
    found = codes_in_source()
    assert len(found) > 30  # the scan sees the checks
    unknown = {code: where for code, where in found.items() if code not in SPECS}
    # intake codes travel in a failed report's details (`intake_code`), not as check codes
    unknown = {c: w for c, w in unknown.items() if "failed_report" not in w
               and not w.startswith(("ingest/", "batch/"))}
    assert not unknown, unknown


def _reports():
    signed = sign(open_badge(), UNIVERSITY)
    yield verify(signed, now=NOW)
    yield verify(tampered(signed, ("name",), "Forged"), now=NOW)
    for row in sample_pool(NOW).rows:
        yield row.report
    for path in sorted(CONFORMANCE.rglob("*.json"))[:400]:
        if "contexts" not in path.parts:
            yield verify(path.read_bytes(), now=NOW, label=path.name)


@pytest.mark.conformance
def test_every_code_a_report_carries_is_registered():
    seen = {check.code for report in _reports() for cred in [report, *report.iter_credentials()]
            for check in cred.checks}
    assert len(seen) > 20
    assert seen <= set(SPECS), sorted(seen - set(SPECS))


def test_the_consequences_are_well_formed():
    factors = {f.name for f in fields(ScoringConfig)}
    for spec in SPECS.values():
        if spec.warning is not None:
            assert spec.warning in factors and spec.warning in WARNING_ORDER, spec.code
            assert spec.warning_reason, spec.code
    assert {"proof_signature", "verification_method_resolved"} <= KEY_DEPENDENT
    leading = [spec.code for spec in LEADING_LINES]
    assert leading.index("credential_status") < leading.index("validity_period")
    assert spec_of("credential_status").failed_line is PlainStatus.REVOKED
    assert spec_of("issuer_trusted").undecided_line is PlainStatus.ISSUER_UNKNOWN


def test_an_unknown_code_gets_the_most_cautious_consequences():
    spec = spec_of("no_such_check")
    assert spec.role == "integrity" and spec.failed_line is PlainStatus.FAILED
    assert spec.warning is None and not spec.key_dependent
