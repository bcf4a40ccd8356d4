"""Shape checks for credentials and presentations (VC Data Model 1.1/2.0, Open Badges 3.0)."""

from __future__ import annotations

from typing import Any

from screening.verify.report import CheckResult, CredentialSummary, Status

VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
BASE_CONTEXTS = {VC_V1_CONTEXT: "vc-1.1", VC_V2_CONTEXT: "vc-2.0"}
OB3_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context"
OB3_TYPES = {"OpenBadgeCredential", "AchievementCredential"}


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def types_of(node: Any) -> list[str]:
    if not isinstance(node, dict):
        return []
    return [t for t in as_list(node.get("type")) if isinstance(t, str)]


def data_model(document: dict[str, Any]) -> str | None:
    contexts = as_list(document.get("@context"))
    return BASE_CONTEXTS.get(contexts[0]) if contexts and isinstance(contexts[0], str) else None


def issuer_id(document: dict[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) and issuer else None


def issuer_name(document: dict[str, Any]) -> str | None:
    issuer = document.get("issuer")
    return display_text(issuer.get("name")) if isinstance(issuer, dict) else None


def is_url(value: Any) -> bool:
    if not isinstance(value, str) or ":" not in value:
        return False
    scheme = value.split(":", 1)[0]
    return scheme.isascii() and scheme[:1].isalpha() and all(
        c.isalnum() or c in "+-." for c in scheme
    )


def is_presentation(document: Any) -> bool:
    return "VerifiablePresentation" in types_of(document)


def is_credential(document: Any) -> bool:
    return "VerifiableCredential" in types_of(document)


def _base_problems(document: dict[str, Any], required_type: str) -> list[str]:
    problems = []
    if data_model(document) is None:
        problems.append("the first @context must be the VC Data Model 1.1 or 2.0 context")
    if required_type not in types_of(document):
        problems.append(f"type must include {required_type}")
    return problems


def credential_structure(document: dict[str, Any]) -> CheckResult:
    problems = _base_problems(document, "VerifiableCredential")
    if "issuer" not in document:
        problems.append("issuer is missing")
    elif not is_url(issuer_id(document)):
        problems.append("issuer must be a URL or an object whose id is a URL")
    subjects = as_list(document.get("credentialSubject"))
    if not subjects or not all(isinstance(s, dict) and s for s in subjects):
        problems.append("credentialSubject must be a non-empty object")
    if data_model(document) == "vc-1.1" and "issuanceDate" not in document:
        problems.append("issuanceDate is required by VC Data Model 1.1")
    if problems:
        return CheckResult("credential_structure", Status.FAIL,
                           "The credential is malformed.", {"problems": problems})
    return CheckResult("credential_structure", Status.PASS,
                       "The credential has the required parts.",
                       {"data_model": data_model(document)})


def open_badge_structure(document: dict[str, Any]) -> CheckResult:
    if not OB3_TYPES & set(types_of(document)):
        return CheckResult("open_badge_structure", Status.NA, "Not an Open Badge 3.0.", {})
    problems = []
    contexts = [c for c in as_list(document.get("@context")) if isinstance(c, str)]
    if not any(c.startswith(OB3_CONTEXT_PREFIX) for c in contexts):
        problems.append("the Open Badges 3.0 context is missing")
    for subject in as_list(document.get("credentialSubject")):
        achievement = subject.get("achievement") if isinstance(subject, dict) else None
        if not isinstance(achievement, dict):
            problems.append("credentialSubject.achievement must be an object")
        elif not isinstance(achievement.get("name"), str):
            problems.append("achievement.name is missing")
    if problems:
        return CheckResult("open_badge_structure", Status.FAIL,
                           "The Open Badge is malformed.", {"problems": problems})
    return CheckResult("open_badge_structure", Status.PASS,
                       "The Open Badge has an achievement.", {})


def presentation_structure(document: dict[str, Any]) -> CheckResult:
    problems = _base_problems(document, "VerifiablePresentation")
    for i, item in enumerate(as_list(document.get("verifiableCredential"))):
        if not isinstance(item, dict | str):
            problems.append(f"verifiableCredential[{i}] is neither an object nor a string")
    if problems:
        return CheckResult("presentation_structure", Status.FAIL,
                           "The presentation is malformed.", {"problems": problems})
    return CheckResult("presentation_structure", Status.PASS,
                       "The presentation is well formed.",
                       {"credentials": len(as_list(document.get("verifiableCredential")))})


def display_text(value: Any) -> str | None:
    """A display string from a plain or language-tagged value (never markup)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("@value"), str):
        return str(value["@value"])
    if isinstance(value, list):
        return next((t for t in map(display_text, value) if t), None)
    return None


def summarize(document: dict[str, Any], suites: tuple[str, ...] = ()) -> CredentialSummary:
    """The at-a-glance facts of a credential (values are untrusted text)."""
    issuer = document.get("issuer")
    subjects = as_list(document.get("credentialSubject"))
    subject = subjects[0] if subjects and isinstance(subjects[0], dict) else {}
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    name = display_text(document.get("name"))
    if isinstance(achievement, dict):
        name = display_text(achievement.get("name")) or name
    return CredentialSummary(
        id=document.get("id") if isinstance(document.get("id"), str) else None,
        name=name,
        types=tuple(types_of(document)),
        issuer_id=issuer_id(document),
        issuer_name=display_text(issuer.get("name")) if isinstance(issuer, dict) else None,
        subject_id=subject.get("id") if isinstance(subject.get("id"), str) else None,
        valid_from=display_text(document.get("validFrom", document.get("issuanceDate"))),
        valid_until=display_text(document.get("validUntil", document.get("expirationDate"))),
        proof_suites=suites,
        data_model=data_model(document),
    )
