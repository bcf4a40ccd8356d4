"""Saved screenings: saving the live screening, re-verifying a saved one, and reading a
stored snapshot back for the Saved page and the shared view.

`save_current` keeps the role, the scoring configuration, the candidates, every
credential's original bytes and report, and a first snapshot; `reverify_saved` verifies
the stored bytes again (through the one re-verification path, `workspace.reverify`, and the one
composition, `compose.compose_snapshot`) and
adds a snapshot. Earlier snapshots never change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from screening.batch.runner import Row, RunSettings
from screening.matching.roles import Role, parse_role, role_to_toml
from screening.matching.scoring import ScoringConfig
from screening.present.cards import NOT_A_CREDENTIAL
from screening.present.snapshot import ScreeningSnapshot, candidate_email
from screening.session.compose import compose_snapshot
from screening.session.workspace import Pool, reverify
from screening.store.api import Store
from screening.store.records import (
    CandidateInput,
    CredentialInput,
    SaveScreening,
    ScreeningSummary,
    SharedView,
    Snapshot,
)
from screening.store.validate import candidate_problem
from screening.verify.report import VerificationReport


def save_current(store: Store, name: str, pool: Pool, snapshot: ScreeningSnapshot,
                 role: Role, config: ScoringConfig, actor: str, now: datetime,
                 verified_at: datetime | None = None) -> ScreeningSummary:
    """Save the live screening with `snapshot` (the pool's snapshot for `role`) as its first
    snapshot. `verified_at`: when the pool's checks ran (defaults to `now`).

    A candidate the store would refuse (see `unsavable_candidates`) is left out with their
    credentials, so one bad candidate never blocks saving the rest; the caller reports
    them. Their rows stay in the snapshot, which shows what was screened."""
    skipped = unsavable_candidates(pool)
    keep = [c for c in pool.candidates if c not in skipped]
    return store.save_screening(SaveScreening(
        name=name, role_key=role.id, role_title=role.title, role_toml=role_to_toml(role),
        scoring_config=config.to_dict(), config_hash=config.digest,
        candidates=[CandidateInput(c, candidate_email(pool.rows, c)) for c in keep],
        credentials=[CredentialInput(row.candidate, row.source, row.sha256, row.data,
                                     row.report.to_dict())
                     for row in pool.rows if stored(row) and row.candidate in keep],
        snapshot=snapshot.to_dict(),
        verified_at=verified_at or now), actor=actor, now=now)


def stored(row: Row) -> bool:
    """Whether a row's bytes are kept as a credential: only what may be a credential.
    A row the verifier lists as "not a credential" (an empty object, bare array elements,
    prose) stays in the snapshot's list and is never stored (issue 28, B6); nor is a row
    that carries no bytes (a failed intake, an upload cut short by its budget)."""
    return row.data is not None and row.report.kind != NOT_A_CREDENTIAL


def unsavable_candidates(pool: Pool) -> dict[str, str]:
    """Candidate -> why the store would refuse them (a name too long, say)."""
    found = {}
    for name in pool.candidates:
        problem = candidate_problem(name, candidate_email(pool.rows, name))
        if problem:
            found[name] = problem
    return found


def reverify_saved(store: Store, screening_id: str, settings: RunSettings, actor: str,
                   now: datetime) -> Snapshot:
    """Re-verify a saved screening's stored credential bytes with `settings` (its clock,
    trust list and documents), re-rank against the stored role and configuration, and add
    a new snapshot. Earlier snapshots stay as they were."""
    detail = store.open_screening(screening_id)
    role = parse_role(detail.role.toml, f"saved role {detail.role.key}", strict=False)
    config = config_from_dict(detail.scoring_config)
    stored = Pool([Row(cred.candidate, VerificationReport(cred.source, "unknown", "unknown",
                                                          ()), cred.sha256, cred.source,
                       cred.data)
                   for cred in detail.credentials if cred.data is not None])
    pool = reverify(stored, settings)
    previous = store.latest_snapshot(screening_id)
    # rows whose bytes were never stored (failed intake, "not a credential") carry over
    carried = ([row for row in read_snapshot(previous).verification
                if not row.sha256 or row.kind == NOT_A_CREDENTIAL] if previous else [])
    snapshot = compose_snapshot(pool.rows, role, config, now, scored_at=settings.now,
                                everyone=[c.name for c in detail.candidates], carried=carried,
                                emails={c.name: c.email for c in detail.candidates})
    return store.add_snapshot(screening_id, snapshot.to_dict(), actor, now,
                              verified_at=settings.now)


def read_snapshot(stored: Snapshot | SharedView) -> ScreeningSnapshot:
    """A stored snapshot (a saved screening's, or the one a share link opens) as the typed
    record every view renders."""
    return ScreeningSnapshot.from_dict(stored.content)


def config_from_dict(values: Mapping[str, Any]) -> ScoringConfig:
    """A ScoringConfig from `ScoringConfig.to_dict()` output (unknown keys ignored)."""
    config: ScoringConfig = _dataclass_from(ScoringConfig, values)
    return config


def _dataclass_from(cls: Any, values: Mapping[str, Any]) -> Any:
    kwargs = {}
    defaults = cls()
    for f in dataclasses.fields(cls):
        if f.name not in values:
            continue
        value = values[f.name]
        default = getattr(defaults, f.name)
        if dataclasses.is_dataclass(default) and isinstance(value, Mapping):
            value = _dataclass_from(type(default), value)
        kwargs[f.name] = value
    return cls(**kwargs)
