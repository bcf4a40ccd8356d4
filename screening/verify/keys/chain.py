"""X.509 certificate chains of sealed and signed documents (PDF signatures, JAdES seals,
mdoc issuer certificates) held against the certificate authorities the admin lists beside
the known issuers (`[[certificate_authority]]` in the trust file).

Two checks, always in this order:

- `certificate_valid_at_signing`: the signer's (leaf) certificate was within its validity
  period when the document says it was signed (at the run's clock when it says nothing).
  Outside it is proven wrong: failed.
- `certificate_chain_trusted`: the leaf chains, each certificate signed by the next, to an
  authority on the list: passed. Otherwise the signature may be perfectly intact but the
  signer is not someone the organisation recognises: indeterminate (a warning, like an
  unknown issuer). It fails only when a certificate names a listed authority as its issuer
  and that authority's key did not sign it — someone posing as a trusted authority.

Chains are built by subject/issuer name and checked signature by signature (a document-
signing chain is not a TLS chain, so a web-PKI policy verifier would refuse good ones).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from screening.verify.report import CheckResult, Status

if TYPE_CHECKING:  # the trust list imports this module's CertificateAuthority
    from cryptography import x509

    from screening.verify.trust import TrustList

MAX_CHAIN = 8  # certificates followed from the leaf; real document chains have 2-4


@dataclass(frozen=True)
class CertificateAuthority:
    """A certificate authority the organisation recognises, as the admin named it. Held as
    DER bytes so a trust list pickles (worker processes, Streamlit's caches); the parsed
    certificate is read on use and remembered."""

    name: str
    der: bytes
    note: str = ""

    @classmethod
    def from_pem(cls, name: str, pem: bytes, note: str = "") -> CertificateAuthority:
        from cryptography import x509
        from cryptography.hazmat.primitives.serialization import Encoding

        certificate = x509.load_pem_x509_certificate(pem)
        return cls(name, certificate.public_bytes(Encoding.DER), note)

    @property
    def certificate(self) -> x509.Certificate:
        parsed = _parsed(self.der)
        if parsed is None:
            raise ValueError(f"certificate authority {self.name!r}: not a DER certificate")
        return parsed

    @property
    def fingerprint(self) -> str:
        from cryptography.hazmat.primitives import hashes

        return self.certificate.fingerprint(hashes.SHA256()).hex()


@lru_cache(maxsize=256)
def _parsed(der: bytes) -> x509.Certificate | None:
    return _load(der)


def certificate_names(leaf_der: bytes) -> dict[str, Any]:
    """What a certificate says of its subject and issuer, for cards and details.
    Unreadable bytes give an empty mapping."""
    certificate = _load(leaf_der)
    return _names(certificate) if certificate is not None else {}


def chain_checks(trust: TrustList, chain: Sequence[bytes], *, signed_at: datetime | None,
                 now: datetime) -> list[CheckResult]:
    """The two certificate checks for a document signed with `chain` (DER, leaf first)."""
    certificates = [c for c in (_load(der) for der in chain[:MAX_CHAIN]) if c is not None]
    if not certificates or len(certificates) != len(chain[:MAX_CHAIN]):
        details = {"certificates": len(chain), "readable": len(certificates)}
        return [
            CheckResult("certificate_valid_at_signing", Status.INDETERMINATE,
                        "The signer's certificate could not be read.", details),
            CheckResult("certificate_chain_trusted", Status.INDETERMINATE,
                        "The signer's certificate could not be read, so who signed cannot "
                        "be checked.", details),
        ]
    return [_validity_check(certificates[0], signed_at, now),
            _trust_check(trust, certificates)]


def _validity_check(leaf: x509.Certificate, signed_at: datetime | None,
                    now: datetime) -> CheckResult:
    at = signed_at or now
    names = _names(leaf)
    details = {**names, "checked_at": at.isoformat(),
               "at": "signing time" if signed_at else "now (the document states no signing "
                                                     "time)"}
    if leaf.not_valid_before_utc <= _utc(at) <= leaf.not_valid_after_utc:
        return CheckResult("certificate_valid_at_signing", Status.PASS,
                           "The signer's certificate was valid when it signed.", details)
    return CheckResult("certificate_valid_at_signing", Status.FAIL,
                       "The signer's certificate was not valid when the document was signed "
                       f"(valid {names['not_before'][:10]} to {names['not_after'][:10]}).",
                       details)


def _trust_check(trust: TrustList, certificates: list[x509.Certificate]) -> CheckResult:
    leaf = certificates[0]
    signer = _names(leaf)
    details: dict[str, Any] = {"signer": signer["subject"], "chain_length": len(certificates)}
    current = leaf
    for depth in range(MAX_CHAIN):
        anchor, impostor = _against_list(trust, current)
        if anchor is not None:
            details.update(authority=anchor.name, depth=depth)
            return CheckResult("certificate_chain_trusted", Status.PASS,
                               f"Signed by {_display(signer)}, certified by {anchor.name}, "
                               "on your list of certificate authorities.", details)
        if impostor is not None:
            details.update(claimed_authority=impostor.name, certificate=_names(current))
            return CheckResult("certificate_chain_trusted", Status.FAIL,
                               f"A certificate claims to come from {impostor.name}, on your "
                               "list of certificate authorities, but was not signed by it.",
                               details)
        parent = _issuer_in_chain(current, certificates)
        if parent is None:
            break
        current = parent
    details["top"] = _names(current)["issuer"]
    return CheckResult("certificate_chain_trusted", Status.INDETERMINATE,
                       f"Signed by {_display(signer)}; the signature's certificate is not "
                       "from an authority on your list of certificate authorities.", details)


def _against_list(trust: TrustList, certificate: x509.Certificate
                  ) -> tuple[CertificateAuthority | None, CertificateAuthority | None]:
    """(the listed authority that is this certificate or signed it, else None; a listed
    authority it names as issuer without that authority's signature, else None) — each
    signature checked once."""
    impostor = None
    for authority in trust.authorities:
        if certificate == authority.certificate:
            return authority, None
        if certificate.issuer == authority.certificate.subject:
            if _signed_by(certificate, authority.certificate):
                return authority, None
            impostor = impostor or authority
    return None, impostor


def _issuer_in_chain(certificate: x509.Certificate,
                     chain: list[x509.Certificate]) -> x509.Certificate | None:
    if certificate.issuer == certificate.subject:
        return None  # self-signed: the chain ends here
    for candidate in chain:
        if candidate is not certificate and candidate.subject == certificate.issuer \
                and _signed_by(certificate, candidate):
            return candidate
    return None


def _signed_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm

    try:
        certificate.verify_directly_issued_by(issuer)
    except (InvalidSignature, UnsupportedAlgorithm, ValueError, TypeError):
        return False
    return True


def _load(der: bytes) -> x509.Certificate | None:
    from cryptography import x509

    try:
        return x509.load_der_x509_certificate(bytes(der))
    except (ValueError, TypeError):
        return None


def _names(certificate: x509.Certificate) -> dict[str, Any]:
    from cryptography.x509.oid import NameOID

    def attribute(name: x509.Name, oid: Any) -> str:
        values = name.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    return {
        "subject": certificate.subject.rfc4514_string(),
        "common_name": attribute(certificate.subject, NameOID.COMMON_NAME),
        "organisation": attribute(certificate.subject, NameOID.ORGANIZATION_NAME),
        "issuer": certificate.issuer.rfc4514_string(),
        "serial": format(certificate.serial_number, "x"),
        "not_before": certificate.not_valid_before_utc.isoformat(),
        "not_after": certificate.not_valid_after_utc.isoformat(),
    }


def _display(names: dict[str, Any]) -> str:
    return str(names.get("organisation") or names.get("common_name") or names["subject"])


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
