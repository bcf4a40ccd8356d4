"""Recognising what is not a credential this version verifies, so that it can be named.

A file in a format the verifier does not check (ISO mdoc, COSE, Blockcerts v1/v2, an IETF
token status list, an SD-JWT issuer token without its '~' disclosures, AnonCreds / Hyperledger
Indy credentials and presentations) must come out as
`unsupported`, saying what it is, never as a damaged file or a forgery. SD-JWTs proper
(`…~…~`) are verified by verify/jose/sdjwt.py. Detection here is cheap and conservative: it
only looks for the markers each format always carries.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

NAMES: dict[str, str] = {
    "sd-jwt": "SD-JWT",
    "cose": "COSE",
    "mdoc": "ISO mdoc (CBOR)",
    "blockcerts": "Blockcerts v1/v2",
    "token-status-list": "IETF token status list",
    "anoncreds": "AnonCreds (Hyperledger Indy)",
}
# Why a named format cannot be verified, where the name alone does not say.
REASONS: dict[str, str] = {
    "anoncreds": "checking it needs the issuer's credential definition from a ledger and a "
                 "proof made by the holder",
}

# Text keys every ISO/IEC 18013-5 structure carries (IssuerSigned, Document, DeviceResponse).
_MDOC_MARKERS = (b"docType", b"issuerSigned", b"issuerAuth", b"nameSpaces",
                 b"org.iso.18013.5.1")
_BASE64ISH = re.compile(r"^[A-Za-z0-9_+/-]+={0,2}$")
_MAX_ENCODED = 2_000_000
SD_JWT_TYPES = {"vc+sd-jwt", "dc+sd-jwt", "application/vc+sd-jwt", "application/dc+sd-jwt"}
STATUS_LIST_TYPES = {"statuslist+jwt", "application/statuslist+jwt"}


def _is_cbor_map_or_tag(data: bytes) -> bool:
    return bool(data) and (0xA0 <= data[0] <= 0xBB or data[0] in (0xBF, 0xD8, 0xD9))


def binary_format(data: bytes) -> str | None:
    """'mdoc' or 'cose' for CBOR input that is one of them, else None."""
    if len(data) < 4:
        return None
    head = data[:4096]
    if _is_cbor_map_or_tag(data) and any(marker in head for marker in _MDOC_MARKERS):
        return "mdoc"
    cose = data[:2] == b"\xd2\x84" or data[:4] == b"\xd8\x3d\xd2\x84" or (
        data[0] == 0x84 and data[1] in (0x40, 0x43, 0x58))  # COSE_Sign1: tag 18, CWT, bare
    if cose and b"statuslist+cwt" in head:
        return "token-status-list"  # an IETF token status list as a CWT
    return "cose" if cose else None


def encoded_binary_format(text: str) -> str | None:
    """The format of base64/base64url text that decodes to mdoc or COSE."""
    if len(text) > _MAX_ENCODED or len(text) < 8:
        return None
    candidates: list[bytes] = []  # hex is not a transport encoding of either format
    if _BASE64ISH.match(text):
        padded = text.rstrip("=")
        padded += "=" * (-len(padded) % 4)
        for decode in (base64.urlsafe_b64decode, base64.b64decode):
            try:
                candidates.append(decode(padded))
            except (binascii.Error, ValueError):
                continue
    for data in candidates:
        found = binary_format(data)
        if found is not None:
            return found
    return None


def _strings(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str)]


def json_format(document: dict[str, Any]) -> str | None:
    """'blockcerts' for Blockcerts v1/v2 certificates (v3 is a verifiable credential and
    goes through the credential checks, its MerkleProof2019 named there), 'anoncreds' for
    AnonCreds credentials and presentations, else None."""
    if _is_anoncreds(document):
        return "anoncreds"
    contexts = _strings(document.get("@context"))
    first = contexts[0] if contexts else ""
    vc_first = first in ("https://www.w3.org/2018/credentials/v1",
                         "https://www.w3.org/ns/credentials/v2")
    if not contexts and is_jades_json(document):
        return "jades"
    if not vc_first and any("blockcerts" in c.lower() for c in contexts):
        return "blockcerts"
    types = _strings(document.get("type"))
    if "BlockchainCertificate" in types or {"document", "receipt"} <= set(document) \
            or {"certificate", "assertion", "signature"} <= set(document):
        return "blockcerts"
    signature = document.get("signature")
    if isinstance(signature, dict) and not vc_first and any(
            t.startswith("MerkleProof") for t in _strings(signature.get("type"))):
        return "blockcerts"
    return None


def _is_anoncreds(document: dict[str, Any]) -> bool:
    """An AnonCreds credential (schema_id, cred_def_id, values {attr: {raw, encoded}},
    signature {p_credential, ...}) or presentation (requested_proof, identifiers)."""
    if isinstance(document.get("schema_id"), str) and isinstance(document.get("cred_def_id"),
                                                                   str):
        values, signature = document.get("values"), document.get("signature")
        return (isinstance(signature, dict) and "p_credential" in signature) or (
            isinstance(values, dict) and bool(values) and all(
                isinstance(v, dict) and {"raw", "encoded"} <= set(v) for v in values.values()))
    identifiers = document.get("identifiers")
    return isinstance(document.get("requested_proof"), dict) and isinstance(
        identifiers, list) and any(isinstance(i, dict) and "cred_def_id" in i
                                   for i in identifiers)


def is_jades_json(document: dict[str, Any]) -> bool:
    """A JWS in JSON serialisation whose signature is JAdES (verify/jose/jades.py)."""
    from screening.verify.jose.jades import is_jades_json

    return is_jades_json(document)


def jwt_format(header: dict[str, Any], payload: dict[str, Any]) -> str | None:
    """'sd-jwt' or 'token-status-list' for a compact JWS that is one of them, else None."""
    typ = header.get("typ")
    if typ in STATUS_LIST_TYPES or (isinstance(payload.get("status_list"), dict)
                                    and "vc" not in payload and "@context" not in payload):
        return "token-status-list"
    if typ in SD_JWT_TYPES or "_sd_alg" in payload or "_sd" in payload:
        return "sd-jwt"
    return None
