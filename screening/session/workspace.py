"""The live screening without Streamlit: the candidate pool, the recruiter's decisions,
its snapshot against a role, and re-verification.

The pages keep a `Pool` in their session and render `snapshot_of(...)`; the CLI and the
tests call the same functions, so a page never shows a number the package cannot reproduce.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

from screening.batch.runner import UNASSIGNED, Row, RunSettings
from screening.ingest import ingest_bytes
from screening.matching.roles import Role
from screening.matching.scoring import ScoringConfig
from screening.present.credentials import CredentialRow, counted
from screening.present.snapshot import VERDICTS, ScreeningSnapshot
from screening.present.vocabulary import RecruiterDecision
from screening.session.compose import compose_snapshot
from screening.session.runs import Intake, verify_uploads
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
        (`UNASSIGNED`) are listed apart and never ranked, and a file that is not a
        credential is not one of anybody's credentials."""
        grouped: dict[str, list[VerificationReport]] = {}
        for row in self.rows:
            if row.candidate != UNASSIGNED and counted(row.report):
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

    def report_of(self, credential: CredentialRow) -> VerificationReport | None:
        """The verifier's whole report behind a snapshot's credential row (details for
        engineers: every check's details), while the pool still holds it."""
        return next((report for row in self.rows
                     if row.sha256 == credential.sha256 and row.source == credential.source
                     for report in (row.report, *row.report.iter_credentials())
                     if report.label == credential.file), None)

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


def snapshot_of(pool: Pool, role: Role, config: ScoringConfig, now: datetime
                ) -> ScreeningSnapshot:
    """The live screening as a snapshot: what every page renders."""
    return compose_snapshot(pool.rows, role, config, now,
                            decisions={name: (d.status, d.notes)
                                       for name, d in pool.decisions.items()})


def reverify(pool: Pool, settings: RunSettings) -> Pool:
    """The pool verified again from its original bytes with `settings` (its clock, trust
    list and documents). Rows without bytes (failed intakes) are kept as they were. The
    one re-verification path: after a trust-list change, and for a saved screening."""
    kept = [row for row in pool.rows if row.data is None]
    fresh = verify_uploads([taken_again(row.data, row.source, row.candidate)
                            for row in pool.rows if row.data is not None], settings)
    return Pool(kept + fresh, dict(pool.decisions), pool.demo)


def taken_again(data: bytes, source: str, candidate: str) -> Intake:
    """A stored document through intake again (its limits and checks), as the one
    document it was: it keeps its label. Taken as a new upload, a pasted or CSV link
    would be labelled "<label> line 1: <link>" again on every re-verification."""
    found, errors = ingest_bytes(data, source, candidate)
    if len(found) == 1 and not errors:
        found = [replace(found[0], source=source)]
    return found, errors


def verdict_tally(rows: Iterable[Row]) -> str:
    """"12 credentials: 8 verified, 2 warning, 1 unsupported, 1 failed" (each credential
    of a presentation counted on its own, as on the Verification page; files that are not
    credentials after them: "…; 1 file not a credential")."""
    counts: dict[str, int] = dict.fromkeys(VERDICTS, 0)
    others = 0
    for row in rows:
        for cred in row.report.iter_credentials():
            if not counted(cred):
                others += 1
                continue
            counts[str(cred.verdict)] = counts.get(str(cred.verdict), 0) + 1
    total = sum(counts.values())
    parts = ", ".join(f"{n} {verdict}" for verdict, n in counts.items() if n)
    tally = f"{total} credential{'' if total == 1 else 's'}" + (f": {parts}" if parts else "")
    if others:
        tally += f"; {others} file{'' if others == 1 else 's'} not a credential"
    return tally


def candidate_report(snapshot: ScreeningSnapshot, key: str) -> str:
    """Everything the snapshot knows about one candidate as JSON: each credential's
    verdict, plain status and checks, and the fit against the snapshot's role."""
    fit = snapshot.fit(key)
    payload: dict[str, Any] = {
        "candidate": snapshot.labels().get(key, key),
        "email": snapshot.email(key),
        "credentials": [asdict(row) for row in snapshot.credentials_of(key)],
    }
    if fit is not None:
        payload["role"] = {"id": snapshot.role.id, "title": snapshot.role.title,
                           "hash": snapshot.role.digest}
        payload["fit"] = asdict(fit)
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str)
