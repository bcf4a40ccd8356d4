"""The European Learning Model (ELM 3) elements of a European Digital Credential, read from
its JSON-LD: what the matcher needs (learning outcomes with their ESCO links, ECTS
credits, EQF level, the kind of assessment, the mode of learning, quality assurance and
the awarding body's accreditation) and what a card shows (title, awarding body).

The elements are those of the Council Recommendation on micro-credentials (2022, Annex I)
as ELM 3 expresses them: `credentialSubject.hasClaim` holds LearningAchievements; each is
`specifiedBy` a LearningAchievementSpecification or Qualification (`learningOutcome`,
`creditPoint`, `EQFLevel`, `mode`, `accreditation`) and `provenBy` LearningAssessments
(`idVerification` from the supervision-verification vocabulary, `specifiedBy` an
assessment specification whose `dcType` says what kind). Language maps (`{"en": [...]}`)
are read in English when present, else the first language.

Credential content is untrusted: everything is type-checked and bounded; a document that
is not ELM gives None.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

MAX_ITEMS = 50
MAX_TEXT = 300
ESCO = "http://data.europa.eu/esco/"
EQF_SCHEME = "http://data.europa.eu/snb/eqf/"
ELM_TYPES = {"EuropeanDigitalCredential", "EuropassCredential"}

# Supervision and identity verification, strongest first (the Annex I element "type of
# assessment" with "supervision and identity verification during assessment").
SUPERVISED_IDENTITY = "supervised_identity"
SUPERVISED = "supervised"
UNSUPERVISED = "unsupervised"
ASSESSED = "assessed"  # assessed; supervision not stated
PARTICIPATION = "participation"  # no assessment stated
ASSESSMENT_RANK = (SUPERVISED_IDENTITY, SUPERVISED, ASSESSED, UNSUPERVISED, PARTICIPATION)
ASSESSMENT_WORDS = {SUPERVISED_IDENTITY: "supervised assessment with identity check",
                    SUPERVISED: "supervised assessment", ASSESSED: "assessed",
                    UNSUPERVISED: "unsupervised (online) assessment",
                    PARTICIPATION: "participation, no assessment"}


@dataclass(frozen=True)
class Outcome:
    title: str | None
    esco: tuple[str, ...]  # ESCO skill/competence URIs


@dataclass(frozen=True)
class Achievement:
    title: str | None
    description: str | None
    outcomes: tuple[Outcome, ...]
    ects: float | None
    eqf: int | None
    assessment: str  # one of ASSESSMENT_RANK
    assessment_text: str | None  # the credential's words for it
    mode: str | None  # mode of learning / participation (online, blended, in person)
    quality_assurance: tuple[str, ...]  # accreditations / QA entries, named


@dataclass(frozen=True)
class EuropeanElements:
    title: str | None
    awarding_body: str | None
    achievements: tuple[Achievement, ...]

    @property
    def ects(self) -> float | None:
        credits = [a.ects for a in self.achievements if a.ects is not None]
        return sum(credits) if credits else None

    @property
    def eqf(self) -> int | None:
        levels = [a.eqf for a in self.achievements if a.eqf is not None]
        return max(levels) if levels else None

    @property
    def assessment(self) -> str:
        kinds = [a.assessment for a in self.achievements] or [PARTICIPATION]
        return min(kinds, key=ASSESSMENT_RANK.index)

    @property
    def quality_assured(self) -> bool:
        return any(a.quality_assurance for a in self.achievements)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "awarding_body": self.awarding_body,
                "ects": self.ects, "eqf": self.eqf, "assessment": self.assessment,
                "quality_assured": self.quality_assured,
                "achievements": [{"title": a.title, "ects": a.ects, "eqf": a.eqf,
                                  "assessment": a.assessment, "mode": a.mode,
                                  "assessment_text": a.assessment_text,
                                  "quality_assurance": list(a.quality_assurance),
                                  "outcomes": [{"title": o.title, "esco": list(o.esco)}
                                               for o in a.outcomes]}
                                 for a in self.achievements]}


def is_elm(document: Any) -> bool:
    if not isinstance(document, Mapping):
        return False
    types = _items(document.get("type"))
    return bool(ELM_TYPES & {t for t in types if isinstance(t, str)}) or any(
        isinstance(s, Mapping) and "hasClaim" in s
        for s in _items(document.get("credentialSubject")))


def read(document: Any) -> EuropeanElements | None:
    """The ELM elements of a credential, or None when it is not an ELM credential."""
    if not is_elm(document):
        return None
    achievements = tuple(_achievement(claim) for subject in _items(
        document.get("credentialSubject")) if isinstance(subject, Mapping)
        for claim in _claims(subject))
    first = achievements[0].title if achievements else None
    display = document.get("displayParameter")
    title = text(display.get("title")) if isinstance(display, Mapping) else None
    return EuropeanElements(title=title or first or text(document.get("title")),
                            awarding_body=_awarding_body(document),
                            achievements=achievements)


def _claims(subject: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The subject's claims, achievements first and each claim's parts after it."""
    stack = [c for c in _items(subject.get("hasClaim")) if isinstance(c, Mapping)][::-1]
    seen = 0
    while stack and seen < MAX_ITEMS:
        claim = stack.pop()
        seen += 1
        if "LearningAchievement" in _items(claim.get("type")) or "specifiedBy" in claim:
            yield claim
        stack.extend(c for c in _items(claim.get("hasPart"))[::-1] if isinstance(c, Mapping))


def _achievement(claim: Mapping[str, Any]) -> Achievement:
    specs = [s for s in _items(claim.get("specifiedBy")) if isinstance(s, Mapping)]
    outcomes = tuple(o for spec in specs for o in _outcomes(spec))
    assessment, words = _assessment(claim, specs)
    modes = [text(m.get("prefLabel")) for spec in specs for m in _items(spec.get("mode"))
             if isinstance(m, Mapping)]
    return Achievement(
        title=text(claim.get("title")) or next((t for s in specs if (t := text(
            s.get("title")))), None),
        description=text(claim.get("description")) or next(
            (t for s in specs if (t := text(s.get("description")))), None),
        outcomes=outcomes,
        ects=_ects([*_items(claim.get("creditReceived")),
                    *(c for s in specs for c in _items(s.get("creditPoint")))]),
        eqf=next((level for s in specs if (level := _eqf(s)) is not None), None),
        assessment=assessment, assessment_text=words,
        mode=next((m for m in modes if m), None),
        quality_assurance=_quality(claim, specs))


def _outcomes(spec: Mapping[str, Any]) -> Iterator[Outcome]:
    for outcome in _items(spec.get("learningOutcome")):
        if not isinstance(outcome, Mapping):
            continue
        links = [_id(s) for key in ("relatedESCOSkill", "relatedSkill")
                 for s in _items(outcome.get(key))]
        yield Outcome(text(outcome.get("title")) or text(outcome.get("prefLabel")),
                      tuple(dict.fromkeys(i for i in links if i and i.startswith(ESCO))))


def _ects(credits: list[Any]) -> float | None:
    total = None
    for credit in credits:
        if not isinstance(credit, Mapping):
            continue
        framework = credit.get("framework")
        words = " ".join(filter(None, (_id(framework), text(framework.get("prefLabel")),
                                       text(framework.get("notation")))) if isinstance(
            framework, Mapping) else [str(framework or "")]).casefold()
        point = _number(credit.get("point"))
        if point is not None and ("ects" in words or "european credit transfer" in words):
            total = (total or 0.0) + point
    return total


def _eqf(spec: Mapping[str, Any]) -> int | None:
    for concept in [*_items(spec.get("EQFLevel")), *_items(spec.get("educationLevel"))]:
        ident = _id(concept) or ""
        words = " ".join(filter(None, [text(concept.get("prefLabel")), text(
            concept.get("notation"))])) if isinstance(concept, Mapping) else ""
        if ident.startswith(EQF_SCHEME) or "eqf" in words.casefold() or \
                "EQFLevel" in spec:
            found = re.search(r"(?:^|[^0-9])([1-8])$", ident) or re.search(
                r"\b([1-8])\b", words)
            if found:
                return int(found.group(1))
    return None


def _assessment(claim: Mapping[str, Any], specs: list[Mapping[str, Any]]
                ) -> tuple[str, str | None]:
    assessments = [a for a in _items(claim.get("provenBy")) if isinstance(a, Mapping)]
    specified = [a for s in specs for a in _items(s.get("provenBy")) if isinstance(a, Mapping)]
    if not assessments and not specified:
        return PARTICIPATION, None
    best: str | None = None
    words = None
    for assessment in assessments:  # the strongest stated supervision counts
        label = text(_label(assessment.get("idVerification"))) or ""
        kind = _supervision(label)
        if kind is not None and (best is None or ASSESSMENT_RANK.index(kind)
                                 < ASSESSMENT_RANK.index(best)):
            best, words = kind, label
    if words is None:
        for assessment in [*assessments, *specified]:
            found = [text(_label(t)) for s in [assessment, *_items(assessment.get(
                "specifiedBy"))] if isinstance(s, Mapping) for t in _items(s.get("dcType"))]
            words = next((w for w in found if w), None) or words
    return best or ASSESSED, words


def _supervision(label: str) -> str | None:
    """The supervision-verification vocabulary's labels ("Supervised with identity
    verification on-site", "Unsupervised with no identity verification", ...)."""
    words = label.casefold()
    if not words:
        return None
    if "unsupervised" in words or "not supervised" in words:
        return UNSUPERVISED
    if "supervised" in words:
        no_identity = any(w in words for w in ("no identity", "no id ", "without identity",
                                               "without id", "no id"))
        identity = "identity" in words or "id verification" in words or " id " in words
        return SUPERVISED_IDENTITY if identity and not no_identity else SUPERVISED
    return None


def _quality(claim: Mapping[str, Any], specs: list[Mapping[str, Any]]) -> tuple[str, ...]:
    """Accreditation / quality-assurance entries of the specification, the awarding body
    or the claim."""
    bodies = [b for process in _items(claim.get("awardedBy")) if isinstance(process, Mapping)
              for b in _items(process.get("awardingBody")) if isinstance(b, Mapping)]
    found = []
    for holder in [claim, *specs, *bodies]:
        for entry in _items(holder.get("accreditation")):
            if isinstance(entry, Mapping):
                found.append(text(entry.get("title")) or text(_label(entry.get("dcType")))
                             or _id(entry) or "accreditation")
    return tuple(dict.fromkeys(f[:MAX_TEXT] for f in found))[:10]


def _awarding_body(document: Mapping[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, Mapping):
        name = text(issuer.get("legalName")) or text(issuer.get("name"))
        if name:
            return name
    for subject in _items(document.get("credentialSubject")):
        for claim in _items(subject.get("hasClaim")) if isinstance(subject, Mapping) else []:
            for process in _items(claim.get("awardedBy")) if isinstance(claim, Mapping) else []:
                for body in _items(process.get("awardingBody")) \
                        if isinstance(process, Mapping) else []:
                    if isinstance(body, Mapping) and (name := text(body.get("legalName"))):
                        return name
    return None


def text(value: Any, depth: int = 0) -> str | None:
    """Plain text from a string or an ELM language map ({"en": ["..."]}), English first."""
    if isinstance(value, str):
        collapsed = " ".join(value[: MAX_TEXT * 4].split())
        return collapsed[:MAX_TEXT] or None
    if depth > 2:
        return None
    if isinstance(value, list):
        return next((t for v in value[:MAX_ITEMS] if (t := text(v, depth + 1))), None)
    if isinstance(value, Mapping):
        if "@value" in value:
            return text(value.get("@value"), depth + 1)
        keys = sorted((k for k in value if isinstance(k, str)), key=lambda k: k != "en")
        return next((t for k in keys[:MAX_ITEMS] if (t := text(value[k], depth + 1))), None)
    return None


def _label(concept: Any) -> Any:
    if isinstance(concept, list):
        concept = concept[0] if concept else None
    return concept.get("prefLabel") if isinstance(concept, Mapping) else concept


def _id(value: Any) -> str | None:
    ident = value.get("id") if isinstance(value, Mapping) else value
    return ident[:MAX_TEXT] if isinstance(ident, str) else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value) if isinstance(value, int | float | str) and \
            len(str(value)) <= 16 else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) and number >= 0 else None


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return value[:MAX_ITEMS] if isinstance(value, list) else [value]
