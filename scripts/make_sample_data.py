"""Regenerate sample_data/: sample issuers, their public documents, and candidates' credentials.

The sample issuers' keys are derived from fixed, public seeds: they are TEST KEYS, published
here on purpose, and must never be trusted outside the demo. Run:

    python scripts/make_sample_data.py
"""

from __future__ import annotations

import base64
import csv
import gzip
import hashlib
import io
import json
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from screening.testing import edc, pdfs
from screening.testing.baking import bake_png, bake_svg
from screening.testing.certificates import make_ca, make_leaf
from screening.testing.issuers import EcIssuer, Issuer
from screening.testing.signing import (
    derive_ecdsa_sd,
    ion_long_form,
    present_sd_jwt,
    rsa_public_pem,
    sign,
    sign_ecdsa_sd,
    sign_jwt,
    sign_rs256,
    sign_sd_jwt,
    sign_status_list,
)

ROOT = Path(__file__).resolve().parents[1] / "sample_data"
OB3 = ["https://www.w3.org/ns/credentials/v2",
       "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
NORTHBRIDGE_DID = "did:web:credentials.northbridge.example"
NORTHBRIDGE = Issuer.from_seed("sample-issuer:northbridge-university")
CLOUDCERT = Issuer.from_seed("sample-issuer:cloudcert-academy")
BOOTCAMP = Issuer.from_seed("sample-issuer:quickskills-bootcamp")
MERIDIAN = Issuer.from_seed("sample-issuer:meridian-school-of-nursing")
FORGER = Issuer.from_seed("sample-issuer:forger")
# An ECDSA issuer (P-256 did:key, 'zDna…'): ecdsa-rdfc-2019 and ecdsa-sd-2023 credentials
HARBOR = EcIssuer.from_seed("sample-issuer:harbor-polytechnic", "P-256")
# A did:ion issuer (long form, secp256k1, ES256K) as Microsoft Entra Verified ID issues:
# an SD-JWT VC the holder presents with a key binding JWT
CONTOSO = EcIssuer.from_seed("sample-issuer:contoso-skills-authority", "secp256k1")
CONTOSO_DID = ion_long_form(CONTOSO)
EDSGER_WALLET = EcIssuer.from_seed("sample-holder:edsger-wallet", "P-256")
STATUS_URL = "https://credentials.northbridge.example/status/2025-1"
CONTOSO_STATUS = "https://skills.contoso.example/status/1"  # an IETF Token Status List
REVOKED_INDEX = 3


def achievement(slug: str, name: str, description: str, criteria: str,
                alignments: list[dict[str, str]] | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": f"https://credentials.example/achievements/{slug}",
        "type": ["Achievement"],
        "name": name,
        "description": description,
        "criteria": {"narrative": criteria},
    }
    if alignments:
        item["alignment"] = [{"type": ["Alignment"], **a} for a in alignments]
    return item


def esco(name: str, uri: str) -> dict[str, str]:
    """An alignment to an ESCO v1.1.1 skill (URIs checked against the ESCO skill list)."""
    return {"targetName": name, "targetUrl": uri, "targetFramework": "ESCO"}


def badge(issuer_id: str, issuer_name: str, candidate: str, serial: int, item: dict,
          valid_from: str = "2025-03-01T00:00:00Z", **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@context": list(OB3),
        "id": f"urn:uuid:00000000-0000-4000-8000-{serial:012d}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": issuer_name},
        "validFrom": valid_from,
        "name": item["name"],
        "credentialSubject": {"id": f"mailto:{candidate}", "type": ["AchievementSubject"],
                              "achievement": item},
    }
    doc.update(extra)
    return doc


def status_entry(index: int) -> dict[str, str]:
    return {"id": f"{STATUS_URL}#{index}", "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation", "statusListIndex": str(index),
            "statusListCredential": STATUS_URL}


def status_list_credential() -> dict[str, Any]:
    bits = bytearray(16 * 1024)  # 131,072 entries, the spec's minimum size
    bits[REVOKED_INDEX // 8] |= 0x80 >> (REVOKED_INDEX % 8)
    encoded = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(
        b"=").decode()
    doc = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": STATUS_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": NORTHBRIDGE_DID,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": f"{STATUS_URL}#list", "type": "BitstringStatusList",
                              "statusPurpose": "revocation", "encodedList": encoded},
    }
    return sign(doc, NORTHBRIDGE, verification_method=f"{NORTHBRIDGE_DID}#key-1")


def northbridge(doc: dict[str, Any], suite: str = "eddsa-rdfc-2022") -> dict[str, Any]:
    return sign(doc, NORTHBRIDGE, verification_method=f"{NORTHBRIDGE_DID}#key-1", suite=suite)


def skill(slug: str) -> dict[str, Any]:
    """The sample achievements, each aligned to real ESCO v1.1.1 skills."""
    name, description, criteria, aligned = ACHIEVEMENTS[slug]
    return achievement(slug, name, description, criteria,
                       [esco(label, ESCO + uuid) for label, uuid in aligned])


ESCO = "http://data.europa.eu/esco/skill/"
ACHIEVEMENTS: dict[str, tuple[str, str, str, list[tuple[str, str]]]] = {
    "python-data": ("Data Analysis with Python",
                    "Cleans, analyses and visualises data with pandas.",
                    "Passed a proctored, practical data-analysis exam.",
                    [("Python (computer programming)", "ccd0a1d9-afda-43d9-b901-96344886e14d")]),
    "sql": ("SQL for Analysts", "Writes and optimises analytical SQL queries.",
            "Completed 12 graded query labs.",
            [("SQL", "598de5b0-5b58-4ea7-8058-a4bc4d18c742")]),
    "statistics": ("Applied Statistics", "Designs experiments and interprets statistical tests.",
                   "Completed a supervised capstone project.",
                   [("statistics", "7ee4c2ea-b349-4bd2-81a3-ec31475d4833")]),
    "data-visualisation": ("Data Visualisation and Dashboards",
                           "Builds clear charts and dashboards for decision makers.",
                           "Portfolio of three dashboards reviewed by two assessors.",
                           [("deliver visual presentation of data",
                             "c3e36d05-8ae8-447f-bb2b-6f9409f85389")]),
    "spreadsheets": ("Advanced Spreadsheets", "Models and analyses data in spreadsheets.",
                     "Passed a timed practical test.",
                     [("use spreadsheets software", "1973c966-f236-40c9-b2d4-5d71a89019be")]),
    "cloud-security": ("Cloud Security Practitioner",
                       "Secures cloud workloads: IAM, network controls, logging.",
                       "Passed a 3-hour hands-on lab exam.",
                       [("cloud technologies", "bd14968e-e409-45af-b362-3495ed7b10e0"),
                        ("cyber security", "8088750d-8388-4170-a76f-48354c469c44")]),
    "identity-management": ("Identity and Access Management",
                            "Designs least-privilege access and manages identities.",
                            "Passed a practical IAM lab.",
                            [("maintain ICT identity management",
                              "ab49f767-296b-47d5-af56-0b4a69515b03")]),
    "encryption": ("Applied Cryptography and Key Management",
                   "Uses encryption and manages keys for data at rest and in transit.",
                   "Completed graded cryptography labs.",
                   [("ICT encryption", "d32db06e-bd06-4415-a7ab-1b0ee68caa9a")]),
    "java": ("Java Backend Development", "Builds server-side services in Java.",
             "Delivered a tested REST service reviewed by an assessor.",
             [("Java (computer programming)", "19a8293b-8e95-4de3-983f-77484079c389")]),
    "testing": ("Automated Software Testing", "Writes unit and integration test suites.",
                "Raised coverage of a legacy service to 85% in a supervised project.",
                [("develop automated software tests", "6a322874-e32f-4cd8-9683-badce67a7f73")]),
    "devops": ("DevOps Foundations", "Automates builds, tests and deployments.",
               "Built a working CI/CD pipeline.",
               [("DevOps", "f0de4973-0a70-4644-8fd4-3a97080476f4")]),
    "nursing-care": ("Adult Nursing Practice", "Plans and delivers professional nursing care.",
                     "Completed 2,300 hours of supervised clinical placement.",
                     [("implement nursing care", "f98e06f5-a09a-4356-b6a8-d55a7d3c5356"),
                      ("provide professional care in nursing",
                       "1023ac61-250f-4eef-b7a9-238cf071685f")]),
    "medication": ("Safe Medicines Administration",
                   "Administers prescribed medication safely and manages patient medicines.",
                   "Passed a drug-calculation exam (100%) and observed practice.",
                   [("administer prescribed medication", "1fd57242-267e-46df-bd8c-849fdd593a50")]),
    "vital-signs": ("Clinical Observations", "Monitors and escalates patients' vital signs.",
                    "Assessed in practice by a registered nurse.",
                    [("monitor patient's vital signs", "60f826be-0c1b-413b-aad5-4f7546622e16")]),
    "infection-control": ("Infection Prevention and Control",
                          "Applies infection prevention and control procedures.",
                          "Completed the annual IPC assessment.",
                          [("infection control", "6d13053b-ee35-492c-8976-8178420df398")]),
    "life-support": ("Basic Life Support", "Performs resuscitation and first aid.",
                     "Passed a practical resuscitation assessment.",
                     [("resuscitation", "8bd49d04-ab2f-4333-b5d9-12d716e4e2f6")]),
}


def candidates() -> dict[str, dict[str, Any]]:
    """Candidate folder -> {file name: credential (JSON, JWT text, PNG/SVG bytes)}."""
    nb = (NORTHBRIDGE_DID, "Northbridge University")
    cc = (CLOUDCERT.did_key, "CloudCert Academy")
    qs = (BOOTCAMP.did_key, "QuickSkills Bootcamp")
    mh = (MERIDIAN.did_key, "Meridian School of Nursing")
    hp = (HARBOR.did_key, "Harbor Polytechnic")

    def ob3(who: tuple[str, str], email: str, serial: int, slug: str, **extra: Any) -> dict:
        return badge(who[0], who[1], email, serial, skill(slug), **extra)

    return {
        "ada-lovelace": {
            "python-data.json": northbridge(ob3(nb, "ada@example.com", 1, "python-data")),
            "sql.json": sign(ob3(cc, "ada@example.com", 2, "sql"), CLOUDCERT,
                             suite="eddsa-jcs-2022"),
            "statistics.jwt": vc_jwt(ob3(nb, "ada@example.com", 10, "statistics")),
            "data-visualisation.png": bake_png(json.dumps(northbridge(
                ob3(nb, "ada@example.com", 11, "data-visualisation")))),
        },
        "grace-hopper": {
            "cloud-security.json": sign(ob3(cc, "grace@example.com", 3, "cloud-security"),
                                        CLOUDCERT),
            "statistics-revoked.json": northbridge(ob3(
                nb, "grace@example.com", 4, "statistics",
                credentialStatus=status_entry(REVOKED_INDEX))),
            "python-data.json": northbridge(ob3(
                nb, "grace@example.com", 5, "python-data",
                credentialStatus=status_entry(REVOKED_INDEX + 1))),
            "identity-management.svg": bake_svg(json.dumps(sign(
                ob3(cc, "grace@example.com", 12, "identity-management"), CLOUDCERT))).encode(),
        },
        "alan-turing": {
            "python-data-tampered.json": _tampered(
                northbridge(ob3(nb, "alan@example.com", 6, "statistics"))),
            "sql-expired.json": sign(ob3(cc, "alan@example.com", 7, "sql",
                                         validUntil="2026-01-01T00:00:00Z"), CLOUDCERT),
        },
        "katherine-johnson": {
            "python-data.json": sign(ob3(qs, "katherine@example.com", 8, "python-data"),
                                     BOOTCAMP),
            "statistics.json": northbridge(ob3(nb, "katherine@example.com", 9, "statistics")),
            "sql.json": sign(ob3(qs, "katherine@example.com", 13, "sql"), BOOTCAMP),
        },
        "margaret-hamilton": {
            "java.json": northbridge(ob3(nb, "margaret@example.com", 14, "java", **{
                "@context": [*OB3, "https://w3id.org/security/suites/ed25519-2020/v1"]}),
                suite="Ed25519Signature2020"),
            "testing.json": sign(ob3(cc, "margaret@example.com", 15, "testing"), CLOUDCERT),
            "sql.json": northbridge(ob3(nb, "margaret@example.com", 16, "sql")),
            "devops.jwt": vc_jwt(ob3(qs, "margaret@example.com", 17, "devops"),
                                 issuer=BOOTCAMP, kid=BOOTCAMP.did_key_method),
        },
        "edsger-dijkstra": {
            "java-not-yet-valid.json": northbridge(ob3(
                nb, "edsger@example.com", 18, "java", validFrom="2027-09-01T00:00:00Z")),
            "testing-self-asserted.jwt": self_asserted_jwt(
                ob3((FORGER.did_key, "Edsger's Own Academy"), "edsger@example.com", 19,
                    "testing")),
            "presentation.json": presentation([
                northbridge(ob3(nb, "edsger@example.com", 20, "sql")),
                sign(ob3(cc, "edsger@example.com", 21, "devops"), CLOUDCERT)]),
            "testing-wallet.sd-jwt": sd_jwt_vc("edsger@example.com", 33, "testing"),
        },
        "hedy-lamarr": {
            "encryption.json": sign(ob3(cc, "hedy@example.com", 22, "encryption"), CLOUDCERT),
            "cloud-security.json": sign(ob3(cc, "hedy@example.com", 23, "cloud-security"),
                                        CLOUDCERT),
            "identity-management.json": sign(ob3(qs, "hedy@example.com", 24,
                                                 "identity-management"), BOOTCAMP),
            "devops-ecdsa.json": sign(ob3(hp, "hedy@example.com", 31, "devops"), HARBOR,
                                      suite="ecdsa-rdfc-2019"),
        },
        "radia-perlman": {
            "cloud-security-forged.json": sign(
                ob3(nb, "radia@example.com", 25, "cloud-security"), FORGER,
                verification_method=FORGER.did_key_method),
            "python-data.json": sign(ob3(cc, "radia@example.com", 26, "python-data"), CLOUDCERT),
            # what the holder shares from an ecdsa-sd-2023 credential: the achievement and
            # its dates, not the criteria (selective disclosure)
            # a European Digital Credential (issue 25): 5 ECTS, EQF 6, supervised exam
            "statistics-edc.json": edc_micro_credential()[0],
            "encryption-selective.json": derive_ecdsa_sd(sign_ecdsa_sd(
                ob3(hp, "radia@example.com", 32, "encryption"), HARBOR,
                ["/issuer", "/validFrom", "/credentialSubject/id"],
                seed="sample-issuer:harbor-polytechnic/32"),
                ["/name", "/credentialSubject/achievement/id",
                 "/credentialSubject/achievement/type", "/credentialSubject/achievement/name",
                 "/credentialSubject/achievement/description",
                 "/credentialSubject/achievement/alignment"]),
        },
        "florence-nightingale": {
            "nursing-care.json": sign(ob3(mh, "florence@example.com", 27, "nursing-care"),
                                      MERIDIAN),
            "medication.json": sign(ob3(mh, "florence@example.com", 28, "medication"),
                                    MERIDIAN, suite="eddsa-jcs-2022"),
            "vital-signs.jwt": vc_jwt(ob3(mh, "florence@example.com", 29, "vital-signs"),
                                      issuer=MERIDIAN, kid=MERIDIAN.did_key_method),
            "infection-control-ob2.json": ob2_hosted("florence@example.com", "ipc-florence"),
        },
        "mary-seacole": {
            "nursing-care.json": sign(ob3(mh, "mary@example.com", 30, "nursing-care"), MERIDIAN),
            "life-support-ob2-signed.jwt": ob2_signed("mary@example.com", "bls-mary"),
            "medication-ob2-revoked.json": ob2_hosted("mary@example.com", "med-mary",
                                                      revoked=True),
        },
    }


def sd_jwt_vc(email: str, serial: int, slug: str) -> str:
    """An SD-JWT VC from the did:ion issuer, shown from the holder's wallet: the skill is
    disclosed, the holder's birth date is not; a key binding JWT proves the wallet's key."""
    item = skill(slug)
    claims = {"iss": CONTOSO_DID, "vct": "https://skills.contoso.example/vct/skill",
              "iat": 1740787200, "nbf": 1740787200, "sub": f"mailto:{email}",
              "jti": f"urn:uuid:00000000-0000-4000-8000-{serial:012d}",
              "name": item["name"], "achievement": item, "birthdate": "1930-05-11",
              "issuer_name": "Contoso Skills Authority",
              "status": {"status_list": {"idx": serial, "uri": CONTOSO_STATUS}}}
    token = sign_sd_jwt(claims, CONTOSO, selective=("achievement", "birthdate"),
                        kid=f"{CONTOSO_DID}#key-1", holder=EDSGER_WALLET,
                        seed=f"sample-sd-jwt/{serial}")
    return present_sd_jwt(token, keep=("achievement",), holder=EDSGER_WALLET,
                          iat=1748736000) + "\n"


def _tampered(doc: dict[str, Any]) -> dict[str, Any]:
    """A badge whose achievement was renamed after signing (the signature must fail)."""
    doc["credentialSubject"]["achievement"]["name"] = "Machine Learning Engineering"
    doc["name"] = "Machine Learning Engineering"
    return doc


def vc_jwt(credential: dict[str, Any], issuer: Issuer = NORTHBRIDGE,
           kid: str = f"{NORTHBRIDGE_DID}#key-1") -> str:
    """A VC-JOSE (vc+jwt) credential: the credential itself is the payload."""
    return sign_jwt(credential, issuer, kid=kid) + "\n"


def self_asserted_jwt(credential: dict[str, Any]) -> str:
    """A token that carries its own key in the header: nothing ties it to the issuer."""
    header = {"jwk": FORGER.public_jwk()}
    return sign_jwt(credential, FORGER, header=header) + "\n"


def presentation(credentials: list[dict[str, Any]]) -> dict[str, Any]:
    return {"@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiablePresentation"], "verifiableCredential": credentials}


# --- Open Badges 2.0: hosted and signed, served from the seed cache -----------------------

MERIDIAN_OB2 = "https://badges.meridian-nursing.example"
RSA_KEY = (Path(__file__).parent / "sample-keys" / "meridian-ob2-rsa.TEST-KEY.pem").read_bytes()


def ob2_issuer() -> dict[str, Any]:
    return {"@context": "https://w3id.org/openbadges/v2", "type": "Issuer",
            "id": f"{MERIDIAN_OB2}/issuer", "name": "Meridian School of Nursing",
            "url": "https://meridian-nursing.example", "email": "badges@meridian-nursing.example",
            "publicKey": f"{MERIDIAN_OB2}/key", "revocationList": f"{MERIDIAN_OB2}/revocations"}


def ob2_badge_class(slug: str) -> dict[str, Any]:
    name, description, criteria, aligned = ACHIEVEMENTS[slug]
    return {"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass",
            "id": f"{MERIDIAN_OB2}/badges/{slug}", "name": name, "description": description,
            "image": f"{MERIDIAN_OB2}/badges/{slug}.png", "criteria": {"narrative": criteria},
            "issuer": f"{MERIDIAN_OB2}/issuer", "tags": ["nursing", "clinical practice"],
            "alignment": [{"targetName": label, "targetUrl": ESCO + uuid,
                           "targetFramework": "ESCO"} for label, uuid in aligned]}


def ob2_assertion(email: str, serial: str, slug: str, verification: dict[str, Any],
                  **extra: Any) -> dict[str, Any]:
    salt = f"salt-{serial}"
    identity = "sha256$" + hashlib.sha256((email + salt).encode()).hexdigest()
    return {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
            "id": f"{MERIDIAN_OB2}/assertions/{serial}",
            "recipient": {"type": "email", "hashed": True, "salt": salt, "identity": identity},
            "badge": f"{MERIDIAN_OB2}/badges/{slug}", "issuedOn": "2025-04-02T00:00:00Z",
            "verification": verification, **extra}


OB2_HOSTED = {"ipc-florence": "infection-control", "med-mary": "medication"}


def ob2_hosted(email: str, serial: str, revoked: bool = False) -> dict[str, Any]:
    assertion = ob2_assertion(email, serial, OB2_HOSTED[serial], {"type": "hosted"})
    return {**assertion, "revoked": True, "revocationReason": "Issued in error"} if revoked \
        else assertion


def ob2_signed(email: str, serial: str) -> str:
    assertion = ob2_assertion(email, serial, "life-support",
                              {"type": "signed", "creator": f"{MERIDIAN_OB2}/key"})
    return sign_rs256(assertion, RSA_KEY) + "\n"


def ob2_seeds() -> dict[str, Any]:
    """URL -> document for the OB 2.0 issuer's public web presence."""
    seeds: dict[str, Any] = {
        f"{MERIDIAN_OB2}/issuer": ob2_issuer(),
        f"{MERIDIAN_OB2}/key": {"@context": "https://w3id.org/openbadges/v2",
                                "type": "CryptographicKey", "id": f"{MERIDIAN_OB2}/key",
                                "owner": f"{MERIDIAN_OB2}/issuer",
                                "publicKeyPem": rsa_public_pem(RSA_KEY)},
        f"{MERIDIAN_OB2}/revocations": {"@context": "https://w3id.org/openbadges/v2",
                                        "type": "RevocationList",
                                        "issuer": f"{MERIDIAN_OB2}/issuer",
                                        "revokedAssertions": []},
    }
    for slug in {*OB2_HOSTED.values(), "life-support"}:
        seeds[f"{MERIDIAN_OB2}/badges/{slug}"] = ob2_badge_class(slug)
    # the issuer hosts its assertions: the revoked one says so in its hosted copy
    seeds[f"{MERIDIAN_OB2}/assertions/ipc-florence"] = ob2_hosted("florence@example.com",
                                                                  "ipc-florence")
    seeds[f"{MERIDIAN_OB2}/assertions/med-mary"] = ob2_hosted("mary@example.com", "med-mary",
                                                              revoked=True)
    return seeds


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_file(path: Path, content: Any) -> None:
    """JSON documents pretty-printed; tokens and images exactly as issued."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        write_json(path, content)


# --- Uploads a recruiter might receive: a ZIP bundle and a CSV of links -----------------

LINKS_BASE = "https://credentials.northbridge.example/share"


def new_applicants() -> dict[str, tuple[str, str, Any]]:
    """file -> (candidate, email, credential) for applicants who arrive by upload."""
    nb = (NORTHBRIDGE_DID, "Northbridge University")
    cc = (CLOUDCERT.did_key, "CloudCert Academy")
    return {
        "joan-clarke/sql.json": ("Joan Clarke", "joan@example.com", sign(badge(
            cc[0], cc[1], "joan@example.com", 40, skill("sql")), CLOUDCERT)),
        "joan-clarke/statistics.json": ("Joan Clarke", "joan@example.com", northbridge(badge(
            nb[0], nb[1], "joan@example.com", 41, skill("statistics")))),
        "joan-clarke/python.png": ("Joan Clarke", "joan@example.com", bake_png(json.dumps(
            northbridge(badge(nb[0], nb[1], "joan@example.com", 42, skill("python-data")))))),
        "john-von-neumann/spreadsheets.json": ("John von Neumann", "john@example.com", sign(
            badge(cc[0], cc[1], "john@example.com", 43, skill("spreadsheets")), CLOUDCERT)),
    }


def bundle_zip(files: dict[str, tuple[str, str, Any]]) -> bytes:
    buffer = io.BytesIO()
    manifest = io.StringIO()
    writer = csv.writer(manifest, lineterminator="\n")
    writer.writerow(["file", "candidate", "email"])
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path, (candidate, email, content) in files.items():
            data = content if isinstance(content, bytes) else json.dumps(content, indent=2)
            info = zipfile.ZipInfo(path, date_time=(2025, 6, 1, 0, 0, 0))
            bundle.writestr(info, data, zipfile.ZIP_DEFLATED)
            writer.writerow([path, candidate, email])
        info = zipfile.ZipInfo("manifest.csv", date_time=(2025, 6, 1, 0, 0, 0))
        bundle.writestr(info, manifest.getvalue(), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# --- A recruiter's inbox (issue 24): PDF certificates and a photo, for one candidate ------

SEAL_CA_NAME = "Northbridge Sample Seal CA"
SEAL_CA_FILE = "certificates/sample-seal-ca.pem"
SIGNED_AT = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)


def _fixed_key(seed: str) -> ec.EllipticCurvePrivateKey:
    """A P-256 key from a public seed: a TEST KEY, like the sample issuers'."""
    return ec.derive_private_key(int.from_bytes(hashlib.sha256(seed.encode()).digest()),
                                 ec.SECP256R1())


def inbox() -> tuple[dict[str, bytes], dict[str, Any], bytes]:
    """(file -> bytes, URL -> served credential, the sample CA's PEM): a signed PDF
    diploma, a PDF certificate with an Open Badge attached, a PDF with only a QR code and
    a photo of a printed certificate with a QR code, all Mary Jackson's."""
    ca = make_ca(SEAL_CA_NAME, organisation="Northbridge University",
                 key=_fixed_key("sample-ca:northbridge-seal"), serial=0x24CA0001)
    registrar = make_leaf(ca, "Registrar", organisation="Northbridge University",
                          not_before=datetime(2024, 1, 1, tzinfo=UTC),
                          key=_fixed_key("sample-signer:northbridge-registrar"),
                          serial=0x24CA0002)
    nb = (NORTHBRIDGE_DID, "Northbridge University")
    email = "mary@example.com"
    diploma = pdfs.make_pdf(["Northbridge University", "Bachelor of Science in Mathematics",
                             "awarded to Mary Jackson", "1 June 2025"])
    attached = northbridge(badge(nb[0], nb[1], email, 46, skill("statistics")))
    served = {f"{LINKS_BASE}/47": northbridge(badge(nb[0], nb[1], email, 47,
                                                    skill("python-data"))),
              f"{LINKS_BASE}/48": northbridge(badge(nb[0], nb[1], email, 48, skill("sql")))}
    files = {
        "mary-jackson/diploma-signed.pdf": pdfs.sign_pdf(diploma, registrar, chain=[ca],
                                                         signing_time=SIGNED_AT),
        "mary-jackson/statistics-certificate.pdf": pdfs.make_pdf(
            ["Certificate: Statistics", "Northbridge University",
             "The Open Badge is attached to this PDF."],
            attachments=[("statistics-badge.json", json.dumps(attached, indent=2).encode())]),
        "mary-jackson/python-certificate-qr.pdf": pdfs.make_pdf(
            ["Certificate: Python for Data", "Scan the code to verify"],
            images=[pdfs.qr_gray(f"{LINKS_BASE}/47")]),
        "mary-jackson/sql-certificate-photo.jpg": pdfs.photo(pdfs.qr_gray(
            f"{LINKS_BASE}/48", scale=8)),
    }
    return files, served, ca.pem


# --- A European Digital Credential (issue 25): an ELM 3 micro-credential sealed with JAdES --

EDC_CA_NAME = "Sample EU Seal CA"
EDC_CA_FILE = "certificates/sample-edc-seal-ca.pem"
DANUBE = "Danube Institute of Data Science"
STATISTICS = "http://data.europa.eu/esco/skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833"


def edc_micro_credential() -> tuple[str, bytes]:
    """(the sealed credential, the seal CA's PEM): Radia Perlman's micro-credential in
    applied statistics with the European standard elements (5 ECTS, EQF 6, supervised exam
    with identity check, accredited), sealed by a sample trust service's CA. Fixed keys,
    serials and dates, and deterministic ECDSA: the same bytes on every run."""
    ca = make_ca(EDC_CA_NAME, organisation="Sample Trust Services",
                 not_before=datetime(2024, 1, 1, tzinfo=UTC),
                 key=_fixed_key("sample-ca:eu-seal"), serial=0x25EDC001)
    leaf = edc.sealing_certificate(ca, DANUBE, not_before=datetime(2024, 1, 1, tzinfo=UTC),
                                   key=_fixed_key("sample-signer:danube-institute-seal"),
                                   serial=0x25EDC002)
    credential = edc.micro_credential(
        title="Applied Statistics for Data Analysis", ects=5, eqf=6,
        outcomes=(("Apply statistical methods to analyse data", STATISTICS),),
        subject_id="mailto:radia@example.com", issued="2025-09-15T09:00:00Z")
    body = {"id": "urn:epass:org:danube-institute", "type": "Organisation",
            "legalName": {"en": [DANUBE]}}
    credential.update(id="urn:credential:2f0c8a5e-25ed-4c01-9a1e-5a3b7c9d2e41", issuer=body)
    credential["credentialSubject"]["fullName"] = {"en": ["Radia Perlman"]}
    credential["credentialSubject"]["hasClaim"][0]["awardedBy"]["awardingBody"] = [body]
    sealed = edc.seal(credential, leaf, signed_at=datetime(2025, 9, 15, 9, 30, tzinfo=UTC))
    return sealed, ca.pem


def linked_applicants() -> tuple[str, dict[str, Any]]:
    """A candidate CSV whose links the seed cache serves (issuers' share pages)."""
    nb = (NORTHBRIDGE_DID, "Northbridge University")
    served = {
        f"{LINKS_BASE}/44": northbridge(badge(nb[0], nb[1], "dorothy@example.com", 44,
                                              skill("data-visualisation"))),
        f"{LINKS_BASE}/45": sign(badge(CLOUDCERT.did_key, "CloudCert Academy",
                                       "dorothy@example.com", 45, skill("sql")), CLOUDCERT),
    }
    rows = ["Candidate,Email,Credential link",
            f"Dorothy Vaughan,dorothy@example.com,{LINKS_BASE}/44 {LINKS_BASE}/45",
            f"Annie Easley,annie@example.com,{LINKS_BASE}/missing"]
    return "\n".join(rows) + "\n", served


TRUSTED = [
    (NORTHBRIDGE_DID, "Northbridge University"),
    (CLOUDCERT.did_key, "CloudCert Academy"),
    (MERIDIAN.did_key, "Meridian School of Nursing"),
    (HARBOR.did_key, "Harbor Polytechnic"),
    (CONTOSO_DID, "Contoso Skills Authority"),
    # the same organisation under its Open Badges 2.0 identity: one organisation name, so
    # that its OB 2.0 badges are not taken for an impersonation (issuer_impersonation)
    (f"{MERIDIAN_OB2}/issuer", "Meridian School of Nursing"),
]


def main() -> None:
    for sub in ("candidates", "seeds", "uploads"):
        shutil.rmtree(ROOT / sub, ignore_errors=True)
    for name, files in candidates().items():
        for filename, content in files.items():
            write_file(ROOT / "candidates" / name / filename, content)
    seeds: dict[str, Any] = {
        "https://credentials.northbridge.example/.well-known/did.json":
            NORTHBRIDGE.did_web_document(NORTHBRIDGE_DID),
        STATUS_URL: status_list_credential(),
        # SD-JWT VC revocation: one bit per credential, none revoked (IETF Token Status List)
        CONTOSO_STATUS: sign_status_list([0] * 64, CONTOSO, CONTOSO_STATUS,
                                         kid=f"{CONTOSO_DID}#key-1", iat=1748736000),
        **ob2_seeds(),
    }
    csv_text, served = linked_applicants()
    seeds.update(served)
    inbox_files, inbox_served, ca_pem = inbox()
    seeds.update(inbox_served)
    index = {}
    for number, (url, document) in enumerate(sorted(seeds.items()), start=1):
        name = f"{number:02d}-" + url.split("://", 1)[1].replace("/", "_").replace(".", "-")
        name += ".jwt" if isinstance(document, str) else ".json"  # tokens as served
        write_file(ROOT / "seeds" / name, document)
        index[url] = name
    write_json(ROOT / "seeds" / "index.json", index)
    write_file(ROOT / "uploads" / "new-applicants.zip", bundle_zip(new_applicants()))
    write_file(ROOT / "uploads" / "linked-applicants.csv", csv_text)
    for path, data in inbox_files.items():
        write_file(ROOT / "uploads" / "inbox" / path, data)
    write_file(ROOT / SEAL_CA_FILE, ca_pem)
    write_file(ROOT / EDC_CA_FILE, edc_micro_credential()[1])
    trust = ["# Known issuers for the bundled sample data. These issuers' keys are PUBLIC TEST",
             "# KEYS (scripts/make_sample_data.py): demo use only.", ""]
    for issuer_id, organisation in TRUSTED:
        trust += ["[[issuer]]", f'id = "{issuer_id}"', f'organisation = "{organisation}"',
                  'note = "sample issuer (test key)"', ""]
    trust += ["[[certificate_authority]]", f'name = "{SEAL_CA_NAME}"',
              f'file = "{SEAL_CA_FILE}"',
              'note = "sample CA that signs the sample PDF diploma (test key)"', "",
              "[[certificate_authority]]", f'name = "{EDC_CA_NAME}"', f'file = "{EDC_CA_FILE}"',
              'note = "sample trust service CA that seals the sample European Digital '
              'Credential (test key)"', ""]
    (ROOT / "trust.toml").write_text("\n".join(trust), encoding="utf-8")
    print(f"sample data written to {ROOT}")


if __name__ == "__main__":
    main()
