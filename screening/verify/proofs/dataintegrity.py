"""Data Integrity proofs: eddsa-rdfc-2022 (and its old name eddsa-2022), eddsa-jcs-2022,
Ed25519Signature2020, ecdsa-rdfc-2019 and ecdsa-jcs-2019 (P-256, P-384), ecdsa-sd-2023
derived proofs (verify/proofs/ecdsa_sd.py), bbs-2023 derived proofs (verify/proofs/bbs2023.py)
and the legacy detached-JWS suites Ed25519Signature2018,
EcdsaSecp256k1Signature2019 and JsonWebSignature2020 (verify/proofs/legacy.py), including proof
sets and previousProof chains.

Hashing follows vc-di-eddsa: hashData = SHA-256(canonical proof configuration) ||
SHA-256(canonical unsecured document), the proof configuration hash first, and
the proof configuration carries the document's @context.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from screening.dates import DateError, parse_datetime
from screening.fetch.seeds import Fetcher
from screening.verify.jsonld.dataloss import DataLossError
from screening.verify.jsonld.processing import (
    CanonicalizationError,
    Canonicalizer,
    UnknownContextError,
    signed_form_check,
)
from screening.verify.keys.bls import BLS12381_G2
from screening.verify.keys.decode import encode_multikey
from screening.verify.keys.did import (
    ResolutionError,
    ResolvedMethod,
    UnsupportedMethod,
    resolve_verification_method,
)
from screening.verify.keys.ec import CURVE_HASHES, ecdsa_verify
from screening.verify.keys.publickey import (
    KeyFormatError,
    ed25519_verify,
    jwk_thumbprint,
    multibase_decode,
)
from screening.verify.proofs import bbs2023, ecdsa_sd, jcs
from screening.verify.proofs.inputs import proof_configuration, unsecured_document
from screening.verify.proofs.legacy import LEGACY_SUITES, detached_jws_check
from screening.verify.reach import resolution_failure
from screening.verify.report import CheckResult, Status, not_understood

RDFC = "rdfc"
JCS = "jcs"
ECDSA_SD = "ecdsa-sd"  # selective disclosure: its own hashing (verify/proofs/ecdsa_sd.py)
BBS = "bbs"  # selective disclosure with BBS proofs (verify/proofs/bbs2023.py)
# (proof type, cryptosuite) -> canonicalisation
SUITES: dict[tuple[str, str | None], str] = {
    ("DataIntegrityProof", "eddsa-rdfc-2022"): RDFC,
    ("DataIntegrityProof", "eddsa-2022"): RDFC,  # name used before the 2023 rename
    ("DataIntegrityProof", "eddsa-jcs-2022"): JCS,
    ("Ed25519Signature2020", None): RDFC,
    ("DataIntegrityProof", "ecdsa-rdfc-2019"): RDFC,
    ("DataIntegrityProof", "ecdsa-jcs-2019"): JCS,
    ("DataIntegrityProof", "ecdsa-sd-2023"): ECDSA_SD,
    ("DataIntegrityProof", "bbs-2023"): BBS,
    # legacy detached-JWS suites (verify/proofs/legacy.py)
    ("Ed25519Signature2018", None): RDFC,
    ("EcdsaSecp256k1Signature2019", None): RDFC,
    ("JsonWebSignature2020", None): RDFC,
}
# The key types each suite signs with (vc-di-eddsa, vc-di-ecdsa); Ed25519 when not listed.
SUITE_KEYS: dict[str, frozenset[str]] = {
    "ecdsa-rdfc-2019": frozenset({"P-256", "P-384"}),
    "ecdsa-jcs-2019": frozenset({"P-256", "P-384"}),
    "ecdsa-sd-2023": frozenset({"P-256", "P-384"}),
    "bbs-2023": frozenset({BLS12381_G2}),
}
# Selective-disclosure suites: a base proof presented to a verifier is refused by its form.
_BASE_PROOF_CHECKS = {ECDSA_SD: ecdsa_sd.base_proof_check, BBS: bbs2023.base_proof_check}


def suite_name(proof: Any) -> str:
    """A readable name for a proof's suite (untrusted input; never raises)."""
    if not isinstance(proof, dict):
        return "malformed proof"
    ptype = proof.get("type")
    suite = proof.get("cryptosuite")
    ptype = ptype if isinstance(ptype, str) else repr(ptype)
    return f"{ptype}/{suite}" if isinstance(suite, str) else ptype


def suite_of(proof: dict[str, Any]) -> str | None:
    """The canonicalisation a supported proof uses, or None when unsupported."""
    ptype, suite = proof.get("type"), proof.get("cryptosuite")
    if not isinstance(ptype, str):
        return None
    key = (ptype, suite if ptype == "DataIntegrityProof" else None)
    return SUITES.get(key)


@dataclass
class ProofContext:
    """What every proof in one document is checked against."""

    document: dict[str, Any]  # the secured document
    purpose: str  # "assertionMethod" for credentials, "authentication" for presentations
    controller: str | None  # the issuer (or holder) expected to control the key
    now: datetime
    skew: timedelta
    fetcher: Fetcher
    canonicalizer: Canonicalizer
    resolve: Callable[[Any, Fetcher], ResolvedMethod] = resolve_verification_method
    _doc_hashes: dict[str, bytes] = field(default_factory=dict)


@dataclass
class ProofOutcome:
    index: int
    suite: str
    supported: bool
    checks: list[CheckResult]

    @property
    def verified(self) -> bool:
        return self.supported and all(
            c.status in (Status.PASS, Status.NA)
            or (c.code == "issuer_controls_key" and c.status is Status.INDETERMINATE)
            for c in self.checks
        )

    @property
    def issuer_signed(self) -> bool:
        """A valid signature made with a key the issuer controls."""
        return self.verified and any(
            c.code == "issuer_controls_key" and c.status is Status.PASS for c in self.checks)

    def as_cosignature(self, decided: bool = True) -> ProofOutcome:
        """When the issuer has signed, another party's extra signature is not a failure;
        when another proof could not be checked (`decided=False`), it is undecided."""
        checks = [
            (CheckResult(c.code, Status.NA,
                         "Co-signed by another party; the issuer's own signature is valid.",
                         {**c.details, "cosignature": True}) if decided else
             CheckResult(c.code, Status.INDETERMINATE,
                         "Signed by another party; the issuer's own signature could not be "
                         "checked.", {**c.details, "cosignature": "unconfirmed"}))
            if c.code == "issuer_controls_key" and c.status is Status.FAIL else c
            for c in self.checks
        ]
        return ProofOutcome(self.index, self.suite, self.supported, checks)

    @property
    def undecided(self) -> bool:
        """A supported proof that nothing proved wrong but that could not be checked."""
        return self.supported and not self.verified and not any(
            c.status is Status.FAIL for c in self.checks)

    @property
    def signature_failed(self) -> bool:
        return any(c.code == "proof_signature" and c.status is Status.FAIL for c in self.checks)


def proofs_of(document: dict[str, Any]) -> list[Any]:
    proof = document.get("proof")
    if proof is None:
        return []
    return proof if isinstance(proof, list) else [proof]


def verify_proof(ctx: ProofContext, index: int) -> ProofOutcome:
    """Run the named checks for proof number `index` of the document."""
    all_proofs = proofs_of(ctx.document)
    proof = all_proofs[index]
    name = suite_name(proof)
    details = {"proof": index, "suite": name}
    suite = suite_of(proof) if isinstance(proof, dict) else None
    if suite is None:
        check = _check("proof_suite_supported", Status.INDETERMINATE,
                       f"Signature {index + 1} uses {name}, which this version cannot check.",
                       details)
        return ProofOutcome(index, name, False, [check])
    checks = [_check("proof_suite_supported", Status.PASS, f"Signature {index + 1}: {name}.",
                     details)]
    previous, chain_check = _previous_proofs(proof, all_proofs, details)
    if chain_check is not None:
        checks.append(chain_check)
        if chain_check.status is Status.FAIL:
            return ProofOutcome(index, name, True, checks)
    checks.append(_proof_options_check(ctx, proof, details))
    base_check = _BASE_PROOF_CHECKS.get(suite)
    form = base_check(proof, details) if base_check is not None else None
    if form is not None:  # a base proof is refused for its form, whatever its key
        checks.append(form)
        return ProofOutcome(index, name, True, checks)
    method, method_checks = _method_checks(ctx, proof, details)
    checks += method_checks
    if method is not None:
        checks.append(_signature_check(ctx, proof, suite, previous, method, details))
    return ProofOutcome(index, name, True, checks)


def hash_data(
    canonicalizer: Canonicalizer, unsecured: dict[str, Any], proof: dict[str, Any], suite: str,
    hash_name: str = "sha256",
) -> bytes:
    """H(canonical proof config) || H(canonical unsecured document); H is SHA-256, or
    SHA-384 for ECDSA on P-384 (vc-di-ecdsa)."""
    config = proof_configuration(unsecured, proof)
    return _sha256(canonical_form(canonicalizer, config, suite, hash_name), hash_name) + _sha256(
        canonical_form(canonicalizer, unsecured, suite, hash_name), hash_name
    )


def canonical_form(canonicalizer: Canonicalizer, document: Any, suite: str,
                   hash_name: str = "sha256") -> bytes:
    """JCS bytes, or RDFC-1.0 N-Quads (RDFC's own hash is SHA-384 for ECDSA P-384)."""
    if suite == JCS:
        return jcs.dumps(document)
    return canonicalizer.canonize(document, hash_name).encode("utf-8")


def _previous_proofs(
    proof: dict[str, Any], all_proofs: list[Any], details: dict[str, Any]
) -> tuple[list[dict[str, Any]], CheckResult | None]:
    ref = proof.get("previousProof")
    if ref is None:
        return [], None
    wanted = ref if isinstance(ref, list) else [ref]
    by_id = {p.get("id"): p for p in all_proofs if isinstance(p, dict) and p.get("id")}
    missing = [w for w in wanted if not isinstance(w, str) or w not in by_id]
    if missing or not wanted:
        return [], _check("proof_chain", Status.FAIL,
                          "A signature refers to an earlier signature that is missing.",
                          {**details, "missing": [str(m) for m in missing]})
    found = [by_id[w] for w in wanted]
    return found, _check("proof_chain", Status.PASS,
                         "The signature's chain of earlier signatures is complete.",
                         {**details, "previousProof": wanted})


def _proof_options_check(ctx: ProofContext, proof: dict[str, Any], details: dict[str, Any]
                         ) -> CheckResult:
    problems: list[str] = []
    if proof.get("proofPurpose") != ctx.purpose:
        problems.append(f"proofPurpose must be {ctx.purpose!r}, got {proof.get('proofPurpose')!r}")
    if not isinstance(proof.get("verificationMethod"), str):
        problems.append("verificationMethod must be a URL string")
    for prop in ("created", "expires"):
        if prop in proof:
            try:
                when = parse_datetime(proof[prop])
            except DateError as exc:
                problems.append(f"{prop}: {exc}")
                continue
            if prop == "expires" and when + ctx.skew < ctx.now:
                problems.append(f"the proof expired at {proof[prop]}")
    if "@context" in proof and not _context_prefix(proof["@context"], ctx.document) \
            and proof.get("type") not in LEGACY_SUITES:  # legacy proofs may add their own
        problems.append("proof @context is not a prefix of the document @context")
    if problems:
        return _check("proof_options", Status.FAIL,
                      "The signature block is malformed or has expired.",
                      {**details, "problems": problems})
    return _check("proof_options", Status.PASS, "The signature block is well formed.", details)


def _method_checks(
    ctx: ProofContext, proof: dict[str, Any], details: dict[str, Any]
) -> tuple[ResolvedMethod | None, list[CheckResult]]:
    vm = proof.get("verificationMethod")
    try:
        method = ctx.resolve(vm, ctx.fetcher)
    except UnsupportedMethod as exc:
        return None, [not_understood(
            "verification_method_resolved",
            f"The signing key uses {exc.what}, which this version cannot check.", exc.what,
            **details, verificationMethod=str(vm), reason=str(exc))]
    except ResolutionError as exc:
        return None, [resolution_failure(exc, verificationMethod=str(vm), **details)]
    info = {**details, "verificationMethod": method.id, "method": method.method,
            "controller": method.controller, "publicKeyMultibase": encode_multikey(method.key),
            "thumbprint": jwk_thumbprint(method.key.jwk_dict())}
    checks = [_check("verification_method_resolved", Status.PASS,
                     f"Signing key found ({method.method}).", info)]
    owner = method.controller or method.document_id
    authorized = ctx.purpose in method.relationships and owner == method.document_id
    checks.append(_check(
        "verification_method_authorized", Status.PASS if authorized else Status.FAIL,
        "The key is allowed to sign for its owner." if authorized
        else "The key that signed is not allowed to sign for its owner.",
        {**info, "relationships": sorted(method.relationships)}))
    controls = ctx.controller is not None and owner == ctx.controller
    if ctx.controller is None:  # e.g. a presentation without a holder (optional in VC 2.0)
        checks.append(_check(
            "issuer_controls_key", Status.INDETERMINATE,
            "Nobody is named whom the key could be checked against.",
            {**info, "expected_controller": None, "key_controller": owner}))
        return method, checks
    checks.append(_check(
        "issuer_controls_key", Status.PASS if controls else Status.FAIL,
        "The key belongs to the named issuer." if controls
        else "The key that signed does not belong to the named issuer.",
        {**info, "expected_controller": ctx.controller, "key_controller": owner}))
    return method, checks


def _signature_check(
    ctx: ProofContext, proof: dict[str, Any], suite: str, previous: list[dict[str, Any]],
    method: ResolvedMethod,
    details: dict[str, Any],
) -> CheckResult:
    if proof.get("type") in LEGACY_SUITES:
        return detached_jws_check(ctx.canonicalizer, unsecured_document(ctx.document, previous),
                                  proof, method.key, details)
    wanted = SUITE_KEYS.get(str(proof.get("cryptosuite")), frozenset({"Ed25519"}))
    if method.key.algorithm not in wanted:
        return _check("proof_signature", Status.FAIL,
                      "The signing key does not fit the signature type.",
                      {**details, "reason": f"{suite_name(proof)} needs a "
                                            f"{' or '.join(sorted(wanted))} key, "
                                            f"got {method.key.algorithm}"})
    if suite == ECDSA_SD:
        return ecdsa_sd.derived_proof_check(ctx.canonicalizer, ctx.document, proof,
                                            method.key, details)
    if suite == BBS:
        return bbs2023.derived_proof_check(ctx.canonicalizer, ctx.document, proof,
                                           method.key, details)
    try:
        signature = multibase_decode(proof.get("proofValue", ""))
        if not proof["proofValue"].startswith("z"):
            raise KeyFormatError("proofValue must be base58btc ('z')")
    except (KeyFormatError, AttributeError, KeyError) as exc:
        return _check("proof_signature", Status.FAIL, "The signature value is malformed.",
                      {**details, "reason": str(exc)})
    hash_name = CURVE_HASHES.get(method.key.algorithm, "sha256")
    unsecured = unsecured_document(ctx.document, previous)
    try:
        data = hash_data(ctx.canonicalizer, unsecured, proof, suite, hash_name)
    except (DataLossError, UnknownContextError, CanonicalizationError, TypeError,
            ValueError) as exc:
        return signed_form_check(exc, details)
    valid = ecdsa_verify(method.key, data, signature) if method.key.algorithm != "Ed25519" \
        else ed25519_verify(method.key, data, signature)
    return _check(
        "proof_signature", Status.PASS if valid else Status.FAIL,
        "The signature is valid: the content is exactly what the issuer signed." if valid
        else "The signature does not match: the credential was changed or forged.",
        {**details, "hashData": data.hex()})


def _context_prefix(proof_context: Any, document: dict[str, Any]) -> bool:
    doc_ctx = document.get("@context")
    doc_list = doc_ctx if isinstance(doc_ctx, list) else [doc_ctx]
    proof_list = proof_context if isinstance(proof_context, list) else [proof_context]
    return doc_list[: len(proof_list)] == proof_list


def _sha256(data: bytes, hash_name: str = "sha256") -> bytes:
    return hashlib.new(hash_name, data).digest()


def _check(code: str, status: Status, message: str, details: dict[str, Any]) -> CheckResult:
    return CheckResult(code, status, message, details)
