"""Regenerate sample_data/: sample issuers, their public documents, and candidates' credentials.

The sample issuers' keys are derived from fixed, public seeds: they are TEST KEYS, published
here on purpose, and must never be trusted outside the demo. Run:

    python scripts/make_sample_data.py
"""

from __future__ import annotations

import base64
import gzip
import json
import shutil
from pathlib import Path
from typing import Any

from screening.signing import Issuer, sign

ROOT = Path(__file__).resolve().parents[1] / "sample_data"
OB3 = ["https://www.w3.org/ns/credentials/v2",
       "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
NORTHBRIDGE_DID = "did:web:credentials.northbridge.example"
NORTHBRIDGE = Issuer.from_seed("sample-issuer:northbridge-university")
CLOUDCERT = Issuer.from_seed("sample-issuer:cloudcert-academy")
BOOTCAMP = Issuer.from_seed("sample-issuer:quickskills-bootcamp")
STATUS_URL = "https://credentials.northbridge.example/status/2025-1"
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


def northbridge(doc: dict[str, Any]) -> dict[str, Any]:
    return sign(doc, NORTHBRIDGE, verification_method=f"{NORTHBRIDGE_DID}#key-1")


def candidates() -> dict[str, dict[str, dict[str, Any]]]:
    python = achievement("python-data", "Data Analysis with Python",
                         "Cleans, analyses and visualises data with pandas.",
                         "Passed a proctored, practical data-analysis exam.",
                         [esco("Python (computer programming)",
                               "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d")])
    sql = achievement("sql", "SQL for Analysts", "Writes and optimises analytical SQL queries.",
                      "Completed 12 graded query labs.",
                      [esco("SQL", "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742")])
    cloud = achievement("cloud-security", "Cloud Security Practitioner",
                        "Secures cloud workloads: IAM, network controls, logging.",
                        "Passed a 3-hour hands-on lab exam.",
                        [esco("cloud technologies",
                              "http://data.europa.eu/esco/skill/bd14968e-e409-45af-b362-3495ed7b10e0")])
    stats = achievement("statistics", "Applied Statistics",
                        "Designs experiments and interprets statistical tests.",
                        "Completed a supervised capstone project.",
                        [esco("statistics",
                              "http://data.europa.eu/esco/skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833")])
    nb = ("Northbridge University", NORTHBRIDGE_DID)
    cc = ("CloudCert Academy", CLOUDCERT.did_key)
    qs = ("QuickSkills Bootcamp", BOOTCAMP.did_key)
    return {
        "ada-lovelace": {
            "python-data.json": northbridge(badge(nb[1], nb[0], "ada@example.com", 1, python)),
            "sql.json": sign(badge(cc[1], cc[0], "ada@example.com", 2, sql), CLOUDCERT,
                             suite="eddsa-jcs-2022"),
        },
        "grace-hopper": {
            "cloud-security.json": sign(badge(cc[1], cc[0], "grace@example.com", 3, cloud),
                                        CLOUDCERT),
            "statistics-revoked.json": northbridge(
                badge(nb[1], nb[0], "grace@example.com", 4, stats,
                      credentialStatus=status_entry(REVOKED_INDEX))),
            "python-data.json": northbridge(
                badge(nb[1], nb[0], "grace@example.com", 5, python,
                      credentialStatus=status_entry(REVOKED_INDEX + 1))),
        },
        "alan-turing": {
            "python-data-tampered.json": _tampered(
                northbridge(badge(nb[1], nb[0], "alan@example.com", 6, stats))),
            "sql-expired.json": sign(badge(cc[1], cc[0], "alan@example.com", 7, sql,
                                           validUntil="2026-01-01T00:00:00Z"), CLOUDCERT),
        },
        "katherine-johnson": {
            "python-data.json": sign(badge(qs[1], qs[0], "katherine@example.com", 8, python),
                                     BOOTCAMP),
            "statistics.json": northbridge(badge(nb[1], nb[0], "katherine@example.com", 9,
                                                 stats)),
        },
    }


def _tampered(doc: dict[str, Any]) -> dict[str, Any]:
    """A badge whose achievement was renamed after signing (the signature must fail)."""
    doc["credentialSubject"]["achievement"]["name"] = "Machine Learning Engineering"
    doc["name"] = "Machine Learning Engineering"
    return doc


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    for sub in ("candidates", "seeds"):
        shutil.rmtree(ROOT / sub, ignore_errors=True)
    for name, files in candidates().items():
        for filename, doc in files.items():
            write_json(ROOT / "candidates" / name / filename, doc)
    write_json(ROOT / "seeds" / "northbridge-did.json",
               NORTHBRIDGE.did_web_document(NORTHBRIDGE_DID))
    write_json(ROOT / "seeds" / "northbridge-status-2025-1.json", status_list_credential())
    write_json(ROOT / "seeds" / "index.json", {
        "https://credentials.northbridge.example/.well-known/did.json": "northbridge-did.json",
        STATUS_URL: "northbridge-status-2025-1.json",
    })
    (ROOT / "trust.toml").write_text(
        "# Known issuers for the bundled sample data. These issuers' keys are PUBLIC TEST KEYS\n"
        "# (scripts/make_sample_data.py derives them from fixed seeds): demo use only.\n\n"
        f'[[issuer]]\nid = "{NORTHBRIDGE_DID}"\norganisation = "Northbridge University"\n'
        'note = "sample issuer (test key)"\n\n'
        f'[[issuer]]\nid = "{CLOUDCERT.did_key}"\norganisation = "CloudCert Academy"\n'
        'note = "sample issuer (test key)"\n', encoding="utf-8")
    print(f"sample data written to {ROOT}")


if __name__ == "__main__":
    main()
