"""The live screening without Streamlit: the candidate pool, its snapshot against a role,
re-verification, and the sample data a new session opens on.

The pages keep a `Pool` in their session and render `snapshot_of(...)`; the CLI and the
tests call the same functions, so a page never shows a number the package cannot reproduce.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from screening.batch.runner import UNASSIGNED, Row, Screening, candidate_uploads
from screening.batch.samples import sample_fetcher, sample_trust
from screening.matching.ranking import Ranking, rank_candidates
from screening.matching.roles import Role, list_roles
from screening.matching.scoring import ScoringConfig
from screening.present.snapshot import VERDICTS, ScreeningSnapshot, build_snapshot
from screening.present.vocabulary import RecruiterDecision
from screening.settings import ROLES_DIR, SAMPLE_DIR
from screening.text import clean_text
from screening.verify.report import VerificationReport


@dataclass
class Pool:
    """The credentials of one screening, grouped by candidate, and the recruiter's
    decision on each candidate (shortlisted, rejected, notes)."""

    rows: list[Row] = field(default_factory=list)
    decisions: dict[str, Decision] = field(default_factory=dict)
    demo: bool = False  # the bundled sample candidates, never mixed with real uploads

    @property
    def key(self) -> str:
        """Identifies the pool's content: snapshots are cached per pool, role and config."""
        digest = hashlib.sha256()
        for row in self.rows:
            digest.update(f"{row.candidate}\0{row.source}\0{row.sha256}\0"
                          f"{row.report.verdict}\n".encode())
        for name in sorted(self.decisions):
            decision = self.decisions[name]
            digest.update(f"{name}\0{decision.status}\0{decision.notes}\n".encode())
        return digest.hexdigest()

    @property
    def candidates(self) -> list[str]:
        """Everyone with a credential (the files that belong to nobody included)."""
        return sorted({row.candidate for row in self.rows}, key=str.casefold)

    def reports_by_candidate(self) -> dict[str, list[VerificationReport]]:
        """The credentials of each candidate who is ranked: files that belong to nobody
        (`UNASSIGNED`) are listed apart and never ranked."""
        grouped: dict[str, list[VerificationReport]] = {}
        for row in self.rows:
            if row.candidate != UNASSIGNED:
                grouped.setdefault(row.candidate, []).append(row.report)
        return grouped

    def decide(self, names: Iterable[str], status: str | None = None,
               notes: str | None = None) -> None:
        """Set the status (new / shortlisted / rejected) and/or notes of candidates."""
        if status is not None and status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        for name in names:
            current = self.decisions.get(name, Decision())
            self.decisions[name] = Decision(status if status is not None else current.status,
                                            clean_text(notes, MAX_NOTES) if notes is not None
                                            else current.notes)

    def rename(self, old: str, new: str) -> None:
        """Rename a candidate; renaming onto an existing candidate merges the two (their
        credentials together, the notes of both kept)."""
        new = clean_text(new)
        if not new or new == old:
            return
        self.rows = [replace(row, candidate=new) if row.candidate == old else row
                     for row in self.rows]
        moved = self.decisions.pop(old, None)
        if moved is not None:
            kept = self.decisions.get(new)
            notes = "\n".join(n for n in (kept.notes if kept else "", moved.notes) if n)
            status = kept.status if kept and kept.status != "new" else moved.status
            self.decisions[new] = Decision(status, notes)

    def rows_of(self, candidate: str) -> list[Row]:
        return [row for row in self.rows if row.candidate == candidate]

    def extend(self, rows: Iterable[Row]) -> None:
        """Add rows; a credential already in the pool (same candidate and bytes) is replaced."""
        incoming = list(rows)
        seen = {(r.candidate, r.sha256, r.source) for r in incoming}
        self.rows = [r for r in self.rows if (r.candidate, r.sha256, r.source) not in seen]
        self.rows.extend(incoming)


STATUSES = tuple(d.value for d in RecruiterDecision)  # the decisions, in the enum's order
MAX_NOTES = 4_000


@dataclass(frozen=True)
class Decision:
    """A recruiter's decision on one candidate for this screening."""

    status: str = "new"
    notes: str = ""


def display_name(folder: str) -> str:
    """'ada-lovelace' -> 'Ada Lovelace' (sample folders are slugs)."""
    return " ".join(part.capitalize() for part in folder.replace("_", "-").split("-") if part)


def sample_screening(now: datetime) -> Screening:
    return Screening(now=now, fetcher=sample_fetcher(), trust=sample_trust())


def sample_uploads(root: Path = SAMPLE_DIR) -> list[tuple[str, bytes, str | None]]:
    """(label, bytes, candidate) for the bundled sample candidates."""
    base = root / "candidates"
    if not base.is_dir():
        return []
    return [(str(Path(label).relative_to(base)), data,
             display_name(candidate) if candidate else None)
            for label, data, candidate in candidate_uploads(base)]


def sample_roles() -> dict[str, Role]:
    return {role.id: role for role in list_roles(ROLES_DIR)} if ROLES_DIR.is_dir() else {}


def rank(pool: Pool, role: Role, config: ScoringConfig, now: datetime) -> Ranking:
    return rank_candidates(role, pool.reports_by_candidate(), config, now)


def snapshot_of(pool: Pool, role: Role, config: ScoringConfig, now: datetime
                ) -> ScreeningSnapshot:
    """The live screening as a snapshot: what every page renders."""
    return build_snapshot(pool.rows, rank(pool, role, config, now), role, config, now,
                          decisions={name: (d.status, d.notes)
                                     for name, d in pool.decisions.items()})


def reverify(pool: Pool, run: Screening) -> Pool:
    """The pool verified again from its original bytes with `run` (its clock, trust list
    and fetcher). Rows without bytes (failed intakes) are kept as they were. The one
    re-verification path: after a trust-list change, and for a saved screening."""
    kept = [row for row in pool.rows if row.data is None]
    fresh = [new for row in pool.rows if row.data is not None
             for new in run.verify_upload(row.data, row.source, row.candidate)]
    return Pool(kept + fresh, dict(pool.decisions), pool.demo)


def verdict_tally(rows: Iterable[Row]) -> str:
    """"12 credentials: 8 verified, 2 warning, 1 unsupported, 1 failed" (each credential
    of a presentation counted on its own, as on the Verification page)."""
    counts: dict[str, int] = dict.fromkeys(VERDICTS, 0)
    for row in rows:
        for cred in row.report.iter_credentials():
            counts[str(cred.verdict)] = counts.get(str(cred.verdict), 0) + 1
    total = sum(counts.values())
    parts = ", ".join(f"{n} {verdict}" for verdict, n in counts.items() if n)
    return f"{total} credential{'' if total == 1 else 's'}" + (f": {parts}" if parts else "")


def candidate_report(pool: Pool, candidate: str, snapshot: ScreeningSnapshot | None) -> str:
    """Everything known about one candidate as JSON: verification reports and the fit."""
    payload: dict[str, Any] = {
        "candidate": candidate,
        "credentials": [row.to_dict() for row in pool.rows_of(candidate)],
    }
    if snapshot is not None:
        key = next((c.key for c in snapshot.candidates if c.name == candidate), None)
        fit = snapshot.fit(key) if key else None
        if fit is not None:
            payload["role"] = {"id": snapshot.role.id, "title": snapshot.role.title,
                               "hash": snapshot.role.digest}
            payload["fit"] = asdict(fit)
    return json.dumps(payload, indent=2, ensure_ascii=False)
