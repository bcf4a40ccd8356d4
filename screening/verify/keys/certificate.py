"""The public key of an X.509 leaf certificate (a JOSE header's `x5c`), for VC-JWTs and
SD-JWT VCs alike. The chain is not checked against a trust list here: the callers say
whom the certificate names."""

from __future__ import annotations

import base64
from typing import Any

from screening.verify.keys.decode import key_from_jwk
from screening.verify.keys.publickey import (
    KeyFormatError,
    PublicKey,
    UnsupportedKeyType,
    b64url_encode,
)

CURVES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521",
          "secp256k1": "secp256k1"}


def certificate_key(chain: Any) -> tuple[PublicKey, dict[str, Any]]:
    """The leaf certificate's key, and what the certificate says of its subject (subject,
    subject alternative names, chain length). A certificate that cannot be read is
    KeyFormatError; a key type or curve this version cannot check, UnsupportedKeyType."""
    # imported here on purpose: only tokens that carry certificates need X.509
    from cryptography import x509

    if not isinstance(chain, list) or not chain or not isinstance(chain[0], str):
        raise KeyFormatError("x5c must be a list of base64 certificates")
    try:
        certificate = x509.load_der_x509_certificate(base64.b64decode(chain[0], validate=True))
    except (ValueError, TypeError) as exc:
        raise KeyFormatError(f"the x5c leaf is not a certificate: {exc}") from exc
    try:
        names = [str(n.value) for n in certificate.extensions.get_extension_for_class(
            x509.SubjectAlternativeName).value]
    except x509.ExtensionNotFound:
        names = []
    return key_from_jwk(_jwk(certificate.public_key())), {
        "subject": certificate.subject.rfc4514_string(), "subject_alt_names": names[:10],
        "chain_length": len(chain)}


def _jwk(public: Any) -> dict[str, str]:
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    if isinstance(public, ed25519.Ed25519PublicKey):
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(public.public_bytes_raw())}
    if isinstance(public, ec.EllipticCurvePublicKey):
        curve = CURVES.get(public.curve.name)
        if curve is None:
            raise UnsupportedKeyType(f"certificate curve {public.curve.name}")
        size = (public.curve.key_size + 7) // 8
        point = public.public_numbers()
        return {"kty": "EC", "crv": curve, "x": b64url_encode(point.x.to_bytes(size, "big")),
                "y": b64url_encode(point.y.to_bytes(size, "big"))}
    if isinstance(public, rsa.RSAPublicKey):  # RS256 (at least 2,048 bits: key_from_jwk)
        numbers = public.public_numbers()
        return {"kty": "RSA", "n": _unsigned(numbers.n), "e": _unsigned(numbers.e)}
    raise UnsupportedKeyType(f"an x5c leaf key of type {type(public).__name__}")


def _unsigned(value: int) -> str:
    return b64url_encode(value.to_bytes((value.bit_length() + 7) // 8, "big"))
