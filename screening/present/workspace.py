"""What the dashboard pages compute, without Streamlit: the candidate pool, the ranking
against a role, the frames behind every chart, and exports.

The pages keep a `Pool` in their session and call these functions; the CLI and the tests
call the same ones, so a page never shows a number the package cannot reproduce.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from screening.batch.runner import Row, Screening, candidate_uploads
from screening.batch.samples import SAMPLE_DIR, sample_fetcher, sample_trust
from screening.matching.ranking import Ranking, rank_candidates
from screening.matching.roles import Role, list_roles
from screening.matching.scoring import ScoringConfig
from screening.present.views import verification_table
from screening.verify.report import VerificationReport

ROLES_DIR = SAMPLE_DIR / "roles"


@dataclass
class Pool:
    """The credentials of one screening, grouped by candidate."""

    rows: list[Row] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Identifies the pool's content: rankings are cached per pool, role and config."""
        digest = hashlib.sha256()
        for row in self.rows:
            digest.update(f"{row.candidate}\0{row.source}\0{row.sha256}\0"
                          f"{row.report.verdict}\n".encode())
        return digest.hexdigest()

    @property
    def candidates(self) -> list[str]:
        return sorted({row.candidate for row in self.rows}, key=str.casefold)

    def reports_by_candidate(self) -> dict[str, list[VerificationReport]]:
        grouped: dict[str, list[VerificationReport]] = {}
        for row in self.rows:
            grouped.setdefault(row.candidate, []).append(row.report)
        return grouped

    def rows_of(self, candidate: str) -> list[Row]:
        return [row for row in self.rows if row.candidate == candidate]

    def extend(self, rows: Iterable[Row]) -> None:
        """Add rows; a credential already in the pool (same candidate and bytes) is replaced."""
        incoming = list(rows)
        seen = {(r.candidate, r.sha256, r.source) for r in incoming}
        self.rows = [r for r in self.rows if (r.candidate, r.sha256, r.source) not in seen]
        self.rows.extend(incoming)


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


# --- frames behind the charts --------------------------------------------------------------


def ranking_frame(ranking: Ranking) -> pd.DataFrame:
    """The ranking table with the band shown in the chart ("knocked out" overrides)."""
    table = ranking.table.copy()
    table["band_shown"] = [("knocked out" if out else band) for out, band in
                           zip(table["knocked_out"], table["band"], strict=True)]
    return table


def coverage_frame(ranking: Ranking) -> pd.DataFrame:
    """Candidate × requirement: evidence strength (0–1) and the credentials behind it."""
    records = [{"candidate": fit.candidate, "skill": req.label, "strength": req.strength,
                "required": req.required, "status": req.status,
                "evidence": ", ".join(req.credentials)}
               for fit in ranking.fits.values() for req in fit.requirements]
    return pd.DataFrame.from_records(records, columns=[
        "candidate", "skill", "strength", "required", "status", "evidence"])


def verification_frame(pool: Pool) -> pd.DataFrame:
    return verification_table((row.candidate, row.report) for row in pool.rows)


def evidence_frame(ranking: Ranking, candidate: str) -> pd.DataFrame:
    """Per requirement of the role: status, points and each contributing credential."""
    fit = ranking.fits[candidate]
    by_requirement: dict[str, list[str]] = {}
    for item in fit.contributions:
        if item.points > 0:
            by_requirement.setdefault(item.requirement, []).append(
                f"{item.credential}: +{item.points:.1f} ({item.reason})")
    return pd.DataFrame.from_records([
        {"requirement": req.label, "required": req.required, "status": req.status,
         "points": round(req.points, 2), "of": round(req.max_points, 2),
         "evidence": "\n".join(by_requirement.get(req.id, [])) or "—"}
        for req in fit.requirements],
        columns=["requirement", "required", "status", "points", "of", "evidence"])


# --- exports -------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Neutralise spreadsheet formulas in untrusted text (CSV injection)."""
    if isinstance(value, list | tuple):
        value = "; ".join(map(str, value))
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def ranking_csv(ranking: Ranking) -> str:
    table = ranking.table.drop(columns=["flag_codes"])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(table.columns))
    for record in table.itertuples(index=False):
        writer.writerow([csv_safe(v) for v in record])
    return buffer.getvalue()


def candidate_report(pool: Pool, candidate: str, ranking: Ranking | None) -> str:
    """Everything known about one candidate as JSON: verification reports and the fit."""
    payload: dict[str, Any] = {
        "candidate": candidate,
        "credentials": [row.to_dict() for row in pool.rows_of(candidate)],
    }
    if ranking is not None and candidate in ranking.fits:
        payload["role"] = {"id": ranking.role.id, "title": ranking.role.title,
                           "hash": ranking.role.digest}
        payload["fit"] = ranking.fits[candidate].to_dict()
    return json.dumps(payload, indent=2, ensure_ascii=False)
