"""European Digital Credentials sealed with JAdES, for tests, benchmarks and the sample
data ONLY (the verifier never imports this module): a self-signed test seal CA, a sealing
certificate, an ELM 3 micro-credential, and seals in the compact, JSON and detached forms.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from screening.testing.certificates import EPOCH, Issued, make_ca, make_leaf

ELM_CONTEXT = "http://data.europa.eu/snb/model/context/edc-ap"
VC1 = "https://www.w3.org/2018/credentials/v1"
BY_URI_HASH = "http://uri.etsi.org/19182/ObjectIdByURIHash"
SIGNED_AT = datetime(2024, 6, 3, 9, 30, tzinfo=UTC)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def seal_authority(name: str = "Test Seal CA") -> Issued:
    return make_ca(name, organisation="Screening Test Trust Services")


def sealing_certificate(ca: Issued, organisation: str = "Learning Provider",
                        **kwargs: Any) -> Issued:
    return make_leaf(ca, f"{organisation} e-seal", organisation=organisation, **kwargs)


def concept(scheme: str, ident: str, label: str) -> dict[str, Any]:
    return {"id": ident, "type": "Concept", "inScheme": {"id": scheme, "type": "ConceptScheme"},
            "prefLabel": {"en": [label]}}


def micro_credential(*, title: str = "Data Analysis with Python", ects: float | None = 5,
                     eqf: int | None = 6, supervision: str | None =
                     "Supervised with identity verification on-site",
                     outcomes: tuple[tuple[str, str | None], ...] = (
                         ("Analyse data with Python",
                          "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"),),
                     accredited: bool = True, subject_id: str = "mailto:ana.andromeda@example.eu",
                     issued: str = "2024-06-03T09:00:00Z",
                     valid_until: str | None = None) -> dict[str, Any]:
    """An ELM 3 micro-credential with the Annex I elements (shaped like the EDC issuer's
    Annex 1 sample): learning outcomes with ESCO links, ECTS, EQF, supervision and identity
    verification, mode of learning, quality assurance."""
    spec: dict[str, Any] = {
        "id": "urn:epass:learningAchievementSpec:1", "type": "Qualification",
        "title": {"en": [title]},
        "learningOutcome": [{"id": f"urn:epass:learningOutcome:{i}", "type": "LearningOutcome",
                             "title": {"en": [words]},
                             **({"relatedESCOSkill": [concept(
                                 "http://data.europa.eu/esco/concept-scheme/skills", esco,
                                 words)]} if esco else {})}
                            for i, (words, esco) in enumerate(outcomes, start=1)],
        "mode": [concept("http://data.europa.eu/snb/learning-assessment/25831c2",
                         "http://data.europa.eu/snb/learning-assessment/e92d221e4d", "Blended")],
    }
    if ects is not None:
        spec["creditPoint"] = [{"id": "urn:epass:creditPoint:1", "type": "CreditPoint",
                                "framework": concept(
                                    "http://data.europa.eu/snb/education-credit/25831c2",
                                    "http://data.europa.eu/snb/education-credit/6fcec5c5af",
                                    "European Credit Transfer and Accumulation System"),
                                "point": f"{ects:g}"}]
    if eqf is not None:
        spec["EQFLevel"] = concept("http://data.europa.eu/snb/eqf/25831c2",
                                   f"http://data.europa.eu/snb/eqf/{eqf}", f"Level {eqf}")
    if accredited:
        spec["accreditation"] = [{"id": "urn:epass:accreditation:1", "type": "Accreditation",
                                  "title": {"en": ["Institutional accreditation (test)"]},
                                  "dcType": concept(
                                      "http://data.europa.eu/snb/accreditation/25831c2",
                                      "http://data.europa.eu/snb/accreditation/e4d8d2f1b8",
                                      "Accreditation")}]
    body = {"id": "urn:epass:org:1", "type": "Organisation",
            "legalName": {"en": ["Learning Provider"]}}
    claim: dict[str, Any] = {
        "id": "urn:epass:learningAchievement:1", "type": "LearningAchievement",
        "title": {"en": [title]},
        "awardedBy": {"id": "urn:epass:awardingProcess:1", "type": "AwardingProcess",
                      "awardingBody": [body]},
        "specifiedBy": spec}
    if supervision is not None:
        claim["provenBy"] = [{"id": "urn:epass:learningAssessment:1",
                              "type": "LearningAssessment", "title": {"en": ["Final exam"]},
                              "idVerification": concept(
                                  "http://data.europa.eu/snb/supervision-verification/25831c2",
                                  "http://data.europa.eu/snb/supervision-verification/test",
                                  supervision)}]
    credential: dict[str, Any] = {
        "@context": [VC1, ELM_CONTEXT],
        "id": "urn:credential:6b1d2c7e-5d60-4c55-9c1e-0f1e5a6c9f01",
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "credentialSchema": [{"id": "http://data.europa.eu/snb/model/ap/edc-generic-full",
                              "type": "ShaclValidator2017"}],
        "issuer": {**body, "id": "did:example:learning-provider"},
        "issuanceDate": issued, "validFrom": issued, "issued": issued,
        "credentialSubject": {"id": subject_id, "type": "Person",
                              "fullName": {"en": ["Ana Andromeda"]}, "hasClaim": [claim]},
        "displayParameter": {"id": "urn:epass:displayParameter:1", "type": "DisplayParameter",
                             "title": {"en": [title]}},
    }
    if valid_until is not None:
        credential["expirationDate"] = valid_until
    return credential


def _header(leaf: Issued, chain: tuple[Issued, ...], signed_at: datetime,
            extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"alg": "ES256", "typ": "jose+json", "cty": "application/ld+json",
            "x5c": [base64.b64encode(c.der).decode("ascii") for c in (leaf, *chain)],
            "x5t#S256": b64url(hashlib.sha256(leaf.der).digest()),
            "sigT": signed_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "crit": ["sigT"],
            **(extra or {})}


def _sign(key: ec.EllipticCurvePrivateKey, signing_input: bytes) -> str:
    # deterministic (RFC 6979): the sample data's seal is the same on every run
    r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256(),
                                                                 deterministic_signing=True)))
    return b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


def seal(credential: dict[str, Any], leaf: Issued, *, chain: tuple[Issued, ...] = (),
         signed_at: datetime = SIGNED_AT, form: str = "json",
         key: ec.EllipticCurvePrivateKey | None = None) -> str:
    """The credential sealed with JAdES (B-B): "compact" text or the flattened "json" form
    the EDC issuer delivers. `key` signs instead of the certificate's own (a wrong key)."""
    payload = b64url(json.dumps(credential, ensure_ascii=False).encode("utf-8"))
    protected = b64url(json.dumps(_header(leaf, chain, signed_at)).encode())
    signature = _sign(key or leaf.key, f"{protected}.{payload}".encode("ascii"))
    if form == "compact":
        return f"{protected}.{payload}.{signature}"
    return json.dumps({"payload": payload, "protected": protected, "signature": signature,
                       "header": {"etsiU": []}})


def seal_detached(document: bytes, uri: str, leaf: Issued, *,
                  signed_at: datetime = SIGNED_AT) -> str:
    """A detached JAdES seal (sigD, ObjectIdByURIHash) over `document` named by `uri`."""
    sigd = {"mId": BY_URI_HASH, "pars": [uri], "hashM": "S256",
            "hashV": [b64url(hashlib.sha256(document).digest())]}
    protected = b64url(json.dumps(_header(leaf, (), signed_at, {"sigD": sigd,
                                                                "crit": ["sigT", "sigD"]}))
                       .encode())
    signature = _sign(leaf.key, f"{protected}.".encode("ascii"))
    return f"{protected}..{signature}"


def make_test_seal(not_before: datetime = EPOCH) -> tuple[Issued, Issued]:
    """(CA, sealing certificate) of the test seal authority, fresh keys each call."""
    ca = seal_authority()
    return ca, sealing_certificate(ca, not_before=not_before)
