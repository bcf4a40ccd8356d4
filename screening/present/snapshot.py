"""The screening snapshot: one typed, versioned record of a screening's results.

Every view renders from a `ScreeningSnapshot` and nothing else: the live dashboard pages
(built from the session's pool on each change), a saved screening, a hiring manager's
shared view, the HTML/PDF report and `screening rank --json`. So a number can differ
between two views only if their snapshots differ.

A snapshot holds the role and scoring configuration it was scored against, one ranking row
and one full fit per candidate, the skill coverage, and one row per credential with its
checks. `to_dict()` gives the JSON the store keeps (hash-checked); `from_dict()` reads it
back, including snapshots saved in format 1 (before this module was typed).

Every string in a snapshot may come from a credential: views show it as data (tables,
charts, escaped HTML), never as markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import MISSING, asdict, dataclass, field, fields, is_dataclass, replace
from datetime import datetime
from functools import cache
from typing import Any, get_args, get_origin, get_type_hints

import pandas as pd

from screening.batch.runner import Row
from screening.matching.ranking import Ranking
from screening.matching.roles import Role, role_to_toml
from screening.matching.scoring import CandidateFit, ScoringConfig
from screening.present.cards import attention_first, credential_text, status_line
from screening.verify.codes import title_of
from screening.verify.report import Status, VerificationReport

FORMAT = "credential-screening/snapshot/2"
FORMAT_V1 = "credential-screening/snapshot/1"
READABLE_FORMATS = (FORMAT, FORMAT_V1)

RANKING_COLUMNS = ["rank", "candidate", "fit", "band", "band_shown", "knocked_out",
                   "required_met", "required_total", "missing", "flags", "explanation"]
COVERAGE_COLUMNS = ["candidate", "skill", "strength", "required", "status", "evidence"]
VERIFICATION_COLUMNS = ["candidate", "file", "verdict", "credential", "issuer", "issuer_id",
                        "known_issuer", "attention", "attention_code", "source", "sha256",
                        "status", "status_title"]
EVIDENCE_COLUMNS = ["requirement", "required", "status", "points", "of", "evidence"]
VERDICTS = ("verified", "warning", "unsupported", "failed")
KNOCKED_OUT = "knocked out"

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{1,63}$")  # bounded: linear time


# --------------------------------------------------------------------------- the records


@dataclass(frozen=True)
class CheckLine:
    """One check of a credential as a view shows it (engineer details stay in the report)."""

    code: str
    status: str
    message: str

    @property
    def needs_attention(self) -> bool:
        return self.status in (Status.FAIL, Status.INDETERMINATE)


@dataclass(frozen=True)
class CredentialRow:
    """One credential (each credential of a presentation gets its own row)."""

    key: str  # the candidate's key in this snapshot
    candidate: str
    file: str
    verdict: str
    credential: str
    issuer: str
    issuer_id: str
    known_issuer: str  # the organisation the known-issuer list names, "" when unknown
    attention: str  # the first check that did not pass, in words
    attention_code: str
    source: str
    sha256: str | None
    format: str
    checks: tuple[CheckLine, ...] = ()
    kind: str = "credential"  # or "presentation": the holder's wrapper, listed before its
    # credentials; never counted as a credential
    status: str = ""  # the card's status line (screening.present.cards.StatusLine.kind)
    status_title: str = ""
    status_reason: str = ""
    description: str = ""
    criteria: str = ""
    subject_name: str = ""
    valid_from: str = ""
    valid_until: str = ""

    @property
    def failing_checks(self) -> tuple[CheckLine, ...]:
        return tuple(c for c in self.checks if c.needs_attention)

    @property
    def is_credential(self) -> bool:
        return self.kind != "presentation"

    def checks_attention_first(self) -> tuple[CheckLine, ...]:
        """Failing checks first, then undecided ones, then the rest (each in check order)."""
        return tuple(self.checks[i] for i in attention_first(c.status for c in self.checks))


@dataclass(frozen=True)
class RankingRow:
    key: str
    rank: int
    candidate: str
    fit: float  # as displayed: one decimal
    band: str
    band_shown: str  # "knocked out" overrides the band
    knocked_out: bool
    required_met: int
    required_total: int
    missing: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    explanation: str = ""
    top_evidence: tuple[str, ...] = ()
    credentials_counted: int = 0
    credentials_excluded: int = 0
    status: str = "new"  # the recruiter's decision: new | shortlisted | rejected


@dataclass(frozen=True)
class CoverageCell:
    key: str
    candidate: str
    skill: str
    strength: float  # 0..1
    required: bool
    status: str  # met | partial | missing
    evidence: str  # the credentials behind it


@dataclass(frozen=True)
class RequirementLine:
    id: str
    label: str
    required: bool
    weight: float
    max_points: float
    points: float
    strength: float
    status: str
    credentials: tuple[str, ...] = ()
    below_min_level: bool = False


@dataclass(frozen=True)
class ContributionLine:
    requirement: str
    requirement_label: str
    credential: str
    points: float
    evidence: float
    match_type: str
    reason: str


@dataclass(frozen=True)
class CredentialUseLine:
    label: str
    verdict: str
    factor: float
    reasons: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    name: str | None = None
    issuer: str | None = None
    excluded: str | None = None


@dataclass(frozen=True)
class FlagLine:
    code: str
    message: str


@dataclass(frozen=True)
class ClaimLine:
    credential: str
    source: str
    text: str
    skill_id: str | None = None
    framework: str | None = None
    level: float | None = None
    level_text: str | None = None
    issued: str | None = None


@dataclass(frozen=True)
class FitView:
    """One candidate's full fit: every requirement, every contribution, every credential."""

    key: str
    rank: int
    candidate: str
    fit: float  # exact: the sum of the contributions' points
    band: str
    knocked_out: bool
    required_met: int
    required_total: int
    missing: tuple[str, ...] = ()
    explanation: str = ""
    flags: tuple[FlagLine, ...] = ()
    requirements: tuple[RequirementLine, ...] = ()
    contributions: tuple[ContributionLine, ...] = ()
    credentials: tuple[CredentialUseLine, ...] = ()
    unmatched_claims: tuple[ClaimLine, ...] = ()

    @property
    def band_shown(self) -> str:
        return KNOCKED_OUT if self.knocked_out else self.band

    @property
    def gaps(self) -> tuple[RequirementLine, ...]:
        return tuple(r for r in self.requirements if r.status != "met")

    @property
    def credentials_counted(self) -> int:
        return sum(1 for c in self.credentials if c.excluded is None)


@dataclass(frozen=True)
class CandidateEntry:
    key: str
    name: str
    email: str | None = None
    status: str = "new"  # the recruiter's decision: new | shortlisted | rejected
    notes: str = ""  # the recruiter's notes (shown read-only to hiring managers)


@dataclass(frozen=True)
class RoleRequirement:
    id: str
    label: str
    required: bool
    weight: float


@dataclass(frozen=True)
class RoleInfo:
    id: str
    title: str
    description: str = ""
    digest: str = ""
    toml: str = ""
    requirements: tuple[RoleRequirement, ...] = ()

    @property
    def required_count(self) -> int:
        return sum(1 for r in self.requirements if r.required)


@dataclass(frozen=True)
class ConfigInfo:
    digest: str
    values: Mapping[str, Any] = field(default_factory=dict)  # ScoringConfig.to_dict()


@dataclass(frozen=True)
class ScreeningSnapshot:
    """Everything a view of one screening shows, frozen at `created_at`."""

    created_at: str
    scored_at: str
    role: RoleInfo
    config: ConfigInfo
    candidates: tuple[CandidateEntry, ...] = ()
    ranking: tuple[RankingRow, ...] = ()  # in rank order
    fits: tuple[FitView, ...] = ()  # in rank order
    coverage: tuple[CoverageCell, ...] = ()
    verification: tuple[CredentialRow, ...] = ()
    format: str = FORMAT

    # ---- JSON

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _jsonable(asdict(self))
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScreeningSnapshot:
        """Read a stored snapshot (format 2, or format 1 with the fields it lacked empty)."""
        fmt = data.get("format")
        if fmt not in READABLE_FORMATS:
            raise ValueError(f"not a screening snapshot (format {fmt!r})")
        if fmt == FORMAT_V1:
            data = _upgrade_v1(data)
        snapshot: ScreeningSnapshot = _build(cls, {**data, "format": FORMAT})
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
        return [row for row in self.ranking if row.status == "shortlisted"]

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

    def verdict_counts(self) -> dict[str, int]:
        """Credentials per verdict (each credential of a presentation counts on its own;
        the presentation itself does not)."""
        counts = dict.fromkeys(VERDICTS, 0)
        for row in self.credential_rows():
            counts[row.verdict] = counts.get(row.verdict, 0) + 1
        return counts

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

    def verification_frame(self, *, presentations: bool = False) -> pd.DataFrame:
        """One row per credential; with `presentations`, each presentation's own row (its
        holder proof) before the credentials it carried."""
        labels = self.labels()
        rows = self.verification if presentations else self.credential_rows()
        return pd.DataFrame.from_records(
            [{**{k: v for k, v in _flat(row).items() if k != "checks"},
              "candidate": labels.get(row.key, row.candidate)} for row in rows],
            columns=["key", *VERIFICATION_COLUMNS, "format", "kind"])

    def evidence_frame(self, key: str) -> pd.DataFrame:
        """Per requirement: status, points and each contributing credential."""
        fit = self.fit(key)
        if fit is None:
            return pd.DataFrame(columns=EVIDENCE_COLUMNS)
        by_requirement: dict[str, list[str]] = {}
        for item in fit.contributions:
            if item.points > 0:
                by_requirement.setdefault(item.requirement, []).append(
                    f"{item.credential}: +{item.points:.1f} ({item.reason})")
        return pd.DataFrame.from_records([
            {"requirement": req.label, "required": req.required, "status": req.status,
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
    recruiter's (status, notes) by candidate.
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
                                        *decided.get(name, ("new", "")))
                         for name, key in keys.items()),
        ranking=tuple(replace(_ranking_row(keys[fit.candidate], rank, fit),
                              status=decided.get(fit.candidate, ("new", ""))[0])
                      for rank, fit in enumerate(fits, start=1)),
        fits=tuple(_fit_view(keys[fit.candidate], rank, fit)
                   for rank, fit in enumerate(fits, start=1)),
        coverage=tuple(CoverageCell(keys[fit.candidate], fit.candidate, req.label,
                                    float(req.strength), req.required, req.status,
                                    ", ".join(req.credentials))
                       for fit in fits for req in fit.requirements),
        verification=tuple(verification),
    )


def credential_rows(rows: Iterable[Row], keys: Mapping[str, str] | None = None
                    ) -> list[CredentialRow]:
    """One row per credential (a presentation's credentials each get one, after a row for
    the presentation itself)."""
    out = []
    for row in rows:
        key = (keys or {}).get(row.candidate, "")
        if row.report.kind == "presentation":
            out.append(replace(_credential_row(key, row, row.report), kind="presentation"))
        for cred in row.report.iter_credentials():
            out.append(_credential_row(key, row, cred))
    return out


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


def known_issuer(report: VerificationReport) -> str:
    """The organisation the known-issuer list names for this credential's issuer, or ""."""
    for check in report.checks:
        if check.code == "issuer_trusted" and check.status is Status.PASS:
            return str(check.details.get("organisation") or report.summary.issuer_id or "")
    return ""


def _credential_row(key: str, row: Row, cred: VerificationReport) -> CredentialRow:
    problem = next((c for c in cred.checks if c.status is Status.FAIL), None) or next(
        (c for c in cred.checks if c.status is Status.INDETERMINATE), None)
    organisation = known_issuer(cred)
    line = status_line(cred, organisation)
    text = credential_text(cred)
    return CredentialRow(
        key=key, candidate=row.candidate, file=cred.label, verdict=str(cred.verdict),
        credential=cred.summary.name or "",
        issuer=cred.summary.issuer_name or cred.summary.issuer_id or "",
        issuer_id=cred.summary.issuer_id or "", known_issuer=organisation,
        attention=f"{title_of(problem.code)}: {problem.message}" if problem else "",
        attention_code=problem.code if problem else "",
        source=row.source, sha256=row.sha256, format=cred.format,
        checks=tuple(CheckLine(c.code, str(c.status), c.message) for c in cred.checks),
        status=line.kind, status_title=line.title, status_reason=line.reason,
        description=text.description, criteria=text.criteria,
        subject_name=text.subject_name, valid_from=cred.summary.valid_from or "",
        valid_until=cred.summary.valid_until or "")


def _ranking_row(key: str, rank: int, fit: CandidateFit) -> RankingRow:
    return RankingRow(
        key=key, rank=rank, candidate=fit.candidate, fit=round(fit.fit, 1), band=fit.band,
        band_shown=KNOCKED_OUT if fit.knocked_out else fit.band,
        knocked_out=fit.knocked_out, required_met=fit.required_met,
        required_total=fit.required_total, missing=tuple(fit.missing),
        flags=tuple(f.message for f in fit.flags), explanation=fit.explanation,
        top_evidence=tuple(fit.top_evidence()),
        credentials_counted=sum(1 for c in fit.credentials if c.counted),
        credentials_excluded=sum(1 for c in fit.credentials if not c.counted))


def _fit_view(key: str, rank: int, fit: CandidateFit) -> FitView:
    data = fit.to_dict()
    data.update(key=key, rank=rank)
    view: FitView = _build(FitView, data)
    return view


def _candidates(rows: Iterable[Row]) -> list[str]:
    return sorted({row.candidate for row in rows}, key=str.casefold)


# --------------------------------------------------------------------------- plumbing


def _upgrade_v1(data: Mapping[str, Any]) -> dict[str, Any]:
    """Format 1 named a candidate entry's name `candidate`; everything else carries over."""
    upgraded = dict(data)
    upgraded["candidates"] = [
        {**c, "name": c.get("name", c.get("candidate", ""))}
        for c in data.get("candidates") or [] if isinstance(c, Mapping)]
    return upgraded


def _flat(record: Any) -> dict[str, Any]:
    """A record's fields, shallow, with tuples as lists (as dataframe cells expect)."""
    return {f.name: (list(v) if isinstance(v := getattr(record, f.name), tuple) else v)
            for f in fields(record)}


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
    an empty value of its type; nested records and tuples rebuilt from the field types."""
    if not isinstance(data, Mapping):
        raise ValueError(f"{cls.__name__}: expected an object")
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


def _empty(hint: Any) -> Any:
    if get_origin(hint) is tuple:
        return ()
    if type(None) in get_args(hint):
        return None
    return _EMPTY.get(hint)
