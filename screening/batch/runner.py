"""From intake items to verification rows: one run's outside world (`RunSettings`,
`Screening`), the one verification loop (`verify_each`: prefetch, then each item under the
upload's guard) and the rows it yields.

Every path that verifies — the app's uploads in-process or in worker processes, the CLI,
re-verification — goes through `verify_each`, so all show the same rows. Nothing here
raises on bad input: an upload that cannot be read becomes a failed row carrying its
intake code.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from screening.batch.prefetch import document_urls
from screening.errors import FetchError
from screening.fetch.choice import fetcher_for
from screening.fetch.seeds import CachingFetcher, Fetcher, no_network
from screening.ingest import IngestedItem, IntakeFailure, ingest_bytes, ingest_text
from screening.text import clean_optional
from screening.verify import budget, verify
from screening.verify.jsonld.processing import ContextStore
from screening.verify.pipeline import budget_report
from screening.verify.reach import answered, could_not_reach
from screening.verify.recipient import Candidate
from screening.verify.report import CheckResult, Status, VerificationReport
from screening.verify.trust import TrustList

UNASSIGNED = "unassigned"
MAX_BUDGET_FAILURES_PER_UPLOAD = 3  # documents of one upload over budget before it is cut
WORKER_CPU_SECONDS = 10  # CPU time for one document in a worker
WORKER_LIFETIME_CPU_SECONDS = 600  # hard limit of one worker process (the kernel kills it)
WORKER_MEMORY_HEADROOM = 768 * 1024 * 1024  # address space a worker may add at start


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


@dataclass(frozen=True)
class RunSettings:
    """One run's outside world as plain, picklable values, so a worker process verifies
    exactly as the parent would: the clock, the known-issuer list, the seed indexes and
    whether the guarded HTTP client may be used; and the limits each worker runs under."""

    now: datetime
    trust: TrustList
    seed_indexes: tuple[Path, ...] = ()
    online: bool = False
    cpu_seconds: int = WORKER_CPU_SECONDS
    memory_headroom: int | None = WORKER_MEMORY_HEADROOM
    lifetime_cpu_seconds: int = WORKER_LIFETIME_CPU_SECONDS
    # None: the platform's default. A threaded server (Streamlit) is safer with
    # "forkserver": workers then never inherit another thread's held locks.
    start_method: str | None = None

    def screening(self) -> Screening:
        return Screening(now=self.now, fetcher=fetcher_for(self.seed_indexes,
                                                           online=self.online),
                         trust=self.trust)


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
        """One file through intake and `verify_each` (tests and small tools)."""
        items, errors = ingest_bytes(data, name, candidate=candidate, candidate_email=email)
        return [*map(intake_failure, errors), *verify_each(self, items, UploadGuard())]

    def verify_text(self, text: str, name: str = "pasted links",
                    candidate: str | None = None) -> list[Row]:
        items, errors = ingest_text(text, name, candidate=candidate)
        return [*map(intake_failure, errors), *verify_each(self, items, UploadGuard())]

    def prefetch(self, items: Iterable[IngestedItem]) -> None:
        """Fetch the items' links and the documents they name side by side into the run's
        cache. Only a hint: verification fetches (from the cache) what it needs itself."""
        found = list(items)
        with contextlib.suppress(Exception, MemoryError):
            self.cache.prefetch([*(item.link for item in found if item.link),
                                 *document_urls(item.payload for item in found
                                                if not item.link)])

    def verify_item(self, item: IngestedItem) -> Row:
        payload: bytes | str = item.payload
        if item.link:
            try:  # a pasted or CSV link: the credential lives at that URL
                payload = self.cache(item.link).content
            except FetchError as exc:
                report = link_report(item.source, item.link, exc)
                return Row(_owner(item, report), report, item.sha256, item.source, item.data)
        person = Candidate(name=item.candidate or "",
                           emails=(item.candidate_email,) if item.candidate_email else ())
        report = verify(payload, now=self.now, fetcher=self.cache, trust=self.trust,
                        loader=self.loader, label=item.source, candidate=person or None)
        return Row(_owner(item, report), report, item.sha256, item.source, item.data)


VerifyOne = Callable[[IngestedItem], Row]


def verify_each(run: Screening, items: Sequence[IngestedItem], guard: UploadGuard,
                verify_one: VerifyOne | None = None) -> Iterator[Row]:
    """The one verification loop: the items' remote documents prefetched, then each item
    verified (`verify_one`, by default `run.verify_item`; a worker passes its CPU-limited
    version) unless its upload has been cut short by `guard`. Rows come in input order,
    one at a time, so a caller can show progress."""
    run.prefetch(items)
    check = verify_one or run.verify_item
    for item in items:
        yield guard.verify(item, check)


class UploadGuard:
    """Cuts an upload short once MAX_BUDGET_FAILURES_PER_UPLOAD of its documents have
    spent a whole budget (time, work, CPU, memory, a dead worker; the cheap caps do not
    count): a ZIP of thousands of hostile credentials then costs a few budgets, not
    thousands. The rest of that upload become failed rows
    (`upload_budget_exceeded`); other uploads are not affected."""

    def __init__(self, limit: int | None = None,
                 allowances: Mapping[str, int] | None = None) -> None:
        """`allowances`: budget failures each upload may still have (a worker is handed
        what the parent's guard has left)."""
        self.limit = MAX_BUDGET_FAILURES_PER_UPLOAD if limit is None else limit
        self.failures: dict[str, int] = {upload: self.limit - left
                                         for upload, left in (allowances or {}).items()}

    def allowance(self, item: IngestedItem) -> int:
        return self.limit - self.failures.get(item.upload, 0)

    def record(self, item: IngestedItem, row: Row) -> None:
        """Count `row` against its upload when it spent a whole budget."""
        self.failures[item.upload] = (self.failures.get(item.upload, 0)
                                      + budget.costly(row.report))

    def verify(self, item: IngestedItem, verify_one: VerifyOne) -> Row:
        """`verify_one(item)`, or the refusal once the item's upload is cut short."""
        row = refused_row(item) if self.allowance(item) <= 0 else verify_one(item)
        self.failures[item.upload] = (self.failures.get(item.upload, 0)
                                      + budget.costly(row.report))
        return row


def refused_row(item: IngestedItem) -> Row:
    return budget_row(item, budget.UPLOAD, "Not checked: other credentials in the same "
                      "upload took far more time or memory than any real credential, so "
                      "the rest of the upload was not checked.")


def budget_row(item: IngestedItem, code: str, message: str) -> Row:
    """A failed row for an item whose verification was stopped by a budget (`code`)."""
    report = budget_report(item.source, code, message)
    owner = item.candidate or item.candidate_email or UNASSIGNED
    return Row(owner, report, item.sha256, item.source, item.data)


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
    a plain string), cleaned; None when it states none, or when that name is the
    credential's or its achievement's own (an SD-JWT's `name` claim lands on the subject):
    a credential never names a candidate."""
    document = report.document if isinstance(report.document, Mapping) else {}
    subject = document.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if len(subject) == 1 else None
    name = subject.get("name") if isinstance(subject, Mapping) else None
    named = clean_optional(name) if isinstance(name, str) else None
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    own = {clean_optional(n) for n in (document.get("name"), report.summary.name,
                                       achievement.get("name")
                                       if isinstance(achievement, Mapping) else None)
           if isinstance(n, str)}
    return None if named in own else named


def intake_failure(error: IntakeFailure) -> Row:
    report = failed_report(error.source, error.code, error.message)
    return Row(error.candidate or UNASSIGNED, report, None, error.source)


def failed_report(label: str, code: str, message: str, **details: Any) -> VerificationReport:
    """A report for something that never reached the verifier (a failed intake)."""
    check = CheckResult("document_parsed", Status.FAIL, message,
                        {"intake_code": code, **{k: v for k, v in details.items() if v}})
    return VerificationReport(label, "unknown", "unknown", (check,))


def link_report(label: str, link: str, error: FetchError) -> VerificationReport:
    """A pasted or CSV link whose credential could not be fetched. Unreachable (offline,
    timeout, 5xx ...): nothing was read, so the row is indeterminate (`unsupported`, the
    link shown: checking online may settle it), never failed. A definitive answer (404,
    not JSON ...) fails it, saying what the server answered."""
    details = {"intake_code": "link_unreachable", "link": link, **error.details(),
               "reason": error.reason}
    if error.unreachable:
        check = CheckResult("document_parsed", Status.INDETERMINATE,
                            could_not_reach(f"the link {link}"), details)
    else:
        check = CheckResult("document_parsed", Status.FAIL,
                            f"The link could not be fetched: {answered(error)}.", details)
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
