"""Resolve a proof's verificationMethod to a public key and its controller's authority.

Supported: did:key (Ed25519, P-256, P-384, secp256k1), did:web, did:jwk, did:ion long
form (offline, verify/keys/ion.py) and https key/controller documents.
Remote documents arrive only through the injected `Fetcher`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urldefrag, urlsplit

from screening.errors import FetchOutcome
from screening.fetch.seeds import Fetcher, FetchError
from screening.verify.keys.decode import decode_multikey, key_from_jwk, key_from_method
from screening.verify.keys.ion import IonError, ShortFormIon, long_form_document
from screening.verify.keys.publickey import (
    KeyFormatError,
    PublicKey,
    UnsupportedKeyType,
    b64url_decode,
    jwk_thumbprint,
)

RELATIONSHIPS = (
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
    "keyAgreement",
)
_SIGNING_RELATIONSHIPS = frozenset(RELATIONSHIPS) - {"keyAgreement"}
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.I)
_PATH_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")
MAX_DID_LENGTH = 4096


class ResolutionError(Exception):
    """The verification method could not be resolved to a usable key.

    `fetch_error` is set when a document the key depends on could not be fetched, and
    `target` names that document for a recruiter (the DID, or the URL); `kind` is then the
    fetch's outcome. Without a fetch error the answer is definitive (the document was read
    and is wrong, or the identifier itself is)."""

    def __init__(self, reason: str, *, fetch_error: FetchError | None = None,
                 target: str | None = None):
        super().__init__(reason)
        self.fetch_error = fetch_error
        self.target = target

    @property
    def kind(self) -> FetchOutcome:
        return self.fetch_error.kind if self.fetch_error is not None \
            else FetchOutcome.DEFINITIVE

    @property
    def unreachable(self) -> bool:
        """A document it needed could not be reached: nothing is known to be wrong."""
        return self.fetch_error is not None and self.fetch_error.unreachable


class UnsupportedMethod(ResolutionError):
    """The key is named in a way this version does not understand (a DID method or key
    type it does not support): nothing is known to be wrong, the key cannot be used."""

    def __init__(self, what: str):
        super().__init__(f"{what} is not supported by this version")
        self.what = what


@dataclass(frozen=True)
class ResolvedMethod:
    id: str
    controller: str | None
    key: PublicKey
    relationships: frozenset[str]  # where the controller document lists this method
    document_id: str | None  # id of the controller document that lists it
    method: str  # "did:key" | "did:web" | "did:jwk" | "https"


def resolve_verification_method(vm_url: Any, fetcher: Fetcher) -> ResolvedMethod:
    """Resolve a verificationMethod URL (or raise ResolutionError with a plain reason)."""
    if not isinstance(vm_url, str) or not vm_url:
        raise ResolutionError("verificationMethod is not a URL")
    if len(vm_url) > MAX_DID_LENGTH:
        raise ResolutionError("verificationMethod is too long")
    if vm_url.startswith("did:key:"):
        return _resolve_did_key(vm_url)
    if vm_url.startswith("did:jwk:"):
        return _resolve_did_jwk(vm_url)
    if vm_url.startswith("did:web:"):
        return _resolve_did_web(vm_url, fetcher)
    if vm_url.startswith("did:ion:"):
        return _resolve_did_ion(vm_url)
    if vm_url.startswith("did:"):
        method = vm_url.split(":")[1] if vm_url.count(":") >= 2 else ""
        if re.fullmatch(r"[a-z0-9]{1,64}", method):
            raise UnsupportedMethod(f"DID method did:{method}")
        raise ResolutionError(f"DID method {method!r} is not a valid DID method name")
    scheme = urlsplit(vm_url).scheme.lower()
    if scheme == "https":
        return _resolve_https(vm_url, fetcher)
    if not scheme:
        raise ResolutionError("verificationMethod is not a URL (no scheme)")
    raise ResolutionError(f"verificationMethod URL scheme {scheme!r} is not supported")


@lru_cache(maxsize=4096)
def _resolve_did_key(vm_url: str) -> ResolvedMethod:
    did, fragment = urldefrag(vm_url)
    multibase = did[len("did:key:"):]
    if fragment and fragment != multibase:
        raise ResolutionError("did:key fragment does not name the DID's own key")
    if not multibase.startswith("z"):
        raise ResolutionError("did:key must be base58btc multibase ('z...')")
    try:
        key = decode_multikey(multibase)
    except UnsupportedKeyType as exc:
        raise UnsupportedMethod(f"did:key with a {exc.what} key") from exc
    except KeyFormatError as exc:
        raise ResolutionError(f"invalid did:key: {exc}") from exc
    return ResolvedMethod(
        id=f"{did}#{multibase}",
        controller=did,
        key=key,
        relationships=_SIGNING_RELATIONSHIPS,
        document_id=did,
        method="did:key",
    )


@lru_cache(maxsize=4096)
def _resolve_did_jwk(vm_url: str) -> ResolvedMethod:
    did, fragment = urldefrag(vm_url)
    if fragment not in ("", "0"):
        raise ResolutionError("did:jwk verification method fragment must be #0")
    try:
        jwk = json.loads(b64url_decode(did[len("did:jwk:"):]))
        key = key_from_jwk(jwk)
    except UnsupportedKeyType as exc:
        raise UnsupportedMethod(f"did:jwk with a {exc.what} key") from exc
    except (KeyFormatError, ValueError, UnicodeDecodeError) as exc:
        raise ResolutionError(f"invalid did:jwk: {exc}") from exc
    relationships = (
        frozenset({"keyAgreement"}) if jwk.get("use") == "enc" else _SIGNING_RELATIONSHIPS
    )
    return ResolvedMethod(f"{did}#0", did, key, relationships, did, "did:jwk")


@lru_cache(maxsize=1024)
def _resolve_did_ion(vm_url: str) -> ResolvedMethod:
    did, _ = urldefrag(vm_url)
    return _method_from_controller_document(_ion_document(did), vm_url, "did:ion")


def _ion_document(did: str) -> dict[str, Any]:
    try:
        document: dict[str, Any] = long_form_document(did)
        return document
    except ShortFormIon as exc:
        raise UnsupportedMethod("did:ion short form (resolvable only by an ION node)") from exc
    except IonError as exc:
        raise ResolutionError(f"invalid did:ion long form: {exc}") from exc


def did_web_to_url(did: str) -> str:
    """The https URL of a did:web DID document, applying the method's path and port rules."""
    parts = did.split(":")
    if len(parts) < 3 or parts[0] != "did" or parts[1] != "web":
        raise ResolutionError("not a did:web DID")
    host = parts[2].replace("%3A", ":").replace("%3a", ":")
    hostname, _, port = host.partition(":")
    if not _DOMAIN.match(hostname):
        raise ResolutionError("did:web host must be a domain name (no IP addresses)")
    if port and (not port.isdigit() or not 0 < int(port) < 65536):
        raise ResolutionError("did:web port is invalid")
    segments = parts[3:]
    for segment in segments:
        if not _PATH_SEGMENT.match(segment) or segment in (".", ".."):
            raise ResolutionError("did:web path segment is invalid")
    path = "/".join(segments) + "/did.json" if segments else ".well-known/did.json"
    return f"https://{host.lower()}/{path}"


def _resolve_did_web(vm_url: str, fetcher: Fetcher) -> ResolvedMethod:
    did, _ = urldefrag(vm_url)
    url = did_web_to_url(did)
    document = _fetch_json(url, fetcher, did)
    if document.get("id") != did:
        raise ResolutionError("DID document id does not equal the DID")
    return _method_from_controller_document(document, _absolute(vm_url, did), "did:web")


def _resolve_https(vm_url: str, fetcher: Fetcher) -> ResolvedMethod:
    base, fragment = urldefrag(vm_url)
    document = _fetch_json(base, fetcher)
    if not fragment and document.get("id") == vm_url and "controller" in document:
        # The URL names a key document; authority comes from its controller's document.
        key = _key_or_error(document)
        controller = document.get("controller")
        if not isinstance(controller, str) or not controller.startswith("https://"):
            raise ResolutionError("key document has no https controller")
        controller_doc = _fetch_json(urldefrag(controller)[0], fetcher)
        if controller_doc.get("id") != controller:
            raise ResolutionError("controller document id does not match")
        rels = _relationships_listing(controller_doc, vm_url, controller)
        return ResolvedMethod(vm_url, controller, key, rels, controller, "https")
    if document.get("id") != base:
        raise ResolutionError("controller document id does not equal its URL")
    return _method_from_controller_document(document, vm_url, "https")


def _method_from_controller_document(
    document: dict[str, Any], vm_id: str, method: str
) -> ResolvedMethod:
    doc_id = document["id"]
    for candidate in _candidate_methods(document):
        if _absolute(candidate.get("id", ""), doc_id) == vm_id:
            controller = candidate.get("controller")
            controller = _absolute(controller, doc_id) if isinstance(controller, str) else None
            rels = _relationships_listing(document, vm_id, doc_id)
            return ResolvedMethod(vm_id, controller, _key_or_error(candidate), rels, doc_id,
                                  method)
    raise ResolutionError("the key is not in the controller document")


def _candidate_methods(document: dict[str, Any]) -> list[dict[str, Any]]:
    """verificationMethod entries plus methods embedded in relationship arrays."""
    found: list[dict[str, Any]] = []
    for prop in ("verificationMethod", *RELATIONSHIPS):
        for entry in _as_list(document.get(prop)):
            if isinstance(entry, dict):
                found.append(entry)
    return found


def _relationships_listing(document: dict[str, Any], vm_id: str, doc_id: str) -> frozenset[str]:
    rels = set()
    for rel in RELATIONSHIPS:
        for entry in _as_list(document.get(rel)):
            ref = entry.get("id") if isinstance(entry, dict) else entry
            if isinstance(ref, str) and _absolute(ref, doc_id) == vm_id:
                rels.add(rel)
    return frozenset(rels)


def _key_or_error(method: dict[str, Any]) -> PublicKey:
    try:
        return key_from_method(method)
    except UnsupportedKeyType as exc:
        raise UnsupportedMethod(f"a {exc.what} key") from exc
    except KeyFormatError as exc:
        raise ResolutionError(f"unusable key: {exc}") from exc


def _fetch_json(url: str, fetcher: Fetcher, what: str | None = None) -> dict[str, Any]:
    """The JSON object at `url`; `what` names it for a recruiter (a DID), else the URL."""
    try:
        return fetcher(url).json_object()
    except FetchError as exc:
        raise ResolutionError(f"could not retrieve {url} ({exc.reason})", fetch_error=exc,
                              target=what or url) from exc


def _absolute(ref: str, base: str) -> str:
    return base + ref if ref.startswith("#") else ref


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def resolve_issuer_key(issuer: Any, kid: Any, fetcher: Fetcher) -> ResolvedMethod:
    """The key a VC-JWT names: an absolute `kid` (DID URL or https URL), or a bare `kid`
    looked up in the issuer's own controller document (by method id fragment, the JWK's
    `kid`, or its RFC 7638 thumbprint). Without a `kid` the issuer must publish exactly
    one assertion key."""
    if isinstance(kid, str) and kid.startswith(("did:", "https://")):
        return resolve_verification_method(kid, fetcher)
    if not isinstance(issuer, str):
        raise ResolutionError("the token names no issuer whose keys could be looked up")
    document = _controller_document(issuer, fetcher)
    doc_id = document.get("id", issuer)
    matches = []
    for method in _candidate_methods(document):
        method_id = _absolute(str(method.get("id", "")), doc_id)
        given = method.get("publicKeyJwk")
        jwk: dict[str, Any] = given if isinstance(given, dict) else {}
        if kid is None:
            if "assertionMethod" in _relationships_listing(document, method_id, doc_id):
                matches.append((method_id, method))
        elif method_id == f"{doc_id}#{kid}" or jwk.get("kid") == kid or (
                jwk and jwk_thumbprint(jwk) == kid):
            matches.append((method_id, method))
    unique = {mid: m for mid, m in matches}
    if len(unique) != 1:
        raise ResolutionError("no key of the issuer matches the token's kid" if kid is not None
                              else "the token names no key and the issuer has several")
    method_id, method = next(iter(unique.items()))
    controller = method.get("controller")
    controller = _absolute(controller, doc_id) if isinstance(controller, str) else None
    return ResolvedMethod(method_id, controller, _key_or_error(method),
                          _relationships_listing(document, method_id, doc_id), doc_id,
                          "did" if issuer.startswith("did:") else "https")


def _controller_document(issuer: str, fetcher: Fetcher) -> dict[str, Any]:
    """The issuer's DID document or https controller document."""
    if issuer.startswith("did:web:"):
        document = _fetch_json(did_web_to_url(issuer), fetcher, issuer)
    elif issuer.startswith(("did:key:", "did:jwk:")):
        method = resolve_verification_method(issuer, fetcher)
        jwk = method.key.jwk_dict()
        return {"id": issuer, "assertionMethod": [method.id], "verificationMethod": [
            {"id": method.id, "controller": issuer, "type": "JsonWebKey", "publicKeyJwk": jwk}]}
    elif issuer.startswith("did:ion:"):
        document = _ion_document(issuer)
    elif issuer.startswith("https://"):
        document = _fetch_json(urldefrag(issuer)[0], fetcher)
    elif issuer.startswith("did:"):
        resolve_verification_method(issuer, fetcher)  # raises UnsupportedMethod by name
        raise ResolutionError("the issuer id is not a usable DID")
    else:
        raise ResolutionError("the issuer id is neither a supported DID nor an https URL")
    if document.get("id") != issuer:
        raise ResolutionError("the issuer's document id does not equal the issuer")
    return document
