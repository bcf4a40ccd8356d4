"""Key decoding and DID resolution: did:key vectors, did:web URL rules, did:jwk."""

from __future__ import annotations

import json

import pytest
from conformance_data import CONFORMANCE
from nacl.signing import SigningKey

from screening.fetch.seeds import SeedFetcher, no_network
from screening.verify.keys.decode import key_from_jwk, key_from_method
from screening.verify.keys.did import ResolutionError, did_web_to_url, resolve_verification_method
from screening.verify.keys.publickey import (
    KeyFormatError,
    b64url_decode,
    decode_ed25519_multikey,
    encode_ed25519_multikey,
    multibase_decode,
)

DID_KEY_VECTORS = json.loads(
    (CONFORMANCE / "w3c-did-method-key/test-vectors/ed25519-x25519.json").read_text())


def _ed25519_vectors():
    for did, vector in DID_KEY_VECTORS.items():
        for method in vector["didDocument"]["verificationMethod"]:
            if method["type"].startswith("Ed25519"):
                yield did, {**method, "seed": vector["seed"]}


ED25519_VECTORS = list(_ed25519_vectors())


def test_vectors_were_found():
    assert len(ED25519_VECTORS) >= 3


@pytest.mark.conformance
@pytest.mark.parametrize(("did", "method"), ED25519_VECTORS, ids=[d for d, _ in ED25519_VECTORS])
def test_did_key_vectors_resolve(did, method):
    resolved = resolve_verification_method(method["id"], no_network)
    assert resolved.controller == did
    assert resolved.key == key_from_method(method)  # publicKeyBase58 in the vector
    seed_key = SigningKey(bytes.fromhex(method["seed"])).verify_key
    assert resolved.key.raw == bytes(seed_key)
    assert "assertionMethod" in resolved.relationships
    assert "keyAgreement" not in resolved.relationships


def test_multikey_round_trip():
    raw = bytes(range(32))
    assert decode_ed25519_multikey(encode_ed25519_multikey(raw)) == raw


@pytest.mark.parametrize("bad", [
    "", "z", "x123", "zDnaeTiq1PdzvZXUaMdezchcMJQpBdH2VN4pgrrEhMCCbmwSb", "z6MkTooShort"])
def test_bad_multikeys_are_rejected(bad):
    with pytest.raises(KeyFormatError):
        decode_ed25519_multikey(bad)


def test_base64url_is_strict():
    assert b64url_decode("aGk") == b"hi"
    for bad in ("a", "aGk=", "a+b/", "a b"):
        with pytest.raises(KeyFormatError):
            b64url_decode(bad)
    assert multibase_decode("uaGk") == b"hi"


def test_rfc8037_public_jwk():
    jwk = json.loads((CONFORMANCE / "rfc8037-appendix-a/a2-ed25519-public-jwk.json").read_text())
    key = key_from_jwk(jwk)
    assert key.raw.hex() == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"


def test_private_jwk_is_refused():
    with pytest.raises(KeyFormatError):
        key_from_jwk({"kty": "OKP", "crv": "Ed25519", "x": "AAAA", "d": "BBBB"})


@pytest.mark.parametrize(("did", "url"), [
    ("did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json"),
    ("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json"),
    ("did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json"),
    ("did:web:Example.COM", "https://example.com/.well-known/did.json"),
])
def test_did_web_urls(did, url):
    assert did_web_to_url(did) == url


@pytest.mark.parametrize("did", [
    "did:web:127.0.0.1", "did:web:localhost", "did:web:example.com:..:secret",
    "did:web:example.com%3A99999", "did:web:example.com::x", "did:web:exa mple.com",
    "did:web:example.com%2Fevil",
])
def test_did_web_rejects_unsafe_identifiers(did):
    with pytest.raises(ResolutionError):
        did_web_to_url(did)


def test_did_web_embedded_method_in_assertion_method():
    """The DCC 'legacy' DID document embeds its key inside assertionMethod."""
    did = "did:web:digitalcredentials.github.io:vc-test-fixtures:dids:legacy"
    document = (CONFORMANCE / "dcc-vc-test-fixtures/dids/legacy/did.json").read_bytes()
    fetcher = SeedFetcher({did_web_to_url(did): document})
    vm = json.loads(document)["assertionMethod"][0]["id"]
    resolved = resolve_verification_method(vm, fetcher)
    assert "assertionMethod" in resolved.relationships and resolved.method == "did:web"


def test_did_jwk_rejects_encryption_keys_for_assertions():
    from screening.verify.keys.publickey import b64url_encode
    jwk = {"kty": "OKP", "crv": "Ed25519", "use": "enc",
           "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
    did = "did:jwk:" + b64url_encode(json.dumps(jwk).encode())
    assert resolve_verification_method(did + "#0", no_network).relationships == {"keyAgreement"}


@pytest.mark.parametrize("vm", [None, 42, "", "z6Mk", "ftp://x/y#k", "did:example:123#k",
                                "did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv#x",
                                "https://x.example/keys#k"])
def test_unresolvable_methods_raise_resolution_error(vm):
    with pytest.raises(ResolutionError):
        resolve_verification_method(vm, no_network)


# --- EC keys (issue 13) -------------------------------------------------------------------


@pytest.mark.parametrize(("curve", "prefix"), [("P-256", "zDna"), ("P-384", "z82L"),
                                               ("secp256k1", "zQ3s")])
def test_ec_did_key_round_trip_and_did_jwk(curve, prefix):
    from screening.testing.issuers import EcIssuer
    from screening.verify.keys.decode import decode_multikey

    issuer = EcIssuer.from_seed(f"ec-{curve}", curve)
    assert issuer.did_key.startswith(f"did:key:{prefix}")
    assert decode_multikey(issuer.public_multibase) == issuer.public_key()
    resolved = resolve_verification_method(issuer.did_key_method, no_network)
    assert resolved.key == issuer.public_key() and resolved.method == "did:key"
    jwk = resolve_verification_method(issuer.did_jwk + "#0", no_network)
    assert jwk.key == issuer.public_key()


def test_ec_points_off_the_curve_are_refused():
    import base58

    from screening.verify.keys.decode import key_from_jwk

    bad_point = "z" + base58.b58encode(b"\x80\x24\x02" + b"\xff" * 32).decode()
    with pytest.raises(ResolutionError):
        resolve_verification_method(f"did:key:{bad_point}#{bad_point}", no_network)
    with pytest.raises(KeyFormatError):
        key_from_jwk({"kty": "EC", "crv": "P-256", "x": b64url_decode_pad(b"\x01" * 32),
                      "y": b64url_decode_pad(b"\x02" * 32)})


def b64url_decode_pad(raw: bytes) -> str:
    from screening.verify.keys.publickey import b64url_encode

    return b64url_encode(raw)


def test_p521_and_bls_g1_did_keys_stay_unsupported():
    import base58

    from screening.verify.keys.did import UnsupportedMethod

    for prefix, size in ((b"\x82\x24", 67), (b"\xea\x01", 48)):
        key = "z" + base58.b58encode(prefix + b"\x02" * size).decode()
        with pytest.raises(UnsupportedMethod):
            resolve_verification_method(f"did:key:{key}#{key}", no_network)


# The vc-di-bbs example key (BLS12-381 G2, multicodec 0xeb01) and its public key bytes.
BLS_MULTIKEY = ("zUC7DerdEmfZ8f4pFajXgGwJoMkV1ofMTmEG5UoNvnWiPiLuGKNeqgRpLH2TV4Xe5mJ2cXV76gRN7L"
                "FQwapF1VFu6x2yrr5ci1mXqC1WNUrnHnLgvfZfMH7h6xP6qsf9EKRQrPQ")
BLS_KEY_HEX = ("a4ef1afa3da575496f122b9b78b8c24761531a8a093206ae7c45b80759c168ba4f7a260f9c3367b6c0"
               "19b4677841104b10665edbe70ba3ebe7d9cfbffbf71eb016f70abfbb163317f372697dc63efd21fc"
               "55764f63926a8f02eaea325a2a888f")


def test_bls12381_g2_did_key_resolves_and_round_trips():
    from screening.verify.keys.decode import encode_multikey

    method = resolve_verification_method(f"did:key:{BLS_MULTIKEY}#{BLS_MULTIKEY}", no_network)
    assert method.key.algorithm == "BLS12-381 G2"
    assert method.key.raw.hex() == BLS_KEY_HEX
    assert encode_multikey(method.key) == BLS_MULTIKEY


@pytest.mark.parametrize("point", [b"\x02" * 96, b"\xc0" + b"\0" * 95, bytes(95)])
def test_bls12381_g2_did_key_that_is_no_valid_key_fails_resolution(point):
    import base58

    from screening.verify.keys.did import ResolutionError, UnsupportedMethod

    key = "z" + base58.b58encode(b"\xeb\x01" + point).decode()
    with pytest.raises(ResolutionError) as raised:
        resolve_verification_method(f"did:key:{key}#{key}", no_network)
    assert not isinstance(raised.value, UnsupportedMethod)
