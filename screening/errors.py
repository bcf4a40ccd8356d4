"""The product's exceptions: one tree under `ScreeningError`.

Bad *input* never raises out of the pipeline — intake turns it into an `IntakeFailure` row
and verification into a failed check. These exceptions are for callers: a store that cannot
be opened, a role file with problems, malformed access settings, a document that could
not be fetched, a verifier whose bundled data is broken. Each message is safe to show a
recruiter.

    ScreeningError
    ├── IntakeError             an upload (or part of one) cannot be taken in
    ├── VerificationSetupError  the verifier's own data (contexts, trust list) is unusable
    ├── FetchError              a remote document could not be fetched (kind: FetchOutcome)
    ├── RoleError               a role definition has problems (each listed)
    ├── AccessConfigError       the access settings (mode, allow-list) are malformed
    ├── SnapshotError           stored snapshot content cannot be read as a snapshot
    └── StoreError              the store refuses or cannot do something
        ├── NotFoundError       no such screening, snapshot or share link
        └── TamperedError       stored content no longer matches its recorded hash
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol


class ScreeningError(Exception):
    """Base of every exception the product raises on purpose."""


class IntakeError(ScreeningError):
    """Raised inside intake readers; turned into an `IntakeFailure` row at the boundary."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class VerificationSetupError(ScreeningError, ValueError):
    """The verifier cannot be set up: a bundled context or manifest is missing or its
    digest does not match, or a trust list file is malformed."""


class FetchOutcome(StrEnum):
    """How a fetch ended, which decides what a check that needed the document may conclude.

    fetched      the document arrived
    unreachable  nobody answered about it: offline (not in the seed cache), network
                 disabled, DNS failure, a connect/read timeout, a TLS error, HTTP 5xx/408/
                 429, a size or time budget, too many redirects, an address or scheme the
                 guard refuses. Nothing is known about the document: checks that needed it
                 are indeterminate, never failed ("check online").
    definitive   the server answered and the answer settles it: 404, 410 or another 4xx, a
                 wrong content type, a body that is not JSON. Checks may fail on it.
    """

    FETCHED = "fetched"
    UNREACHABLE = "unreachable"
    DEFINITIVE = "definitive"


# `FetchError.code` -> the outcome it stands for: the one place the kind is decided.
# `http_error` depends on the status (see `fetch_outcome`); unknown codes are unreachable
# (a failure we cannot explain proves nothing about the document).
FETCH_CODE_OUTCOMES: dict[str, FetchOutcome] = {
    "fetch_failed": FetchOutcome.UNREACHABLE,
    "not_available_offline": FetchOutcome.UNREACHABLE,
    "network_disabled": FetchOutcome.UNREACHABLE,
    "seed_unreadable": FetchOutcome.UNREACHABLE,
    "network_budget_exceeded": FetchOutcome.UNREACHABLE,
    "scheme_not_allowed": FetchOutcome.UNREACHABLE,
    "credentials_in_url": FetchOutcome.UNREACHABLE,
    "invalid_url": FetchOutcome.UNREACHABLE,
    "blocked_address": FetchOutcome.UNREACHABLE,
    "dns_failure": FetchOutcome.UNREACHABLE,
    "unreachable": FetchOutcome.UNREACHABLE,
    "tls_error": FetchOutcome.UNREACHABLE,
    "timeout": FetchOutcome.UNREACHABLE,
    "too_many_redirects": FetchOutcome.UNREACHABLE,
    "redirected_off_origin": FetchOutcome.UNREACHABLE,
    "upload_budget_exceeded": FetchOutcome.UNREACHABLE,
    "too_large": FetchOutcome.UNREACHABLE,
    "bad_response": FetchOutcome.UNREACHABLE,
    "http_error": FetchOutcome.DEFINITIVE,  # 404 and 410; any other status is unreachable
    "not_json": FetchOutcome.DEFINITIVE,
    "wrong_content_type": FetchOutcome.DEFINITIVE,
}
# The only answers that say the document is not there: Not Found and Gone. Every other
# status says "not to you, not now": 401/403 (a login or a bot blocker), 405/406 (our
# request), 408/425/429 (time, rate limits), 451, 5xx — none proves anything about the
# document, so none may fail a check.
DEFINITIVE_STATUSES = frozenset({404, 410})


def fetch_outcome(code: str, status: int | None = None) -> FetchOutcome:
    """The outcome a failed fetch stands for, from its code and HTTP status."""
    if status is not None:
        return FetchOutcome.DEFINITIVE if status in DEFINITIVE_STATUSES \
            else FetchOutcome.UNREACHABLE
    if code == "http_error":  # an HTTP error without its status says nothing definite
        return FetchOutcome.UNREACHABLE
    return FETCH_CODE_OUTCOMES.get(code, FetchOutcome.UNREACHABLE)


class FetchError(ScreeningError):
    """A document could not be fetched.

    `reason` is plain language for a recruiter, `code` a stable snake_case code for
    programs and tests, `status` the HTTP status when there was one, and `kind` whether the
    document was unreachable or the server answered definitively (`fetch_outcome`; a
    fetcher may pass `kind` when it knows better than its code).
    """

    def __init__(self, url: str, reason: str, status: int | None = None, *,
                 code: str = "fetch_failed", kind: FetchOutcome | None = None):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.code = code
        self.kind = kind if kind is not None else fetch_outcome(code, status)

    @property
    def unreachable(self) -> bool:
        return self.kind is not FetchOutcome.DEFINITIVE

    def details(self) -> dict[str, object]:
        """What a check's details say about this fetch (`fetch`, `fetch_code`, ...)."""
        found: dict[str, object] = {"fetch": str(self.kind), "fetch_code": self.code,
                                    "url": self.url}
        if self.status is not None:
            found["http_status"] = self.status
        return found


class Problem(Protocol):
    """One problem of a role definition (see `screening.matching.roles.RoleProblem`)."""

    @property
    def code(self) -> str: ...

    @property
    def field(self) -> str: ...

    @property
    def message(self) -> str: ...


class RoleError(ScreeningError, ValueError):
    """A role definition has problems; `problems` lists every one of them."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def codes(self) -> set[str]:
        return {p.code for p in self.problems}


class AccessConfigError(ScreeningError, ValueError):
    """The access settings (mode, allow-list) are malformed; the message says where.
    Raised by `screening.access`, which the launcher and the app both consult."""


class SnapshotError(ScreeningError):
    """Content is not a screening snapshot this version can read: an unknown `format`, or
    a record that is not a JSON object. (Unknown words inside a readable snapshot, such as
    a verdict this version does not know, are not errors: see
    `screening.present.snapshot.FALLBACKS`.)"""


class StoreError(ScreeningError):
    """Anything the store refuses or cannot do; the message is safe to show a user."""


class NotFoundError(StoreError):
    """The screening, snapshot or share link asked for does not exist."""


class TamperedError(StoreError):
    """Stored snapshot content no longer matches the SHA-256 recorded when it was saved."""
