"""The remote documents a pool will need, found before verification so they can be fetched
side by side: did:web DID documents, status lists, OB 2.0 hosted assertions and badge
classes. Only a hint for the cache — verification still fetches (from the cache) and
checks everything itself; a URL missed here is simply fetched later.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from screening.verify.keys.did import ResolutionError, did_web_to_url

MAX_URLS_PER_DOCUMENT = 20


def document_urls(payloads: Iterable[bytes | str]) -> list[str]:
    """URLs the JSON documents among `payloads` refer to, in first-seen order."""
    found: dict[str, None] = {}
    for payload in payloads:
        document = _json(payload)
        if isinstance(document, dict):
            for credential in _credentials(document):
                for url in list(_urls(credential))[:MAX_URLS_PER_DOCUMENT]:
                    found.setdefault(url)
    return list(found)


def _json(payload: bytes | str) -> Any:
    try:
        return json.loads(payload)
    except (ValueError, RecursionError):  # JWTs, images and bad input: not hinted
        return None


def _credentials(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield document
    inner = document.get("verifiableCredential")
    for item in inner if isinstance(inner, list) else [inner]:
        if isinstance(item, dict):
            yield item


def _urls(credential: dict[str, Any]) -> Iterator[str]:
    for did in (_issuer(credential), _method(credential)):
        url = _did_document_url(did)
        if url:
            yield url
    status = credential.get("credentialStatus")
    for entry in status if isinstance(status, list) else [status]:
        if isinstance(entry, dict):
            url = entry.get("statusListCredential") or (
                entry.get("id") if entry.get("type") == "1EdTechRevocationList" else None)
            if isinstance(url, str) and _is_https(url):
                yield url
    if credential.get("type") == "Assertion":  # OB 2.0 hosted: its own id and badge class
        yield from (v for v in (credential.get("id"), credential.get("badge"))
                    if isinstance(v, str) and _is_https(v))


def _did_document_url(did: Any) -> str | None:
    if not isinstance(did, str) or not did.startswith("did:web:"):
        return None
    try:
        return did_web_to_url(did.split("#", 1)[0])
    except ResolutionError:
        return None


def _issuer(credential: dict[str, Any]) -> Any:
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _method(credential: dict[str, Any]) -> Any:
    proof = credential.get("proof")
    first = proof[0] if isinstance(proof, list) and proof else proof
    return first.get("verificationMethod") if isinstance(first, dict) else None


def _is_https(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("https://")
