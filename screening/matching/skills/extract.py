"""Skill claims: what a verified credential says its holder can do, field by field.

Reads the `document` of a VerificationReport (a VC / Open Badges 3.0 credential, or an
Open Badges 2.0 assertion whose `badge` is the resolved BadgeClass). Credential content is
untrusted: every value is type-checked, lists and text are bounded, and a document that
makes no sense yields no claims rather than an exception.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from screening.dates import DateError, parse_datetime
from screening.matching.skills.lexicon import fold, whole_words
from screening.matching.skills.taxonomy import normalise_id, normalise_text
from screening.verify import elm
from screening.verify.report import VerificationReport

log = logging.getLogger(__name__)

# Short fields name a skill (matched by id, alias or strict fuzzy); long fields describe
# one (only an alias phrase occurring in them counts, at low confidence).
SHORT_SOURCES = frozenset({"alignment", "name", "tag", "result", "field", "skill", "degree",
                           "credential_name"})
LONG_SOURCES = frozenset({"description", "criteria"})
# Context fields (achievement type, alignment framework and description) are never matched:
# they tell what the credential speaks of (programming, health ...) and its language.
CONTEXT_SOURCES = frozenset({"context"})
MAX_SHORT = 200
MAX_LONG = 4000
MAX_ITEMS = 50  # per list in a document
MAX_CLAIMS = 300  # per credential
# OB 3.0 result statuses that mean the result was not achieved.
_NOT_ACHIEVED = {"failed", "withdrawn", "enrolled", "inprogress", "onhold"}


@dataclass(frozen=True)
class SkillClaim:
    """One statement in a credential that may evidence a skill."""

    credential: str  # the report label
    source: str  # alignment | name | tag | result | field | skill | degree | ... (see above)
    text: str  # the credential's words (whitespace collapsed, clipped)
    skill_id: str | None = None  # normalised ESCO URI / onet:code / framework URL
    framework: str | None = None
    level: float | None = None  # 0..1 when the credential states a level or score
    level_text: str | None = None
    issued: datetime | None = None
    language: str | None = None  # as the credential declares it (OB 3.0 inLanguage)

    @property
    def short(self) -> bool:
        return self.source in SHORT_SOURCES

    def to_dict(self) -> dict[str, Any]:
        return {"credential": self.credential, "source": self.source, "text": self.text,
                "skill_id": self.skill_id, "framework": self.framework, "level": self.level,
                "level_text": self.level_text,
                "issued": self.issued.isoformat() if self.issued else None,
                "language": self.language}


_CLAIMS_MEMO: dict[int, tuple[VerificationReport, tuple[SkillClaim, ...]]] = {}
_CLAIMS_MEMO_SIZE = 50_000


def extract_claims(report: VerificationReport) -> tuple[SkillClaim, ...]:
    """The skill claims of one credential-level report (none for a presentation shell).

    Reports are immutable, so claims are remembered per report object: re-ranking a pool
    against another role does not read every credential again."""
    hit = _CLAIMS_MEMO.get(id(report))
    if hit is not None and hit[0] is report:
        return hit[1]
    claims = _extract(report)
    if len(_CLAIMS_MEMO) >= _CLAIMS_MEMO_SIZE:
        _CLAIMS_MEMO.clear()
    _CLAIMS_MEMO[id(report)] = (report, claims)
    return claims


def _extract(report: VerificationReport) -> tuple[SkillClaim, ...]:
    document = report.document
    if not isinstance(document, Mapping) or report.kind == "presentation":
        return ()
    try:
        return claims_from_document(document, report.label)
    except Exception:  # hostile or odd content must never stop a ranking
        log.warning("skill extraction failed for %s", report.label, exc_info=True)
        return ()


def claims_from_document(document: Mapping[str, Any], label: str) -> tuple[SkillClaim, ...]:
    if isinstance(document.get("badge"), Mapping) and "credentialSubject" not in document:
        claims = _ob2(document, label)
    else:
        claims = _vc(document, label)
    seen: set[tuple[str, str, str | None]] = set()
    unique = []
    for claim in claims:  # first spelling wins: achievement fields come before credential's
        key = (claim.source if claim.source in LONG_SOURCES else "short",
               normalise_text(claim.text), claim.skill_id)
        if claim.text and key not in seen:
            seen.add(key)
            unique.append(claim)
        if len(unique) >= MAX_CLAIMS:
            break
    return tuple(unique)


def _ob2(assertion: Mapping[str, Any], label: str) -> Iterator[SkillClaim]:
    """Open Badges 2.0: the BadgeClass's alignments, tags, name, description, criteria."""
    issued = issued_date(assertion.get("issuedOn"))
    yield from _achievement(assertion["badge"], label, issued, None)


def _vc(document: Mapping[str, Any], label: str) -> Iterator[SkillClaim]:
    """VC / Open Badges 3.0: each subject's achievement, results, degree and skills."""
    subjects = [s for s in _items(document.get("credentialSubject")) if isinstance(s, Mapping)]
    awarded = next((d for s in subjects if (d := issued_date(s.get("awardedDate")))), None)
    issued = (issued_date(document.get("awardedDate")) or awarded
              or issued_date(document.get("validFrom"))
              or issued_date(document.get("issuanceDate")))
    for subject in subjects:
        achievement = subject.get("achievement")
        for item in _items(achievement):
            if isinstance(item, Mapping):
                yield from _achievement(item, label, issued, subject)
        degree = subject.get("degree")
        if isinstance(degree, Mapping):
            yield from _claim(label, "degree", text(degree.get("name")), issued=issued)
        for key in ("skill", "skills", "hasSkill", "competency", "competencies"):
            for skill in _items(subject.get(key)):
                yield from _skill_entry(skill, label, issued)
    yield from _elm_claims(document, label, issued)
    yield from _claim(label, "credential_name", text(document.get("name")), issued=issued)
    yield from _claim(label, "description", text(document.get("description")), MAX_LONG,
                      issued=issued)


def _elm_claims(document: Mapping[str, Any], label: str,
                issued: datetime | None) -> Iterator[SkillClaim]:
    """A European Digital Credential (ELM 3, verify/elm.py): each learning achievement's
    title, its learning outcomes (aligned when they link an ESCO skill) and description."""
    facts = elm.read(document)
    for achievement in facts.achievements if facts is not None else ():
        yield from _claim(label, "name", achievement.title, issued=issued)
        for outcome in achievement.outcomes:
            for esco in outcome.esco:
                yield from _claim(label, "alignment", outcome.title or esco, issued=issued,
                                  skill_id=normalise_id(esco, "ESCO"), framework="ESCO")
            if not outcome.esco:
                yield from _claim(label, "skill", outcome.title, issued=issued)
        yield from _claim(label, "description", achievement.description, MAX_LONG,
                          issued=issued)


def _achievement(item: Mapping[str, Any], label: str, issued: datetime | None,
                 subject: Mapping[str, Any] | None) -> Iterator[SkillClaim]:
    """An OB 3.0 Achievement or OB 2.0 BadgeClass; results come from the OB 3.0 subject."""
    result_claims, overall = _results(item, subject, label, issued)
    level, level_text = overall
    common: dict[str, Any] = {"issued": issued, "level": level, "level_text": level_text,
                              "language": declared_language(item.get("inLanguage"))}
    for alignment in _items(item.get("alignment")):
        yield from _alignment(alignment, label, "alignment", common)
    yield from _claim(label, "name", text(item.get("name")), **common)
    kind = text(item.get("achievementType"))
    yield from _claim(label, "context", _type_words(kind) if kind else None, **common)
    for key in ("tag", "tags"):
        for tag in _items(item.get(key)):
            yield from _claim(label, "tag", text(tag), **common)
    for key in ("fieldOfStudy", "specialization"):
        yield from _claim(label, "field", text(item.get(key)), **common)
    yield from result_claims
    yield from _claim(label, "description", text(item.get("description")), MAX_LONG, **common)
    criteria = item.get("criteria")
    if isinstance(criteria, Mapping):
        yield from _claim(label, "criteria", text(criteria.get("narrative")), MAX_LONG,
                          **common)


def _results(item: Mapping[str, Any], subject: Mapping[str, Any] | None, label: str,
             issued: datetime | None) -> tuple[list[SkillClaim], tuple[float | None, str | None]]:
    """Claims from OB 3.0 results, and the overall level (results that align to nothing
    are about the achievement as a whole; the lowest such level is used)."""
    if subject is None:
        return [], (None, None)
    descriptions = {d["id"]: d for d in _items(item.get("resultDescription"))
                    if isinstance(d, Mapping) and isinstance(d.get("id"), str)}
    claims: list[SkillClaim] = []
    overall: list[tuple[float, str]] = []
    for result in _items(subject.get("result")):
        if not isinstance(result, Mapping):
            continue
        ref = result.get("resultDescription")
        description = descriptions.get(ref) if isinstance(ref, str) else None
        level, level_text = result_level(result, description)
        common: dict[str, Any] = {"issued": issued, "level": level, "level_text": level_text}
        aligned = False
        if description is not None:
            for alignment in _items(description.get("alignment")):
                aligned = True
                claims.extend(_alignment(alignment, label, "result", common))
            rubric = _achieved_rubric_level(result, description)
            for alignment in _items(rubric.get("alignment") if rubric else None):
                aligned = True
                claims.extend(_alignment(alignment, label, "result", common))
            claims.extend(_claim(label, "result", text(description.get("name")), **common))
        if not aligned and level is not None:
            overall.append((level, level_text or ""))
    if not overall:
        return claims, (None, None)
    level, level_text = min(overall)
    return claims, (level, level_text)


def result_level(result: Mapping[str, Any],
                 description: Mapping[str, Any] | None) -> tuple[float | None, str | None]:
    """A result's level on 0..1 and how it was read, or (None, None) when not stated."""
    status = result.get("status")
    if isinstance(status, str) and status.replace("_", "").casefold() in _NOT_ACHIEVED:
        return 0.0, f"result status {status[:40]}"
    if description is None:
        return None, None
    rubric = [r for r in _items(description.get("rubricCriterionLevel"))
              if isinstance(r, Mapping)]
    achieved = _achieved_rubric_level(result, description)
    if achieved is not None:
        name = text(achieved.get("name")) or text(achieved.get("level")) or "level"
        points = [p for r in rubric if (p := _number(r.get("points"))) is not None]
        mine = _number(achieved.get("points"))
        if mine is not None and len(points) == len(rubric) and max(points) > 0:
            top = max(points)
            return _clamp(mine / top), f"{name[:60]} ({mine:g} of {top:g} points)"
        position = rubric.index(achieved) + 1  # levels are read lowest first, as listed
        return position / len(rubric), f"{name[:60]} (level {position} of {len(rubric)})"
    allowed = [text(v) for v in _items(description.get("allowedValue"))]
    raw = text(result.get("value"))
    if raw and raw in allowed:  # allowed values are read lowest first, as listed
        position = allowed.index(raw) + 1
        return position / len(allowed), f"{raw[:40]} ({position} of {len(allowed)})"
    value = _number(result.get("value"))
    if value is None:
        return None, None
    low, high = _number(description.get("valueMin")), _number(description.get("valueMax"))
    if low is not None and high is not None and high > low:
        return _clamp((value - low) / (high - low)), f"{value:g} on {low:g}–{high:g}"
    if str(description.get("resultType", "")).casefold() == "percent":
        return _clamp(value / 100), f"{value:g}%"
    return None, None


def _achieved_rubric_level(result: Mapping[str, Any],
                           description: Mapping[str, Any]) -> Mapping[str, Any] | None:
    achieved = result.get("achievedLevel")
    if not isinstance(achieved, str):
        return None
    return next((r for r in _items(description.get("rubricCriterionLevel"))
                 if isinstance(r, Mapping) and r.get("id") == achieved), None)


def _alignment(alignment: Any, label: str, source: str,
               common: Mapping[str, Any]) -> Iterator[SkillClaim]:
    if not isinstance(alignment, Mapping):
        return
    framework = text(alignment.get("targetFramework"))
    from_url = normalise_id(alignment.get("targetUrl"), framework)
    from_code = normalise_id(alignment.get("targetCode"), framework)
    # A framework id (ESCO URI, O*NET code) beats a plain URL: OB 3.0 requires targetUrl,
    # and issuers often point it at their own page while targetCode holds the O*NET code.
    skill_id = next((i for i in (from_url, from_code) if i and _framework_id(i)),
                    from_url or from_code)
    words = (text(alignment.get("targetName")) or text(alignment.get("targetCode"))
             or text(alignment.get("targetUrl")))
    yield from _claim(label, source, words, skill_id=skill_id,
                      framework=framework[:100] if framework else None, **common)
    about = " ".join(t for t in (framework, text(alignment.get("targetDescription"))) if t)
    yield from _claim(label, "context", about, MAX_LONG, **common)


def _type_words(kind: str) -> str:
    """An achievementType as words ("ext:ProgrammingCourse" → "Programming Course")."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind.removeprefix("ext:"))


def _framework_id(skill_id: str) -> bool:
    return skill_id.startswith(("onet:", "http://data.europa.eu/esco/"))


def _skill_entry(skill: Any, label: str, issued: datetime | None) -> Iterator[SkillClaim]:
    """A subject's skill given as text, or as an object with a name and an id/URL."""
    if isinstance(skill, str):
        yield from _claim(label, "skill", text(skill), issued=issued)
    elif isinstance(skill, Mapping):
        framework = text(skill.get("targetFramework") or skill.get("framework"))
        skill_id = next((i for key in ("id", "targetUrl", "url", "targetCode", "code")
                         if (i := normalise_id(skill.get(key), framework))), None)
        words = text(skill.get("name") or skill.get("targetName") or skill.get("label"))
        yield from _claim(label, "skill", words or (skill_id or ""), skill_id=skill_id,
                          framework=framework, issued=issued)


def _claim(label: str, source: str, words: str | None, limit: int = MAX_SHORT,
           **fields: Any) -> Iterator[SkillClaim]:
    if words:
        clipped = words if len(words) <= limit else words[: limit - 1] + "…"
        yield SkillClaim(credential=label, source=source, text=clipped, **fields)


def declared_language(value: Any) -> str | None:
    """A BCP 47 tag's primary language ("de-AT" → "de"), when it is a plain tag."""
    tag = text(value)
    primary = tag.split("-", 1)[0].casefold() if tag else ""
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def text(value: Any, depth: int = 0) -> str | None:
    """Plain text from a string or language-tagged value, whitespace collapsed."""
    if isinstance(value, str):
        collapsed = " ".join(value[: MAX_LONG * 2].split())
        return collapsed or None
    if isinstance(value, Mapping) and isinstance(value.get("@value"), str):
        return text(value["@value"])
    if isinstance(value, list) and depth < 3:
        return next((t for v in value[:MAX_ITEMS] if (t := text(v, depth + 1))), None)
    return None


def issued_date(value: Any) -> datetime | None:
    """An issue/award date: XSD dateTime, plain date, or (OB 2.0) Unix seconds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(float(value), tz=UTC) if math.isfinite(value) \
                else None
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        return parse_datetime(value)
    except DateError:
        pass
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return value[:MAX_ITEMS] if isinstance(value, list) else [value]


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and len(value) <= 32:
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


# -- what kind of proof ---------------------------------------------------------------------

# OB 3.0 achievementType values (and common spellings), by the kind of proof they are.
_CERTIFYING = {"license", "licence", "certification", "certificate", "degree", "diploma",
               "associatedegree", "bachelordegree", "masterdegree", "doctoraldegree",
               "professionaldoctorate", "researchdoctorate", "apprenticeshipcertificate",
               "journeymancertificate", "mastercertificate", "generaleducationdevelopment",
               "qualification", "secondaryschooldiploma", "upperdivisiondegree"}
_COURSE = {"course", "certificateofcompletion", "learningprogram", "module", "unit",
           "fieldwork", "internship", "apprenticeship", "assessment", "competency"}
_PARTICIPATION = {"badge", "cocurricular", "communityservice", "membership", "award",
                  "participation", "attendance"}
# Words that say the holder attended or took part (in any credential type) — and words that
# say an assessment was passed, which keep an attended course or certificate assessed. A verb
# in the past counts anywhere in the credential's words; a noun ("participation",
# "asistencia", "Teilnahme") only in its name ("Certificate of Attendance", "Teilnahme:
# Hygienetage"): in a description it is as often the skill ("participation à la réponse à une
# urgence collective", "asistencia sanitaria", "clinic attendance"), and "participants learn
# …" is a course.
_ATTENDED = whole_words([
    r"attended", r"participated", r"took part", r"teilgenommen",
    r"(?:a|ont|avoir) (?:participe|assiste)", r"asistio", r"participo",
    r"(?:ha|hanno) partecipato", r"ha frequentato", r"participou", r"deelgenomen",
    r"uczestniczy[lł]\w*", r"wzi[aeę][lł]\w* udzia[lł]",
    # a certificate of attendance named in the description ("each session is worth 0.5 CPE
    # as proof of attendance") says the same as one in the name
    r"(?:proof|certificate|confirmation|record) of attendance", r"attendance certificate",
    r"teilnahmebescheinigung\w*", r"teilnahmebestatigung\w*",
    r"attestation d[e'] ?(?:presence|assiduite)", r"certificado de asistencia",
    r"attestato di (?:partecipazione|frequenza)", r"certificado de (?:participacao|presenca)",
    r"(?:bewijs|certificaat) van (?:deelname|aanwezigheid)", r"deelnamecertificaat",
    r"za[sś]wiadczenie o uczestnictwie"])
# fold() keeps the Polish ł (it is a letter, not an accented l), hence [lł]
_ATTENDED_NAME = whole_words([
    r"attendance", r"attendee", r"participation", r"participant", r"teilnahme\w*",
    r"teilnehmer\w*", r"participacion", r"participante", r"asistencia", r"asistente",
    r"partecipazione", r"partecipante", r"frequenza", r"participacao", r"ouvinte",
    r"deelname", r"deelnemer", r"uczestnictw\w*", r"uczestnik\w*", r"udzia[lł]"])
_ASSESSED_WORDS = [
    r"passed", r"passing", r"exam", r"exams", r"examination", r"assessed", r"assessment",
    r"graded", r"bestanden", r"prufung", r"examen", r"reussi", r"aprobad[oa]", r"superato",
    r"esame", r"aprovad[oa]", r"exame", r"geslaagd", r"toets", r"zdal\w*", r"egzamin\w*"]
_ASSESSED = whole_words(_ASSESSED_WORDS)
# "there is no assessment", "ohne Prüfung", "sans examen": an assessment word that says
# nothing was assessed
_NOT_ASSESSED = whole_words([
    r"(?:no|not|without|keine?|ohne|sans|aucun\w*|sin|senza|sem|geen|zonder|bez)\s+"
    r"(?:formal\s+|final\s+)?(?:" + "|".join(_ASSESSED_WORDS) + ")"])
PROOF_KINDS = ("certification", "supervised_exam", "assessed", "supervised", "credit",
               "evidenced", "unsupervised", "course", "participation", "attended", "unstated")
PROOF_WORDS = {"certification": "assessed certification", "assessed": "assessed result",
               "supervised_exam": "supervised exam with identity check",
               "supervised": "supervised assessment",
               "unsupervised": "unsupervised online assessment",
               "credit": "course with credits", "evidenced": "with evidence",
               "course": "course completion", "participation": "participation badge",
               "attended": "attended, nothing assessed",
               "unstated": "kind of proof not stated"}


def _merely_attended(document: Mapping[str, Any],
                     achievements: list[Mapping[str, Any]]) -> bool:
    """Whether the credential's own words say the holder attended or took part, and none
    says an assessment was passed ("attended the workshop" in a Course or a Certificate,
    "Certificate of Attendance", "Participação como ouvinte")."""
    names = [text(document.get("name")), *(text(a.get("name")) for a in achievements)]
    parts = [text(document.get("description"))]
    for a in achievements:
        parts.append(text(a.get("description")))
        criteria = a.get("criteria")
        if isinstance(criteria, Mapping):
            parts.append(text(criteria.get("narrative")))
    named = fold(" ".join(n for n in names if n)).casefold()
    words = fold(" ".join(p for p in (*names, *parts) if p)).casefold()
    return bool(_ATTENDED.search(words) or _ATTENDED_NAME.search(named)) \
        and not _ASSESSED.search(_NOT_ASSESSED.sub(" ", words))


_ELM_KINDS = {elm.SUPERVISED_IDENTITY: "supervised_exam", elm.SUPERVISED: "supervised",
              elm.ASSESSED: "assessed", elm.UNSUPERVISED: "unsupervised",
              elm.PARTICIPATION: "participation"}


def proof_kind(document: Any) -> str:
    """What kind of proof a credential says it is, from its own account of the assessment:
    OB 3.0 `achievementType`, `result`/`resultDescription`, `creditsAvailable`, `evidence`
    (strongest first: certification, assessed, credit, evidenced, course, participation,
    attended — its own words say it was attended and nothing was assessed — unstated)."""
    if not isinstance(document, Mapping):
        return "unstated"
    facts = elm.read(document)
    if facts is not None:  # the European standard elements say it (docs/scoring.md)
        return _ELM_KINDS[facts.assessment] if facts.assessment != elm.PARTICIPATION or \
            not facts.ects else "credit"
    achievements: list[Mapping[str, Any]] = []
    results: list[Any] = []
    if isinstance(document.get("badge"), Mapping):  # OB 2.0
        achievements.append(document["badge"])
    for subject in _items(document.get("credentialSubject")):
        if isinstance(subject, Mapping):
            achievements += [a for a in _items(subject.get("achievement"))
                             if isinstance(a, Mapping)]
            results += _items(subject.get("result"))
            if isinstance(subject.get("degree"), Mapping):
                return "certification"
    types = {str(a.get("achievementType", "")).replace("ext:", "").replace(" ", "")
             .casefold() for a in achievements}
    attended = _merely_attended(document, achievements)
    if types & _CERTIFYING and not attended:
        return "certification"
    if any(isinstance(r, Mapping) and (r.get("value") is not None or r.get("achievedLevel"))
           and str(r.get("status", "")).replace("_", "").casefold() not in _NOT_ACHIEVED
           for r in results):
        return "assessed"
    if any((_number(a.get("creditsAvailable")) or 0) > 0 for a in achievements) or \
            any(isinstance(s, Mapping) and (_number(s.get("creditsEarned")) or 0) > 0
                for s in _items(document.get("credentialSubject"))):
        return "credit"
    if _items(document.get("evidence")) or any(_items(a.get("evidence")) for a in achievements):
        return "evidenced"
    if attended:
        return "attended"
    if types & _COURSE:
        return "course"
    if types & _PARTICIPATION:
        return "participation"
    return "unstated"
