"""The fit model: from verified credentials to an explained 0–100 score for one role.

Per requirement, each counted credential gives one piece of evidence:

    evidence = verification factor × match confidence × level factor × recency factor

and a requirement's strength combines the pieces with diminishing returns,
`1 − Π(1 − evidence)`, with evidence from partly verified credentials (warnings) capped
as a whole. The fit is `100 × Σ weight × strength / Σ weight`, and it is *defined* as the
sum of the listed contributions: each credential's marginal points, attributed in a
canonical order. docs/scoring.md describes every parameter and walks through an example.

Arithmetic is exact (fractions) and points are multiples of 2⁻²⁰, so the sum of the
contributions equals the fit exactly in any order, adding evidence never lowers it, and
the order in which credentials arrive changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from fractions import Fraction
from functools import cached_property
from typing import Any

from screening.matching.roles import Requirement, Role
from screening.matching.skills.extract import SkillClaim, extract_claims
from screening.matching.skills.match import (
    MATCH_RANK,
    MatchSettings,
    MatchType,
    SkillMatch,
    match_claims,
)
from screening.matching.skills.taxonomy import describe
from screening.verify.codes import role_of, title_of
from screening.verify.report import Status, Verdict, VerificationReport

MODEL = "credential-fit/1"
QUANTUM = 2**20  # points are whole multiples of 1/QUANTUM: float sums of them are exact
YEAR_SECONDS = 365.25 * 24 * 3600

_FAIL_REASONS = {
    "credential_status": "revoked or suspended by its issuer",
    "validity_period": "expired or not yet valid",
    "proof_signature": "signature does not match (changed after signing, or forged)",
    "recipient_bound": "issued to someone else",
    "issuer_controls_key": "signed by someone other than its issuer",
    "jsonld_expansion": "has fields its signature does not cover",
    "document_parsed": "could not be read",
    "verifier_error": "could not be checked (internal error)",
}


@dataclass(frozen=True)
class ScoringConfig:
    """Every parameter of the model; `digest` identifies a configuration in results."""

    # Verification factors (a credential's weight as evidence). Failed and unsupported
    # credentials always count zero; a warning multiplies the factors of its causes.
    verified: float = 1.0
    unknown_issuer: float = 0.5
    self_asserted_key: float = 0.3
    test_key: float = 0.0
    status_unchecked: float = 0.7
    no_recipient: float = 0.8
    other_warning: float = 0.5
    partial_evidence_cap: float = 0.5  # most that warning-only evidence adds to a strength
    matching: MatchSettings = field(default_factory=MatchSettings)
    unknown_level: float = 0.75  # level factor when a role sets min_level and none is stated
    recency_half_life_years: float = 5.0  # when the role does not set one
    recency_grace_years: float = 1.0  # a credential this young has not aged at all
    undated: float = 0.5  # recency factor when no issue date can be read
    met_threshold: float = 0.5  # strength at which a requirement counts as met
    strong_band: float = 75.0
    possible_band: float = 50.0

    def __post_init__(self) -> None:
        for name in ("verified", "unknown_issuer", "self_asserted_key", "test_key",
                     "status_unchecked", "no_recipient", "other_warning",
                     "partial_evidence_cap", "unknown_level", "undated", "met_threshold"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and 0 <= value <= 1):
                raise ValueError(f"{name} must be between 0 and 1")
        if not 0 < self.recency_half_life_years <= 100:
            raise ValueError("recency_half_life_years must be > 0 and ≤ 100")
        if not 0 <= self.recency_grace_years <= 100:
            raise ValueError("recency_grace_years must be between 0 and 100")
        if not 0 <= self.possible_band <= self.strong_band <= 100:
            raise ValueError("bands must satisfy 0 ≤ possible_band ≤ strong_band ≤ 100")

    def to_dict(self) -> dict[str, Any]:
        return {"model": MODEL, **asdict(self)}

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the canonical JSON of the configuration (and the model version)."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


DEFAULT_CONFIG = ScoringConfig()


@dataclass(frozen=True)
class CredentialUse:
    """How one credential counts: its verification factor and why, or why it does not."""

    label: str
    verdict: str
    factor: float  # 0 when not counted
    reasons: tuple[str, ...]
    flags: tuple[str, ...]  # flag codes of the warnings behind the factor
    name: str | None = None
    issuer: str | None = None
    excluded: str | None = None  # the reason it counts zero, if it does
    group: str = ""  # credentials with the same group are one credential (duplicates)

    @property
    def counted(self) -> bool:
        return self.excluded is None

    def sort_key(self) -> tuple[Any, ...]:
        # total order over every field, so equal-looking inputs list identically
        return (self.label, self.group, self.verdict, self.excluded or "", -self.factor,
                self.reasons, self.flags, self.name or "", self.issuer or "")

    @property
    def partial(self) -> bool:
        return self.verdict == Verdict.WARNING

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "verdict": self.verdict, "factor": self.factor,
                "reasons": list(self.reasons), "flags": list(self.flags), "name": self.name,
                "issuer": self.issuer, "excluded": self.excluded}


@dataclass(frozen=True)
class Evidence:
    """One credential's best evidence for one requirement."""

    requirement: str
    credential: str
    claim: SkillClaim
    match: MatchType
    match_confidence: float
    matched: str
    verification: float
    level: float
    recency: float
    strength: float
    partial: bool
    factors: tuple[tuple[str, float], ...]  # (level / recency in words, factor)
    group: str

    def sort_key(self) -> tuple[Any, ...]:
        # strongest first; the rest makes the order total (input order never matters)
        return (-self.strength, self.credential, MATCH_RANK[self.match], self.claim.source,
                self.claim.text, self.group, self.partial, -self.verification, -self.level,
                -self.recency, self.matched, repr(self.claim))


@dataclass(frozen=True)
class Contribution:
    """Points one credential adds to one requirement, and the reason in words."""

    requirement: str  # requirement id
    requirement_label: str
    credential: str
    points: float
    evidence: float  # the credential's evidence strength for the requirement, 0..1
    match_type: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class RequirementResult:
    id: str
    label: str
    required: bool
    weight: float
    max_points: float
    points: float
    strength: float
    status: str  # met | partial | missing
    credentials: tuple[str, ...]  # those that added points, strongest first
    below_min_level: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "credentials": list(self.credentials)}


@dataclass(frozen=True)
class Flag:
    code: str
    message: str


@dataclass(frozen=True)
class CandidateFit:
    candidate: str
    role_id: str
    fit: float  # == sum of contribution points, exactly
    band: str  # strong | possible | weak
    knocked_out: bool
    requirements: tuple[RequirementResult, ...]
    contributions: tuple[Contribution, ...]
    credentials: tuple[CredentialUse, ...]
    unmatched_claims: tuple[SkillClaim, ...]
    flags: tuple[Flag, ...]
    config_hash: str
    role_hash: str
    scored_at: str

    @property
    def required_total(self) -> int:
        return sum(1 for r in self.requirements if r.required)

    @property
    def required_met(self) -> int:
        return sum(1 for r in self.requirements if r.required and r.status == "met")

    @property
    def missing(self) -> tuple[str, ...]:
        """Labels of required requirements without any counted evidence."""
        return tuple(r.label for r in self.requirements if r.required and r.status == "missing")

    @property
    def excluded(self) -> tuple[CredentialUse, ...]:
        return tuple(c for c in self.credentials if not c.counted)

    @property
    def explanation(self) -> str:
        return explain(self)

    def top_evidence(self, limit: int = 3) -> list[str]:
        best = sorted((c for c in self.contributions if c.points > 0),
                      key=lambda c: (-c.points, c.requirement_label, c.credential))
        return [f"{c.requirement_label} ← {c.credential} (+{c.points:.1f})"
                for c in best[:limit]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "candidate": self.candidate, "role": self.role_id, "fit": self.fit,
            "band": self.band, "knocked_out": self.knocked_out,
            "required_met": self.required_met, "required_total": self.required_total,
            "missing": list(self.missing), "explanation": self.explanation,
            "flags": [f.__dict__ for f in self.flags],
            "requirements": [r.to_dict() for r in self.requirements],
            "contributions": [c.to_dict() for c in self.contributions],
            "credentials": [c.to_dict() for c in self.credentials],
            "unmatched_claims": [c.to_dict() for c in self.unmatched_claims],
            "config_hash": self.config_hash, "role_hash": self.role_hash,
            "scored_at": self.scored_at,
        }


# -- verification ------------------------------------------------------------------------

def assess(report: VerificationReport, config: ScoringConfig = DEFAULT_CONFIG,
           carrier: VerificationReport | None = None) -> CredentialUse:
    """The verification factor of one credential-level report (`carrier`: the presentation
    that held it, whose own failure makes the credential count zero)."""
    verdict = report.verdict
    base: dict[str, Any] = {
        "label": report.label, "verdict": str(verdict), "name": report.summary.name,
        "issuer": report.summary.issuer_name or report.summary.issuer_id,
        "group": _group(report)}
    if carrier is not None and carrier.verdict in (Verdict.FAILED, Verdict.UNSUPPORTED):
        reason = f"the presentation that carried it {_failure(carrier)}"
        return CredentialUse(factor=0.0, reasons=(reason,), flags=(), excluded=reason, **base)
    if verdict in (Verdict.FAILED, Verdict.UNSUPPORTED):
        reason = _failure(report)
        return CredentialUse(factor=0.0, reasons=(reason,), flags=(), excluded=reason, **base)
    factor, reasons, flags = config.verified, [], []
    if verdict == Verdict.VERIFIED:
        reasons.append("verified")
    for code, value, why in _warnings(report, config):
        factor *= value
        reasons.append(f"{why} (×{value:g})")
        flags.append(code)
    if factor <= 0:
        reason = "counts zero: " + "; ".join(reasons)
        return CredentialUse(factor=0.0, reasons=tuple(reasons), flags=tuple(flags),
                             excluded=reason, **base)
    return CredentialUse(factor=factor, reasons=tuple(reasons), flags=tuple(flags), **base)


def _warnings(report: VerificationReport, config: ScoringConfig
              ) -> Iterator[tuple[str, float, str]]:
    undecided = [c for c in report.checks if c.status is Status.INDETERMINATE]
    codes = {c.code for c in undecided}
    self_asserted = any(c.details.get("self_asserted") is True for c in report.checks)
    if "issuer_trusted" in codes:
        yield "unknown_issuer", config.unknown_issuer, "issuer not on your known-issuer list"
    if self_asserted:
        yield "self_asserted_key", config.self_asserted_key, "signed with a self-asserted key"
    if "not_a_test_key" in codes:
        yield "test_key", config.test_key, "signed with a published test key"
    if "credential_status" in codes:
        yield "status_unchecked", config.status_unchecked, "revocation could not be checked"
    if "recipient_bound" in codes:
        yield "no_recipient", config.no_recipient, "does not say whom it was issued to"
    known = {"issuer_trusted", "not_a_test_key", "credential_status", "recipient_bound"}
    others = sorted({c.code for c in undecided if c.code not in known
                     and not c.details.get("self_asserted")})
    if others:
        titles = ", ".join(title_of(code) for code in others)
        yield "unverified_check", config.other_warning, f"not checked: {titles}"


def _failure(report: VerificationReport) -> str:
    if report.verdict == Verdict.UNSUPPORTED:
        undecided = sorted({c.code for c in report.checks if c.status is Status.INDETERMINATE
                            and role_of(c.code).value == "integrity"})
        what = ", ".join(title_of(code).lower() for code in undecided) or "no checks ran"
        return f"could not be verified ({what})"
    failing = [c.code for c in report.failing]
    if len(failing) > 1:  # the summary check only repeats what the others say
        failing = [code for code in failing if code != "proof_verified"]
    reasons = list(dict.fromkeys(_FAIL_REASONS.get(code, f"failed: {title_of(code).lower()}")
                                 for code in failing))
    return "; ".join(reasons[:3]) or "failed verification"


def _group(report: VerificationReport) -> str:
    """Same issuer and credential id, or same content: the same credential submitted twice."""
    summary = report.summary
    if summary.id and summary.issuer_id:
        return f"id:{summary.issuer_id}|{summary.id}"
    if report.document is not None:
        try:
            canonical = json.dumps(report.document, sort_keys=True, default=str)
        except (TypeError, ValueError, RecursionError):
            canonical = repr(report.label)
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8", "replace")).hexdigest()
    return f"label:{report.label}"


def _credentials(reports: Iterable[VerificationReport]
                 ) -> Iterator[tuple[VerificationReport, VerificationReport | None]]:
    for report in reports:
        if report.kind == "presentation":
            for inner in report.iter_credentials():
                yield inner, report
        else:
            yield report, None


# -- factors -----------------------------------------------------------------------------

def level_factor(level: float | None, min_level: float | None, config: ScoringConfig,
                 level_text: str | None = None) -> tuple[float, str]:
    stated = f"level {level_text}" if level_text else (
        f"level {level:.2f}" if level is not None else "")
    if level is None:
        if not min_level:
            return 1.0, ""
        return config.unknown_level, f"level not stated, role asks ≥ {min_level:g}"
    if level <= 0:
        return 0.0, f"{stated}: not achieved"
    if not min_level or level >= min_level:
        return 1.0, stated
    return level / min_level, f"{stated}, below the minimum {min_level:g}"


def recency_factor(issued: datetime | None, now: datetime, half_life_years: float,
                   config: ScoringConfig) -> tuple[float, str]:
    if issued is None:
        return config.undated, "issue date unknown"
    age = (now - issued).total_seconds() / YEAR_SECONDS
    when = issued.date().isoformat()
    aged = age - config.recency_grace_years  # decay starts after the grace period
    if aged <= 0:
        return 1.0, f"issued {when}"
    return 0.5 ** (aged / half_life_years), (
        f"issued {when}, {age:.1f} y ago ({config.recency_grace_years:g} y grace, "
        f"half-life {half_life_years:g} y)")


# -- scoring -----------------------------------------------------------------------------

def score_candidate(role: Role, reports: Sequence[VerificationReport],
                    config: ScoringConfig | None = None, now: datetime | None = None, *,
                    candidate: str = "") -> CandidateFit:
    """Score one candidate's verified credentials against a role (`now` is required)."""
    if now is None or now.tzinfo is None:
        raise ValueError("now must be a timezone-aware datetime")
    config = config or DEFAULT_CONFIG
    uses: list[CredentialUse] = []
    claims_of: dict[int, tuple[SkillClaim, ...]] = {}
    for report, carrier in _credentials(reports):
        use = assess(report, config, carrier)
        uses.append(use)
        if use.counted:
            claims_of[len(uses) - 1] = extract_claims(report)
    evidence: dict[str, list[Evidence]] = {r.id: [] for r in role.requirements}
    matched_claims: set[tuple[str, str, str]] = set()
    for index, claims in claims_of.items():
        use = uses[index]
        matches = match_claims(claims, role, config.matching)
        for m in matches:
            matched_claims.add(_claim_key(m.claim))
        for requirement in role.requirements:
            best = _best_evidence(requirement, role, use, matches, config, now)
            if best is not None:
                evidence[requirement.id].append(best)
    total_weight = sum((Fraction(r.weight) for r in role.requirements), Fraction(0))
    results, contributions = [], []
    for requirement in role.requirements:
        result, parts = _requirement(requirement, evidence[requirement.id], total_weight,
                                     config)
        results.append(result)
        contributions.extend(parts)
    fit = sum(c.points for c in contributions)  # exact: every term is a multiple of 2⁻²⁰
    knocked_out = any(r.required and r.status == "missing" for r in results)
    credentials = tuple(sorted(uses, key=CredentialUse.sort_key))
    unmatched = _unmatched(claims_of.values(), matched_claims)
    return CandidateFit(
        candidate=candidate, role_id=role.id, fit=fit, band=band(fit, config),
        knocked_out=knocked_out, requirements=tuple(results),
        contributions=tuple(contributions), credentials=credentials,
        unmatched_claims=unmatched,
        flags=tuple(_flags(results, credentials, bool(uses))),
        config_hash=config.digest, role_hash=role.digest, scored_at=now.isoformat())


def band(fit: float, config: ScoringConfig = DEFAULT_CONFIG) -> str:
    # Compared at display precision, so a row showing 75.0 is always "strong".
    shown = round(fit, 1)
    if shown >= config.strong_band:
        return "strong"
    return "possible" if shown >= config.possible_band else "weak"


def _best_evidence(requirement: Requirement, role: Role, use: CredentialUse,
                   matches: list[SkillMatch], config: ScoringConfig,
                   now: datetime) -> Evidence | None:
    half_life = (requirement.recency_half_life_years or role.recency_half_life_years
                 or config.recency_half_life_years)
    candidates = []
    for m in matches:
        if m.requirement != requirement.id:
            continue
        level, level_note = level_factor(m.claim.level, requirement.min_level, config,
                                         m.claim.level_text)
        recency, recency_note = recency_factor(m.claim.issued, now, half_life, config)
        strength = use.factor * m.confidence * level * recency
        candidates.append(Evidence(
            requirement=requirement.id, credential=use.label, claim=m.claim, match=m.type,
            match_confidence=m.confidence, matched=m.matched, verification=use.factor,
            level=level, recency=recency, strength=strength, partial=use.partial,
            factors=tuple((note, f) for note, f in ((level_note, level),
                                                    (recency_note, recency)) if note),
            group=use.group))
    if not candidates:
        return None
    return min(candidates, key=Evidence.sort_key)


def _requirement(requirement: Requirement, items: list[Evidence], total_weight: Fraction,
                 config: ScoringConfig) -> tuple[RequirementResult, list[Contribution]]:
    """Combine one requirement's evidence and attribute its points, in canonical order."""
    # One credential submitted twice counts once: per group keep the strongest fully
    # verified piece and the strongest partial piece; the rest are listed with 0 points.
    best: dict[tuple[str, bool], Evidence] = {}
    for item in sorted(items, key=Evidence.sort_key):
        best.setdefault((item.group, item.partial), item)
    kept = set(map(id, best.values()))
    full = sorted((e for e in best.values() if not e.partial), key=Evidence.sort_key)
    partial = sorted((e for e in best.values() if e.partial), key=Evidence.sort_key)
    max_points = Fraction(100) * Fraction(requirement.weight) / total_weight
    cap = Fraction(config.partial_evidence_cap)
    keep_full, keep_partial = Fraction(1), Fraction(1)  # Π(1 − evidence) of each pool
    previous = 0
    strength = Fraction(0)
    parts = []
    for item in (*full, *partial):
        if item.partial:
            keep_partial *= 1 - Fraction(item.strength)
        else:
            keep_full *= 1 - Fraction(item.strength)
        strength = 1 - keep_full * (1 - min(cap, 1 - keep_partial))
        quanta = math.floor(max_points * strength * QUANTUM)
        points = (quanta - previous) / QUANTUM
        previous = quanta
        capped = item.partial and 1 - keep_partial > cap
        parts.append(_contribution(requirement, item, points, cap if capped else None))
    for item in sorted((e for e in items if id(e) not in kept), key=Evidence.sort_key):
        twin = best[(item.group, item.partial)]
        parts.append(_contribution(requirement, item, 0.0, None,
                                   duplicate_of=twin.credential))
    status = ("met" if strength >= Fraction(config.met_threshold)
              else "partial" if strength > 0 else "missing")
    counted = [p for p in parts if p.points > 0]
    below = any(e.claim.level is not None and requirement.min_level
                and e.claim.level < requirement.min_level for e in (*full, *partial))
    result = RequirementResult(
        id=requirement.id, label=requirement.label, required=requirement.required,
        weight=requirement.weight, max_points=float(max_points),
        points=sum(p.points for p in parts), strength=float(strength), status=status,
        credentials=tuple(dict.fromkeys(p.credential for p in
                                         sorted(counted, key=lambda p: -p.points))),
        below_min_level=bool(below))
    return result, parts


def _contribution(requirement: Requirement, item: Evidence, points: float,
                  cap: Fraction | None, duplicate_of: str | None = None) -> Contribution:
    claim = item.claim
    source = claim.source.replace("_", " ")
    quoted = "'" + " ".join(claim.text.split()) + "'"  # whole: exports never cut it
    via = "" if claim.source == "alignment" else f"{source} "
    how = {MatchType.EXACT_ID: f"{via}aligned to {describe(item.matched)}",
           MatchType.EXACT_ALIAS: f"{source} {quoted} is a name of it",
           MatchType.FUZZY: f"{source} {quoted} ≈ '{item.matched}'",
           MatchType.PHRASE: f"{source} mentions '{item.matched}'"}[item.match]
    parts = [f"{how} ({item.match.value.replace('_', ' ')} ×{item.match_confidence:g})",
             f"verification ×{item.verification:g}"]
    parts += [f"{note} (×{factor:.2f})" for note, factor in item.factors]
    reason = (f"{requirement.label}: " + "; ".join(parts)
              + f" → evidence {item.strength:.2f}, +{points:.1f} points")
    if duplicate_of is not None:
        reason += f" (same credential as {duplicate_of}: counted once)"
    elif cap is not None:
        reason += f" (partly verified evidence together is capped at {float(cap):g})"
    elif points == 0 and item.strength > 0:
        reason += " (nothing left to add)"
    return Contribution(requirement=requirement.id, requirement_label=requirement.label,
                        credential=item.credential, points=points, evidence=item.strength,
                        match_type=item.match.value, reason=reason)


def _claim_key(claim: SkillClaim) -> tuple[str, str, str]:
    return (claim.credential, claim.source, claim.text)


def _unmatched(all_claims: Iterable[tuple[SkillClaim, ...]],
               matched: set[tuple[str, str, str]]) -> tuple[SkillClaim, ...]:
    unmatched: dict[tuple[str, str, str], SkillClaim] = {}
    for claim in sorted((c for claims in all_claims for c in claims), key=repr):
        if claim.short and _claim_key(claim) not in matched:
            unmatched.setdefault(_claim_key(claim), claim)
    return tuple(unmatched[k] for k in sorted(unmatched))


# -- flags and explanation ---------------------------------------------------------------

_WARNING_FLAGS = {
    "unknown_issuer": "issuer not on your known-issuer list",
    "self_asserted_key": "signed with a self-asserted key",
    "test_key": "signed with a published test key",
    "status_unchecked": "revocation could not be checked",
    "no_recipient": "recipient not stated",
    "unverified_check": "a check could not be completed",
}


def _flags(results: list[RequirementResult], credentials: tuple[CredentialUse, ...],
           any_credentials: bool) -> Iterator[Flag]:
    if not any_credentials:
        yield Flag("no_credentials", "no credentials were submitted")
    missing = [r.label for r in results if r.required and r.status == "missing"]
    if missing:
        yield Flag("knocked_out", "knocked out: no evidence for required " + ", ".join(missing))
    weak = [r.label for r in results if r.required and r.status == "partial"]
    if weak:
        yield Flag("partial_required", "weak evidence for required " + ", ".join(weak))
    low = [r.label for r in results if r.below_min_level]
    if low:
        yield Flag("below_min_level", "below the minimum level for " + ", ".join(low))
    for code, words in _WARNING_FLAGS.items():
        labels = [c.label for c in credentials if c.counted and code in c.flags]
        if labels:
            yield Flag(code, f"{words}: {', '.join(labels)}")
    excluded = [f"{c.label} ({c.excluded})" for c in credentials if not c.counted]
    if excluded:
        yield Flag("excluded", "not counted: " + "; ".join(excluded))


def explain(fit: CandidateFit) -> str:
    """One sentence: the score, the credentials behind it, what is missing, what was not
    counted and why."""
    head = f"Fit {fit.fit:.1f} ({fit.band}{', knocked out' if fit.knocked_out else ''})"
    parts = []
    backed = [f"{r.label} from {_join(r.credentials)}" for r in fit.requirements
              if r.credentials]
    parts.append("backed by " + ", ".join(backed) if backed
                 else "no counted credential shows a skill this role asks for")
    if fit.missing:
        parts.append("missing required " + _join(fit.missing))
    weak = [r.label for r in fit.requirements if r.required and r.status == "partial"]
    if weak:
        parts.append("weak evidence for required " + _join(weak))
    partly = sorted({c.label for c in fit.credentials if c.counted and c.flags})
    if partly:
        parts.append("partly verified: " + _join(partly))
    excluded = [f"{c.label} ({c.excluded})" for c in fit.credentials if not c.counted]
    if excluded:
        parts.append("not counted: " + "; ".join(excluded))
    # whole (never cut with "…"): the report and CSV show it in full; its parts are bounded
    # by intake (names and labels are capped), the terminal clips it for the screen
    return " ".join(f"{head}: {'; '.join(parts)}.".split())  # one line


def _join(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
