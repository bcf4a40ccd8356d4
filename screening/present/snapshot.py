"""Snapshots: a screening's results as plain JSON, and the frames rebuilt from them.

A snapshot holds everything a read-only dashboard (a shared link, the HTML report) shows,
so that nothing is recomputed when it is opened: the role and scoring configuration it was
scored against, the ranking rows, every candidate's full fit, the skill coverage and one
row per verified credential with its checks. `snapshot_frames` turns the content back into
the DataFrames that `screening.present.charts` draws.

`save_current` saves the session's screening (role, configuration, candidates, the
credentials' original bytes and reports, and a first snapshot) in the store;
`reverify_saved` re-verifies a saved screening's stored bytes and adds a new snapshot.

Every string in a snapshot may come from a credential: callers show it as data (tables,
charts, escaped HTML), never as markup.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import pandas as pd

from screening.batch.runner import Screening
from screening.matching.ranking import Ranking, rank_candidates
from screening.matching.roles import Role, parse_role, role_to_toml
from screening.matching.scoring import ScoringConfig
from screening.present.workspace import Pool, coverage_frame, ranking_frame, verification_frame
from screening.store import (
    CandidateInput,
    CredentialInput,
    SaveScreening,
    ScreeningSummary,
    Snapshot,
    Store,
)
from screening.verify.report import VerificationReport

FORMAT = "credential-screening/snapshot/1"

RANKING_COLUMNS = ["rank", "candidate", "fit", "band", "band_shown", "knocked_out",
                   "required_met", "required_total", "missing", "flags", "explanation"]
COVERAGE_COLUMNS = ["candidate", "skill", "strength", "required", "status", "evidence"]
VERIFICATION_COLUMNS = ["candidate", "file", "verdict", "credential", "issuer", "issuer_id",
                        "attention", "attention_code", "source", "sha256"]
EVIDENCE_COLUMNS = ["requirement", "required", "status", "points", "of", "evidence"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# --------------------------------------------------------------------------- building


def build_snapshot(pool: Pool, ranking: Ranking, role: Role, config: ScoringConfig,
                   now: datetime, *, carried: Sequence[Mapping[str, Any]] = (),
                   emails: Mapping[str, str | None] | None = None) -> dict[str, Any]:
    """Everything a read-only dashboard needs, as JSON data (no recomputation on open).

    `carried`: verification rows kept from an earlier snapshot (failed intakes, which have
    no bytes to re-verify) and listed after the pool's own rows. `emails`: known addresses
    by candidate (else taken from the pool, see `candidate_email`).
    """
    keys = {name: f"c{number}" for number, name in enumerate(ranking.fits, start=1)}
    for name in pool.candidates:  # a candidate the ranking lacks still gets a key
        keys.setdefault(name, f"c{len(keys) + 1}")
    table = ranking_frame(ranking)
    records = [{"key": keys[rec["candidate"]], **{k: _plain(v) for k, v in rec.items()}}
               for rec in table.to_dict("records")]
    coverage = [{"key": keys[rec["candidate"]], **{k: _plain(v) for k, v in rec.items()}}
                for rec in coverage_frame(ranking).to_dict("records")]
    verification = verification_rows(pool, keys)
    for row in carried:
        verification.append({**row, "key": keys.setdefault(
            str(row.get("candidate", "")), f"c{len(keys) + 1}")})
    content = {
        "format": FORMAT,
        "created_at": now.isoformat(),
        "scored_at": ranking.scored_at,
        "role": {"id": role.id, "title": role.title, "description": role.description,
                 "digest": role.digest, "toml": role_to_toml(role),
                 "requirements": [{"id": r.id, "label": r.label, "required": r.required,
                                   "weight": r.weight} for r in role.requirements]},
        "config": {"digest": config.digest, "values": config.to_dict()},
        "candidates": [{"key": key, "candidate": name,
                        "email": (emails or {}).get(name) or candidate_email(pool, name)}
                       for name, key in keys.items()],
        "ranking": records,
        "fits": [{"key": keys[name], "rank": number, **fit.to_dict()}
                 for number, (name, fit) in enumerate(ranking.fits.items(), start=1)],
        "coverage": coverage,
        "verification": verification,
    }
    return json.loads(json.dumps(content, default=_plain, ensure_ascii=False))


def verification_rows(pool: Pool, keys: Mapping[str, str] | None = None
                      ) -> list[dict[str, Any]]:
    """One record per credential (a presentation's credentials each get one), the same rows
    as `workspace.verification_frame`, plus the file's source, SHA-256 and every check."""
    frame = verification_frame(pool)
    pairs = [(row, cred) for row in pool.rows for cred in row.report.iter_credentials()]
    out = []
    for record, (row, cred) in zip(frame.to_dict("records"), pairs, strict=True):
        out.append({
            **({"key": keys[row.candidate]} if keys and row.candidate in keys else {}),
            **{k: _plain(v) for k, v in record.items()},
            "source": row.source, "sha256": row.sha256, "format": cred.format,
            "checks": [{"code": c.code, "status": str(c.status), "message": c.message}
                       for c in cred.checks],
        })
    return out


def candidate_email(pool: Pool, candidate: str) -> str | None:
    """The candidate's address where known: the name itself, or a credential's mailto:."""
    if _EMAIL.match(candidate):
        return candidate
    for row in pool.rows_of(candidate):
        for cred in row.report.iter_credentials():
            subject = cred.summary.subject_id or ""
            if subject.lower().startswith("mailto:") and _EMAIL.match(subject[7:]):
                return subject[7:]
    return None


def _plain(value: Any) -> Any:
    """numpy/pandas scalars and tuples as plain JSON values."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, str):
        return value.item()
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "to_dict") and callable(value.to_dict):
        return value.to_dict()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    raise TypeError(f"{type(value).__name__} is not JSON data")


# --------------------------------------------------------------------------- reading


def candidate_labels(content: Mapping[str, Any]) -> dict[str, str]:
    """Candidate key -> the name to show. Names that collide (e.g. two addresses that a
    hide-emails link both shows as "[email hidden]") get their key appended."""
    names: dict[str, str] = {}
    for source in ("candidates", "ranking", "verification"):
        for rec in _list(content.get(source)):
            key = rec.get("key")
            if isinstance(key, str) and key not in names:
                names[key] = str(rec.get("candidate", ""))
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    return {key: (name if counts[name] == 1 else f"{name} ({key})")
            for key, name in names.items()}


def snapshot_frames(content: Mapping[str, Any]
                    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(ranking, coverage, verification) frames for the charts and tables, in rank order."""
    labels = candidate_labels(content)

    def relabel(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [{**rec, "candidate": labels.get(rec.get("key"), rec.get("candidate", ""))}
                for rec in records]

    ranking = pd.DataFrame.from_records(relabel(_list(content.get("ranking"))))
    for column in RANKING_COLUMNS:
        if column not in ranking:
            ranking[column] = pd.Series(dtype=object)
    if not ranking.empty:
        ranking = ranking.sort_values("rank", kind="stable", ignore_index=True)
    coverage = pd.DataFrame.from_records(relabel(_list(content.get("coverage"))),
                                         columns=["key", *COVERAGE_COLUMNS])
    verification = pd.DataFrame.from_records(
        [{k: v for k, v in rec.items() if k != "checks"}
         for rec in relabel(_list(content.get("verification")))],
        columns=["key", *VERIFICATION_COLUMNS])
    return ranking, coverage, verification


def fit_of(content: Mapping[str, Any], key: str) -> dict[str, Any] | None:
    return next((f for f in _list(content.get("fits")) if f.get("key") == key), None)


def evidence_frame(fit: Mapping[str, Any]) -> pd.DataFrame:
    """Per requirement: status, points and each contributing credential (as
    `workspace.evidence_frame`, from a stored fit)."""
    by_requirement: dict[str, list[str]] = {}
    for item in _list(fit.get("contributions")):
        points = item.get("points") or 0
        if points > 0:
            by_requirement.setdefault(item.get("requirement"), []).append(
                f"{item.get('credential')}: +{points:.1f} ({item.get('reason')})")
    return pd.DataFrame.from_records([
        {"requirement": req.get("label"), "required": req.get("required"),
         "status": req.get("status"), "points": round(req.get("points") or 0, 2),
         "of": round(req.get("max_points") or 0, 2),
         "evidence": "\n".join(by_requirement.get(req.get("id"), [])) or "—"}
        for req in _list(fit.get("requirements"))], columns=EVIDENCE_COLUMNS)


def failing_checks(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The checks of one verification row that failed or could not be decided."""
    return [c for c in _list(row.get("checks"))
            if c.get("status") in ("fail", "indeterminate")]


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


# --------------------------------------------------------------------------- the store


def save_current(store: Store, name: str, pool: Pool, ranking: Ranking, role: Role,
                 config: ScoringConfig, actor: str, now: datetime,
                 verified_at: datetime | None = None) -> ScreeningSummary:
    """Save the screening: role, configuration, candidates (with e-mails where known), the
    credentials' original bytes and reports, and a first snapshot. `verified_at`: when the
    pool's checks ran (defaults to `now`)."""
    return store.save_screening(SaveScreening(
        name=name, role_key=role.id, role_title=role.title, role_toml=role_to_toml(role),
        scoring_config=config.to_dict(), config_hash=config.digest,
        candidates=[CandidateInput(c, candidate_email(pool, c)) for c in pool.candidates],
        credentials=[CredentialInput(row.candidate, row.source, row.sha256, row.data,
                                     row.report.to_dict())
                     for row in pool.rows if row.data is not None],
        snapshot=build_snapshot(pool, ranking, role, config, now),
        verified_at=verified_at or now), actor=actor, now=now)


def config_from_dict(values: Mapping[str, Any]) -> ScoringConfig:
    """A ScoringConfig from `ScoringConfig.to_dict()` output (unknown keys ignored)."""
    return _dataclass_from(ScoringConfig, values)


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


def reverify_saved(store: Store, screening_id: str, run: Screening, actor: str,
                   now: datetime) -> Snapshot:
    """Re-verify a saved screening's stored credential bytes with `run` (its clock, trust
    list and fetcher), re-rank against the stored role and configuration, and add a new
    snapshot. Earlier snapshots stay as they were."""
    detail = store.open_screening(screening_id)
    role = parse_role(detail.role.toml, f"saved role {detail.role.key}", strict=False)
    config = config_from_dict(detail.scoring_config)
    pool = Pool()
    for cred in detail.credentials:
        if cred.data is not None:
            pool.extend(run.verify_upload(cred.data, cred.source, cred.candidate))
    previous = store.latest_snapshot(screening_id)
    carried = [row for row in _list(previous.content.get("verification"))
               if not row.get("sha256")] if previous else []
    reports: dict[str, list[VerificationReport]] = {c.name: [] for c in detail.candidates}
    for candidate, found in pool.reports_by_candidate().items():
        reports.setdefault(candidate, []).extend(found)
    ranking = rank_candidates(role, reports, config, run.now)
    content = build_snapshot(pool, ranking, role, config, now, carried=carried,
                             emails={c.name: c.email for c in detail.candidates})
    return store.add_snapshot(screening_id, content, actor, now, verified_at=run.now)

