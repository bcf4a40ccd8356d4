"""Shared data types: check results, verification reports and their verdicts.

Everything here is plain, frozen data so that reports can be cached, stored,
compared in tests and serialised to JSON without surprises.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

from screening.text import (
    MAX_LABEL_CHARS,
    clean_optional,
    clean_text,
    storable_json,
    storable_text,
)
from screening.verify.codes import KEY_DEPENDENT, CheckRole, role_of

MAX_MESSAGE_CHARS = 2_000
MAX_SUMMARY_LIST = 50  # types / proof suites kept in a summary


class Status(StrEnum):
    """Outcome of one named check."""

    PASS = "pass"
    FAIL = "fail"
    INDETERMINATE = "indeterminate"  # could not check; never counts as a pass
    NA = "n/a"  # the check does not apply to this document


class Verdict(StrEnum):
    """The overall outcome, always derived from the checks (see `derive_verdict`)."""

    VERIFIED = "verified"
    WARNING = "warning"
    FAILED = "failed"
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True, slots=True)  # (slots: ~25 are made per credential)
class CheckResult:
    """One named check: a stable `code`, a status, a recruiter message, engineer details."""

    code: str
    status: Status
    message: str
    details: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:  # messages may quote untrusted names (screening/text.py)
        cleaned = clean_text(self.message, MAX_MESSAGE_CHARS)
        if cleaned is not self.message:  # (clean text comes back as itself)
            object.__setattr__(self, "message", cleaned)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "status": str(self.status),
            "message": self.message,
            "details": _jsonable(self.details),
        }


@dataclass(frozen=True)
class CredentialSummary:
    """What a recruiter needs to recognise a credential at a glance (all untrusted text)."""

    id: str | None = None
    name: str | None = None
    types: tuple[str, ...] = ()
    issuer_id: str | None = None
    issuer_name: str | None = None
    subject_id: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    proof_suites: tuple[str, ...] = ()
    data_model: str | None = None  # "vc-1.1", "vc-2.0", ...

    def __post_init__(self) -> None:
        # Untrusted text, cleaned once for every page, report, store and terminal.
        for name in ("id", "name", "issuer_id", "issuer_name", "subject_id", "valid_from",
                     "valid_until", "data_model"):
            object.__setattr__(self, name, clean_optional(getattr(self, name)))
        for name in ("types", "proof_suites"):
            values = getattr(self, name)
            values = values if isinstance(values, tuple | list) else ()
            cleaned = (clean_optional(v) for v in values[:MAX_SUMMARY_LIST])
            object.__setattr__(self, name, tuple(v for v in cleaned if v))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _jsonable(self.__dict__)
        return data


@dataclass(frozen=True)
class VerificationReport:
    """The outcome of verifying one document: its checks and, for a presentation,
    one nested report per credential it holds."""

    label: str
    kind: str  # "credential" | "presentation" | "unknown"
    format: str  # detected format, e.g. "vc-ld", "vc-jwt", "png", "unknown"
    checks: tuple[CheckResult, ...]
    summary: CredentialSummary = field(default_factory=CredentialSummary)
    credentials: tuple[VerificationReport, ...] = ()
    # The credential content that was checked (a VC object, a JWT's credential, or an
    # OB 2.0 assertion with its badge class and issuer filled in): what skills are read from.
    document: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", clean_text(self.label, MAX_LABEL_CHARS))
        if self.document is not None:  # what skills and snapshots read: always storable
            object.__setattr__(self, "document", storable_json(self.document))

    @cached_property
    def verdict(self) -> Verdict:
        # derived once: the checks are immutable, and ranking a pool asks four times per
        # credential (a fifth of a re-rank's time before it was remembered)
        return derive_verdict(self.checks)

    def check(self, code: str) -> CheckResult | None:
        """The first check with this code, or None."""
        return next((c for c in self.checks if c.code == code), None)

    def checks_with(self, code: str) -> list[CheckResult]:
        return [c for c in self.checks if c.code == code]

    @property
    def failing(self) -> list[CheckResult]:
        return [c for c in self.checks if c.status is Status.FAIL]

    def iter_credentials(self) -> Iterator[VerificationReport]:
        """Credential reports in this report: itself, or those a presentation holds."""
        if self.kind == "presentation":
            for inner in self.credentials:
                yield from inner.iter_credentials()
        else:
            yield self

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "kind": self.kind,
            "format": self.format,
            "verdict": str(self.verdict),
            "summary": self.summary.to_dict(),
            "checks": [c.to_dict() for c in self.checks],
            "credentials": [r.to_dict() for r in self.credentials],
        }


# `details[NOT_UNDERSTOOD]` on an indeterminate check names what the verifier does not
# understand (an algorithm, key type, DID method, proof type, format ...). Checks that could
# only be decided with that thing are then not failures: nothing was found wrong, it could
# not be checked (see `effective_status`).
NOT_UNDERSTOOD = "not_understood"
SUMMARY = "proof_verified"


def not_understood(code: str, message: str, what: str, **details: Any) -> CheckResult:
    """An indeterminate check naming what this version cannot check."""
    return CheckResult(code, Status.INDETERMINATE, message, {**details, NOT_UNDERSTOOD: what})


def _scope(check: CheckResult) -> Any:
    """Per-proof checks are scoped to their proof; every other check to the document."""
    return check.details.get("proof") if isinstance(check.details, Mapping) else None


def effective_statuses(checks: Iterable[CheckResult]) -> list[tuple[CheckResult, Status]]:
    """Each check with the status the verdict uses.

    The invariant: `failed` only when something was checked and found wrong. A failure of
    a key-dependent check is read as indeterminate when, in the same scope (the same proof,
    or the document), something it depends on was not understood; the authenticity summary
    fails only when a concrete proof check still fails.
    """
    checks = list(checks)
    unknown_scopes = {_scope(c) for c in checks if c.status is Status.INDETERMINATE
                      and isinstance(c.details, Mapping) and c.details.get(NOT_UNDERSTOOD)}
    out: list[tuple[CheckResult, Status]] = []
    for check in checks:
        status = check.status
        if status is Status.FAIL and check.code in KEY_DEPENDENT and (
                _scope(check) in unknown_scopes):
            status = Status.INDETERMINATE
        out.append((check, status))
    concrete = any(s is Status.FAIL and c.code != SUMMARY for c, s in out)
    return [(c, Status.INDETERMINATE if c.code == SUMMARY and s is Status.FAIL
             and not concrete else s) for c, s in out]


def derive_verdict(checks: Iterable[CheckResult]) -> Verdict:
    """Derive the verdict from check statuses and each code's role.

    failed      - a check failed: something was checked and found wrong
    unsupported - no failure, but an integrity check could not be decided (including
                  anything not understood: an algorithm, key type, DID method, proof
                  type, context or format)
    warning     - no failure, but an advisory check could not be decided
    verified    - everything that applies passed
    """
    statuses = effective_statuses(checks)
    if not statuses:
        return Verdict.UNSUPPORTED
    if any(s is Status.FAIL for _, s in statuses):
        return Verdict.FAILED
    undecided = [c for c, s in statuses if s is Status.INDETERMINATE]
    if any(role_of(c.code) is CheckRole.INTEGRITY for c in undecided):
        return Verdict.UNSUPPORTED
    if undecided:
        return Verdict.WARNING
    return Verdict.VERIFIED


def _jsonable(value: Any) -> Any:
    """Convert nested mappings/sequences/enums to JSON-friendly values."""
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, Mapping):
        return {storable_text(str(k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, str):  # lone surrogates and NUL would break JSON/UTF-8/PostgreSQL
        return storable_text(value)
    if value is None or isinstance(value, int | float | bool):
        return value
    return storable_text(str(value))
