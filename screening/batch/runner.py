"""From uploaded files to verification rows: intake, link fetching, verification.

Used by the CLI and the pages alike, so both show the same rows. Nothing here raises
on bad input: an upload that cannot be read becomes a failed row carrying its intake code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from screening.batch.prefetch import document_urls
from screening.errors import FetchError
from screening.fetch.seeds import CachingFetcher, Fetcher, no_network
from screening.ingest import IngestedItem, IntakeFailure, ingest_bytes, ingest_text
from screening.text import clean_optional
from screening.verify import verify
from screening.verify.jsonld.processing import ContextStore
from screening.verify.recipient import Candidate
from screening.verify.report import CheckResult, Status, VerificationReport
from screening.verify.trust import TrustList

UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class Row:
    """One verified credential (or one failed intake) and whom it belongs to."""

    candidate: str
    report: VerificationReport
    sha256: str | None = None
    source: str = ""
    data: bytes | None = field(default=None, repr=False)  # the original bytes, for the store

    def to_dict(self) -> dict[str, Any]:
        return {"candidate": self.candidate, "source": self.source, "sha256": self.sha256,
                **self.report.to_dict()}


@dataclass
class Screening:
    """The outside world for one screening run: clock, fetcher, trust list, contexts."""

    now: datetime
    fetcher: Fetcher = no_network
    trust: TrustList = field(default_factory=TrustList)
    loader: ContextStore | None = None  # the bundled contexts unless a test passes its own

    def __post_init__(self) -> None:
        # one cache for every credential in the run; links are fetched concurrently into it
        self.cache = CachingFetcher(self.fetcher)

    def verify_upload(self, data: bytes, name: str, candidate: str | None = None,
                      email: str | None = None) -> list[Row]:
        items, errors = ingest_bytes(data, name, candidate=candidate, candidate_email=email)
        return self._rows(items, errors)

    def verify_text(self, text: str, name: str = "pasted links",
                    candidate: str | None = None) -> list[Row]:
        items, errors = ingest_text(text, name, candidate=candidate)
        return self._rows(items, errors)

    def iter_rows(self, items: list[IngestedItem], errors: list[IntakeFailure]) -> Iterator[Row]:
        """Rows one at a time, so a page can show progress per credential."""
        for error in errors:
            yield intake_failure(error)
        self.cache.prefetch([*(item.link for item in items if item.link),
                               *document_urls(item.payload for item in items
                                              if not item.link)])
        for item in items:
            yield self.verify_item(item)

    def _rows(self, items: list[IngestedItem], errors: list[IntakeFailure]) -> list[Row]:
        return list(self.iter_rows(items, errors))

    def verify_item(self, item: IngestedItem) -> Row:
        payload: bytes | str = item.payload
        if item.link:
            try:  # a pasted or CSV link: the credential lives at that URL
                payload = self.cache(item.link).content
            except FetchError as exc:
                report = failed_report(item.source, "link_unreachable",
                                       f"The link could not be fetched: {exc.reason}.",
                                       link=item.link, fetch_code=getattr(exc, "code", None))
                return Row(_owner(item, report), report, item.sha256, item.source, item.data)
        person = Candidate(name=item.candidate or "",
                           emails=(item.candidate_email,) if item.candidate_email else ())
        report = verify(payload, now=self.now, fetcher=self.cache, trust=self.trust,
                        loader=self.loader, label=item.source, candidate=person or None)
        return Row(_owner(item, report), report, item.sha256, item.source, item.data)


def _owner(item: IngestedItem, report: VerificationReport) -> str:
    """Whom a credential is filed under: the recruiter's assignment, else the name the
    credential gives its subject, else the subject's e-mail or identifier."""
    if item.candidate:
        return item.candidate
    if item.candidate_email:
        return item.candidate_email
    named = subject_name(report)
    if named:
        return named
    subject = report.summary.subject_id or ""
    if subject.startswith("mailto:"):
        return subject.removeprefix("mailto:")
    return subject or UNASSIGNED


def subject_name(report: VerificationReport) -> str | None:
    """The person's name as the credential's subject states it (`credentialSubject.name`,
    a plain string), cleaned; None when it states none."""
    document = report.document if isinstance(report.document, Mapping) else {}
    subject = document.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if len(subject) == 1 else None
    name = subject.get("name") if isinstance(subject, Mapping) else None
    return clean_optional(name) if isinstance(name, str) else None


def intake_failure(error: IntakeFailure) -> Row:
    report = failed_report(error.source, error.code, error.message)
    return Row(error.candidate or UNASSIGNED, report, None, error.source)


def failed_report(label: str, code: str, message: str, **details: Any) -> VerificationReport:
    """A report for something that never reached the verifier (a failed intake)."""
    check = CheckResult("document_parsed", Status.FAIL, message,
                        {"intake_code": code, **{k: v for k, v in details.items() if v}})
    return VerificationReport(label, "unknown", "unknown", (check,))


def candidate_uploads(directory: Path) -> Iterator[tuple[str, bytes, str | None]]:
    """(label, bytes, candidate) for a folder of candidates: one sub-folder per candidate;
    files directly inside belong to whomever their content names."""
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        relative = path.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts):
            continue
        candidate = relative.parts[0] if len(relative.parts) > 1 else None
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        yield str(path), data, candidate
