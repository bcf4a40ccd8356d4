"""ISO/IEC 18013-5 mdocs from a test issuer, for tests, benchmarks and samples ONLY (the
verifier never imports this module): IssuerSignedItems, a Mobile Security Object signed
with COSE_Sign1 (ES256, x5chain in the unprotected header), wrapped in a DeviceResponse.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from screening.testing.certificates import Issued

PID = "eu.europa.ec.eudi.pid.1"
DIPLOMA = "eu.europa.ec.eudi.diploma.1"  # an attestation doc type for tests
SIGNED = datetime(2024, 6, 1, tzinfo=UTC)


def item(digest_id: int, name: str, value: Any) -> cbor2.CBORTag:
    return cbor2.CBORTag(24, cbor2.dumps({"digestID": digest_id, "random": os.urandom(16),
                                          "elementIdentifier": name, "elementValue": value}))


def mint(issuer: Issued, elements: Mapping[str, Mapping[str, Any]], *, doc_type: str = PID,
         signed: datetime = SIGNED, valid_for: timedelta = timedelta(days=365),
         key: ec.EllipticCurvePrivateKey | None = None, chain: tuple[Issued, ...] = ()
         ) -> bytes:
    """A DeviceResponse holding one document whose `elements` ({name space: {name: value}})
    are all disclosed. `key` signs instead of the certificate's own (a wrong key)."""
    name_spaces: dict[str, list[cbor2.CBORTag]] = {}
    digests: dict[str, dict[int, bytes]] = {}
    for space, values in elements.items():
        for digest_id, (name, value) in enumerate(values.items()):
            tagged = item(digest_id, name, value)
            name_spaces.setdefault(space, []).append(tagged)
            digests.setdefault(space, {})[digest_id] = hashlib.sha256(
                cbor2.dumps(tagged)).digest()
    mso = {"version": "1.0", "digestAlgorithm": "SHA-256", "valueDigests": digests,
           "deviceKeyInfo": {"deviceKey": {1: 2, -1: 1, -2: b"\1" * 32, -3: b"\2" * 32}},
           "docType": doc_type,
           "validityInfo": {"signed": signed, "validFrom": signed,
                            "validUntil": signed + valid_for}}
    payload = cbor2.dumps(cbor2.CBORTag(24, cbor2.dumps(mso, datetime_as_timestamp=False)))
    protected = cbor2.dumps({1: -7})
    to_sign = cbor2.dumps(["Signature1", protected, b"", payload])
    r, s = decode_dss_signature((key or issuer.key).sign(to_sign, ec.ECDSA(hashes.SHA256())))
    x5chain: Any = issuer.der if not chain else [issuer.der, *(c.der for c in chain)]
    issuer_auth = [protected, {33: x5chain}, payload, r.to_bytes(32, "big") +
                   s.to_bytes(32, "big")]
    document = {"docType": doc_type,
                "issuerSigned": {"nameSpaces": name_spaces, "issuerAuth": issuer_auth}}
    return cbor2.dumps({"version": "1.0", "documents": [document], "status": 0})


def tamper(data: bytes, space: str, name: str, value: Any) -> bytes:
    """The same mdoc with one disclosed element's value changed (its digest kept)."""
    response = cbor2.loads(data)
    items = response["documents"][0]["issuerSigned"]["nameSpaces"][space]
    for index, tagged in enumerate(items):
        decoded = cbor2.loads(tagged.value)
        if decoded["elementIdentifier"] == name:
            decoded["elementValue"] = value
            items[index] = cbor2.CBORTag(24, cbor2.dumps(decoded))
    return bytes(cbor2.dumps(response))
