"""The registry of check codes: the stable vocabulary of every verification report, and
the one place that decides what each code means.

For every code it says: how its status feeds the verdict (`role`), whether a failure
that only follows from a key or algorithm the verifier did not understand counts as
undecided (`key_dependent`), what a credential card's plain status line says when this
check is the reason (`failed_line`, `undecided_line`, and which reasons lead:
`line_rank`), and what the fit explanation says (`failed_reason`, and the warning factor
of `ScoringConfig` that an undecided check applies: `warning`, `warning_reason`). The
verdict rule (`report.py`), the cards (`present/cards.py`) and the scoring
(`matching/scoring.py`) read these; none of them names a code of its own
(`tests/verify/test_codes.py` checks that every code used anywhere is registered).

A code never changes meaning once released; tests and stored reports rely on it.
`docs/verification.md` lists every code here (a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CheckRole(StrEnum):
    """How a check's status feeds the verdict.

    An *integrity* check decides whether the credential is authentic and
    current; when it cannot be decided the credential is `unsupported`.
    An *advisory* check needs a human when it cannot be decided (`warning`).
    A failure of either kind fails the credential.
    """

    INTEGRITY = "integrity"
    ADVISORY = "advisory"


class PlainStatus(StrEnum):
    """The kind of a credential card's plain status line: verified first, then the
    failures, then what needs a person's judgement (the order views list them in)."""

    VERIFIED = "verified"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    IMPERSONATION = "impersonation"
    FAILED = "failed"
    ISSUER_UNKNOWN = "issuer_unknown"
    STATUS_UNKNOWN = "status_unknown"
    COULD_NOT_CHECK = "could_not_check"
    NEEDS_REVIEW = "needs_review"
    NOT_A_CREDENTIAL = "not_a_credential"  # listed, never counted (docs/intake.md)


@dataclass(frozen=True)
class CheckSpec:
    code: str
    role: CheckRole
    title: str
    meaning: str  # what the check establishes (for engineers and the docs)
    recruiter_sees: str  # the gist of the message shown when it does not pass
    # --- consequences (module docstring)
    key_dependent: bool = False  # a failure caused by an unknown key/algorithm is undecided
    failed_line: PlainStatus = PlainStatus.FAILED  # the card's line when this check failed
    undecided_line: PlainStatus = PlainStatus.NEEDS_REVIEW  # ... when undecided (warning)
    line_rank: int | None = None  # lower leads the card before other reasons; None: the
    # first failing (or undecided) check in check order
    failed_reason: str | None = None  # the fit explanation's words when it failed
    warning: str | None = None  # the ScoringConfig factor an undecided check applies
    warning_reason: str | None = None  # the fit explanation's words for that factor
    # words for this check when undecided, where its line's kind says too little: the
    # status line's title when it leads a warning ("Signer not on your list", not "Issuer
    # unknown"); what the fit explanation says of an unsupported credential it leads
    undecided_title: str | None = None


_SPECS = (
    CheckSpec(
        "document_parsed", CheckRole.INTEGRITY, "Readable document",
        "The input is well-formed (JSON object, token, or a badge baked into a PNG/SVG) "
        "within size and nesting limits; an upload that intake could not take in carries "
        "its `intake_code` (docs/intake.md). A link (pasted, CSV, or a baked badge's hosted "
        "assertion) that could not be reached is indeterminate (details.fetch: unreachable); "
        "it fails only on a definitive answer (404, not JSON).",
        "The file could not be read as a credential (empty, truncated, damaged, too large "
        "or not a credential format).",
        failed_reason="could not be read",
    ),
    CheckSpec(
        "format_supported", CheckRole.INTEGRITY, "Supported format",
        "The detected format (JSON-LD credential, presentation, VC-JWT, SD-JWT VC or "
        "presentation, baked image, JAdES-sealed European Digital Credential, ISO mdoc "
        "...) is one this version verifies; COSE, Blockcerts v1/v2, an IETF status list "
        "token on its own, AnonCreds (Hyperledger Indy) credentials and presentations, also "
        "inside a presentation, and what intake recognises (a PDF, an image without a "
        "badge, a plain JWS in JSON form, XML including the older XML/XAdES EDC, an Office "
        "document, unknown binary data; docs/intake.md) are named (indeterminate, "
        "details.not_understood).",
        "This kind of credential cannot be verified yet; it is listed but never counted.",
        failed_reason="is not in a format the product reads",
    ),
    CheckSpec(
        "credential_present", CheckRole.INTEGRITY, "Holds a credential",
        "Only present when an uploaded file plainly is not a credential (plain text, an "
        "empty file, JSON with no mark of a credential; docs/intake.md): indeterminate, "
        "details.not_understood says what it is, the report's kind is not_a_credential, "
        "and it is listed but never counted among the candidate's credentials.",
        "This file is not a credential; it is listed, but not counted among the "
        "candidate's credentials.",
    ),
    CheckSpec(
        "credential_structure", CheckRole.INTEGRITY, "Credential structure",
        "VC Data Model 1.1/2.0 shape: the base context comes first, type includes "
        "VerifiableCredential, issuer and credentialSubject are present, dates are "
        "well-formed, and VCDM 1.1 has issuanceDate.",
        "The credential is malformed: a required part is missing or wrong.",
        failed_reason="is not a well-formed credential",
    ),
    CheckSpec(
        "open_badge_structure", CheckRole.INTEGRITY, "Open Badge structure",
        "For OpenBadgeCredential/AchievementCredential: the Open Badges 3.0 context is "
        "present and credentialSubject carries an achievement with a name.",
        "The Open Badge is malformed (no achievement or no Open Badges context).",
        failed_reason="is not a well-formed Open Badge",
    ),
    CheckSpec(
        "context_entries", CheckRole.INTEGRITY, "Vocabulary list",
        "VC Data Model: after the base context (checked by credential_structure), every "
        "@context entry is a URL or an object, and the base context appears only first.",
        "The credential's vocabulary list is malformed.",
        failed_reason="lists malformed vocabularies",
    ),
    CheckSpec(
        "typed_properties", CheckRole.INTEGRITY, "Typed entries",
        "VC Data Model: every credentialStatus, termsOfUse, evidence, refreshService and "
        "credentialSchema entry is an object with a type. n/a when none is present.",
        "A status, schema, evidence, terms-of-use or refresh entry of the credential says "
        "nothing about what it is.",
        failed_reason="has entries without the type they need",
    ),
    CheckSpec(
        "credential_schema_id", CheckRole.INTEGRITY, "Schema entry id",
        "VC Data Model 2.0 §4.11 (1.1 §5.4): every credentialSchema entry has an id, the URL "
        "of its schema (a MUST). Only present when the credential declares a "
        "credentialSchema.",
        "A schema entry of the credential does not say which schema it is, so the "
        "credential is malformed.",
    ),
    CheckSpec(
        "status_id", CheckRole.INTEGRITY, "Status entry id",
        "VC Data Model: a credentialStatus entry's id, when present, is a URL.",
        "The credential's revocation entry is malformed.",
        failed_reason="has a malformed status entry",
    ),
    CheckSpec(
        "id_urls", CheckRole.INTEGRITY, "Identifiers are URLs",
        "VC Data Model: the id of the credential, its issuer, subjects, termsOfUse, "
        "evidence, refreshService, credentialSchema and relatedResource entries are URLs.",
        "An identifier in the credential is malformed (not a URL).",
        failed_reason="has identifiers that are not URLs",
    ),
    CheckSpec(
        "ob2_structure", CheckRole.INTEGRITY, "Open Badge 2.0 structure",
        "An Open Badges 2.0 Assertion: the OB 2.0 context, type Assertion, id, recipient "
        "identity, badge, verification and issuedOn.",
        "The Open Badge 2.0 is malformed.",
        failed_reason="is not a well-formed Open Badge 2.0 assertion",
    ),
    CheckSpec(
        "ob2_badge_class", CheckRole.INTEGRITY, "Badge and issuer found",
        "The assertion's BadgeClass and the BadgeClass's Issuer profile are embedded or "
        "could be retrieved; indeterminate when one could not be reached (details.fetch: "
        "unreachable), failed on a definitive answer (404, not JSON, not a BadgeClass).",
        "The badge's description or its issuer could not be found.",
        failed_reason="its badge or issuer could not be found",
    ),
    CheckSpec(
        "ob2_hosted", CheckRole.INTEGRITY, "Hosted by the issuer",
        "Hosted verification: the assertion id lies inside the issuer's verification scope "
        "(startsWith, allowedOrigins, else the issuer's host) and the issuer serves the same "
        "assertion there. 410 Gone means revoked (credential_status fails); 404 (the issuer "
        "no longer publishes it), an unreachable issuer and a redirect that leaves the id's "
        "origin (\"the issuer's server sent us elsewhere\"; the same for the BadgeClass and "
        "Issuer documents) are indeterminate.",
        "The issuer does not host this badge where it should.",
        failed_reason="does not match the copy its issuer hosts",
    ),
    CheckSpec(
        "contexts_known", CheckRole.INTEGRITY, "Known vocabularies",
        "Every JSON-LD @context URL is in the bundled, SHA-256-pinned set (never fetched). "
        "details.variants names the revision used where a URL has several.",
        "The credential uses a vocabulary we do not recognise, so it cannot be checked.",
        failed_reason="uses vocabularies the product does not know",
    ),
    CheckSpec(
        "context_revision", CheckRole.ADVISORY, "Vocabulary revision",
        "Only present when a signature failed under the current revision of a context that "
        "has been edited in place (Open Badges 3.0 context.json, context-3.0.3.json) and "
        "verified under an earlier bundled revision (details.revisions, e.g. the 2022 "
        "beta of the Open Badges context): the signature is genuine for that revision, so "
        "the credential is a warning, never verified. The earlier revisions are tried only "
        "after a signature failure; a credential that fails under every revision keeps "
        "the current revision's failure.",
        "The credential was signed against an earlier version of its vocabulary; its "
        "signature is valid for that version. Check that it says what you expect.",
    ),
    CheckSpec(
        "jsonld_expansion", CheckRole.INTEGRITY, "No undefined terms",
        "JSON-LD expansion keeps every property and type: no term without an IRI, no "
        "relative type or id (undefined terms would be silently left out of the signature).",
        "The credential contains fields that are not covered by its signature.",
        failed_reason="has fields its signature does not cover",
    ),
    CheckSpec(
        "proof_present", CheckRole.INTEGRITY, "Has a proof",
        "The document carries at least one proof (or is a signed envelope).",
        "The credential is not signed at all.",
        failed_reason="has no proof: it is unsigned",
    ),
    CheckSpec(
        "proof_suite_supported", CheckRole.ADVISORY, "Proof type supported",
        "One check per proof: its type/cryptosuite is one we verify (eddsa-rdfc-2022, "
        "eddsa-2022, eddsa-jcs-2022, Ed25519Signature2020, ecdsa-rdfc-2019, ecdsa-jcs-2019, "
        "ecdsa-sd-2023, bbs-2023, and the legacy detached-JWS suites Ed25519Signature2018, "
        "EcdsaSecp256k1Signature2019, JsonWebSignature2020).",
        "One of the credential's signatures uses a method we cannot check.",
    ),
    CheckSpec(
        "proof_options", CheckRole.INTEGRITY, "Proof options",
        "One check per proof: proofPurpose, created/expires dates, verificationMethod is "
        "a URL, and any proof @context is a prefix of the document's.",
        "The signature block is malformed or expired.",
        failed_reason="its proof is malformed",
    ),
    CheckSpec(
        "proof_chain", CheckRole.INTEGRITY, "Proof chain",
        "One check per proof that names previousProof: each referenced proof exists in "
        "the proof set.",
        "The credential's chain of signatures is broken.",
        failed_reason="its chain of proofs is broken",
    ),
    CheckSpec(
        "verification_method_resolved", CheckRole.INTEGRITY, "Signing key found",
        "One check per proof: the verificationMethod resolves (did:key, did:web, did:jwk, "
        "did:ion long form — resolved offline from the DID's own Sidetree initial state, "
        "whose suffix and delta hashes must match —, or an https key document) to a "
        "public key (Ed25519, P-256, P-384, secp256k1, BLS12-381 G2 — a valid subgroup "
        "point, not the identity). A "
        "DID method or key type this version does not support (short-form did:ion, which "
        "needs an ION node; did:ebsi, P-521/BLS12-381 G1/X25519 did:key ...) is indeterminate and "
        "named in "
        "details.not_understood, never a failure. A DID or key document (or JWT VC "
        "issuer metadata) that could not be reached is indeterminate (details.fetch: "
        "unreachable, details.fetch_code); only a definitive answer (404, not JSON, no "
        "such key) fails.",
        "The issuer's signing key could not be found (failed), or the issuer's key "
        "document could not be reached (check online; not a failure).",
        key_dependent=True,
        failed_reason="its signing key could not be found",
    ),
    CheckSpec(
        "verification_method_authorized", CheckRole.INTEGRITY, "Key allowed to sign",
        "One check per proof: the key is listed under the proof purpose's relationship "
        "(assertionMethod for credentials, authentication for presentations) in its "
        "controller's document, and the document's id matches.",
        "The key that signed is not allowed to issue credentials for its owner.",
        key_dependent=True,
        failed_reason="signed with a key its issuer does not allow",
    ),
    CheckSpec(
        "issuer_controls_key", CheckRole.ADVISORY, "Signed by the issuer",
        "One check per proof: the key's controller is the credential's issuer "
        "(the holder, for a presentation). Fails when the key is known to belong to "
        "someone else; indeterminate when nothing ties the key to anyone (a key carried "
        "only in a token's own header, i.e. self-asserted) or nobody is named (a "
        "presentation without holder).",
        "Someone other than the named issuer signed this credential, or the key is "
        "self-asserted.",
        key_dependent=True,
        failed_reason="signed by someone other than its issuer",
    ),
    CheckSpec(
        "proof_signature", CheckRole.INTEGRITY, "Signature valid",
        "One check per proof: the signature verifies over hash(canonical proof "
        "configuration) || hash(canonical document) — Ed25519 (eddsa suites), ECDSA raw "
        "r||s with SHA-256 (P-256) or SHA-384 (P-384, whose RDFC-1.0 also hashes with "
        "SHA-384); for an ecdsa-sd-2023 derived proof, the issuer's base signature over "
        "proofHash || proof-scoped key || mandatoryHash and one proof-scoped signature per "
        "disclosed non-mandatory statement (HMAC-relabelled canonical N-Quads); for a "
        "bbs-2023 derived proof, the CFRG BBS ProofVerify (BLS12-381-SHA-256) with header "
        "proofHash || mandatoryHash over the disclosed non-mandatory statements at their "
        "selective indexes (the optional holder-binding and pseudonym features are "
        "indeterminate, named in details.not_understood); for the "
        "legacy suites, a detached b64:false JWS over base64url(header) '.' SHA-256(proof "
        "options) || SHA-256(document). Fails when the key does not fit the suite.",
        "The credential was changed after it was signed, or the signature is forged.",
        key_dependent=True,
        failed_reason="signature does not match (changed after signing, or forged)",
    ),
    CheckSpec(
        "jose_header", CheckRole.INTEGRITY, "Token header",
        "VC-JWT header: a public-key algorithm pinned to the key type (EdDSA, ES256, "
        "ES384, ES512, ES256K, RS256; never none or HMAC), a credential media type, no "
        "critical extensions. Other public-key algorithms are indeterminate (unsupported).",
        "The token's header is not acceptable (unsigned, wrong media type or unknown "
        "algorithm).",
        failed_reason="its token header is malformed",
    ),
    CheckSpec(
        "jws_signature_encoding", CheckRole.INTEGRITY, "Signature encoding",
        "Only present when a JWS ECDSA signature (ES256/ES384/ES512/ES256K, in a VC-JWT or "
        "a legacy detached-JWS proof) is ASN.1 DER "
        "instead of the raw fixed-size r||s that RFC 7515/7518 §3.4 require: the token is "
        "invalid as a JWS, whatever the numbers inside.",
        "The token's signature is encoded in a way the standard forbids, so it is invalid.",
    ),
    CheckSpec(
        "sd_proof_form", CheckRole.INTEGRITY, "Disclosed (derived) proof",
        "Only present for an ecdsa-sd-2023 or bbs-2023 proof that is the issuer's *base* "
        "proof (header 0xd95d00; bbs-2023: 0xd95d02/04/06/08) instead of a holder's derived "
        "proof (0xd95d01; bbs-2023: 0xd95d03/05/07/09): it carries the issuer's HMAC key and "
        "must never be presented; vc-di-ecdsa and vc-di-bbs make verifying it an error "
        "(PROOF_VERIFICATION_ERROR).",
        "This copy carries the issuer's private base signature, which must not be shown to "
        "verifiers; ask the candidate for a shared (derived) copy.",
    ),
    CheckSpec(
        "sd_disclosures", CheckRole.INTEGRITY, "Disclosed details match",
        "SD-JWT: every disclosure is base64url JSON [salt, name, value] or [salt, value]; "
        "its digest (base64url of the _sd_alg hash — sha-256, sha-384 or sha-512 — of the "
        "disclosure as sent) appears exactly once in the issuer-signed JWT (_sd arrays, "
        "{'...': digest} array elements, recursively); no disclosure is repeated or "
        "unreferenced, and no disclosed name collides. An _sd_alg this version does not "
        "know is indeterminate (details.not_understood).",
        "The details shown were not all signed by the issuer (added, changed or repeated).",
    ),
    CheckSpec(
        "sd_key_binding", CheckRole.INTEGRITY, "Presented by the holder",
        "SD-JWT: an appended key binding JWT (typ kb+jwt) is signed by the key in the "
        "credential's cnf.jwk, has iat, and its sd_hash covers exactly the issuer JWT and "
        "the disclosures presented. n/a when the holder added none (this product does not "
        "ask for one; its nonce and aud are shown in the details, not checked).",
        "The holder's proof of possession does not match this credential.",
    ),
    CheckSpec(
        "jwt_claims", CheckRole.INTEGRITY, "Token claims",
        "VC-JWT claims agree with the credential. VCDM 1.1 (a vc claim, §6.3.1): iss, jti, "
        "sub, nbf and exp set issuer (or issuer.id), id, credentialSubject.id, "
        "issuanceDate and expirationDate where the vc claim omits them (iat stands for a "
        "missing issuance date), and must equal them where it states them (dates to the "
        "second). VC-JOSE-COSE (vc+jwt): the payload is the credential, nothing is filled "
        "in, iss equals the issuer and no vc/vp claim is carried. exp/nbf are numeric. For "
        "an IETF SD-JWT VC: iss and vct are present and iat/nbf/exp are numeric.",
        "The token's claims contradict the credential inside it.",
        failed_reason="its token claims contradict the credential",
    ),
    CheckSpec(
        "proof_verified", CheckRole.INTEGRITY, "Authenticity",
        "Summary: at least one supported proof verified end to end and none failed.",
        "The credential's authenticity could not be established.",
    ),
    CheckSpec(
        "validity_period", CheckRole.INTEGRITY, "Within validity dates",
        "validFrom/validUntil (VCDM 2.0) or issuanceDate/expirationDate (VCDM 1.1) "
        "contain the verification time, within the configured clock skew.",
        "The credential has expired, or is not valid yet.",
        failed_line=PlainStatus.EXPIRED,
        line_rank=1,
        failed_reason="expired or not yet valid",
    ),
    CheckSpec(
        "credential_status", CheckRole.ADVISORY, "Not revoked",
        "Each credentialStatus entry (BitstringStatusList, StatusList2021, "
        "1EdTechRevocationList; OB 2.0 revocation lists and hosted 410/revoked; an SD-JWT "
        "VC's IETF Token Status List, signed by the credential's key or issuer) was checked "
        "and the credential is not revoked or suspended; a status that cannot be checked is "
        "indeterminate, never 'not revoked'.",
        "Revocation could not be checked, or the issuer revoked the credential.",
        failed_line=PlainStatus.REVOKED,
        undecided_line=PlainStatus.STATUS_UNKNOWN,
        line_rank=0,
        failed_reason="revoked or suspended by its issuer",
        warning="status_unchecked",
        warning_reason="revocation could not be checked",
    ),
    CheckSpec(
        "related_resource", CheckRole.ADVISORY, "Related resources unchanged",
        "VC Data Model 2.0 relatedResource: one or more objects, each with a unique URL id "
        "and a digestSRI (sha256/384/512) or digestMultibase (multihash) digest; each "
        "resource is fetched through the seed cache or the guarded client and its digest "
        "verified. Indeterminate when a resource is unavailable or its digest algorithm "
        "unknown; fails on a malformed list or a changed resource.",
        "A resource the credential depends on has changed, or could not be checked.",
        failed_reason="a resource it links to changed after issue",
    ),
    CheckSpec(
        "credential_schema", CheckRole.ADVISORY, "Matches its schema",
        "A credentialSchema of type JsonSchema (or 1EdTechJsonSchemaValidator2019) is "
        "fetched through the seed cache or the guarded client and the credential (without "
        "its proof) is validated with the jsonschema package (draft 2020-12 unless the "
        "schema names another draft; $refs through the same fetcher). Indeterminate when "
        "the schema is unavailable or unusable, or of a type not understood.",
        "The credential does not match the schema its issuer declared, or the schema "
        "could not be checked.",
        failed_reason="does not match its declared schema",
    ),
    CheckSpec(
        "recipient_bound", CheckRole.ADVISORY, "Issued to this candidate",
        "The credential's subject id, OB 3.0 identifier (IdentityObject) or OB 2.0 "
        "recipient — plain or salted SHA-256 — matches one of the candidate's emails or "
        "DIDs. n/a when no candidate identity was given; indeterminate when the credential "
        "names no recipient or names it only in another kind of identifier (an email "
        "against a DID: cannot compare); fails when an identifier of the same kind differs.",
        "The credential does not say who it was issued to, or it was issued to someone else.",
        failed_reason="issued to someone else",
        warning="no_recipient",
        warning_reason="does not say whom it was issued to",
    ),
    CheckSpec(
        "not_a_test_key", CheckRole.ADVISORY, "Real signing key",
        "The signing key is not one whose private key is published in a specification or "
        "test suite (W3C vc-di-eddsa and vc-di-ecdsa, VC-JOSE-COSE, RFC 8037, 1EdTech "
        "guide, did:key vectors); such a signature proves nothing and is flagged.",
        "The credential is signed with a publicly known test key.",
        failed_reason="signed with a published test key",
        warning="test_key",
        warning_reason="signed with a published test key",
    ),
    CheckSpec(
        "issuer_trusted", CheckRole.ADVISORY, "Known issuer",
        "The issuer id is on the configured known-issuer list.",
        "The issuer is not on your list of known issuers; check who they are.",
        undecided_line=PlainStatus.ISSUER_UNKNOWN,
        line_rank=3,
        warning="unknown_issuer",
        warning_reason="issuer not on your known-issuer list",
    ),
    CheckSpec(
        "issuer_impersonation", CheckRole.INTEGRITY, "Not posing as a known issuer",
        "The issuer's name, compared case- and space-insensitively, is not the organisation "
        "of a known issuer unless the issuer id is one of that organisation's ids. n/a when "
        "the name is not a known organisation's.",
        "The credential claims to be from one of your known issuers, but is not signed with "
        "the identity you trust for it.",
        failed_line=PlainStatus.IMPERSONATION,
        line_rank=2,
        failed_reason="poses as a known issuer it is not (impersonation)",
    ),
    CheckSpec(
        "certificate_valid_at_signing", CheckRole.INTEGRITY, "Certificate valid when signed",
        "For documents signed with an X.509 certificate (PDF signatures, JAdES seals, mdoc "
        "issuers): the signer's certificate was within its validity period at the signing "
        "time the document states (at the run's clock when it states none); fails outside "
        "it; indeterminate when the certificate cannot be read (verify/keys/chain.py).",
        "The document was signed with a certificate that was not valid at the time.",
        failed_reason="signed with a certificate that was not valid at the time",
    ),
    CheckSpec(
        "certificate_chain_trusted", CheckRole.ADVISORY, "Signer certified by a known CA",
        "The signer's certificate chains, each certificate signed by the next, to a "
        "certificate authority on the configured list (`[[certificate_authority]]` beside "
        "the known issuers). Indeterminate when the chain ends elsewhere (the signature may "
        "be intact; the signer is not one you recognise); fails only when a certificate "
        "names a listed authority as its issuer and that authority did not sign it.",
        "The document's signer is not certified by an authority on your list; check who "
        "they are.",
        failed_line=PlainStatus.IMPERSONATION,
        undecided_line=PlainStatus.ISSUER_UNKNOWN,
        line_rank=3,
        failed_reason="claims a certificate from a known authority that did not issue it",
        warning="unknown_issuer",
        warning_reason="signer not certified by an authority on your list",
        undecided_title="Signer not on your list",
    ),
    CheckSpec(
        "pdf_signed", CheckRole.INTEGRITY, "PDF digitally signed",
        "A PDF (issue 24, verify/pdfsig.py) carries at least one digital signature (an "
        "AcroForm signature field with a CMS signature). Indeterminate — never failed — for a "
        "PDF without one: its attached credentials and links are rows of their own "
        "(details.attachments, details.links), or a PDF whose structure could not be read.",
        "A PDF without a digital signature or an attached credential cannot be verified.",
        undecided_line=PlainStatus.COULD_NOT_CHECK,
        undecided_title="Not digitally signed",
    ),
    CheckSpec(
        "pdf_signature_intact", CheckRole.INTEGRITY, "PDF signature intact",
        "One signature of a PDF (details.proof, details.signature): the signed byte ranges "
        "(details.signed_byte_ranges) hash to the digest the CMS signature signs, and the "
        "signature verifies with the signer's certificate it carries. Fails when a signed "
        "byte changed (details.changed_byte_ranges) or the signature was not made by that "
        "certificate (replaced); indeterminate for an algorithm this version cannot check.",
        "The PDF was changed after it was signed, or its signature is not the signer's.",
        failed_reason="is a PDF altered after it was signed",
    ),
    CheckSpec(
        "pdf_changes_after_signing", CheckRole.INTEGRITY, "Only permitted changes after "
        "signing",
        "What follows a signature's revision in the file is only what PDF permits after a "
        "signature (later signatures, form filling, validation data and document "
        "timestamps, within the signature's DocMDP permission), per pyhanko's difference "
        "analysis; fails for any other incremental update (a page rewritten) or a signature "
        "whose byte ranges do not cover its revision, naming the byte ranges "
        "(details.changed_byte_ranges).",
        "The PDF was edited after it was signed.",
        failed_reason="is a PDF edited after it was signed",
    ),
    CheckSpec(
        "platform_publishes_data", CheckRole.INTEGRITY, "Platform publishes verifiable data",
        "A link to a badge platform's public credential page (ingest/platforms.py) whose "
        "platform publishes only a web page (Accredible, Parchment awards, Coursera, "
        "Microsoft Learn, Europass, Open Badge Passport): the page is never fetched or read "
        "as proof; always indeterminate (unsupported), never failed; details.platform, "
        "details.link. Platforms that publish an Open Badges hosted assertion (Credly, "
        "Canvas Credentials/Badgr, Open Badge Factory) are fetched there instead and checked "
        "as hosted badges.",
        "This platform publishes no verifiable data; open the page to check it.",
        undecided_line=PlainStatus.COULD_NOT_CHECK,
    ),
    CheckSpec(
        "self_reported", CheckRole.INTEGRITY, "Backed by a credential",
        "A certification read from a pasted profile section (ingest/profile.py: title, "
        "issuer, issued, expires, credential id; details carry them) with no link to the "
        "credential: always indeterminate (unsupported), so it counts zero toward fit unless "
        "the scoring setting `self_reported` (0–0.3, default 0) lets it count a little, "
        "labelled self-reported; never failed. An entry with a link is checked through the "
        "link instead.",
        "Self-reported: listed without a link to the credential, so it cannot be checked.",
        undecided_line=PlainStatus.COULD_NOT_CHECK,
        undecided_title="Self-reported",
    ),
    CheckSpec(
        "pdf_timestamp", CheckRole.ADVISORY, "Signing time stamped",
        "An RFC 3161 timestamp token in the signature (unsigned attribute "
        "signatureTimeStampToken): its message imprint is the hash of this signature's value "
        "and the authority's signature over it verifies; its time is then the signing time "
        "the certificate checks use. Indeterminate when the time-stamping authority is not "
        "on the list of certificate authorities (the time is then only claimed); n/a when "
        "there is no token (the signer's claimed time is used).",
        "The signing time could not be confirmed by a trusted timestamp.",
        failed_reason="carries a timestamp taken from another document",
    ),
    CheckSpec(
        "verifier_error", CheckRole.INTEGRITY, "Checked without error",
        "Only present when the verifier itself hit an unexpected error: indeterminate (the "
        "credential is unsupported — never passed, and never called forged for a fault of "
        "ours) and the error is logged.",
        "This credential could not be checked because of an internal error.",
        failed_reason="could not be checked (internal error)",
    ),
    CheckSpec(
        "verification_budget_exceeded", CheckRole.INTEGRITY, "Checked within budget",
        "Only present when checking the document exceeded its budget (5 s and 1,000,000 "
        "work steps for everything, the worker's CPU-time or memory limit) or a cap "
        "(signatures, values per property, status entries); details.budget_code says "
        "which (docs/security.md). The check is then indeterminate: the credential is "
        "unsupported — never passed, and not called forged, since a limit proves nothing "
        "about it — and it counts against its upload's budget. (A document its upload's "
        "budget left unchecked is `upload_budget_exceeded`.)",
        "Checking this credential took far more time or memory than any real credential "
        "needs, so it was stopped before it could be checked; it is not counted.",
    ),
    CheckSpec(
        "upload_budget_exceeded", CheckRole.INTEGRITY, "Checked within the upload's budget",
        "Only present when the document was not checked because its upload ran out of its "
        "one budget (issue 28: verification time and work of all its documents, inflated "
        "bytes, network time and requests, stored bytes; docs/security.md); "
        "details.figure says which. Indeterminate: the credential is unsupported, never "
        "failed.",
        "Not checked: this upload exceeded its budget, so the rest of it was not checked.",
        undecided_line=PlainStatus.COULD_NOT_CHECK, line_rank=0,
    ),
    CheckSpec(
        "jades_header", CheckRole.INTEGRITY, "Seal header",
        "JAdES seal (ETSI TS 119 182-1; European Digital Credentials): the protected header "
        "has a public-key alg pinned to its key type (as jose_header), the sealing "
        "certificate in x5c, a readable signing time sigT, an x5t#S256 signing-certificate "
        "reference (when present) naming the x5c leaf, and only critical parameters this "
        "version understands; a sigD mechanism other than ObjectIdByURIHash, unknown crit "
        "entries and other algorithms are indeterminate (details.not_understood). One check "
        "per signature.",
        "The seal's header is not acceptable (unsigned, no certificate, or malformed).",
        failed_reason="its seal header is malformed",
    ),
    CheckSpec(
        "jades_detached_content", CheckRole.INTEGRITY, "Sealed documents unchanged",
        "Only for a detached JAdES seal (sigD, ObjectIdByURIHash): each signed object's "
        "digest (hashM S256/S384/S512) equals the signed hashV, and the JWS payload is "
        "empty; indeterminate when the signed document was not supplied with the seal "
        "(an uploaded seal on its own).",
        "A document the seal covers was changed, or was not supplied with the seal.",
        failed_reason="a document its seal covers was changed after sealing",
    ),
    CheckSpec(
        "mdoc_structure", CheckRole.INTEGRITY, "mdoc security object",
        "ISO/IEC 18013-5: issuerAuth's payload is a tag-24 Mobile Security Object with "
        "valueDigests, a digestAlgorithm (SHA-256/384/512; another is indeterminate) and the "
        "document's docType.",
        "The mdoc's security object is malformed or for another kind of document.",
        failed_reason="its mdoc security object is malformed",
    ),
    CheckSpec(
        "mdoc_digests", CheckRole.INTEGRITY, "Disclosed details signed",
        "ISO/IEC 18013-5 §9.1.2.5: the digest of every disclosed IssuerSignedItemBytes "
        "(the tag-24 item) equals the one under its name space and digestID in the signed "
        "MSO's valueDigests.",
        "Some details shown were not signed by the issuer (added or changed).",
        failed_reason="shows details its issuer did not sign",
    ),
    CheckSpec(
        "device_authentication", CheckRole.ADVISORY, "Device authentication",
        "ISO/IEC 18013-5 mdoc authentication (the holder's device signing the session "
        "transcript) happens in a live presentation to a reader; an uploaded file cannot "
        "carry it, so this check is always n/a for uploads (said plainly in the report).",
        "The holder's phone did not prove possession (an uploaded file cannot).",
    ),
    CheckSpec(
        "presentation_structure", CheckRole.INTEGRITY, "Presentation structure",
        "A VerifiablePresentation: base context first, type includes "
        "VerifiablePresentation, verifiableCredential entries are credentials.",
        "The presentation is malformed.",
        failed_reason="is not a well-formed presentation",
    ),
    CheckSpec(
        "enclosed_credentials", CheckRole.ADVISORY, "Credentials inside",
        "A presentation's summary of its credentials (each keeps its own report in "
        "VerificationReport.credentials): fails when one failed, indeterminate when one "
        "is a warning or unsupported, passes when all are verified.",
        "A credential inside the presentation failed or needs attention; see each one.",
    ),
)

SPECS: dict[str, CheckSpec] = {spec.code: spec for spec in _SPECS}


def role_of(code: str) -> CheckRole:
    """The role of a code; unknown codes are treated as integrity checks (fail safe)."""
    spec = SPECS.get(code)
    return spec.role if spec else CheckRole.INTEGRITY


def title_of(code: str) -> str:
    spec = SPECS.get(code)
    return spec.title if spec else code


def spec_of(code: str) -> CheckSpec:
    """The registry entry of `code`; an unknown code gets the most cautious consequences
    (an integrity check whose failure reads as a plain failure)."""
    return SPECS.get(code) or CheckSpec(code, CheckRole.INTEGRITY, code, "", "")


KEY_DEPENDENT = frozenset(spec.code for spec in _SPECS if spec.key_dependent)
# the checks whose failure (or, for a warning, whose undecided status) leads a card, in order
LEADING_LINES = tuple(sorted((spec for spec in _SPECS if spec.line_rank is not None),
                             key=lambda spec: spec.line_rank or 0))


def markdown_table() -> str:
    """The code table for docs/verification.md (a test keeps the document in step)."""
    lines = ["| code | role | check | what it establishes | what the recruiter sees when it "
             "does not pass |", "|---|---|---|---|---|"]
    for spec in _SPECS:
        lines.append(f"| `{spec.code}` | {spec.role} | {spec.title} | {spec.meaning} | "
                     f"{spec.recruiter_sees} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
