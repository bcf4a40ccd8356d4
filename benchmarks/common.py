"""Shared pieces of the benchmarks: minting a pool of distinct credentials, timing, memory."""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from screening.testing import edc, mdoc
from screening.testing.bbs import BbsIssuer, derived_all_disclosed
from screening.testing.certificates import Issued, make_leaf
from screening.testing.issuers import EcIssuer, Issuer
from screening.testing.signing import derive_ecdsa_sd, sign, sign_ecdsa_sd, sign_jwt
from screening.verify.pipeline import bundled_contexts
from screening.verify.trust import TrustList

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ISSUER = Issuer.from_seed("benchmark-issuer")
EC_ISSUER = EcIssuer.from_seed("benchmark-issuer", "P-256")
BBS_ISSUER = BbsIssuer(0x2B1D5E4C8F3A6097)  # a test key: BLS12-381 secret scalar
SD_MANDATORY = ["/issuer", "/validFrom", "/credentialSubject/id"]
SD_SELECTIVE = ["/name", "/credentialSubject/achievement"]
OB3 = ["https://www.w3.org/ns/credentials/v2",
       "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
ED2020 = "https://w3id.org/security/suites/ed25519-2020/v1"
SKILLS = [
    ("SQL", "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"),
    ("Python (computer programming)",
     "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"),
    ("statistics", "http://data.europa.eu/esco/skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833"),
    ("deliver visual presentation of data",
     "http://data.europa.eu/esco/skill/c3e36d05-8ae8-447f-bb2b-6f9409f85389"),
    ("use spreadsheets software",
     "http://data.europa.eu/esco/skill/1973c966-f236-40c9-b2d4-5d71a89019be"),
]


def credential(serial: int, extra_context: str | None = None,
               issuer: Issuer | EcIssuer | BbsIssuer = ISSUER) -> dict[str, Any]:
    """A distinct OB 3.0 credential: its own id and subject (no verification cache can
    answer for it), with one of a few achievements, as in a real pool where many people
    hold the same badge."""
    label, uri = SKILLS[serial % len(SKILLS)]
    return {
        "@context": [*OB3, *([extra_context] if extra_context else [])],
        "id": f"urn:uuid:00000000-0000-4000-8000-{serial:012d}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.did_key, "type": ["Profile"], "name": "Benchmark University"},
        "validFrom": "2025-03-01T00:00:00Z",
        "name": label,
        "credentialSubject": {
            "id": f"mailto:candidate{serial // 5}@example.com",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": f"https://bench.example/achievements/{serial % len(SKILLS)}",
                "type": ["Achievement"], "name": label,
                "description": "A benchmark achievement.",
                "criteria": {"narrative": "Passed an assessment."},
                "alignment": [{"type": ["Alignment"], "targetName": label, "targetUrl": uri,
                               "targetFramework": "ESCO"}],
            },
        },
    }


@cache
def seal_pki() -> tuple[Issued, Issued]:
    """(CA, sealing / document-signer certificate) for EDC seals and mdocs: test keys."""
    ca = edc.seal_authority("Benchmark Seal CA")
    return ca, make_leaf(ca, "Benchmark signer", organisation="Benchmark University")


def trust() -> TrustList:
    """The list the benchmarks verify against: the seal CA (so an EDC's and an mdoc's
    chain is checked to a listed authority), no issuers (as before for the others)."""
    return TrustList(authorities=[seal_pki()[0].authority()])


def mint(kind: str, serial: int) -> bytes:
    """One signed credential of a proof type, as the bytes a recruiter would upload."""
    if kind == "edc-jades":  # an ELM 3 micro-credential sealed with JAdES (JSON form)
        label, uri = SKILLS[serial % len(SKILLS)]
        document = edc.micro_credential(title=label, outcomes=((label, uri),),
                                        subject_id=f"mailto:candidate{serial}@example.eu")
        document["id"] = f"urn:credential:00000000-0000-4000-8000-{serial:012d}"
        return edc.seal(document, seal_pki()[1]).encode()
    if kind == "mdoc":  # a diploma attestation, every element disclosed
        label, _uri = SKILLS[serial % len(SKILLS)]
        return mdoc.mint(seal_pki()[1], {mdoc.DIPLOMA: {
            "family_name": f"Candidate {serial}", "given_name": "Ana",
            "title": label, "awarding_body": "Benchmark University",
            "date_of_issue": "2025-03-01"}}, doc_type=mdoc.DIPLOMA,
            signed=NOW - timedelta(days=30))
    if kind == "vc-jwt":
        return sign_jwt(credential(serial), ISSUER, kid=ISSUER.did_key_method).encode()
    if kind in ("ecdsa-rdfc-2019", "ecdsa-jcs-2019"):
        return json.dumps(sign(credential(serial, issuer=EC_ISSUER), EC_ISSUER,
                               suite=kind)).encode()
    if kind == "ecdsa-sd-2023":  # what a verifier sees: the holder's derived credential
        base = sign_ecdsa_sd(credential(serial, issuer=EC_ISSUER), EC_ISSUER, SD_MANDATORY,
                             seed=f"benchmark-{serial}")
        return json.dumps(derive_ecdsa_sd(base, SD_SELECTIVE)).encode()
    if kind == "bbs-2023":  # the holder's derived credential, every statement disclosed
        return json.dumps(derived_all_disclosed(
            credential(serial, issuer=BBS_ISSUER), BBS_ISSUER,
            canonicalizer=bundled_contexts().canonicalizer(),
            presentation_header=serial.to_bytes(8, "big"))).encode()
    if kind == "Ed25519Signature2020":
        return json.dumps(sign(credential(serial, ED2020), ISSUER, suite=kind)).encode()
    return json.dumps(sign(credential(serial), ISSUER, suite=kind)).encode()


@contextmanager
def timed() -> Iterator[Callable[[], float]]:
    start = time.perf_counter()
    elapsed: list[float] = []
    yield lambda: elapsed[0] if elapsed else time.perf_counter() - start
    elapsed.append(time.perf_counter() - start)


def peak_rss_mib() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def verdict_line(name: str, value: float, unit: str, target: float, higher_is_better: bool
                 ) -> str:
    met = value >= target if higher_is_better else value <= target
    sign_ = "≥" if higher_is_better else "≤"
    return (f"{name:<48} {value:>10.1f} {unit:<14} target {sign_} {target:g}  "
            f"{'MET' if met else 'NOT MET'}")
