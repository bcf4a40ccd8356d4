"""A credential's plain status in words: the one vocabulary of a card's status line
(`present/cards.py`), the fit explanation (`scoring.explain`) and every view and export
that shows them (Ranking, Candidate, CSV, report).

The kinds are the check-code registry's (`verify.codes.PlainStatus`), and so is which
undecided check leads a credential that needs a look (`LEADING_LINES`, each code's
`undecided_line`). The words live here, one layer above the registry, because both the
scorer and the cards read them (`present` may import `matching`, not the reverse).
"""

from __future__ import annotations

from collections.abc import Iterable

from screening.verify.codes import LEADING_LINES, PlainStatus, spec_of
from screening.verify.report import CheckResult, Status, Verdict, VerificationReport

NOT_A_CREDENTIAL = "not_a_credential"  # a report's kind: listed, never counted

PLAIN_TITLES = {
    PlainStatus.VERIFIED: "Verified", PlainStatus.REVOKED: "Revoked",
    PlainStatus.SUSPENDED: "Suspended", PlainStatus.EXPIRED: "Expired",
    PlainStatus.NOT_YET_VALID: "Not valid yet",
    PlainStatus.IMPERSONATION: "Claims to be a known issuer",
    PlainStatus.FAILED: "Failed", PlainStatus.ISSUER_UNKNOWN: "Issuer unknown",
    PlainStatus.STATUS_UNKNOWN: "Revocation status unknown",
    PlainStatus.NEEDS_REVIEW: "Needs a look",
    PlainStatus.COULD_NOT_CHECK: "Could not check",
    PlainStatus.NOT_A_CREDENTIAL: "Not a credential",
}


def plain_title(kind: PlainStatus) -> str:
    """The card's words for a plain status ("Issuer unknown", "Revoked", ...)."""
    return PLAIN_TITLES.get(kind, str(kind))


def plain_words(report: VerificationReport) -> str:
    """The title of a credential's status line: its kind's words, or the undecided check's
    own when the registry gives one (`undecided_title`: "Signer not on your list" for a
    signed document whose certificate authority is not listed rather than "Issuer
    unknown"; "Self-reported", "Not digitally signed" rather than "Could not check")."""
    kind = plain_status(report)
    undecided = None
    if report.verdict is Verdict.WARNING and kind is not PlainStatus.NOT_A_CREDENTIAL:
        undecided = leading_check(report.checks, Status.INDETERMINATE)
    elif report.verdict is Verdict.UNSUPPORTED and kind is not PlainStatus.NOT_A_CREDENTIAL:
        undecided = next((c for c in report.checks if c.status is Status.INDETERMINATE), None)
    if undecided is not None and spec_of(undecided.code).undecided_title:
        return str(spec_of(undecided.code).undecided_title)
    return plain_title(kind)


def plain_status(report: VerificationReport) -> PlainStatus:
    """A credential's plain status, decided once from its verdict and the check behind it:
    what its card leads with (`present.cards.status_line`) and what the fit explanation
    calls it."""
    verdict = report.verdict
    if report.kind == NOT_A_CREDENTIAL:
        return PlainStatus.NOT_A_CREDENTIAL
    if verdict is Verdict.FAILED:
        failed = leading_check(report.checks, Status.FAIL)
        return PlainStatus.FAILED if failed is None else _refined(
            spec_of(failed.code).failed_line, failed)
    if verdict is Verdict.UNSUPPORTED:
        return PlainStatus.COULD_NOT_CHECK
    if verdict is Verdict.WARNING:
        undecided = leading_check(report.checks, Status.INDETERMINATE)
        return PlainStatus.NEEDS_REVIEW if undecided is None else \
            spec_of(undecided.code).undecided_line
    return PlainStatus.VERIFIED


def leading_check(checks: Iterable[CheckResult], status: Status) -> CheckResult | None:
    """The check a card leads with among those with `status`: the first of the registry's
    leading lines (`LEADING_LINES`) that has its own line for that status, else the first
    in check order."""
    found = [c for c in checks if c.status is status]
    by_code = {c.code: c for c in reversed(found)}  # the first check of each code
    for spec in LEADING_LINES:
        own = spec.failed_line is not PlainStatus.FAILED if status is Status.FAIL \
            else spec.undecided_line is not PlainStatus.NEEDS_REVIEW
        if own and spec.code in by_code:
            return by_code[spec.code]
    return found[0] if found else None


def _refined(kind: PlainStatus, check: CheckResult) -> PlainStatus:
    """What the check's details add: a suspension is not a revocation, and a validity
    failure is an expiry or a not-yet-valid credential (anything else a plain failure)."""
    if kind is PlainStatus.REVOKED and _only_suspended(check):
        return PlainStatus.SUSPENDED
    if kind is PlainStatus.EXPIRED:
        reason = check.details.get("reason")
        return {"not_yet_valid": PlainStatus.NOT_YET_VALID,
                "expired": PlainStatus.EXPIRED}.get(str(reason), PlainStatus.FAILED)
    return kind


def _only_suspended(status: CheckResult) -> bool:
    """Every status entry that failed says suspended (none revoked): the entries of a
    credentialStatus list, or the one result of an IETF token status list."""
    entries = status.details.get("entries")
    results = [e.get("result") for e in entries if isinstance(e, dict)] \
        if isinstance(entries, list) else [status.details.get("result")]
    failing = [r for r in results if r in ("revoked", "suspended")]
    return bool(failing) and all(r == "suspended" for r in failing)
