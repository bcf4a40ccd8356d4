"""A credential as every view shows it: `CredentialRow` and its `CheckLine`s, built once from
a verification report.

The snapshot holds these rows (`ScreeningSnapshot.verification`); `screening verify` prints
them without ranking anyone, so this module stays light (no pandas, no matcher): the CLI's
start-up does not pay for the dashboard.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from screening.batch.runner import Row
from screening.present.cards import (
    NOT_A_CREDENTIAL,
    PlainStatus,
    attention_first,
    credential_text,
    status_line,
)
from screening.verify.codes import title_of
from screening.verify.report import Status, Verdict, VerificationReport


def doc(text: str) -> dict[str, str]:
    """A field's one-line description (docs/snapshot.md is generated from these)."""
    return {"doc": text}


@dataclass(frozen=True)
class CheckLine:
    """One check of a credential as a view shows it (engineer details stay in the report)."""

    code: str = field(metadata=doc("The check's stable snake_case code."))
    outcome: Status = field(metadata=doc("What the check found."))
    message: str = field(metadata=doc("What happened, in words (may quote the credential)."))

    @property
    def needs_attention(self) -> bool:
        return self.outcome in (Status.FAIL, Status.INDETERMINATE)


@dataclass(frozen=True)
class CredentialRow:
    """One credential (each credential of a presentation gets its own row)."""

    key: str = field(metadata=doc("The candidate's key in this snapshot."))
    candidate: str = field(metadata=doc("The candidate's name as uploaded."))
    file: str = field(metadata=doc("The credential's label: its file (and place in it)."))
    verdict: Verdict = field(metadata=doc("The verifier's overall verdict."))
    credential: str = field(metadata=doc("The credential's own name, or empty."))
    issuer: str = field(metadata=doc("The issuer's name as the credential states it, else "
                                      "its id."))
    issuer_id: str = field(metadata=doc("The issuer's identifier (DID or URL), or empty."))
    known_issuer: str = field(metadata=doc("The organisation the known-issuer list names, "
                                            "empty when the issuer is unknown."))
    attention: str = field(metadata=doc("The first check that did not pass, in words."))
    attention_code: str = field(metadata=doc("That check's code, or empty."))
    source: str = field(metadata=doc("Where the credential came from (upload or link)."))
    sha256: str | None = field(metadata=doc("SHA-256 of the uploaded bytes; null for a "
                                             "failed intake."))
    format: str = field(metadata=doc("The detected format (vc-ld, vc-jwt, png, ...)."))
    checks: tuple[CheckLine, ...] = field(default=(), metadata=doc(
        "Every check, in the verifier's order."))
    kind: str = field(default="credential", metadata=doc(
        "credential; presentation: the holder's wrapper, listed before its credentials "
        "and never counted as a credential; not_a_credential: a file that plainly is not "
        "one (plain text, an empty file, JSON with nothing of a credential), listed and "
        "never counted."))
    plain_status: PlainStatus = field(default=PlainStatus.NEEDS_REVIEW, metadata=doc(
        "The kind of the card's plain status line."))
    plain_status_title: str = field(default="", metadata=doc(
        "The status line's fixed title (never credential text)."))
    plain_status_reason: str = field(default="", metadata=doc(
        "Why, in words (may quote the credential)."))
    description: str = field(default="", metadata=doc("What the credential says it is."))
    criteria: str = field(default="", metadata=doc("How it was earned, as it says."))
    subject_name: str = field(default="", metadata=doc("The holder's name, as it says."))
    valid_from: str = field(default="", metadata=doc("Valid from (ISO 8601), or empty."))
    valid_until: str = field(default="", metadata=doc("Valid until (ISO 8601), or empty."))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data (enums as their words), as `screening verify --json` prints."""
        return asdict(self)

    @property
    def failing_checks(self) -> tuple[CheckLine, ...]:
        return tuple(c for c in self.checks if c.needs_attention)

    @property
    def is_credential(self) -> bool:
        """Counted among the candidate's credentials: not a presentation's own row, and not
        a file that is not a credential at all."""
        return self.kind not in ("presentation", NOT_A_CREDENTIAL)

    @property
    def signer_certified(self) -> Status | None:
        """For a document known only by the certificate that signed it (a signed PDF): the
        outcome of the check that its certificate authority is on the recruiter's list —
        the list that says who its issuer is. None for a credential with a known-issuer
        check (its issuer list decides)."""
        outcomes = {c.code: c.outcome for c in self.checks}
        if "certificate_chain_trusted" not in outcomes or "issuer_trusted" in outcomes:
            return None
        return outcomes["certificate_chain_trusted"]

    def checks_attention_first(self) -> tuple[CheckLine, ...]:
        """Failing checks first, then undecided ones, then the rest (each in check order)."""
        return tuple(self.checks[i] for i in attention_first(c.outcome for c in self.checks))


def credential_rows(rows: Iterable[Row], keys: Mapping[str, str] | None = None
                    ) -> list[CredentialRow]:
    """One row per credential (a presentation's credentials each get one, after a row for
    the presentation itself)."""
    out = []
    for row in rows:
        key = (keys or {}).get(row.candidate, "")
        if row.report.kind == "presentation":
            out.append(_presentation_row(key, row))
        for cred in row.report.iter_credentials():
            credential = _credential_row(key, row, cred)
            out.append(replace(credential, kind=NOT_A_CREDENTIAL)
                       if cred.kind == NOT_A_CREDENTIAL else credential)
    return out


def counted(report: VerificationReport) -> bool:
    """Whether a report is among the candidate's credentials: a file that is not a
    credential at all (its kind is not_a_credential) is listed but never counted, ranked
    or scored."""
    return report.kind != NOT_A_CREDENTIAL


def known_issuer(report: VerificationReport) -> str:
    """The organisation the known-issuer list names for this credential's issuer, or ""."""
    for check in report.checks:
        if check.code == "issuer_trusted" and check.status is Status.PASS:
            return str(check.details.get("organisation") or report.summary.issuer_id or "")
    return ""


def _presentation_row(key: str, row: Row) -> CredentialRow:
    """The holder's wrapper: a presentation names no credential or issuer of its own, so
    its row says what it is ("Presentation of 2 credentials") and whom its credentials are
    about (a presentation's holder is not recorded; its credentials' subject is)."""
    inner = [c for c in row.report.iter_credentials() if c.kind != NOT_A_CREDENTIAL]
    count = len(inner)
    subjects = {s for c in inner
                if (s := c.summary.subject_id or credential_text(c).subject_name)}
    about = (f"Credentials about {next(iter(subjects))}" if len(subjects) == 1
             else "Credentials about several people" if subjects
             else "Its credentials name no subject")
    return replace(_credential_row(key, row, row.report), kind="presentation",
                   credential=f"Presentation of {count} credential{'s' if count != 1 else ''}",
                   issuer=about)


def _credential_row(key: str, row: Row, cred: VerificationReport) -> CredentialRow:
    problem = next((c for c in cred.checks if c.status is Status.FAIL), None) or next(
        (c for c in cred.checks if c.status is Status.INDETERMINATE), None)
    organisation = known_issuer(cred)
    line = status_line(cred, organisation)
    text = credential_text(cred)
    return CredentialRow(
        key=key, candidate=row.candidate, file=cred.label,
        verdict=cred.verdict,
        credential=cred.summary.name or "",
        issuer=cred.summary.issuer_name or cred.summary.issuer_id or "",
        issuer_id=cred.summary.issuer_id or "", known_issuer=organisation,
        attention=f"{title_of(problem.code)}: {problem.message}" if problem else "",
        attention_code=problem.code if problem else "",
        source=row.source, sha256=row.sha256, format=cred.format,
        checks=tuple(CheckLine(c.code, c.status, c.message) for c in cred.checks),
        plain_status=line.kind, plain_status_title=line.title,
        plain_status_reason=line.reason,
        description=text.description, criteria=text.criteria,
        subject_name=text.subject_name, valid_from=cred.summary.valid_from or "",
        valid_until=cred.summary.valid_until or "")
