"""Issuing helpers for tests, benchmarks and the sample-data script ONLY.

The verifier never imports this module. It signs credentials with the same
suites the verifier checks, so tests can mint valid and tampered credentials
and the sample issuers can sign the bundled candidates' badges.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import base58
from cryptography.hazmat.primitives import hashes

from screening.testing.ecdsa_sd import derive, sign_base
from screening.testing.issuers import AnyIssuer, EcIssuer
from screening.verify.jsonld.processing import ContextStore, Revision
from screening.verify.keys.ion import canonical_hash
from screening.verify.keys.publickey import (
    b64url_decode,
    b64url_encode,
)
from screening.verify.pipeline import bundled_contexts
from screening.verify.proofs.dataintegrity import JCS, RDFC, canonical_form, proofs_of
from screening.verify.proofs.inputs import proof_configuration, unsecured_document
from screening.verify.proofs.legacy import verify_data

SUITE_PROOFS = {
    "eddsa-rdfc-2022": ({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}, RDFC),
    "eddsa-2022": ({"type": "DataIntegrityProof", "cryptosuite": "eddsa-2022"}, RDFC),
    "eddsa-jcs-2022": ({"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022"}, JCS),
    "Ed25519Signature2020": ({"type": "Ed25519Signature2020"}, RDFC),
    "ecdsa-rdfc-2019": ({"type": "DataIntegrityProof", "cryptosuite": "ecdsa-rdfc-2019"}, RDFC),
    "ecdsa-jcs-2019": ({"type": "DataIntegrityProof", "cryptosuite": "ecdsa-jcs-2019"}, JCS),
}
def sign(
    document: dict[str, Any],
    issuer: AnyIssuer,
    *,
    verification_method: str | None = None,
    suite: str = "eddsa-rdfc-2022",
    created: str = "2025-01-01T00:00:00Z",
    purpose: str = "assertionMethod",
    proof_id: str | None = None,
    previous_proof: str | list[str] | None = None,
    store: ContextStore | None = None,
    revisions: tuple[Revision, ...] = (),
) -> dict[str, Any]:
    """Return a copy of `document` with one more proof (a proof set if it had one).
    `revisions` signs against those revisions of multi-revision contexts (a credential
    signed when a context URL served an earlier document)."""
    base, canon = SUITE_PROOFS[suite]
    proof: dict[str, Any] = {**base, "created": created,
                             "verificationMethod": verification_method or issuer.did_key_method,
                             "proofPurpose": purpose}
    if proof_id:
        proof["id"] = proof_id
    if previous_proof:
        proof["previousProof"] = previous_proof
    existing = proofs_of(document)
    wanted = [previous_proof] if isinstance(previous_proof, str) else (previous_proof or [])
    previous = [p for p in existing if isinstance(p, dict) and p.get("id") in wanted]
    unsecured = unsecured_document(document, previous)
    if canon == JCS and "@context" in unsecured:
        # vc-di-eddsa §3.3.1 (eddsa-jcs-2022 proof configuration), step 2: the proof
        # carries the document's @context, and keeps it in the secured document.
        proof = {"@context": copy.deepcopy(unsecured["@context"]), **proof}
    canonicalizer = (store or bundled_contexts()).canonicalizer(revisions)
    config = proof_configuration(unsecured, proof)
    hash_name = issuer.hash_name
    data = hashlib.new(hash_name, canonical_form(canonicalizer, config, canon,
                                                 hash_name)).digest() + \
        hashlib.new(hash_name, canonical_form(canonicalizer, unsecured, canon,
                                              hash_name)).digest()
    signature = issuer.sign_bytes(data)
    proof["proofValue"] = "z" + base58.b58encode(signature).decode("ascii")
    signed = copy.deepcopy(document)
    signed["proof"] = [*existing, proof] if existing else proof
    return signed


JOSE_ALGS = {"Ed25519": "EdDSA", "P-256": "ES256", "P-384": "ES384", "secp256k1": "ES256K"}


def sign_jwt(payload: dict[str, Any], issuer: AnyIssuer, *, kid: str | None = None,
             typ: str | None = "vc+jwt", header: dict[str, Any] | None = None,
             der: bool = False) -> str:
    """A compact JWS over `payload` (EdDSA, ES256, ES384 or ES256K by the issuer's key;
    `der=True` encodes an ECDSA signature as DER, which JWS forbids)."""
    import json

    head = {"alg": JOSE_ALGS[issuer.algorithm], **({"typ": typ} if typ else {}),
            **({"kid": kid} if kid else {}), **(header or {})}
    signing_input = ".".join(
        b64url_encode(json.dumps(part, separators=(",", ":")).encode()) for part in (head, payload))
    signature = issuer.sign_bytes(signing_input.encode("ascii"), der=True) if der and \
        isinstance(issuer, EcIssuer) else issuer.sign_bytes(signing_input.encode("ascii"))
    return f"{signing_input}.{b64url_encode(signature)}"


def sign_rs256(payload: dict[str, Any], private_key_pem: bytes) -> str:
    """A compact RS256 JWS (Open Badges 2.0 signed badges in tests and sample data)."""
    import json

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    key = serialization.load_pem_private_key(private_key_pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("an RSA private key is required")
    signing_input = ".".join(b64url_encode(json.dumps(part, separators=(",", ":")).encode())
                             for part in ({"alg": "RS256"}, payload))
    signature = key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64url_encode(signature)}"


def rsa_public_pem(private_key_pem: bytes) -> str:
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(private_key_pem, password=None)
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def sign_ecdsa_sd(document: dict[str, Any], issuer: EcIssuer, mandatory_pointers: list[str],
                  *, seed: str = "ecdsa-sd", verification_method: str | None = None,
                  created: str = "2025-01-01T00:00:00Z",
                  store: ContextStore | None = None) -> dict[str, Any]:
    """The issuer's ecdsa-sd-2023 base proof (for the holder; a verifier refuses it).
    The HMAC key and the proof-scoped key come from `seed`, so output is reproducible."""

    hmac_key = hashlib.sha256(f"{seed}/hmac".encode()).digest()
    proof_key = EcIssuer.from_seed(f"{seed}/proof-key", "P-256")
    return sign_base(document, issuer, mandatory_pointers, hmac_key=hmac_key,
                     proof_key=proof_key, created=created,
                     canonicalizer=(store or bundled_contexts()).canonicalizer(),
                     verification_method=verification_method)


def derive_ecdsa_sd(base: dict[str, Any], selective_pointers: list[str],
                    store: ContextStore | None = None) -> dict[str, Any]:
    """The holder's derived ecdsa-sd-2023 credential disclosing `selective_pointers`."""

    return derive(base, selective_pointers, (store or bundled_contexts()).canonicalizer())


LEGACY_SUITES = ("Ed25519Signature2018", "EcdsaSecp256k1Signature2019", "JsonWebSignature2020")


def sign_detached_jws(document: dict[str, Any], issuer: AnyIssuer, *,
                      suite: str = "Ed25519Signature2018",
                      verification_method: str | None = None,
                      created: str = "2025-01-01T00:00:00Z", purpose: str = "assertionMethod",
                      proof_context: str | list[str] | None = None, der: bool = False,
                      store: ContextStore | None = None) -> dict[str, Any]:
    """A legacy Linked Data proof with a detached, unencoded-payload JWS
    (Ed25519Signature2018, EcdsaSecp256k1Signature2019, JsonWebSignature2020)."""
    import json


    if suite not in LEGACY_SUITES:
        raise ValueError(f"not a legacy suite: {suite}")
    header = {"alg": JOSE_ALGS[issuer.algorithm], "b64": False, "crit": ["b64"]}
    encoded = b64url_encode(json.dumps(header, separators=(",", ":")).encode())
    proof: dict[str, Any] = {
        **({"@context": proof_context} if proof_context else {}), "type": suite,
        "created": created,
        "verificationMethod": verification_method or issuer.did_key_method,
        "proofPurpose": purpose}
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    canonicalizer = (store or bundled_contexts()).canonicalizer()
    data = encoded.encode("ascii") + b"." + verify_data(canonicalizer, unsecured, proof)
    signature = issuer.sign_bytes(data, der=True) if der and isinstance(issuer, EcIssuer) \
        else issuer.sign_bytes(data)
    proof["jws"] = f"{encoded}..{b64url_encode(signature)}"
    return {**copy.deepcopy(unsecured), "proof": proof}


def ion_long_form(issuer: AnyIssuer, key_id: str = "key-1",
                  purposes: tuple[str, ...] = ("assertionMethod", "authentication"),
                  key_type: str = "EcdsaSecp256k1VerificationKey2019") -> str:
    """A did:ion long-form DID whose initial state publishes the issuer's key (as Microsoft
    Entra Verified ID issuers do); commitments are derived from the key, deterministic."""
    import json

    commitment = canonical_hash({"commit": issuer.public_jwk()})
    delta = {"patches": [{"action": "replace", "document": {"publicKeys": [{
        "id": key_id, "type": key_type, "publicKeyJwk": issuer.public_jwk(),
        "purposes": list(purposes)}], "services": []}}], "updateCommitment": commitment}
    suffix_data = {"deltaHash": canonical_hash(delta), "recoveryCommitment": commitment}
    state = {"delta": delta, "suffixData": suffix_data}
    encoded = b64url_encode(json.dumps(state, separators=(",", ":")).encode())
    return f"did:ion:{canonical_hash(suffix_data)}:{encoded}"


def _jws(header: dict[str, Any], payload: dict[str, Any], issuer: AnyIssuer) -> str:
    import json

    signing_input = ".".join(b64url_encode(json.dumps(part, separators=(",", ":")).encode())
                             for part in (header, payload))
    return f"{signing_input}.{b64url_encode(issuer.sign_bytes(signing_input.encode()))}"


def sign_sd_jwt(claims: dict[str, Any], issuer: AnyIssuer, *, selective: tuple[str, ...] = (),
                kid: str | None = None, typ: str = "dc+sd-jwt",
                header: dict[str, Any] | None = None, holder: AnyIssuer | None = None,
                seed: str = "sd-jwt", decoys: int = 1) -> str:
    """An issuer-signed SD-JWT VC: the top-level `selective` claims become disclosures
    (salts from `seed`, so output is reproducible); `holder` adds cnf.jwk. Ends with '~'."""
    import json

    payload: dict[str, Any] = {k: v for k, v in claims.items() if k not in selective}
    disclosures, digests = [], []
    for name in selective:
        salt = b64url_encode(hashlib.sha256(f"{seed}/{name}".encode()).digest()[:16])
        encoded = b64url_encode(json.dumps([salt, name, claims[name]]).encode())
        disclosures.append(encoded)
        digests.append(b64url_encode(hashlib.sha256(encoded.encode()).digest()))
    for number in range(decoys if selective else 0):
        digests.append(b64url_encode(hashlib.sha256(f"{seed}/decoy/{number}".encode()).digest()))
    if digests:
        payload["_sd"] = sorted(digests)
        payload["_sd_alg"] = "sha-256"
    if holder is not None:
        payload["cnf"] = {"jwk": holder.public_jwk()}
    head = {"alg": JOSE_ALGS[issuer.algorithm], "typ": typ, **({"kid": kid} if kid else {}),
            **(header or {})}
    return "~".join([_jws(head, payload, issuer), *disclosures]) + "~"


def pack_statuses(statuses: list[int], bits: int) -> str:
    """An IETF Token Status List `lst`: each status `bits` wide from the least significant
    bit of the first byte, zlib-compressed (level 9), base64url."""
    import zlib

    data = bytearray((len(statuses) * bits + 7) // 8)
    for index, value in enumerate(statuses):
        position = index * bits
        data[position // 8] |= value << (position % 8)
    return b64url_encode(zlib.compress(bytes(data), 9))


def sign_status_list(statuses: list[int], issuer: AnyIssuer, uri: str, *, bits: int = 1,
                     kid: str | None = None, iat: int = 1780000000, exp: int | None = None,
                     header: dict[str, Any] | None = None,
                     claims: dict[str, Any] | None = None) -> str:
    """An IETF Status List Token (`typ: statuslist+jwt`) for `uri`, signed by `issuer`."""
    head = {"alg": JOSE_ALGS[issuer.algorithm], "typ": "statuslist+jwt",
            **({"kid": kid} if kid else {}), **(header or {})}
    payload: dict[str, Any] = {"sub": uri, "iat": iat,
                               "status_list": {"bits": bits,
                                               "lst": pack_statuses(statuses, bits)},
                               **({"exp": exp} if exp is not None else {}), **(claims or {})}
    return _jws(head, payload, issuer)


def present_sd_jwt(sd_jwt: str, keep: tuple[str, ...] | None = None,
                   holder: AnyIssuer | None = None, nonce: str = "n-0S6_WzA2Mj",
                   aud: str = "https://recruiter.example", iat: int = 1780000000) -> str:
    """What the holder shows: only the disclosures of the `keep` claims (all when None),
    and a key binding JWT when `holder` is given."""
    import json

    parts = sd_jwt.split("~")
    issuer_token, disclosures = parts[0], [d for d in parts[1:-1] if d]
    if keep is not None:
        disclosures = [d for d in disclosures if json.loads(b64url_decode(d))[1] in keep]
    presented = "~".join([issuer_token, *disclosures]) + "~"
    if holder is None:
        return presented
    sd_hash = b64url_encode(hashlib.sha256(presented.encode()).digest())
    kb = _jws({"alg": JOSE_ALGS[holder.algorithm], "typ": "kb+jwt"},
              {"iat": iat, "aud": aud, "nonce": nonce, "sd_hash": sd_hash}, holder)
    return presented + kb


def self_signed_x5c(issuer: EcIssuer, name: str = "issuer.example") -> list[str]:
    """A one-certificate x5c chain for `issuer`'s key (base64 DER), not on any trust list."""
    import base64
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import NameOID

    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                   .public_key(issuer.private_key.public_key()).serial_number(1)
                   .not_valid_before(start).not_valid_after(start + dt.timedelta(days=3650))
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), False)
                   .sign(issuer.private_key, hashes.SHA256()))
    return [base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()]
