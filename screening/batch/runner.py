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
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from screening.batch.prefetch import document_urls
from screening.batch.upload import (
    NETWORK,
    REQUESTS,
    SECONDS,
    STORED,
    UploadBudget,
    UploadNetwork,
    budgets_for,
)
from screening.errors import FetchError
from screening.fetch.choice import fetcher_for
from screening.fetch.seeds import CachingFetcher, Fetcher, no_network
from screening.ingest import (
    IngestedItem,
    IntakeFailure,
    ingest_bytes,
    ingest_text,
    platforms,
    profile,
)
from screening.ingest.items import NOT_READ, OVER_LIMIT
from screening.text import clean_optional
from screening.verify import budget, verify
from screening.verify.jsonld.processing import ContextStore
from screening.verify.pipeline import budget_report, upload_budget_report
from screening.verify.reach import answered, could_not_reach
from screening.verify.recipient import Candidate
from screening.verify.report import (
    CheckResult,
    CredentialSummary,
    Status,
    VerificationReport,
    not_understood,
)
from screening.verify.status.decoded import DecodedCache
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
                         trust=self.trust, prefetching=self.online)


@dataclass
class Screening:
    """The outside world for one screening run: clock, fetcher, trust list, contexts."""

    now: datetime
    fetcher: Fetcher = no_network
    trust: TrustList = field(default_factory=TrustList)
    loader: ContextStore | None = None  # the bundled contexts unless a test passes its own
    # fetch a pool's remote documents side by side first: worth it only when they come from
    # the network; offline they are local seed files, read as verification needs them
    prefetching: bool = True

    def __post_init__(self) -> None:
        # one cache for every credential in the run; links are fetched concurrently into it
        self.cache = CachingFetcher(self.fetcher)
        # what verification fetches through: the cache, each real fetch charged to the
        # upload being verified (its network deadline and request count; upload.py)
        self.network = UploadNetwork(self.cache)
        # status lists decoded once per run, shared by every credential (bounded in bytes)
        self.decoded = DecodedCache()

    def verify_upload(self, data: bytes, name: str, candidate: str | None = None,
                      email: str | None = None) -> list[Row]:
        """One file through intake and `verify_each` (tests and small tools)."""
        items, errors = ingest_bytes(data, name, candidate=candidate, candidate_email=email)
        return [*map(intake_failure, errors), *verify_each(self, items, UploadGuard())]

    def verify_text(self, text: str, name: str = "pasted links",
                    candidate: str | None = None) -> list[Row]:
        items, errors = ingest_text(text, name, candidate=candidate)
        return [*map(intake_failure, errors), *verify_each(self, items, UploadGuard())]

    def prefetch(self, items: Iterable[IngestedItem],
                 budgets: Mapping[str, UploadBudget] | None = None) -> None:
        """Fetch the items' links and the documents they name side by side into the run's
        cache, upload by upload, each charged to its upload's budget (`budgets`). Only a
        hint: verification fetches (from the cache) what it needs itself."""
        if not self.prefetching:
            return
        by_upload: dict[str, list[IngestedItem]] = {}
        for item in items:
            by_upload.setdefault(item.upload, []).append(item)
        for upload, found in by_upload.items():
            charged = (budgets or {}).get(upload)
            if charged is not None and charged.exhausted() is not None:
                continue
            with contextlib.suppress(Exception, MemoryError), \
                    self.network.charging(charged, hint=True):
                self.network.prefetch([*(target for item in found if item.link and (
                    target := platforms.fetch_target(item.link))),
                                       *document_urls(item.payload for item in found
                                                      if not item.link)])

    def verify_item(self, item: IngestedItem) -> Row:
        payload: bytes | str = item.payload
        if item.claim is not None:  # a pasted profile's entry without a link
            report = self_reported_report(item.source, item.claim)
            return Row(_owner(item, report), report, item.sha256, item.source, item.data)
        if item.link:
            platform = platforms.resolve(item.link)  # a badge platform's page: its data
            if platform is not None and platform.data_url is None:
                report = page_only_report(item.source, item.link, platform.platform)
                return Row(_owner(item, report), report, item.sha256, item.source, item.data)
            target = platform.data_url if platform and platform.data_url else item.link
            try:  # a pasted or CSV link: the credential lives at that URL
                payload = self.network(target).content
            except FetchError as exc:
                report = link_report(item.source, target, exc)
                return Row(_owner(item, report), report, item.sha256, item.source, item.data)
        person = Candidate(name=item.candidate or "",
                           emails=(item.candidate_email,) if item.candidate_email else ())
        report = verify(payload, now=self.now, fetcher=self.network, trust=self.trust,
                        loader=self.loader, label=item.source, candidate=person or None,
                        decoded=self.decoded)
        return Row(_owner(item, report), report, item.sha256, item.source, item.data)


VerifyOne = Callable[[IngestedItem], Row]


def verify_each(run: Screening, items: Sequence[IngestedItem], guard: UploadGuard,
                verify_one: VerifyOne | None = None) -> Iterator[Row]:
    """The one verification loop: the items' remote documents prefetched, then each item
    verified (`verify_one`, by default `run.verify_item`; a worker passes its CPU-limited
    version) unless its upload has been cut short by `guard`. Rows come in input order,
    one at a time, so a caller can show progress."""
    guard.plan(items)
    run.prefetch(items, guard.budgets)
    check = verify_one or run.verify_item
    for item in items:
        yield guard.verify(item, check, run.network)


class UploadGuard:
    """Holds each upload to its one budget (`batch.upload.UploadBudget`: verification time
    and work, network deadline and requests, stored bytes) and cuts it short once
    MAX_BUDGET_FAILURES_PER_UPLOAD of its documents have spent a whole budget of their
    own (time, work, CPU, memory, a dead worker; the cheap caps do not count). The rest of
    that upload become indeterminate "not checked" rows (`upload_budget_exceeded`); other
    uploads are not affected."""

    def __init__(self, limit: int | None = None,
                 allowances: Mapping[str, int] | None = None,
                 budgets: Mapping[str, UploadBudget] | None = None) -> None:
        """`allowances`: budget failures each upload may still have; `budgets`: each
        upload's budget (a worker is handed what the parent's guard has left)."""
        self.limit = MAX_BUDGET_FAILURES_PER_UPLOAD if limit is None else limit
        self.failures: dict[str, int] = {upload: self.limit - left
                                         for upload, left in (allowances or {}).items()}
        self.budgets: dict[str, UploadBudget] = dict(budgets or {})

    def plan(self, items: Sequence[IngestedItem]) -> None:
        """A budget for every upload among `items` that has none yet (by its item count)."""
        for upload, fresh in budgets_for(i for i in items if i.upload not in self.budgets
                                         ).items():
            self.budgets[upload] = fresh

    def budget_for(self, item: IngestedItem) -> UploadBudget:
        if item.upload not in self.budgets:
            self.budgets[item.upload] = UploadBudget.for_items(1)
        return self.budgets[item.upload]

    def allowance(self, item: IngestedItem) -> int:
        return self.limit - self.failures.get(item.upload, 0)

    def record(self, item: IngestedItem, row: Row) -> None:
        """Count `row` against its upload when it spent a whole budget."""
        self.failures[item.upload] = (self.failures.get(item.upload, 0)
                                      + budget.costly(row.report))

    def refusal(self, item: IngestedItem) -> str | None:
        """Why `item` is not checked (the figure of its upload's budget that ran out), or
        None."""
        charged = self.budget_for(item)
        if self.allowance(item) <= 0:
            return "failures"
        out = charged.exhausted()
        if out is None and charged.spent_stored + len(item.data or b"") > charged.stored:
            charged.out = out = STORED
        return out

    def verify(self, item: IngestedItem, verify_one: VerifyOne,
               network: UploadNetwork | None = None) -> Row:
        """`verify_one(item)` within its upload's budget, or the refusal once that budget
        has run out."""
        charged = self.budget_for(item)
        reason = self.refusal(item)
        if reason is None:
            with budget.metered(charged.allowance()) as meter, \
                    (network.charging(charged) if network is not None
                     else contextlib.nullcontext()):
                row = verify_one(item)
            charged.charge(meter)
            if charged.out in (NETWORK, REQUESTS) and not _complete(row):
                reason = charged.out  # its own fetches were cut: not checked either
            elif row.report.check(budget.UPLOAD) is not None:
                charged.out = charged.out or SECONDS
                row = replace(row, data=None)
        if reason is not None:
            row = refused_row(item, reason)
        self.record(item, row)
        charged.spent_stored += len(row.data or b"")
        return row


def _complete(row: Row) -> bool:
    """Whether no check of `row` was left undecided by a fetch its upload's budget cut."""
    return not any(check.details.get("fetch_code") == budget.UPLOAD
                   for check in row.report.checks)


def refused_row(item: IngestedItem, figure: str = "failures") -> Row:
    """The indeterminate row of an item its upload's budget left unchecked: listed, its
    bytes not kept (nothing of it is stored)."""
    report = upload_budget_report(item.source, figure=figure)
    owner = item.candidate or item.candidate_email or UNASSIGNED
    return Row(owner, report, item.sha256, item.source, None)


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
    if error.code == budget.UPLOAD:  # the upload's inflate budget ran out: not checked
        return Row(error.candidate or UNASSIGNED,
                   upload_budget_report(error.source, figure="inflated",
                                        reason=error.message), None, error.source)
    if error.code in OVER_LIMIT:  # refused by a limit of ours: not checked, not failed
        report = budget_report(error.source, error.code, error.message, intake_code=error.code)
    elif error.code in NOT_READ:  # what this version could not read proves nothing
        report = VerificationReport(error.source, "unknown", "unknown", (not_understood(
            "document_parsed", error.message, error.code, intake_code=error.code),))
    else:
        report = failed_report(error.source, error.code, error.message)
    return Row(error.candidate or UNASSIGNED, report, None, error.source)


def failed_report(label: str, code: str, message: str, **details: Any) -> VerificationReport:
    """A report for something that never reached the verifier (a failed intake)."""
    check = CheckResult("document_parsed", Status.FAIL, message,
                        {"intake_code": code, **{k: v for k, v in details.items() if v}})
    return VerificationReport(label, "unknown", "unknown", (check,))


def self_reported_report(label: str, claim: Mapping[str, str]) -> VerificationReport:
    """A certification a candidate listed on a profile with no verifiable link: shown as
    self-reported, never verified, so counted zero unless the scoring settings let such
    claims count a little (ScoringConfig.self_reported; issue 24). Its document holds
    what the candidate typed, for the skill matcher."""
    summary = CredentialSummary(name=claim.get("title"), issuer_name=claim.get("issuer"),
                                valid_from=claim.get("issued"),
                                valid_until=claim.get("expires"), types=("SelfReported",))
    document = {"type": ["SelfReported"], "name": claim.get("title", ""),
                "issuer": {"name": claim.get("issuer", "")}}
    issued = profile.month_start(claim.get("issued"))
    if issued is not None:
        document["validFrom"] = issued
    return VerificationReport(label, "credential", "self-reported", (
        CheckResult("document_parsed", Status.PASS, "The profile entry was read.",
                    {"claim": dict(claim)}),
        not_understood("self_reported", "Self-reported: the candidate listed this without "
                       "a link to the credential, so it cannot be checked; it counts zero "
                       "unless your scoring settings let self-reported claims count a "
                       "little.", "a self-reported claim", **dict(claim))), summary,
        document=document)


def page_only_report(label: str, link: str, platform: platforms.Platform
                     ) -> VerificationReport:
    """A link to a badge platform that publishes only a web page: named, never fetched
    (a web page proves nothing), never failed (issue 24)."""
    return VerificationReport(label, "credential", "platform-page", (
        CheckResult("document_parsed", Status.PASS, "The link was recognised.",
                    {"link": link, "platform": platform.name}),
        not_understood("platform_publishes_data",
                       platforms.PAGE_ONLY_MESSAGE.format(name=platform.name),
                       f"a {platform.name} web page", link=link,
                       platform=platform.name)))


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
