"""The screening snapshot: one typed, versioned record of a screening's results.

Every view renders from a `ScreeningSnapshot` and nothing else: the live dashboard pages
(built from the session's pool on each change), a saved screening, a hiring manager's
shared view, the HTML/PDF report and `screening rank --json`. So a number can differ
between two views only if their snapshots differ.

A snapshot holds the role and scoring configuration it was scored against, one ranking row
and one full fit per candidate, the skill coverage, and one row per credential with its
checks. `to_dict()` gives the JSON the store keeps (hash-checked); `from_dict()` reads it
back, including snapshots saved in formats 1 and 2 (stored snapshots never change, so
every format ever written stays readable: see `upgrade`).

Verdicts, check outcomes, status lines, bands, decisions and coverage are enums
(`screening.present.vocabulary`), whose order is the order every view lists them in; their
JSON is the plain string. Every record field carries a one-line description
(`field(metadata={"doc": ...})`), from which docs/snapshot.md is generated
(`python -m screening.present.snapshot_docs`).

Every string in a snapshot may come from a credential: views show it as data (tables,
charts, escaped HTML), never as markup.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import MISSING, asdict, dataclass, field, fields, is_dataclass, replace
from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

import pandas as pd

from screening.batch.runner import Row
from screening.errors import SnapshotError
from screening.matching.ranking import Ranking
from screening.matching.roles import Role, role_to_toml
from screening.matching.scoring import CandidateFit, ScoringConfig
from screening.present.credentials import (
    CredentialRow,
    credential_rows,
    doc,
    known_issuer,
)
from screening.present.vocabulary import (
    NEEDS_ATTENTION,
    VERDICTS,
    Band,
    Coverage,
    PlainStatus,
    RecruiterDecision,
    Status,
    Verdict,
)

__all__ = [
    "FALLBACKS",
    "FORMAT",
    "READABLE_FORMATS",
    "VERDICTS",
    "ScreeningSnapshot",
    "build_snapshot",
    "candidate_email",
    "credential_rows",
    "known_issuer",
    "upgrade",
]

log = logging.getLogger(__name__)

FORMAT = "credential-screening/snapshot/3"
FORMAT_V2 = "credential-screening/snapshot/2"
FORMAT_V1 = "credential-screening/snapshot/1"
READABLE_FORMATS = (FORMAT, FORMAT_V2, FORMAT_V1)

RANKING_COLUMNS = ["rank", "candidate", "fit", "band", "band_shown", "knocked_out",
                   "required_met", "required_total", "missing", "flags", "explanation"]
COVERAGE_COLUMNS = ["candidate", "skill", "strength", "required", "coverage", "evidence"]
VERIFICATION_COLUMNS = ["candidate", "file", "verdict", "credential", "issuer", "issuer_id",
                        "known_issuer", "attention", "attention_code", "source", "sha256",
                        "plain_status", "plain_status_title"]
EVIDENCE_COLUMNS = ["requirement", "required", "coverage", "points", "of", "evidence"]

FALLBACKS: dict[type[StrEnum], StrEnum] = {
    Verdict: Verdict.UNSUPPORTED,  # "could not be checked": never verified, never failed
    Status: Status.INDETERMINATE,  # a check nobody can vouch for never counts as a pass
    PlainStatus: PlainStatus.NEEDS_REVIEW,  # "Needs a look"
    Band: Band.WEAK,  # the lowest band: an unreadable band never promotes a candidate
    Coverage: Coverage.MISSING,  # no evidence this version can vouch for
    RecruiterDecision: RecruiterDecision.NEW,  # undecided
}
"""What a stored word this version does not know (or a missing one) is read as. Stored
snapshots never change and a newer version may have written words this one lacks, so
reading never fails on them: each enum falls back to its most cautious member (logged)."""

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{1,63}$")  # bounded: linear time


@dataclass(frozen=True)
class RankingRow:
    """One candidate's line in the ranking."""

    key: str = field(metadata=doc("The candidate's key in this snapshot."))
    rank: int = field(metadata=doc("1 for the best fit (ties ranked as the ranking says)."))
    candidate: str = field(metadata=doc("The candidate's name."))
    fit: float = field(metadata=doc("The fit 0-100 as displayed: one decimal."))
    band: Band = field(metadata=doc("The fit's band (never knocked out)."))
    band_shown: Band = field(metadata=doc("The band a view shows: knocked out overrides "
                                           "the band."))
    knocked_out: bool = field(metadata=doc("A required skill has no evidence."))
    required_met: int = field(metadata=doc("Required skills met."))
    required_total: int = field(metadata=doc("Required skills of the role."))
    missing: tuple[str, ...] = field(default=(), metadata=doc(
        "Required skills without any counted evidence."))
    flags: tuple[str, ...] = field(default=(), metadata=doc("Warnings about the fit, in "
                                                             "words."))
    explanation: str = field(default="", metadata=doc("Why this fit, in words."))
    top_evidence: tuple[str, ...] = field(default=(), metadata=doc(
        "The contributions that added the most points."))
    credentials_counted: int = field(default=0, metadata=doc(
        "Credentials that count towards the fit."))
    credentials_excluded: int = field(default=0, metadata=doc(
        "Credentials that do not (failed, unsupported, another holder...)."))
    decision: RecruiterDecision = field(default=RecruiterDecision.NEW, metadata=doc(
        "The recruiter's decision on the candidate."))


@dataclass(frozen=True)
class CoverageCell:
    """One candidate × one requirement of the role: the coverage heatmap's cell."""

    key: str = field(metadata=doc("The candidate's key in this snapshot."))
    candidate: str = field(metadata=doc("The candidate's name."))
    skill: str = field(metadata=doc("The requirement's label."))
    strength: float = field(metadata=doc("How strongly counted evidence covers it, 0-1."))
    required: bool = field(metadata=doc("Required (else preferred)."))
    coverage: Coverage = field(metadata=doc("Whether the requirement is met."))
    evidence: str = field(metadata=doc("The credentials behind it, comma-separated."))


@dataclass(frozen=True)
class RequirementLine:
    """One requirement of the role in a candidate's fit."""

    id: str = field(metadata=doc("The requirement's id in the role."))
    label: str = field(metadata=doc("The requirement's label."))
    required: bool = field(metadata=doc("Required (else preferred)."))
    weight: float = field(metadata=doc("Its weight in the role."))
    max_points: float = field(metadata=doc("The points it can add to the fit."))
    points: float = field(metadata=doc("The points it adds."))
    strength: float = field(metadata=doc("How strongly counted evidence covers it, 0-1."))
    coverage: Coverage = field(metadata=doc("Whether the requirement is met."))
    credentials: tuple[str, ...] = field(default=(), metadata=doc(
        "The credentials that added points, strongest first."))
    below_min_level: bool = field(default=False, metadata=doc(
        "Evidence was found, but below the level the role asks for."))


@dataclass(frozen=True)
class ContributionLine:
    """The points one credential adds to one requirement."""

    requirement: str = field(metadata=doc("The requirement's id."))
    requirement_label: str = field(metadata=doc("The requirement's label."))
    credential: str = field(metadata=doc("The credential's label."))
    points: float = field(metadata=doc("Points added to the fit (marginal, canonical "
                                        "order)."))
    evidence: float = field(metadata=doc("The evidence it gives, 0-1."))
    match_type: str = field(metadata=doc("How the claim matched the requirement."))
    reason: str = field(metadata=doc("Why, in words."))


@dataclass(frozen=True)
class CredentialUseLine:
    """How one credential of a candidate was used for the fit."""

    label: str = field(metadata=doc("The credential's label."))
    verdict: Verdict = field(metadata=doc("The verifier's overall verdict."))
    factor: float = field(metadata=doc("The verification factor its evidence is "
                                        "multiplied by, 0-1."))
    reasons: tuple[str, ...] = field(default=(), metadata=doc("Why that factor."))
    flags: tuple[str, ...] = field(default=(), metadata=doc("Flags about its use."))
    name: str | None = field(default=None, metadata=doc("The credential's own name."))
    issuer: str | None = field(default=None, metadata=doc("Its issuer."))
    excluded: str | None = field(default=None, metadata=doc(
        "Why it does not count, or null when it counts."))


@dataclass(frozen=True)
class FlagLine:
    """A warning about a fit."""

    code: str = field(metadata=doc("The flag's stable code."))
    message: str = field(metadata=doc("The flag in words."))


@dataclass(frozen=True)
class ClaimLine:
    """A skill a credential claims that the role does not ask for."""

    credential: str = field(metadata=doc("The credential's label."))
    source: str = field(metadata=doc("Where in the credential the claim was read."))
    text: str = field(metadata=doc("The claim as the credential words it."))
    skill_id: str | None = field(default=None, metadata=doc("The skill's id in its "
                                                             "framework."))
    framework: str | None = field(default=None, metadata=doc("The skill framework."))
    level: float | None = field(default=None, metadata=doc("The claimed level, 0-1."))
    level_text: str | None = field(default=None, metadata=doc("The level as worded."))
    issued: str | None = field(default=None, metadata=doc("When it was issued (ISO 8601)."))


@dataclass(frozen=True)
class FitView:
    """One candidate's full fit: every requirement, every contribution, every credential."""

    key: str = field(metadata=doc("The candidate's key in this snapshot."))
    rank: int = field(metadata=doc("The candidate's rank."))
    candidate: str = field(metadata=doc("The candidate's name."))
    fit: float = field(metadata=doc("The exact fit: the sum of the contributions' points."))
    band: Band = field(metadata=doc("The fit's band (never knocked out: see knocked_out)."))
    knocked_out: bool = field(metadata=doc("A required skill has no evidence."))
    required_met: int = field(metadata=doc("Required skills met."))
    required_total: int = field(metadata=doc("Required skills of the role."))
    missing: tuple[str, ...] = field(default=(), metadata=doc(
        "Required skills without any counted evidence."))
    explanation: str = field(default="", metadata=doc("Why this fit, in words."))
    flags: tuple[FlagLine, ...] = field(default=(), metadata=doc("Warnings about the fit."))
    requirements: tuple[RequirementLine, ...] = field(default=(), metadata=doc(
        "Every requirement of the role, in the role's order."))
    contributions: tuple[ContributionLine, ...] = field(default=(), metadata=doc(
        "Every credential's points per requirement."))
    credentials: tuple[CredentialUseLine, ...] = field(default=(), metadata=doc(
        "Every credential of the candidate and how it was used."))
    unmatched_claims: tuple[ClaimLine, ...] = field(default=(), metadata=doc(
        "Skills claimed that the role does not ask for."))

    @property
    def band_shown(self) -> Band:
        return Band.KNOCKED_OUT if self.knocked_out else self.band

    @property
    def gaps(self) -> tuple[RequirementLine, ...]:
        return tuple(r for r in self.requirements if r.coverage != Coverage.MET)

    @property
    def credentials_counted(self) -> int:
        return sum(1 for c in self.credentials if c.excluded is None)


@dataclass(frozen=True)
class CandidateEntry:
    """A candidate of the screening (ranked or not)."""

    key: str = field(metadata=doc("The candidate's key in this snapshot (c1, c2, ...)."))
    name: str = field(metadata=doc("The candidate's name."))
    email: str | None = field(default=None, metadata=doc(
        "The candidate's address where known (hidden in some shared links)."))
    decision: RecruiterDecision = field(default=RecruiterDecision.NEW, metadata=doc(
        "The recruiter's decision on the candidate."))
    notes: str = field(default="", metadata=doc(
        "The recruiter's notes (shown read-only to hiring managers)."))


@dataclass(frozen=True)
class RoleRequirement:
    """One requirement of the role."""

    id: str = field(metadata=doc("The requirement's id in the role."))
    label: str = field(metadata=doc("The requirement's label."))
    required: bool = field(metadata=doc("Required (else preferred)."))
    weight: float = field(metadata=doc("Its weight in the role."))


@dataclass(frozen=True)
class RoleInfo:
    """The role the candidates were scored against, as it was then."""

    id: str = field(metadata=doc("The role's id."))
    title: str = field(metadata=doc("The role's title."))
    description: str = field(default="", metadata=doc("The role's description."))
    digest: str = field(default="", metadata=doc("SHA-256 of the role definition."))
    toml: str = field(default="", metadata=doc("The role definition (TOML)."))
    requirements: tuple[RoleRequirement, ...] = field(default=(), metadata=doc(
        "Every requirement, in the role's order."))

    @property
    def required_count(self) -> int:
        return sum(1 for r in self.requirements if r.required)


@dataclass(frozen=True)
class ConfigInfo:
    """The scoring configuration the candidates were scored with."""

    digest: str = field(metadata=doc("SHA-256 of the configuration."))
    values: Mapping[str, Any] = field(default_factory=dict, metadata=doc(
        "Every parameter (ScoringConfig.to_dict())."))


@dataclass(frozen=True)
class ScreeningSnapshot:
    """Everything a view of one screening shows, frozen at `created_at`."""

    created_at: str = field(metadata=doc("When the snapshot was made (ISO 8601)."))
    scored_at: str = field(metadata=doc("The clock the ranking was scored at (ISO 8601)."))
    role: RoleInfo = field(metadata=doc("The role scored against."))
    config: ConfigInfo = field(metadata=doc("The scoring configuration."))
    candidates: tuple[CandidateEntry, ...] = field(default=(), metadata=doc(
        "Every candidate, with the recruiter's decision and notes."))
    ranking: tuple[RankingRow, ...] = field(default=(), metadata=doc(
        "One row per ranked candidate, in rank order."))
    fits: tuple[FitView, ...] = field(default=(), metadata=doc(
        "One full fit per ranked candidate, in rank order."))
    coverage: tuple[CoverageCell, ...] = field(default=(), metadata=doc(
        "One cell per ranked candidate and requirement."))
    verification: tuple[CredentialRow, ...] = field(default=(), metadata=doc(
        "One row per credential (and per presentation, before its credentials)."))
    format: str = field(default=FORMAT, metadata=doc(
        "The JSON format: credential-screening/snapshot/3."))

    # ---- JSON

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _jsonable(asdict(self))
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScreeningSnapshot:
        """Read a stored snapshot of any format ever written (see `upgrade`): fields it
        lacks take their defaults, words this version does not know their `FALLBACKS`.

        Raises `SnapshotError` when `data` is not a snapshot this version can read."""
        try:
            snapshot: ScreeningSnapshot = _build(cls, upgrade(data))
        except (TypeError, ValueError) as error:  # a record of the wrong shape
            raise SnapshotError(f"not a readable screening snapshot: {error}") from error
        return snapshot

    # ---- reading

    def labels(self) -> dict[str, str]:
        """Candidate key -> the name to show. Names that collide (e.g. two addresses a
        hide-emails link both shows as "[email hidden]") get their key appended."""
        names: dict[str, str] = {}
        for source in (self.candidates, self.ranking, self.verification):
            for rec in source:
                names.setdefault(rec.key, rec.name if isinstance(rec, CandidateEntry)
                                 else rec.candidate)
        counts: dict[str, int] = {}
        for name in names.values():
            counts[name] = counts.get(name, 0) + 1
        return {key: (name if counts[name] == 1 else f"{name} ({key})")
                for key, name in names.items()}

    def ranked_keys(self) -> list[str]:
        return [row.key for row in self.ranking]

    def fit(self, key: str) -> FitView | None:
        return next((f for f in self.fits if f.key == key), None)

    def email(self, key: str) -> str | None:
        return next((c.email for c in self.candidates if c.key == key), None)

    def entry(self, key: str) -> CandidateEntry | None:
        return next((c for c in self.candidates if c.key == key), None)

    def shortlist(self) -> list[RankingRow]:
        return [row for row in self.ranking if row.decision == RecruiterDecision.SHORTLISTED]

    def credentials_of(self, key: str) -> tuple[CredentialRow, ...]:
        return tuple(row for row in self.verification if row.key == key)

    def skills_evidenced(self, key: str, file: str) -> list[str]:
        """The role's requirements a candidate's credential (by its label) adds points to."""
        fit = self.fit(key)
        if fit is None:
            return []
        return list(dict.fromkeys(c.requirement_label for c in fit.contributions
                                  if c.credential == file and c.points > 0))

    def unranked_keys(self) -> list[str]:
        """Keys with credentials but no ranking row (e.g. only failed intakes)."""
        ranked = set(self.ranked_keys())
        return [k for k in dict.fromkeys(r.key for r in self.verification) if k not in ranked]

    def credential_rows(self) -> tuple[CredentialRow, ...]:
        """The credentials, without the presentations that carried some of them."""
        return tuple(row for row in self.verification if row.is_credential)

    # ---- the one count of candidates and credentials every view shows

    def candidate_count(self) -> int:
        """Candidates: the ranked people (files that belong to nobody are no candidate)."""
        return len(self.ranking)

    def candidates_credentials(self) -> tuple[CredentialRow, ...]:
        """The credentials of the candidates (`candidate_count`): what every view counts."""
        ranked = set(self.ranked_keys())
        return tuple(row for row in self.credential_rows() if row.key in ranked)

    def credential_count(self) -> int:
        return len(self.candidates_credentials())

    def unassigned_rows(self) -> tuple[CredentialRow, ...]:
        """What is listed apart, never as a candidate: the rows of files that belong to
        nobody ranked (`UNASSIGNED`, or only files that are no credential), one per
        credential (a presentation's own row left out)."""
        ranked = set(self.ranked_keys())
        return tuple(row for row in self.verification
                     if row.key not in ranked and row.kind != "presentation")

    def verdict_counts(self) -> dict[Verdict, int]:
        """The candidates' credentials per verdict, every verdict in `VERDICTS` order (each
        credential of a presentation counts on its own; the presentation itself does not)."""
        counts = dict.fromkeys(VERDICTS, 0)
        for row in self.candidates_credentials():
            counts[row.verdict] = counts.get(row.verdict, 0) + 1
        return counts

    def needs_attention_count(self) -> int:
        """The candidates' credentials that "need a look": their verdict is in
        `NEEDS_ATTENTION` (warning or unsupported: neither verified nor failed)."""
        return sum(1 for row in self.candidates_credentials()
                   if row.verdict in NEEDS_ATTENTION)

    # ---- frames for charts and tables

    def ranking_frame(self) -> pd.DataFrame:
        labels = self.labels()
        records = [{**_flat(row), "candidate": labels.get(row.key, row.candidate)}
                   for row in self.ranking]
        columns = [f.name for f in fields(RankingRow)]
        return pd.DataFrame.from_records(records, columns=columns)

    def coverage_frame(self) -> pd.DataFrame:
        labels = self.labels()
        return pd.DataFrame.from_records(
            [{**_flat(cell), "candidate": labels.get(cell.key, cell.candidate)}
             for cell in self.coverage], columns=["key", *COVERAGE_COLUMNS])

    def verification_frame(self, *, presentations: bool = False,
                           candidates_only: bool = False) -> pd.DataFrame:
        """One row per credential; with `presentations`, each presentation's own row (its
        holder proof) before the credentials it carried; with `candidates_only`, only the
        candidates' credentials (`candidates_credentials`: what the charts count)."""
        labels = self.labels()
        rows = self.candidates_credentials() if candidates_only else \
            self.verification if presentations else self.credential_rows()
        return pd.DataFrame.from_records(
            [{**{k: v for k, v in _flat(row).items() if k != "checks"},
              "candidate": labels.get(row.key, row.candidate)} for row in rows],
            columns=["key", *VERIFICATION_COLUMNS, "format", "kind"])

    def evidence_frame(self, key: str) -> pd.DataFrame:
        """Per requirement: coverage, points and each contributing credential."""
        fit = self.fit(key)
        if fit is None:
            return pd.DataFrame(columns=EVIDENCE_COLUMNS)
        by_requirement: dict[str, list[str]] = {}
        for item in fit.contributions:
            if item.points > 0:
                by_requirement.setdefault(item.requirement, []).append(
                    f"{item.credential}: +{item.points:.1f} ({item.reason})")
        return pd.DataFrame.from_records([
            {"requirement": req.label, "required": req.required, "coverage": str(req.coverage),
             "points": round(req.points, 2), "of": round(req.max_points, 2),
             "evidence": "\n".join(by_requirement.get(req.id, [])) or "—"}
            for req in fit.requirements], columns=EVIDENCE_COLUMNS)


# --------------------------------------------------------------------------- building


def build_snapshot(rows: Sequence[Row], ranking: Ranking, role: Role, config: ScoringConfig,
                   now: datetime, *, carried: Iterable[CredentialRow] = (),
                   emails: Mapping[str, str | None] | None = None,
                   decisions: Mapping[str, tuple[str, str]] | None = None
                   ) -> ScreeningSnapshot:
    """The snapshot of a pool's rows ranked against `role`.

    `carried`: credential rows kept from an earlier snapshot (failed intakes, which have no
    bytes to re-verify), listed after the pool's own. `emails`: known addresses by
    candidate (else taken from the rows, see `candidate_email`). `decisions`: the
    recruiter's (decision, notes) by candidate: decisions it does not know read as new.
    """
    decided = decisions or {}
    keys = {name: f"c{number}" for number, name in enumerate(ranking.fits, start=1)}
    for name in _candidates(rows):  # a candidate the ranking lacks still gets a key
        keys.setdefault(name, f"c{len(keys) + 1}")
    verification = [*credential_rows(rows, keys)]
    for row in carried:
        key = keys.setdefault(row.candidate, f"c{len(keys) + 1}")
        verification.append(replace(row, key=key))
    fits = list(ranking.fits.values())
    return ScreeningSnapshot(
        created_at=now.isoformat(),
        scored_at=ranking.scored_at,
        role=RoleInfo(role.id, role.title, role.description, role.digest, role_to_toml(role),
                      tuple(RoleRequirement(r.id, r.label, r.required, float(r.weight))
                            for r in role.requirements)),
        config=ConfigInfo(config.digest, _jsonable(config.to_dict())),
        candidates=tuple(CandidateEntry(key, name, (emails or {}).get(name)
                                        or candidate_email(rows, name),
                                        _decision(decided, name),
                                        decided.get(name, ("", ""))[1])
                         for name, key in keys.items()),
        ranking=tuple(replace(_ranking_row(keys[fit.candidate], rank, fit),
                              decision=_decision(decided, fit.candidate))
                      for rank, fit in enumerate(fits, start=1)),
        fits=tuple(_fit_view(keys[fit.candidate], rank, fit)
                   for rank, fit in enumerate(fits, start=1)),
        coverage=tuple(CoverageCell(keys[fit.candidate], fit.candidate, req.label,
                                    float(req.strength), req.required,
                                    _member(Coverage, req.status),
                                    ", ".join(req.credentials))
                       for fit in fits for req in fit.requirements),
        verification=tuple(verification),
    )


def candidate_email(rows: Iterable[Row], candidate: str) -> str | None:
    """The candidate's address where known: the name itself, or a credential's mailto:."""
    if _EMAIL.match(candidate):
        return candidate
    for row in rows:
        if row.candidate != candidate:
            continue
        for cred in row.report.iter_credentials():
            subject = cred.summary.subject_id or ""
            if subject.lower().startswith("mailto:") and _EMAIL.match(subject[7:]):
                return subject[7:]
    return None


def _ranking_row(key: str, rank: int, fit: CandidateFit) -> RankingRow:
    return RankingRow(
        key=key, rank=rank, candidate=fit.candidate, fit=round(fit.fit, 1),
        band=_member(Band, fit.band),
        band_shown=Band.KNOCKED_OUT if fit.knocked_out else _member(Band, fit.band),
        knocked_out=fit.knocked_out, required_met=fit.required_met,
        required_total=fit.required_total, missing=tuple(fit.missing),
        flags=tuple(f.message for f in fit.flags), explanation=fit.explanation,
        top_evidence=tuple(fit.top_evidence()),
        credentials_counted=sum(1 for c in fit.credentials if c.counted),
        credentials_excluded=sum(1 for c in fit.credentials if not c.counted))


def _fit_view(key: str, rank: int, fit: CandidateFit) -> FitView:
    data = fit.to_dict()
    data.update(key=key, rank=rank,  # scoring's requirement `status` is a snapshot's coverage
                requirements=_renamed(data["requirements"], {"status": "coverage"}))
    view: FitView = _build(FitView, data)
    return view


def _candidates(rows: Iterable[Row]) -> list[str]:
    return sorted({row.candidate for row in rows}, key=str.casefold)


def _decision(decided: Mapping[str, tuple[str, str]], name: str) -> RecruiterDecision:
    return _member(RecruiterDecision, decided.get(name, (RecruiterDecision.NEW, ""))[0])


# --------------------------------------------------------------------------- plumbing


def upgrade(data: Any) -> dict[str, Any]:
    """Stored snapshot JSON of any readable format as format-3 JSON (not yet typed: unknown
    words stay as they are until `from_dict` reads them). Raises `SnapshotError` when it is
    not a snapshot of a format this version reads."""
    fmt = data.get("format") if isinstance(data, Mapping) else None
    if fmt not in READABLE_FORMATS:
        raise SnapshotError(f"not a screening snapshot (format {fmt!r})")
    upgraded = dict(data)
    if fmt == FORMAT_V1:
        upgraded = _upgrade_v1(upgraded)
    if fmt in (FORMAT_V1, FORMAT_V2):
        upgraded = _upgrade_v2(upgraded)
    upgraded["format"] = FORMAT
    return upgraded


def _upgrade_v1(data: Mapping[str, Any]) -> dict[str, Any]:
    """Format 1 -> 2: format 1 named a candidate entry's name `candidate`; everything else
    carries over (the fields format 1 lacked take their defaults)."""
    upgraded = dict(data)
    upgraded["candidates"] = [
        {**c, "name": c.get("name", c.get("candidate", ""))}
        for c in data.get("candidates") or [] if isinstance(c, Mapping)]
    return upgraded


def _upgrade_v2(data: Mapping[str, Any]) -> dict[str, Any]:
    """Format 2 -> 3: the five `status` fields get names that say what they are; values
    carry over as they were (the enums read them)."""
    upgraded = dict(data)
    upgraded["candidates"] = _renamed(data.get("candidates"), {"status": "decision"})
    upgraded["ranking"] = _renamed(data.get("ranking"), {"status": "decision"})
    upgraded["coverage"] = _renamed(data.get("coverage"), {"status": "coverage"})
    upgraded["fits"] = [
        {**fit, "requirements": _renamed(fit.get("requirements"), {"status": "coverage"})}
        if isinstance(fit, Mapping) else fit for fit in _items(data.get("fits"))]
    upgraded["verification"] = [
        {**row, "checks": _renamed(row.get("checks"), {"status": "outcome"})}
        if isinstance(row, Mapping) else row
        for row in _renamed(data.get("verification"), {
            "status": "plain_status", "status_title": "plain_status_title",
            "status_reason": "plain_status_reason"})]
    return upgraded


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _renamed(records: Any, names: Mapping[str, str]) -> list[Any]:
    """Each record (a JSON object) with keys renamed old -> new; a record that already has
    the new key keeps its value. Anything that is not a record is left as it is."""
    out = []
    for record in _items(records):
        if isinstance(record, Mapping):
            record = dict(record)
            for old, new in names.items():
                if old in record:
                    record.setdefault(new, record.pop(old))
        out.append(record)
    return out


def _flat(record: Any) -> dict[str, Any]:
    """A record's fields, shallow, with tuples as lists (as dataframe cells expect) and
    enums as their plain strings."""
    return {f.name: _cell(getattr(record, f.name)) for f in fields(record)}


def _cell(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, StrEnum):
        return value.value
    return value


def _jsonable(value: Any) -> Any:
    """Plain JSON data: tuples to lists, numpy/pandas scalars to Python, enums to text."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str):
        return str(value)  # StrEnum -> str
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    item: Callable[[], Any] | None = getattr(value, "item", None)
    if callable(item):  # numpy / pandas scalars
        return item()
    raise TypeError(f"{type(value).__name__} is not JSON data")


_EMPTY: dict[Any, Any] = {str: "", int: 0, float: 0.0, bool: False}


@cache
def _hints(cls: Any) -> dict[str, Any]:
    return get_type_hints(cls)


def _build(cls: Any, data: Any) -> Any:
    """A record from JSON data: unknown keys ignored; a missing field takes its default, or
    an empty value of its type (an enum: its fallback); nested records, tuples and enums
    rebuilt from the field types."""
    if not isinstance(data, Mapping):
        raise SnapshotError(f"{cls.__name__}: expected an object")
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        hint = hints[f.name]
        if f.name in data:
            kwargs[f.name] = _value(hint, data[f.name])
        elif f.default is MISSING and f.default_factory is MISSING:
            kwargs[f.name] = _empty(hint)
    return cls(**kwargs)


def _value(hint: Any, value: Any) -> Any:
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return _member(hint, value)
    origin, args = get_origin(hint), get_args(hint)
    if origin is tuple:
        items = value if isinstance(value, list | tuple) else []
        inner = args[0] if args else Any
        if is_dataclass(inner):
            return tuple(_build(inner, v) for v in items if isinstance(v, Mapping))
        return tuple(items)
    if is_dataclass(hint):
        return _build(hint, value)
    if origin in (Mapping, dict):
        return dict(value) if isinstance(value, Mapping) else {}
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


E = TypeVar("E", bound=StrEnum)


def _member(enum: type[E], value: Any) -> E:
    """The member of `enum` whose value is `value`, else its fallback (`FALLBACKS`)."""
    try:
        return enum(value)
    except ValueError:
        fallback: E = FALLBACKS[enum]  # type: ignore[assignment]
        seen = (enum.__name__, str(value)[:40])
        if seen not in _WARNED and len(_WARNED) < 1_000:  # once per word, not per row
            _WARNED.add(seen)
            log.warning("unknown %s %r in a snapshot: read as %r", *seen, fallback.value)
        return fallback


_WARNED: set[tuple[str, str]] = set()


def _empty(hint: Any) -> Any:
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return FALLBACKS[hint]
    if get_origin(hint) is tuple:
        return ()
    if type(None) in get_args(hint):
        return None
    return _EMPTY.get(hint)
