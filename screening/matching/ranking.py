"""Ranking: every candidate scored against one role, as a pandas DataFrame (one row per
candidate) plus the full `CandidateFit` objects behind the rows.

Order: candidates not knocked out first, then fit (as displayed, one decimal) descending,
then required skills met descending, then candidate name — so equal-looking rows always
appear in the same order. Candidates level on the first three are *tied*: each one's
`CandidateFit.tied_with` names the others and its explanation says "tied with X; ordered
by name".
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import pandas as pd

from screening.matching.roles import Role
from screening.matching.scoring import DEFAULT_CONFIG, CandidateFit, ScoringConfig, score_candidate
from screening.verify.report import VerificationReport

TIE_NAMES = 10  # a tie names at most this many other candidates
COLUMNS = ["rank", "candidate", "fit", "band", "knocked_out", "required_met",
           "required_total", "missing", "top_evidence", "flags", "flag_codes",
           "credentials_counted", "credentials_excluded", "explanation"]


@dataclass(frozen=True)
class Ranking:
    role: Role
    table: pd.DataFrame  # one row per candidate, in rank order (COLUMNS)
    fits: dict[str, CandidateFit]  # by candidate, in rank order
    config_hash: str
    scored_at: str

    def to_dict(self) -> dict[str, Any]:
        return {"role": {"id": self.role.id, "title": self.role.title,
                         "hash": self.role.digest},
                "config_hash": self.config_hash, "scored_at": self.scored_at,
                "candidates": [{"rank": rank, **fit.to_dict()}
                               for rank, fit in enumerate(self.fits.values(), start=1)]}


def rank_candidates(role: Role, candidates: Mapping[str, Sequence[VerificationReport]],
                    config: ScoringConfig | None = None,
                    now: datetime | None = None, *,
                    confirmed: Mapping[str, Collection[str]] | None = None) -> Ranking:
    """Score every candidate (name → their credential reports) and rank them. `confirmed`:
    per candidate, the labels of credentials the recruiter confirmed as theirs although
    they name another holder."""
    if now is None:
        raise ValueError("now is required (a timezone-aware datetime)")
    config = config or DEFAULT_CONFIG
    confirmed = confirmed or {}
    fits = [score_candidate(role, list(reports), config, now, candidate=name,
                            confirmed=confirmed.get(name, ()))
            for name, reports in candidates.items()]
    fits.sort(key=rank_key)
    fits = _ties(fits)
    rows = [_row(rank, fit) for rank, fit in enumerate(fits, start=1)]
    table = pd.DataFrame(rows, columns=COLUMNS)
    return Ranking(role=role, table=table, fits={f.candidate: f for f in fits},
                   config_hash=config.digest, scored_at=now.isoformat())


def rank_key(fit: CandidateFit) -> tuple[Any, ...]:
    return (fit.knocked_out, -round(fit.fit, 1), -fit.required_met, fit.candidate)


def _ties(fits: list[CandidateFit]) -> list[CandidateFit]:
    """Say who is level with whom (same knock-out, fit as shown and required met): such
    candidates are ordered by name, and their explanations say so. A large tie names the
    first TIE_NAMES others and counts the rest (`tied_count`)."""
    groups: dict[tuple[Any, ...], list[str]] = {}
    for fit in fits:
        groups.setdefault(rank_key(fit)[:3], []).append(fit.candidate)
    out = []
    for fit in fits:
        group = groups[rank_key(fit)[:3]]
        if len(group) < 2:
            out.append(fit)
            continue
        others = [n for n in group[: TIE_NAMES + 1] if n != fit.candidate][:TIE_NAMES]
        out.append(replace(fit, tied_with=tuple(others), tied_count=len(group) - 1))
    return out


def _row(rank: int, fit: CandidateFit) -> dict[str, Any]:
    return {
        "rank": rank,
        "candidate": fit.candidate,
        "fit": round(fit.fit, 1),
        "band": fit.band,
        "knocked_out": fit.knocked_out,
        "required_met": fit.required_met,
        "required_total": fit.required_total,
        "missing": list(fit.missing),
        "top_evidence": fit.top_evidence(),
        "flags": [f.message for f in fit.flags],
        "flag_codes": [f.code for f in fit.flags],
        "credentials_counted": sum(1 for c in fit.credentials if c.counted),
        "credentials_excluded": sum(1 for c in fit.credentials if not c.counted),
        "explanation": fit.explanation,
    }
