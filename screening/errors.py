"""The product's exceptions: one tree under `ScreeningError`.

Bad *input* never raises out of the pipeline — intake turns it into an `IntakeFailure` row
and verification into a failed check. These exceptions are for callers: a store that cannot
be opened, a role file with problems, malformed access settings, a document that could
not be fetched, a verifier whose bundled data is broken. Each message is safe to show a
recruiter.

    ScreeningError
    ├── IntakeError             an upload (or part of one) cannot be taken in
    ├── VerificationSetupError  the verifier's own data (contexts, trust list) is unusable
    ├── FetchError              a remote document could not be fetched
    ├── RoleError               a role definition has problems (each listed)
    ├── AccessConfigError       the access settings (mode, allow-list) are malformed
    ├── SnapshotError           stored snapshot content cannot be read as a snapshot
    └── StoreError              the store refuses or cannot do something
        ├── NotFoundError       no such screening, snapshot or share link
        └── TamperedError       stored content no longer matches its recorded hash
"""

from __future__ import annotations

from collections.abc import Iterable
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


class FetchError(ScreeningError):
    """A document could not be fetched.

    `reason` is plain language for a recruiter, `code` a stable snake_case code for
    programs and tests, and `status` the HTTP status when there was one.
    """

    def __init__(self, url: str, reason: str, status: int | None = None, *,
                 code: str = "fetch_failed"):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.code = code


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
