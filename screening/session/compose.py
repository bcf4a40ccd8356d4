"""Rank → snapshot: the one composition behind every view of a screening.

The live pages (`workspace.snapshot_of`), `screening rank`, and re-verification of a saved
screening all rank verified rows against a role here and freeze the result as a
`ScreeningSnapshot`, which is all a view ever reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from screening.batch.runner import UNASSIGNED, Row
from screening.matching.ranking import rank_candidates
from screening.matching.roles import Role
from screening.matching.scoring import ScoringConfig
from screening.present.credentials import CredentialRow, counted
from screening.present.snapshot import ScreeningSnapshot, build_snapshot
from screening.verify.report import VerificationReport


def compose_snapshot(rows: Sequence[Row], role: Role, config: ScoringConfig, now: datetime,
                     *, everyone: Iterable[str] = (), scored_at: datetime | None = None,
                     carried: Iterable[CredentialRow] = (),
                     emails: Mapping[str, str | None] | None = None,
                     decisions: Mapping[str, tuple[str, str]] | None = None
                     ) -> ScreeningSnapshot:
    """Rank the candidates of `rows` (and `everyone` named, credentials or not; files that
    belong to nobody are never ranked) against `role` at `scored_at` (default `now`), and
    build the snapshot created at `now`. A file that is not a credential is listed in the
    snapshot but never scored. `carried`, `emails`, `decisions`: see
    `present.snapshot.build_snapshot`."""
    reports: dict[str, list[VerificationReport]] = {name: [] for name in everyone}
    for row in rows:
        if row.candidate != UNASSIGNED and counted(row.report):
            reports.setdefault(row.candidate, []).append(row.report)
    ranking = rank_candidates(role, reports, config, scored_at or now)
    return build_snapshot(rows, ranking, role, config, now, carried=carried, emails=emails,
                          decisions=decisions)
