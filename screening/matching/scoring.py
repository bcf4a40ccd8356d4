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
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from typing import Any, ClassVar

from screening.matching.plain import plain_status, plain_title, plain_words
from screening.matching.roles import Requirement, Role
from screening.matching.skills import learned
from screening.matching.skills.broader import with_broader
from screening.matching.skills.certified import certification_matches
from screening.matching.skills.extract import PROOF_WORDS, SkillClaim, extract_claims, proof_kind
from screening.matching.skills.learned import LEARNED, learned_matches
from screening.matching.skills.lexicon import LANGUAGES, SOURCE_RANK
from screening.matching.skills.match import (
    MATCH_RANK,
    MatchSettings,
    MatchType,
    SkillMatch,
    match_claims,
)
from screening.matching.skills.occupations import occupation_matches
from screening.matching.skills.taxonomy import describe
from screening.verify import elm
from screening.verify.codes import PlainStatus, role_of, spec_of, title_of
from screening.verify.report import Status, Verdict, VerificationReport

MODEL = "credential-fit/1"
# Why a skill named by a credential that was only attended is suggested, not counted.
ATTENDED_REASON = "the credential says it was attended, and nothing was assessed"
# Which claim is cited when two justify a requirement equally: an alignment beats a result,
# a name beats a tag, and a description comes last.
CLAIM_RANK = {"alignment": 0, "result": 1, "skill": 2, "degree": 3, "name": 4, "field": 5,
              "credential_name": 6, "tag": 7, "description": 8, "criteria": 9}
NAME_SOURCE_WORDS = {"alignment_id": "alignment id", "role_alias": "the role's name",
                     "esco_preferred": "ESCO preferred label",
                     "esco_alternative": "ESCO alternative label", "synonym": "synonym list",
                     "implied": "implied by a work phrase",
                     "onet_name": "a name of that O*NET skill or occupation",
                     "broader": "evidence of a skill within that field",
                     "certification": "a certification whose published exam objectives "
                                      "cover it",
                     "occupation": "an essential skill of that ESCO occupation",
                     LEARNED: "a model trained on labelled credentials, suggested"}
QUANTUM = 2**20  # points are whole multiples of 1/QUANTUM: float sums of them are exact
YEAR_SECONDS = 365.25 * 24 * 3600

# The order in which a credential's warnings are named (each a ScoringConfig factor; the
# registry, `verify.codes`, says which undecided check applies which factor).
SELF_REPORTED = "self_reported"  # its flag (and check code)
SELF_REPORTED_WORDS = "Self-reported"  # what the explanation calls such a claim


WARNING_ORDER = ("unknown_issuer", "self_asserted_key", "test_key", "status_unchecked",
                 "no_recipient")


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
    # A credential whose revocation status could not be checked adds points, but meets a
    # requirement only when this is on ("status unknown is not partly verified").
    status_unknown_meets: bool = False
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
    # Kind of proof (the credential's own account of its assessment; see docs/scoring.md):
    # OB 3.0 achievementType, result, creditsAvailable, evidence.
    proof_certification: float = 1.0  # licence, certification, degree, diploma
    proof_assessed: float = 1.0  # a result with a score or level
    # European standard elements (ELM 3 / EDC; docs/scoring.md): supervision and identity
    # verification during assessment, and what the credential states of workload and QA.
    proof_supervised_exam: float = 1.0  # supervised assessment with identity check
    proof_supervised: float = 0.9  # supervised, identity not checked
    proof_unsupervised: float = 0.8  # unsupervised (online) test
    proof_no_workload: float = 0.9  # states neither ECTS credits nor an EQF level
    proof_no_quality_assurance: float = 0.9  # states no accreditation / quality assurance
    proof_credit: float = 0.9  # creditsAvailable / creditsEarned
    proof_evidenced: float = 0.9  # evidence attached
    proof_course: float = 0.8  # course completion, no assessment stated
    proof_participation: float = 0.6  # participation badge (OB 3.0 Badge, Award, ...)
    # its own words say it was attended and nothing assessed: at 0 (the default) its skill
    # words only suggest the skill, as a generic label does (attending is not learning)
    proof_attended: float = 0.0
    proof_unstated: float = 1.0  # the credential does not say (most OB 2.0 badges)
    # Whose evidence: credentials naming another holder than the candidate's other
    # credentials count only when confirmed (per candidate) or when this is true.
    count_other_holders: bool = False
    # Self-reported claims (a pasted profile entry with no link: never verified) count this
    # much, at most SELF_REPORTED_MAX; 0 (the default) leaves them out (docs/scoring.md).
    self_reported: float = 0.0
    # What a credential's whole wording suggests by the learned model (skills/learned.py):
    # points at its low confidence, never a requirement met alone (docs/scoring.md).
    learned_suggestions: bool = True
    SELF_REPORTED_MAX: ClassVar[float] = 0.3  # a claim nobody checked counts a little at most

    def __post_init__(self) -> None:
        for name in ("verified", "unknown_issuer", "self_asserted_key", "test_key",
                     "status_unchecked", "no_recipient", "other_warning",
                     "partial_evidence_cap", "unknown_level", "undated", "met_threshold",
                     "proof_no_workload", "proof_no_quality_assurance",
                     *(f"proof_{kind}" for kind in PROOF_WORDS)):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and 0 <= value <= 1):
                raise ValueError(f"{name} must be between 0 and 1")
        if not (isinstance(self.self_reported, int | float)
                and 0 <= self.self_reported <= self.SELF_REPORTED_MAX):
            raise ValueError(f"self_reported must be between 0 and {self.SELF_REPORTED_MAX:g}")
        if not 0 < self.recency_half_life_years <= 100:
            raise ValueError("recency_half_life_years must be > 0 and ≤ 100")
        if not 0 <= self.recency_grace_years <= 100:
            raise ValueError("recency_grace_years must be between 0 and 100")
        if not 0 <= self.possible_band <= self.strong_band <= 100:
            raise ValueError("bands must satisfy 0 ≤ possible_band ≤ strong_band ≤ 100")

    def to_dict(self) -> dict[str, Any]:
        # the learned model's data is part of the configuration: retrained, it scores anew
        learned_model = learned.model().digest if self.learned_suggestions else None
        return {"model": MODEL, "learned_model": learned_model, **asdict(self)}

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
    proof: str = "unstated"  # kind of proof (extract.PROOF_KINDS)
    proof_factor: float = 1.0
    holder: str | None = None  # the subject DID / email it names, when it names one
    other_holder: bool = False  # names a different holder than the candidate's others
    status: str = ""  # the card's plain status words ("Issuer unknown"), when counted
    proof_detail: str = ""  # European elements behind proof_factor ("5 ECTS, EQF 6, ...")
    ects: float | None = None  # ECTS credits it states (ELM), for stackability
    eqf: int | None = None  # EQF level it states (ELM)

    @property
    def counted(self) -> bool:
        return self.excluded is None

    def sort_key(self) -> tuple[Any, ...]:
        # total order over every field, so equal-looking inputs list identically
        return (self.label, self.group, self.verdict, self.excluded or "", -self.factor,
                self.reasons, self.flags, self.name or "", self.issuer or "", self.proof,
                self.holder or "", self.other_holder, self.status,
                -1.0 if self.ects is None else self.ects, self.eqf or 0)

    @property
    def proof_kind_words(self) -> str:
        """Its kind of proof as the explanation's "kind of proof:" list names it, with the
        European elements behind its factor."""
        words = "not stated" if self.proof == "unstated" else PROOF_WORDS.get(self.proof,
                                                                               self.proof)
        return f"{words} ({self.proof_detail})" if self.proof_detail else words

    @property
    def partial(self) -> bool:  # (self-reported claims are capped like warnings)
        return self.verdict == Verdict.WARNING or SELF_REPORTED in self.flags

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "verdict": self.verdict, "factor": self.factor,
                "reasons": list(self.reasons), "flags": list(self.flags), "name": self.name,
                "issuer": self.issuer, "excluded": self.excluded, "proof": self.proof,
                "proof_factor": self.proof_factor, "holder": self.holder,
                "other_holder": self.other_holder}


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
    proof: float = 1.0
    proof_kind: str = "unstated"
    name_source: str = "alignment_id"
    decides: bool = True  # False: a generic label that only suggests the skill
    generic_reason: str = ""
    language: str | None = None
    name_language: str = "en"
    unknown_issuer: bool = False  # from a credential whose issuer is not known
    status_unknown: bool = False  # from a credential whose revocation could not be checked
    proof_detail: str = ""
    ects: float | None = None  # ECTS credits the credential states (stackability)

    def sort_key(self) -> tuple[Any, ...]:
        return self._sort_key

    @cached_property
    def _sort_key(self) -> tuple[Any, ...]:
        # strongest first; the rest makes the order total (input order never matters).
        # Kept once made: a requirement's evidence is sorted several times per candidate.
        return (-self.strength, not self.decides, self.credential, MATCH_RANK[self.match],
                SOURCE_RANK.get(self.name_source, 9), CLAIM_RANK.get(self.claim.source, 9),
                self.claim.source, self.claim.text, self.group, self.partial,
                -self.verification, -self.level, -self.recency, self.matched,
                # two credentials with one label and one claim that weigh nothing may
                # still differ in their kind of proof (found by hypothesis)
                -self.proof, self.proof_kind, self.proof_detail, self.factors,
                self.unknown_issuer, self.status_unknown, self.language or "",
                self.name_language, -1.0 if self.ects is None else self.ects,
                repr(self.claim))


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
    name_source: str = "alignment_id"  # where the matched name came from
    decides: bool = True  # False: a suggestion (generic label), never points
    language: str | None = None  # the credential's detected language

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Band(StrEnum):
    """A fit's band, best first; the declaration order is the order every view uses.
    `KNOCKED_OUT` is never computed by `band()`: views show it instead of the band when a
    required skill has no evidence (a snapshot's `band_shown`)."""

    STRONG = "strong"
    POSSIBLE = "possible"
    WEAK = "weak"
    KNOCKED_OUT = "knocked out"


class Coverage(StrEnum):
    """How well a requirement is evidenced, best first (the order every view uses)."""

    MET = "met"
    PARTIAL = "partial"
    MISSING = "missing"


@dataclass(frozen=True)
class RequirementResult:
    id: str
    label: str
    required: bool
    weight: float
    max_points: float
    points: float
    strength: float
    status: Coverage
    credentials: tuple[str, ...]  # those that added points, strongest first
    below_min_level: bool = False
    suggested_by: tuple[str, ...] = ()  # credentials whose generic labels only suggest it
    phrases: tuple[str, ...] = ()  # the words that evidenced it, strongest first (quoted)
    met_only_by_unknown_issuers: bool = False  # strong enough, but not from a known issuer
    met_only_by_unknown_status: bool = False  # strong enough, but revocation never checked
    workload: str = ""  # min_ects: the stated credits added up, in words (stackability)

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "credentials": list(self.credentials),
                "phrases": list(self.phrases)}


@dataclass(frozen=True)
class Flag:
    code: str
    message: str


@dataclass(frozen=True)
class CandidateFit:
    candidate: str
    role_id: str
    fit: float  # == sum of contribution points, exactly
    band: Band  # strong | possible | weak (never KNOCKED_OUT)
    knocked_out: bool
    requirements: tuple[RequirementResult, ...]
    contributions: tuple[Contribution, ...]
    credentials: tuple[CredentialUse, ...]
    unmatched_claims: tuple[SkillClaim, ...]
    flags: tuple[Flag, ...]
    config_hash: str
    role_hash: str
    scored_at: str
    tied_with: tuple[str, ...] = ()  # candidates ranked level with this one (set by ranking)
    tied_count: int = 0  # how many candidates are level with this one (may exceed tied_with)

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
            "scored_at": self.scored_at, "tied_with": list(self.tied_with),
            "tied_count": self.tied_count,
        }


# -- verification ------------------------------------------------------------------------

def assess(report: VerificationReport, config: ScoringConfig = DEFAULT_CONFIG,
           carrier: VerificationReport | None = None) -> CredentialUse:
    """The verification factor of one credential-level report (`carrier`: the presentation
    that held it, whose own failure makes the credential count zero)."""
    verdict = report.verdict
    kind, holder = _proof_and_holder(report)
    base: dict[str, Any] = {
        "label": report.label, "verdict": str(verdict), "name": report.summary.name,
        "issuer": report.summary.issuer_name or report.summary.issuer_id,
        "group": _group(report), "proof": kind,
        "proof_factor": float(getattr(config, f"proof_{kind}")),
        "holder": holder, **european_proof(report, config)}
    if carrier is not None and carrier.verdict in (Verdict.FAILED, Verdict.UNSUPPORTED):
        reason = f"the presentation that carried it: {_failure(carrier)}"
        return CredentialUse(factor=0.0, reasons=(reason,), flags=(), excluded=reason, **base)
    if config.self_reported > 0 and _self_reported(report):
        why = f"self-reported, never verified (×{config.self_reported:g})"
        return CredentialUse(factor=config.self_reported, reasons=(why,),
                             flags=(SELF_REPORTED,), status=SELF_REPORTED_WORDS, **base)
    if verdict in (Verdict.FAILED, Verdict.UNSUPPORTED):
        reason = _failure(report)
        return CredentialUse(factor=0.0, reasons=(reason,), flags=(), excluded=reason, **base)
    factor, reasons, flags = config.verified, [], []
    base["status"] = plain_words(report)
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


def _self_reported(report: VerificationReport) -> bool:
    """A claim the candidate typed (batch.runner.self_reported_report): undecided only
    because nobody can check it, with nothing else wrong."""
    return report.verdict is Verdict.UNSUPPORTED and any(
        c.code == SELF_REPORTED and c.status is Status.INDETERMINATE for c in report.checks
    ) and not report.failing


def european_proof(report: VerificationReport, config: ScoringConfig) -> dict[str, Any]:
    """The quality-of-proof of a credential stating the European standard elements (ELM 3):
    its assessment kind's factor (proof_kind), times `proof_no_workload` when it states
    neither ECTS credits nor an EQF level and `proof_no_quality_assurance` when it names
    no accreditation; and those elements in words for the explanation."""
    facts = elm.read(report.document)
    if facts is None:
        return {}
    kind = _proof_and_holder(report)[0]
    factor = float(getattr(config, f"proof_{kind}"))
    words = []
    if facts.ects is not None:
        words.append(f"{facts.ects:g} ECTS")
    if facts.eqf is not None:
        words.append(f"EQF {facts.eqf}")
    if facts.ects is None and facts.eqf is None:
        factor *= config.proof_no_workload
        words.append(f"no ECTS or EQF level stated ×{config.proof_no_workload:g}")
    if facts.quality_assured:
        words.append("quality-assured")
    else:
        factor *= config.proof_no_quality_assurance
        words.append(f"no quality assurance stated ×{config.proof_no_quality_assurance:g}")
    return {"proof_factor": factor, "proof_detail": ", ".join(words), "ects": facts.ects,
            "eqf": facts.eqf}


def _warnings(report: VerificationReport, config: ScoringConfig
              ) -> Iterator[tuple[str, float, str]]:
    """(factor, its value, why) for each reason a credential counts only partly: the
    factor each undecided check applies (the registry's `warning`), a self-asserted key,
    and any other undecided check."""
    undecided = [c for c in report.checks if c.status is Status.INDETERMINATE]
    found: dict[str, str] = {}
    for check in undecided:
        spec = spec_of(check.code)
        if spec.warning is not None:
            found.setdefault(spec.warning, spec.warning_reason or spec.title)
    if any(c.details.get("self_asserted") is True for c in report.checks):
        found["self_asserted_key"] = "signed with a self-asserted key"
    for factor in sorted(found, key=WARNING_ORDER.index):
        yield factor, getattr(config, factor), found[factor]
    others = sorted({c.code for c in undecided if spec_of(c.code).warning is None
                     and not c.details.get("self_asserted")})
    if others:
        titles = ", ".join(title_of(code) for code in others)
        yield "unverified_check", config.other_warning, f"not checked: {titles}"


_SAYS_IT_ALL = frozenset({PlainStatus.REVOKED, PlainStatus.SUSPENDED, PlainStatus.EXPIRED,
                          PlainStatus.NOT_YET_VALID})


def _failure(report: VerificationReport) -> str:
    """Why a credential counts zero, led by its card's plain status ("Revoked", "Failed:
    signature does not match ...")."""
    if report.verdict == Verdict.UNSUPPORTED:
        undecided = sorted({c.code for c in report.checks if c.status is Status.INDETERMINATE
                            and role_of(c.code).value == "integrity"})
        what = ", ".join((spec_of(code).undecided_title or title_of(code)).lower()
                         for code in undecided) or "no checks ran"
        return f"{plain_title(PlainStatus.COULD_NOT_CHECK)} ({what})"
    kind = plain_status(report)
    if kind in _SAYS_IT_ALL:  # the card's own words: Revoked, Expired, ...
        return plain_title(kind)
    failing = [c.code for c in report.failing]
    if len(failing) > 1:  # the summary check only repeats what the others say
        failing = [code for code in failing if code != "proof_verified"]
    reasons = list(dict.fromkeys(spec_of(code).failed_reason
                                 or f"did not pass the check '{title_of(code)}'"
                                 for code in failing))
    return f"{plain_title(kind)} — " + ("; ".join(reasons[:3]) or "a check did not pass")


_READ_MEMO: dict[int, tuple[VerificationReport, str, str | None]] = {}


def _proof_and_holder(report: VerificationReport) -> tuple[str, str | None]:
    """The kind of proof and the holder of a report, remembered per (immutable) report:
    a pool is scored against several roles."""
    hit = _READ_MEMO.get(id(report))
    if hit is not None and hit[0] is report:
        return hit[1], hit[2]
    kind, holder = proof_kind(report.document), holder_of(report)
    if len(_READ_MEMO) >= 50_000:
        _READ_MEMO.clear()
    _READ_MEMO[id(report)] = (report, kind, holder)
    return kind, holder


def holder_of(report: VerificationReport) -> str | None:
    """The holder a credential names: its subject's DID or (unhashed) email, normalised
    (`mailto:` and case dropped for emails, a DID's fragment dropped); None if it names none."""
    document = report.document
    found: list[str] = []
    if isinstance(document, Mapping):
        recipient = document.get("recipient")  # OB 2.0
        if isinstance(recipient, Mapping) and recipient.get("hashed") is not True:
            found.append(str(recipient.get("identity") or ""))
        subjects = document.get("credentialSubject")
        for subject in subjects if isinstance(subjects, list) else [subjects]:
            if not isinstance(subject, Mapping):
                continue
            found.append(str(subject.get("id") or ""))
            for ident in subject.get("identifier") or []:
                if isinstance(ident, Mapping) and ident.get("hashed") is not True:
                    found.append(str(ident.get("identityHash") or ""))
            if isinstance(subject.get("email"), str):
                found.append(subject["email"])
    found.append(report.summary.subject_id or "")
    for value in found:
        value = value.strip()[:300]
        if value.lower().startswith("mailto:"):
            value = value[7:]
        if "@" in value and not value.startswith("did:"):
            return "email:" + value.casefold()
        if value.startswith("did:"):
            return value.split("#", 1)[0]
    return None


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


def eqf_factor(eqf: int | None, min_eqf: int | None, config: ScoringConfig
               ) -> tuple[float, str]:
    """A requirement's minimum EQF level, per credential, as a level: 1 at or above it,
    in proportion below it, `unknown_level` when the credential states none."""
    if min_eqf is None:
        return 1.0, ""
    if eqf is None:
        return config.unknown_level, f"EQF level not stated, role asks ≥ EQF {min_eqf}"
    if eqf >= min_eqf:
        return 1.0, f"EQF {eqf}"
    return eqf / min_eqf, f"EQF {eqf}, below the minimum EQF {min_eqf}"


def stack(requirement: Requirement, items: list[Evidence], config: ScoringConfig
          ) -> tuple[list[Evidence], str]:
    """Stackability: with `min_ects`, the ECTS credits stated by the credentials that
    evidence the requirement add up toward the minimum, and each piece of evidence is
    scaled by min(1, sum / minimum) — the workload factor — with the sum in its reason and
    the requirement's (`5 + 3 = 8 of 6 ECTS: a.json, b.json`).

    Only credentials counted in full add to the shared sum (each copy once); a partly
    verified one's credits count for itself only, so credentials from unknown issuers
    cannot lift verified ones to the minimum. A credential that states no ECTS gets
    `unknown_level`, or the shared factor when that is higher. Every factor grows with the
    sum, so adding a credential never lowers the fit."""
    minimum = requirement.min_ects
    if minimum is None:
        return items, ""
    deciding = [e for e in items if e.decides and e.strength > 0]
    shared: dict[str, tuple[float, str]] = {}  # group -> (credits, label): one per copy
    for e in sorted(deciding, key=Evidence.sort_key):
        if not e.partial and e.ects is not None:
            shared.setdefault(e.group, (e.ects, e.credential))
    stated = sorted(shared.values(), key=lambda p: (-p[0], p[1]))
    total = sum(credits for credits, _ in stated)
    out = []
    for e in items:
        if not (e.decides and e.strength > 0):
            out.append(e)
            continue
        if e.ects is None:
            factor = max(config.unknown_level, min(1.0, total / minimum))
            note = (f"ECTS not stated, role asks ≥ {minimum:g} ECTS" if total < minimum
                    else f"workload met by the others ({_sum_words(stated, minimum)})")
        else:
            own = stated if e.group in shared else [*stated, (e.ects, e.credential)]
            own_total = sum(credits for credits, _ in own)
            factor = min(1.0, own_total / minimum)
            note = _sum_words(own, minimum) + (", below the minimum"
                                               if own_total < minimum else "")
        out.append(replace(e, strength=e.strength * factor,
                           factors=(*e.factors, (note, factor))))
    return out, _workload_words(stated, total, minimum, config) if deciding else ""


def _sum_words(stated: Sequence[tuple[float, str]], minimum: float) -> str:
    total = sum(credits for credits, _ in stated)
    terms = " + ".join(f"{credits:g}" for credits, _ in stated)
    return (f"{terms} = " if len(stated) > 1 else "") + f"{total:g} of {minimum:g} ECTS"


def _workload_words(stated: Sequence[tuple[float, str]], total: float, minimum: float,
                    config: ScoringConfig) -> str:
    """The requirement's workload in the explanation: the sum, each credential, and what
    falling short costs."""
    if not stated:
        return (f"no credential states ECTS, role asks ≥ {minimum:g} ECTS — partial credit "
                f"×{config.unknown_level:g}")
    words = f"{_sum_words(stated, minimum)}: {', '.join(label for _, label in stated)}"
    if total < minimum:
        words += f" — below the minimum, partial credit ×{total / minimum:.2g}"
    return words


# -- scoring -----------------------------------------------------------------------------

def score_candidate(role: Role, reports: Sequence[VerificationReport],
                    config: ScoringConfig | None = None, now: datetime | None = None, *,
                    candidate: str = "", confirmed: Collection[str] = ()) -> CandidateFit:
    """Score one candidate's verified credentials against a role (`now` is required).
    `confirmed`: labels of credentials the recruiter confirmed as the candidate's own
    although they name another holder than the rest."""
    if now is None or now.tzinfo is None:
        raise ValueError("now must be a timezone-aware datetime")
    config = config or DEFAULT_CONFIG
    pairs = list(_credentials(reports))
    uses = _whose([assess(report, config, carrier) for report, carrier in pairs], config,
                  frozenset(confirmed))
    claims_of: dict[int, tuple[SkillClaim, ...]] = {}
    for index, ((report, _carrier), use) in enumerate(zip(pairs, uses, strict=True)):
        if use.counted:
            claims_of[index] = extract_claims(report)
    evidence: dict[str, list[Evidence]] = {r.id: [] for r in role.requirements}
    matched_claims: set[tuple[str, str, str]] = set()
    for index, claims in claims_of.items():
        use = uses[index]
        matches = match_claims(claims, role, config.matching)
        # an aligned occupation suggests its essential skills (low confidence)
        matches += occupation_matches(claims, role, config.matching)
        # a named certification evidences its skills as an assessed certification
        certified = certification_matches(claims, role, config.matching)
        # a skill that is part of a field evidences the field (firewalls → cyber security)
        matches, certified = with_broader(matches, role), with_broader(certified, role)
        # the whole credential's wording suggests a concept (a model; low confidence)
        if config.learned_suggestions:
            matches += learned_matches(claims, role, config.matching)
        as_certified = _as_certified(use, config)
        for m in (*matches, *certified):
            matched_claims.add(_claim_key(m.claim))
        for requirement in role.requirements:
            found = (_best_evidence(requirement, role, use, matches, config, now),
                     _best_evidence(requirement, role, as_certified, certified, config, now))
            best = min((e for e in found if e is not None), key=Evidence.sort_key,
                       default=None)
            if best is not None:
                evidence[requirement.id].append(best)
    total_weight = sum((Fraction(r.weight) for r in role.requirements), Fraction(0))
    results, contributions = [], []
    for requirement in role.requirements:
        items, workload = stack(requirement, evidence[requirement.id], config)
        result, parts = _requirement(requirement, items, total_weight, config)
        results.append(replace(result, workload=workload))
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


def _whose(uses: list[CredentialUse], config: ScoringConfig,
           confirmed: frozenset[str]) -> list[CredentialUse]:
    """Mark the credentials that name another holder than the candidate's other counted
    credentials (the holder most of them name; with a tie, no holder is the candidate's).
    Unless confirmed or allowed by the configuration, they count zero."""
    holders = Counter(u.holder for u in uses if u.counted and u.holder)
    if len(holders) < 2:
        return uses
    ranked = holders.most_common()
    main = ranked[0][0] if ranked[0][1] > ranked[1][1] else None
    out = []
    for use in uses:
        if not use.counted or not use.holder or use.holder == main \
                or use.label in confirmed:
            out.append(use)
            continue
        other = replace(use, other_holder=True)
        if not config.count_other_holders:
            whom = "another holder" if main is None else "a different holder"
            reason = (f"names {whom} ({use.holder}) than the candidate's other credentials: "
                      "counted once you confirm it is theirs")
            other = replace(other, factor=0.0, excluded=reason)
        out.append(other)
    return out


def band(fit: float, config: ScoringConfig = DEFAULT_CONFIG) -> Band:
    # Compared at display precision, so a row showing 75.0 is always "strong".
    shown = round(fit, 1)
    if shown >= config.strong_band:
        return Band.STRONG
    return Band.POSSIBLE if shown >= config.possible_band else Band.WEAK


def _as_certified(use: CredentialUse, config: ScoringConfig) -> CredentialUse:
    """How a credential counts for the skills of a certification it names: as a
    certification, unless it says it is participation (attended, not passed)."""
    if use.proof in ("participation", "attended"):
        return use
    return replace(use, proof="certification", proof_factor=config.proof_certification)


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
        eqf, eqf_note = eqf_factor(use.eqf, requirement.min_eqf, config)
        level, level_note = level * eqf, "; ".join(n for n in (level_note, eqf_note) if n)
        strength = use.factor * use.proof_factor * m.confidence * level * recency
        decides, why = m.decides, m.generic_reason
        if use.proof == "attended" and use.proof_factor == 0:
            decides, why = False, ATTENDED_REASON
        candidates.append(Evidence(
            requirement=requirement.id, credential=use.label, claim=m.claim, match=m.type,
            match_confidence=m.confidence, matched=m.matched, verification=use.factor,
            level=level, recency=recency, strength=strength if decides else 0.0,
            partial=use.partial,
            factors=tuple((note, f) for note, f in ((level_note, level),
                                                    (recency_note, recency)) if note),
            group=use.group, proof=use.proof_factor, proof_kind=use.proof,
            proof_detail=use.proof_detail, ects=use.ects,
            name_source=m.name_source,
            decides=decides, generic_reason=why, language=m.language,
            name_language=m.name_language,
            # (a self-reported issuer is only a name: such evidence never meets on its own)
            unknown_issuer=bool({"unknown_issuer", SELF_REPORTED} & set(use.flags)),
            status_unknown="status_unchecked" in use.flags))
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
    phrases: list[str] = []
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
        if points > 0:
            phrases.append(_phrase(item))
    for item in sorted((e for e in items if id(e) not in kept), key=Evidence.sort_key):
        twin = best[(item.group, item.partial)]
        parts.append(_contribution(requirement, item, 0.0, None,
                                   duplicate_of=twin.credential))
    counted = [p for p in parts if p.points > 0]
    # Evidence from credentials of unknown issuers may add points but never meets a
    # requirement on its own: "met" needs positive evidence from a known issuer.
    known = any(e.strength > 0 and not e.unknown_issuer for e in (*full, *partial))
    # ... and, unless the configuration says otherwise, from a credential whose revocation
    # status was checked: "could not check" is never "partly verified".
    checked = config.status_unknown_meets or any(
        e.strength > 0 and not e.unknown_issuer and not e.status_unknown
        for e in (*full, *partial))
    strong = strength >= Fraction(config.met_threshold)
    status = (Coverage.MET if strong and known and checked else Coverage.PARTIAL
              if strength > 0 else Coverage.MISSING)
    below = any(e.claim.level is not None and requirement.min_level
                and e.claim.level < requirement.min_level for e in (*full, *partial))
    result = RequirementResult(
        id=requirement.id, label=requirement.label, required=requirement.required,
        weight=requirement.weight, max_points=float(max_points),
        points=sum(p.points for p in parts), strength=float(strength), status=status,
        credentials=tuple(dict.fromkeys(p.credential for p in
                                         sorted(counted, key=lambda p: -p.points))),
        below_min_level=bool(below),
        suggested_by=tuple(sorted({e.credential for e in items if not e.decides})),
        phrases=tuple(dict.fromkeys(phrases)),
        met_only_by_unknown_issuers=bool(strong and not known),
        met_only_by_unknown_status=bool(strong and known and not checked))
    return result, parts


def _phrase(item: Evidence) -> str:
    """The words that evidenced a requirement, quoted, with their language when not
    English: the name found (or, for an alignment, the credential's own name for it)."""
    words = item.claim.text if item.match is MatchType.EXACT_ID else item.matched
    quoted = "'" + " ".join(words.split()) + "'"
    if item.name_language != "en":
        quoted += f" ({LANGUAGES.get(item.name_language, item.name_language)})"
    return quoted


def _contribution(requirement: Requirement, item: Evidence, points: float,
                  cap: Fraction | None, duplicate_of: str | None = None) -> Contribution:
    claim = item.claim
    source = claim.source.replace("_", " ")
    quoted = "'" + " ".join(claim.text.split()) + "'"  # whole: exports never cut it
    via = "" if claim.source == "alignment" else f"{source} "
    origin = NAME_SOURCE_WORDS.get(item.name_source, item.name_source)
    if item.name_source in ("synonym", "onet_name") and item.name_language != "en":
        origin += f", {LANGUAGES.get(item.name_language, item.name_language)}"
    within = ", a skill within this field" if item.name_source == "broader" else ""
    how = {MatchType.EXACT_ID: f"{via}aligned to {describe(item.matched)}{within}",
           MatchType.EXACT_ALIAS: f"{source} {quoted} is a name of it ({origin})",
           MatchType.FUZZY: f"{source} {quoted} ≈ '{item.matched}' ({origin})",
           MatchType.PHRASE: f"{source} mentions '{item.matched}' ({origin})"}[item.match]
    if item.name_source == LEARNED:
        how = f"{item.matched} ({origin})"
    if not item.decides:
        what = (item.generic_reason if item.name_source == "implied"
                or item.generic_reason == ATTENDED_REASON
                else f"a generic label ({item.generic_reason})")
        reason = (f"{requirement.label}: suggested only — {how}, {what}: no points, "
                  "never meets it")
        return Contribution(requirement=requirement.id, requirement_label=requirement.label,
                            credential=item.credential, points=points, evidence=0.0,
                            match_type=item.match.value, reason=reason,
                            name_source=item.name_source, decides=False,
                            language=item.language)
    parts = [f"{how} ({item.match.value.replace('_', ' ')} ×{item.match_confidence:g})",
             f"verification ×{item.verification:g}",
             f"{PROOF_WORDS.get(item.proof_kind, item.proof_kind)}"
             + (f" ({item.proof_detail})" if item.proof_detail else "") + f" ×{item.proof:g}"]
    parts += [f"{note} (×{factor:.2f})" for note, factor in item.factors]
    if item.language and item.language != "en":
        parts.append(f"written in {LANGUAGES.get(item.language, item.language)}")
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
                        match_type=item.match.value, reason=reason,
                        name_source=item.name_source, decides=True, language=item.language)


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
    "self_reported": "self-reported, never verified, counted a little",
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
    unchecked = [r.label for r in results if r.required and r.met_only_by_unknown_status]
    if unchecked:
        yield Flag("status_unknown_only", "only credentials whose revocation could not be "
                   "checked support required " + ", ".join(unchecked) + ": not met until "
                   "their status is known")
    unknown_only = [r.label for r in results if r.required and r.met_only_by_unknown_issuers]
    if unknown_only:
        yield Flag("unknown_issuer_only", "only credentials from unknown issuers support "
                   "required " + ", ".join(unknown_only) + ": not met until a known issuer does")
    suggested = [r.label for r in results if r.required and r.status == "missing"
                 and r.suggested_by]
    if suggested:
        yield Flag("generic_label_only", "only a generic label suggests required "
                   + ", ".join(suggested) + ": check by hand")
    low = [r.label for r in results if r.below_min_level]
    if low:
        yield Flag("below_min_level", "below the minimum level for " + ", ".join(low))
    others = [c.label for c in credentials if c.other_holder]
    if others:
        yield Flag("other_holder", "names a different holder than the candidate's other "
                   "credentials: " + ", ".join(others))
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
    backed = [f"{r.label} from {_join(r.credentials)}"
              + (f" via {_join(r.phrases)}" if r.phrases else "")
              for r in fit.requirements if r.credentials]
    parts.append("backed by " + ", ".join(backed) if backed
                 else "no counted credential shows a skill this role asks for")
    if fit.missing:
        parts.append("missing required " + _join(fit.missing))
    weak = [r.label for r in fit.requirements if r.required and r.status == "partial"]
    if weak:
        parts.append("weak evidence for required " + _join(weak))
    # counted in part: named by the card's plain status ("Issuer unknown: a.json and
    # b.json"), never a status of their own ("partly verified" overstated an unknown issuer)
    partly: dict[str, set[str]] = {}
    for c in fit.credentials:
        if c.counted and c.flags:
            words = c.status if c.partial and c.status else "counted in part"
            partly.setdefault(words, set()).add(c.label)
    for words, labels in sorted(partly.items()):
        parts.append(f"{words}: {_join(sorted(labels))}")
    suggested = [f"{r.label} by {_join(r.suggested_by)}" for r in fit.requirements
                 if r.suggested_by and r.status == "missing"]
    if suggested:
        parts.append("suggested only by a generic label: " + "; ".join(suggested))
    unknown = [r.label for r in fit.requirements if r.met_only_by_unknown_issuers]
    if unknown:
        parts.append("not met: only unknown issuers support " + _join(unknown))
    unchecked = [r.label for r in fit.requirements if r.met_only_by_unknown_status]
    if unchecked:
        parts.append("not met: revocation could not be checked for the credentials behind "
                     + _join(unchecked))
    excluded = [f"{c.label} ({c.excluded})" for c in fit.credentials if not c.counted]
    if excluded:
        parts.append("not counted: " + "; ".join(excluded))
    workloads = [f"{r.label}: {r.workload}" for r in fit.requirements if r.workload]
    if workloads:
        parts.append("workload " + "; ".join(workloads))
    # each kind with how many credentials it holds, the factor they count at, and which
    # (the number is the count of the list: "not stated — 3 credentials at ×1 (a, b and c)")
    kinds: dict[tuple[str, float], list[str]] = {}
    for c in fit.credentials:
        if c.counted:
            kinds.setdefault((c.proof_kind_words, c.proof_factor), []).append(c.label)
    if kinds:
        parts.append("kind of proof: " + "; ".join(
            f"{words} — {len(labels)} credential{'' if len(labels) == 1 else 's'} at "
            f"×{factor:g} ({_join(sorted(labels))})"
            for (words, factor), labels in sorted(kinds.items())))
    if fit.tied_with:
        rest = fit.tied_count - len(fit.tied_with)
        names = list(fit.tied_with) + ([f"{rest} other{'s' if rest > 1 else ''}"]
                                       if rest > 0 else [])
        parts.append(f"tied with {_join(names)}; ordered by name")
    # whole (never cut with "…"): the report and CSV show it in full; its parts are bounded
    # by intake (names and labels are capped), the terminal clips it for the screen
    return " ".join(f"{head}: {'; '.join(parts)}.".split())  # one line


def _join(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
