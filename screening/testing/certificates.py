"""Test certificate authorities and signer certificates, for tests, benchmarks and the
sample-data script ONLY (the verifier never imports this module).

Keys are P-256 unless given: quick to make, and what JAdES seals and mdoc issuers use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from screening.verify.keys.chain import CertificateAuthority

EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
PrivateKey = ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class Issued:
    certificate: x509.Certificate
    key: PrivateKey

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def authority(self, name: str | None = None) -> CertificateAuthority:
        """This certificate as an entry of a trust list."""
        common = self.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        return CertificateAuthority(name or str(common[0].value), self.der)


def _name(common_name: str, organisation: str | None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    return x509.Name(parts)


def make_ca(common_name: str = "Test Root CA", *, organisation: str | None = None,
            not_before: datetime = EPOCH, years: int = 20, key: PrivateKey | None = None,
            signer: Issued | None = None, serial: int | None = None) -> Issued:
    """A CA certificate: self-signed, or an intermediate signed by `signer`. With a fixed
    `key` and `serial` the certificate is the same every time (deterministic ECDSA)."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    subject = _name(common_name, organisation)
    builder = (x509.CertificateBuilder()
               .subject_name(subject)
               .issuer_name(signer.certificate.subject if signer else subject)
               .public_key(key.public_key())
               .serial_number(serial or x509.random_serial_number())
               .not_valid_before(not_before)
               .not_valid_after(not_before + timedelta(days=365 * years))
               .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(
                   digital_signature=True, content_commitment=False, key_encipherment=False,
                   data_encipherment=False, key_agreement=False, key_cert_sign=True,
                   crl_sign=True, encipher_only=False, decipher_only=False), critical=True))
    return Issued(builder.sign(signer.key if signer else key, hashes.SHA256(),
                               ecdsa_deterministic=True), key)


def make_leaf(ca: Issued, common_name: str, *, organisation: str | None = None,
              not_before: datetime = EPOCH, not_after: datetime | None = None,
              key: PrivateKey | None = None, serial: int | None = None) -> Issued:
    """A signing (or sealing) certificate issued by `ca` (fixed `key` and `serial`: the
    same certificate every time)."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    builder = (x509.CertificateBuilder()
               .subject_name(_name(common_name, organisation))
               .issuer_name(ca.certificate.subject)
               .public_key(key.public_key())
               .serial_number(serial or x509.random_serial_number())
               .not_valid_before(not_before)
               .not_valid_after(not_after or not_before + timedelta(days=365 * 10))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(
                   digital_signature=True, content_commitment=True, key_encipherment=False,
                   data_encipherment=False, key_agreement=False, key_cert_sign=False,
                   crl_sign=False, encipher_only=False, decipher_only=False), critical=True))
    return Issued(builder.sign(ca.key, hashes.SHA256(), ecdsa_deterministic=True), key)
