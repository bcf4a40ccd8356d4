"""The words a snapshot is written in, each declared once, in the order every view uses.

A table, a chart's legend and colours, a filter's options and a summary all list these in
the order declared here (or, for the verdicts, in `VERDICTS`), never in an order of their
own. Every one is a `StrEnum`, so a snapshot's JSON keeps plain strings.

- `Verdict` (screening.verify.report): the verifier's; views list them in `VERDICTS`
  (verified, warning, unsupported, failed: from good news to bad), which differs from
  the verifier's declaration order, so the display order is declared here, once.
- `Status` (screening.verify.report): a check's outcome (pass, fail, indeterminate, n/a).
- `PlainStatus` (screening.present.cards): the kind of a credential card's status line.
- `Band` and `Coverage` (screening.matching.scoring): where they are computed.
- `RecruiterDecision` (here): the recruiter's decision on a candidate.

And the one policy views share: which verdicts "need a look" (`NEEDS_ATTENTION`).
"""

from __future__ import annotations

from enum import StrEnum

from screening.matching.scoring import Band, Coverage
from screening.present.cards import PlainStatus
from screening.verify.report import Status, Verdict

__all__ = ["BANDS", "NEEDS_ATTENTION", "VERDICTS", "Band", "Coverage", "PlainStatus",
           "RecruiterDecision", "Status", "Verdict", "needs_attention"]


class RecruiterDecision(StrEnum):
    """The recruiter's decision on a candidate, in the order a recruiter picks from."""

    NEW = "new"  # not decided yet
    SHORTLISTED = "shortlisted"
    REJECTED = "rejected"


VERDICTS: tuple[Verdict, ...] = (Verdict.VERIFIED, Verdict.WARNING, Verdict.UNSUPPORTED,
                                 Verdict.FAILED)
"""Every verdict, in the order views list them (tables, charts, filters, summaries)."""

BANDS: tuple[Band, ...] = tuple(Band)
"""Every band a view shows (`band_shown`), best first, "knocked out" last."""

NEEDS_ATTENTION: frozenset[Verdict] = frozenset({Verdict.WARNING, Verdict.UNSUPPORTED})
"""The verdicts a recruiter should look at before relying on a credential: neither
verified nor failed."""


def needs_attention(verdict: Verdict | str) -> bool:
    """Whether a credential with this verdict "needs a look" (see `NEEDS_ATTENTION`)."""
    return verdict in NEEDS_ATTENTION
