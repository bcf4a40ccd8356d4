"""did:ion long-form DIDs, resolved offline from the DID itself (Sidetree initial state).

A long-form DID is `did:ion:<suffix>:<base64url(JCS({"delta": …, "suffixData": …}))>`.
It resolves without any network when

* the suffix is base64url(multihash SHA-256(JCS(suffixData))) — the DID commits to the
  suffix data, and
* suffixData.deltaHash is base64url(multihash SHA-256(JCS(delta))) — the suffix data
  commits to the delta whose patches build the document (`replace`, `add-public-keys`,
  `remove-public-keys`; services are not needed to check a signature).

The document is the DID's *initial* state: if the DID was published and later updated
(keys rotated or revoked) only an ION node knows it, which is the limit of verifying
offline. A short-form DID (`did:ion:<suffix>`) needs an ION node: unsupported offline.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import rfc8785

from screening.verify.keys.publickey import KeyFormatError, b64url_decode, b64url_encode

SHA256_MULTIHASH = b"\x12\x20"
_SUFFIX = re.compile(r"^[A-Za-z0-9_-]{46}$")  # base64url of a 34-byte multihash
PURPOSES = ("authentication", "assertionMethod", "capabilityInvocation",
            "capabilityDelegation", "keyAgreement")
MAX_KEYS = 100


class IonError(ValueError):
    """The long-form DID is malformed or inconsistent (it cannot be the DID it claims)."""


class ShortFormIon(IonError):
    """A short-form did:ion: resolvable only through an ION node."""


def multihash(data: bytes) -> str:
    """base64url(0x12 0x20 || SHA-256(data)), Sidetree's hash encoding."""
    return b64url_encode(SHA256_MULTIHASH + hashlib.sha256(data).digest())


def canonical_hash(value: Any) -> str:
    return multihash(rfc8785.dumps(value))


def long_form_document(did: str) -> dict[str, Any]:
    """The DID document of a long-form did:ion (raises IonError / ShortFormIon)."""
    parts = did.split(":")
    if len(parts) < 3 or parts[:2] != ["did", "ion"]:
        raise IonError("not a did:ion DID")
    if parts[2] == "test":  # did:ion:test:… is ION's testnet
        parts = parts[:2] + parts[3:]
    if len(parts) == 3:
        raise ShortFormIon("a short-form did:ion can only be resolved by an ION node")
    if len(parts) != 4:
        raise IonError("a long-form did:ion has exactly a suffix and an initial state")
    suffix, encoded = parts[2], parts[3]
    if not _SUFFIX.match(suffix):
        raise IonError("the DID suffix is not a base64url SHA-256 multihash")
    try:
        state = json.loads(b64url_decode(encoded))
    except (KeyFormatError, ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise IonError(f"the initial state is not base64url JSON: {exc}") from exc
    if not isinstance(state, dict) or not isinstance(state.get("suffixData"), dict) \
            or not isinstance(state.get("delta"), dict):
        raise IonError("the initial state needs suffixData and delta objects")
    suffix_data, delta = state["suffixData"], state["delta"]
    if canonical_hash(suffix_data) != suffix:
        raise IonError("the DID suffix is not the hash of the suffix data")
    if canonical_hash(delta) != suffix_data.get("deltaHash"):
        raise IonError("the suffix data's deltaHash is not the hash of the delta")
    return _document(did, delta)


def _document(did: str, delta: dict[str, Any]) -> dict[str, Any]:
    keys: dict[str, dict[str, Any]] = {}
    patches = delta.get("patches")
    if not isinstance(patches, list):
        raise IonError("delta.patches must be a list")
    for patch in patches:
        action = patch.get("action") if isinstance(patch, dict) else None
        if action == "replace":
            replacement = patch.get("document")
            if not isinstance(replacement, dict):
                raise IonError("a replace patch needs a document")
            keys = {}
            _add_keys(keys, replacement.get("publicKeys", []))
        elif action == "add-public-keys":
            _add_keys(keys, patch.get("publicKeys"))
        elif action == "remove-public-keys":
            ids = patch.get("ids")
            if not isinstance(ids, list):
                raise IonError("remove-public-keys needs ids")
            for key_id in ids:
                keys.pop(str(key_id), None)
        elif action in ("add-services", "remove-services"):
            continue
        else:
            raise IonError(f"patch action {action!r} is not supported")
    document: dict[str, Any] = {"id": did, "verificationMethod": []}
    for key_id, key in keys.items():
        document["verificationMethod"].append({
            "id": f"#{key_id}", "controller": did, "type": key.get("type"),
            "publicKeyJwk": key.get("publicKeyJwk")})
        for purpose in key.get("purposes", []):
            if purpose in PURPOSES:
                document.setdefault(purpose, []).append(f"#{key_id}")
    return document


def _add_keys(keys: dict[str, dict[str, Any]], entries: Any) -> None:
    if not isinstance(entries, list):
        raise IonError("publicKeys must be a list")
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) \
                or not isinstance(entry.get("publicKeyJwk"), dict):
            raise IonError("every public key needs an id and a publicKeyJwk")
        if entry["id"] in keys:
            raise IonError(f"public key id {entry['id']!r} is repeated")
        purposes = entry.get("purposes", [])
        if not isinstance(purposes, list):
            raise IonError("purposes must be a list")
        keys[entry["id"]] = entry
        if len(keys) > MAX_KEYS:
            raise IonError("too many public keys")
