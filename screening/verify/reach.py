"""What a check may conclude when a document it needs could not be fetched (issue 23).

`FetchError.kind` (screening/errors.py) says whether the document was *unreachable* —
nobody answered: offline, not in the seed cache, DNS, timeout, 5xx ... — or the server
answered *definitively* (404, 410, not JSON). Only a definitive answer can
fail a check; an unreachable document makes the check `indeterminate`, with a message
naming what could not be reached and saying that checking online may settle it, and
details carrying `fetch: "unreachable"` and the fetch code.
"""

from __future__ import annotations

from typing import Any

from screening.errors import FetchError
from screening.verify.keys.did import ResolutionError
from screening.verify.report import CheckResult, Status

FETCH = "fetch"  # details key: the fetch outcome ("unreachable" | "definitive")


def could_not_reach(what: str) -> str:
    """The recruiter's message for a document that could not be reached."""
    return f"Could not reach {what} — check online; this says nothing against the credential."


def unreachable_check(code: str, what: str, error: FetchError, **details: Any) -> CheckResult:
    """`code` left indeterminate because `what` could not be reached."""
    return CheckResult(code, Status.INDETERMINATE, could_not_reach(what),
                       {**details, **error.details(), "reason": error.reason})


def answered(error: FetchError) -> str:
    """What the server answered, in words (for a check that fails on a definitive answer)."""
    if error.status is not None:
        return f"{error.url} answered HTTP {error.status}"
    return f"{error.url}: {error.reason}"


def resolution_failure(exc: ResolutionError, code: str = "verification_method_resolved",
                       **details: Any) -> CheckResult:
    """The check for a key that could not be resolved: indeterminate when a document it
    needed was unreachable, else failed, saying what the server answered when it did."""
    error = exc.fetch_error
    if error is not None and exc.unreachable:
        return unreachable_check(code, exc.target or error.url, error, **details)
    info: dict[str, Any] = {**details, "reason": str(exc)}
    message = "The issuer's signing key could not be found."
    if error is not None:
        info |= error.details()
        message = f"The issuer's signing key could not be found: {answered(error)}."
    return CheckResult(code, Status.FAIL, message, info)
