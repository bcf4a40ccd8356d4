"""Issue 23: a verdict follows from evidence only.

A document that could not be *reached* (offline, not in the seed cache, DNS, timeout, 5xx,
...) proves nothing: every check that needed it is indeterminate, so the credential is
`unsupported` or a `warning`, never `failed`. Only a *definitive* answer (404, 410, another
4xx, a body that is not JSON, a document without the key) may fail a check.

Properties over every credential the project produces or holds — the sample data with its
seed cache, every conformance fixture in ../shared/conformance with the documents its
tests serve, and the minting helpers' output for every suite × key type × identifier:

* offline monotonicity: with every fetch failing as unreachable, a credential is `failed`
  only if the fully seeded verification is `failed` too, for the same reasons (its failing
  codes are a subset of the seeded run's);
* removal: taking any one document (or, with hypothesis, any set of documents) out of the
  seed cache never turns a verdict that was not `failed` into `failed`;
* definitive answers still fail what they must (a 404 DID document, a key document
  without the key, an OB 2.0 badge answering 410 Gone).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conformance_data import CONFORMANCE, PINNED_NOW, conformance_store, offline_map
from factories import NOW, UNIVERSITY, open_badge, tampered
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.batch.runner import Screening
from screening.errors import FETCH_CODE_OUTCOMES, FetchError, FetchOutcome, fetch_outcome
from screening.fetch.seeds import Fetched, Fetcher, SeedFetcher
from screening.ingest import baked
from screening.session.samples import sample_trust
from screening.settings import SAMPLE_DIR, SAMPLE_SEEDS
from screening.testing.issuers import EcIssuer, Issuer
from screening.testing.signing import (
    derive_ecdsa_sd,
    sign,
    sign_detached_jws,
    sign_ecdsa_sd,
    sign_jwt,
    sign_sd_jwt,
    sign_status_list,
)
from screening.verify import verify
from screening.verify.jsonld.processing import ContextStore
from screening.verify.report import Status, Verdict, VerificationReport, effective_statuses
from screening.verify.trust import TrustList

ROOT = Path(__file__).resolve().parents[2]

# Every way a fetch can end without an answer about the document: (code, HTTP status).
UNREACHABLE = [("network_disabled", None), ("not_available_offline", None),
               ("timeout", None), ("dns_failure", None), ("tls_error", None),
               ("unreachable", None), ("too_large", None), ("too_many_redirects", None),
               ("blocked_address", None), ("network_budget_exceeded", None),
               ("http_error", 500), ("http_error", 503), ("http_error", 429)]


def unreachable_error(url: str, salt: int = 0) -> FetchError:
    """An unreachable-document error for `url`, its code varying with the URL and salt."""
    pick = int(hashlib.sha256(f"{salt}:{url}".encode()).hexdigest(), 16) % len(UNREACHABLE)
    code, status = UNREACHABLE[pick]
    error = FetchError(url, "could not be reached (test)", status, code=code)
    assert error.kind is FetchOutcome.UNREACHABLE
    return error


class Recording:
    """`inner`, except that URLs `drop` selects fail as unreachable; remembers the URLs it
    served (a run's prefetching threads call it too)."""

    def __init__(self, inner: Fetcher, drop: Callable[[str], bool] = lambda url: False,
                 salt: int = 0):
        self._inner, self._drop, self._salt = inner, drop, salt
        self._lock = threading.Lock()
        self.served: set[str] = set()

    def __call__(self, url: str) -> Fetched:
        if self._drop(url):
            raise unreachable_error(url, self._salt)
        fetched = self._inner(url)
        with self._lock:
            self.served.add(url)
        return fetched


@dataclass(frozen=True)
class Case:
    """One credential (or upload), the documents that serve it, and how it is verified."""

    label: str
    payload: bytes | str | dict[str, Any]
    seeds: Callable[[], Fetcher]
    now: datetime = NOW
    trust: TrustList = field(default_factory=TrustList)
    loader: ContextStore | None = None
    upload: bool = False  # through intake (a file, ZIP or CSV of links), not `verify`

    def reports(self, fetcher: Fetcher) -> list[VerificationReport]:
        if self.upload:
            run = Screening(now=self.now, fetcher=fetcher, trust=self.trust, loader=self.loader)
            assert isinstance(self.payload, bytes)
            return [row.report for row in run.verify_upload(self.payload, self.label)]
        return [verify(self.payload, now=self.now, fetcher=fetcher, trust=self.trust,
                       loader=self.loader, label=self.label)]


def flat(report: VerificationReport) -> Iterator[VerificationReport]:
    yield report
    for inner in report.credentials:
        yield from flat(inner)


def failing(report: VerificationReport) -> set[str]:
    return {c.code for c, s in effective_statuses(report.checks) if s is Status.FAIL}


def new_failures(seeded: list[VerificationReport], degraded: list[VerificationReport]
                 ) -> list[tuple[str, set[str], set[str]]]:
    """Reports that fail with less to go on but did not fail (or failed for other reasons)
    with everything: (label, degraded failing codes, seeded failing codes)."""
    assert len(seeded) == len(degraded)
    found = []
    for top_seeded, top_degraded in zip(seeded, degraded, strict=True):
        for s, d in zip(flat(top_seeded), flat(top_degraded), strict=False):
            if d.verdict is Verdict.FAILED and (
                    s.verdict is not Verdict.FAILED or not failing(d) <= failing(s)):
                found.append((d.label, failing(d), failing(s)))
    return found


# --- the corpora ----------------------------------------------------------------------------


def sample_cases() -> list[Case]:
    trust = sample_trust()
    files = sorted(p for folder in (SAMPLE_DIR / "candidates", SAMPLE_DIR / "uploads")
                   for p in folder.rglob("*") if p.is_file())
    return [Case(str(p.relative_to(SAMPLE_DIR)), p.read_bytes(),
                 lambda: SeedFetcher.from_index(SAMPLE_SEEDS), trust=trust, upload=True)
            for p in files]


def _json(data: bytes) -> Any:
    try:
        return json.loads(data)
    except ValueError:
        return None


def conformance_seeds(path: str) -> dict[str, bytes | Path]:
    """Everything the conformance tests serve for a fixture: the offline map, the issuer
    profiles publishing https#z6Mk… keys, the document at its own id (OB 2.0 hosting), and
    for a baked badge the same for the credential inside it."""
    from test_conformance import published_keys

    seeds: dict[str, bytes | Path | int] = dict(offline_map())
    raw = (CONFORMANCE / path).read_bytes()
    text: bytes | None = raw
    if path.endswith((".png", ".svg")):
        try:
            found = baked.extract_png(raw) if path.endswith(".png") else \
                baked.extract_svg(raw.decode("utf-8", "replace"))
            text = found.text.encode()
        except Exception:
            text = None
    document = _json(text) if text is not None else None
    if isinstance(document, dict):
        seeds.update(published_keys(document))
        if isinstance(document.get("id"), str):
            seeds.setdefault(document["id"], text or b"")
    return seeds


@cache
def conformance_files() -> list[str]:
    return sorted(str(p.relative_to(CONFORMANCE)) for p in CONFORMANCE.rglob("*")
                  if p.is_file() and p.name != "SOURCES.md" and "contexts" not in p.parts)


def conformance_cases() -> list[Case]:
    loader = conformance_store()
    return [Case(path, (CONFORMANCE / path).read_bytes(),
                 lambda path=path: SeedFetcher(conformance_seeds(path)),  # type: ignore[misc]
                 now=PINNED_NOW, loader=loader)
            for path in conformance_files()]


KEYS: dict[str, Issuer | EcIssuer] = {
    "Ed25519": UNIVERSITY,
    "P-256": EcIssuer.from_seed("fetch-outcomes", "P-256"),
    "P-384": EcIssuer.from_seed("fetch-outcomes", "P-384"),
    "secp256k1": EcIssuer.from_seed("fetch-outcomes", "secp256k1"),
}
DI_SUITES = {"eddsa-rdfc-2022": ("Ed25519",), "eddsa-2022": ("Ed25519",),
             "eddsa-jcs-2022": ("Ed25519",), "Ed25519Signature2020": ("Ed25519",),
             "ecdsa-rdfc-2019": ("P-256", "P-384"), "ecdsa-jcs-2019": ("P-256", "P-384")}
LEGACY = {"Ed25519Signature2018": ("Ed25519", []),
          "EcdsaSecp256k1Signature2019": ("secp256k1", []),
          "JsonWebSignature2020": ("Ed25519", ["https://w3id.org/security/suites/jws-2020/v1"]),
          "JsonWebSignature2020/P-256": ("P-256", ["https://w3id.org/security/suites/jws-2020/v1"]),
          "JsonWebSignature2020/P-384": ("P-384", ["https://w3id.org/security/suites/jws-2020/v1"]),
          "JsonWebSignature2020/secp256k1":
              ("secp256k1", ["https://w3id.org/security/suites/jws-2020/v1"])}
JWT_KEYS = ("Ed25519", "P-256", "P-384", "secp256k1")
LIST_URL = "https://status.fetch-outcomes.example/lists/1"
TOKEN_LIST_URL = "https://status.fetch-outcomes.example/tokens/1"


def _did_web(key: str) -> str:
    return f"did:web:{key.lower().replace('-', '')}.fetch-outcomes.example"


def _did_web_url(did: str) -> str:
    return f"https://{did.split(':')[2]}/.well-known/did.json"


def _identities(key: str) -> list[tuple[str, str, dict[str, bytes]]]:
    """(issuer id, verification method, documents to seed) for did:key and did:web."""
    issuer = KEYS[key]
    did = _did_web(key)
    document = json.dumps(issuer.did_web_document(did)).encode()
    return [(issuer.did_key, issuer.did_key_method, {}),
            (did, f"{did}#key-1", {_did_web_url(did): document})]


def _status_list(issuer_id: str, key: str, revoked: bool) -> bytes:
    raw = bytearray(16 * 1024)
    if revoked:
        raw[0] |= 0x80
    import base64
    import gzip
    encoded = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(raw))).rstrip(b"=").decode()
    doc = {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": LIST_URL,
           "type": ["VerifiableCredential", "BitstringStatusListCredential"],
           "issuer": issuer_id, "validFrom": "2025-01-01T00:00:00Z",
           "credentialSubject": {"id": LIST_URL + "#list", "type": "BitstringStatusList",
                                 "statusPurpose": "revocation", "encodedList": encoded}}
    suite = "eddsa-rdfc-2022" if key == "Ed25519" else "ecdsa-rdfc-2019"
    vm = f"{issuer_id}#key-1" if issuer_id.startswith("did:web:") else KEYS[key].did_key_method
    return json.dumps(sign(doc, KEYS[key], verification_method=vm, suite=suite)).encode()


def _seeded(seeds: dict[str, bytes]) -> Callable[[], Fetcher]:
    return lambda: SeedFetcher(dict(seeds))


@cache
def minted_cases() -> list[Case]:
    cases: list[Case] = []

    def add(label: str, payload: Any, seeds: dict[str, bytes]) -> None:
        cases.append(Case(label, payload, _seeded(seeds)))

    for suite, keys in DI_SUITES.items():
        for key in keys:
            for issuer_id, vm, seeds in _identities(key):
                doc = open_badge(issuer_id=issuer_id)
                if suite == "Ed25519Signature2020":  # (VCDM 2.0 does not define it)
                    doc["@context"].append("https://w3id.org/security/suites/ed25519-2020/v1")
                signed = sign(doc, KEYS[key], verification_method=vm, suite=suite)
                add(f"{suite}/{key}/{issuer_id[:8]}", signed, seeds)
                add(f"{suite}/{key}/{issuer_id[:8]}/tampered",
                    tampered(signed, ("name",), "Forged"), seeds)
    for name, (key, contexts) in LEGACY.items():
        for issuer_id, vm, seeds in _identities(key):
            doc = {"@context": ["https://www.w3.org/2018/credentials/v1", *contexts],
                   "id": "urn:uuid:5bd8a3b2-0d7a-4c9b-8f00-7b1f2a3c4d5e",
                   "type": ["VerifiableCredential"], "issuer": issuer_id,
                   "issuanceDate": "2025-02-01T00:00:00Z",
                   "credentialSubject": {"id": "did:example:candidate-3"}}
            add(f"{name}/{issuer_id[:8]}", sign_detached_jws(
                doc, KEYS[key], suite=name.split("/")[0], verification_method=vm), seeds)
    for key in JWT_KEYS:
        for issuer_id, vm, seeds in _identities(key):
            token = sign_jwt(open_badge(issuer_id=issuer_id), KEYS[key], kid=vm)
            add(f"vc-jwt/{key}/{issuer_id[:8]}", token, seeds)
            add(f"vc-jwt/{key}/{issuer_id[:8]}/no-kid",
                sign_jwt(open_badge(issuer_id=issuer_id), KEYS[key]), seeds)
            claims = {"iss": issuer_id, "vct": "https://credentials.example/vct/degree",
                      "iat": 1735689600, "exp": 1893456000, "name": "BSc",
                      "status": {"status_list": {"idx": 0, "uri": TOKEN_LIST_URL}}}
            for revoked in (False, True):
                status = sign_status_list([1 if revoked else 0], KEYS[key], TOKEN_LIST_URL,
                                          kid=vm)
                add(f"sd-jwt/{key}/{issuer_id[:8]}/revoked={revoked}",
                    sign_sd_jwt(claims, KEYS[key], selective=("name",), kid=vm),
                    {**seeds, TOKEN_LIST_URL: status.encode()})
        iss = f"https://{key.lower().replace('-', '')}.fetch-outcomes.example/tenant"
        metadata = {"issuer": iss, "jwks": {"keys": [{**KEYS[key].public_jwk(), "kid": "k1"}]}}
        host = iss.split("/")[2]
        add(f"sd-jwt/{key}/metadata", sign_sd_jwt(
            {"iss": iss, "vct": "https://credentials.example/vct/degree", "iat": 1735689600,
             "name": "BSc"}, KEYS[key], selective=("name",), kid="k1"),
            {f"https://{host}/.well-known/jwt-vc-issuer/tenant": json.dumps(metadata).encode()})
    p256 = KEYS["P-256"]
    assert isinstance(p256, EcIssuer)
    for issuer_id, vm, seeds in _identities("P-256"):
        base = sign_ecdsa_sd(open_badge(issuer_id=issuer_id), p256,
                             ["/issuer", "/validFrom", "/credentialSubject/achievement/name"],
                             verification_method=vm)
        add(f"ecdsa-sd-2023/{issuer_id[:8]}", derive_ecdsa_sd(base, ["/name"]), seeds)
    witness = Issuer.from_seed("fetch-outcomes-witness")
    for issuer_id, vm, seeds in _identities("Ed25519"):  # a proof set: issuer + co-signer
        signed = sign(open_badge(issuer_id=issuer_id), UNIVERSITY, verification_method=vm)
        add(f"proof-set/{issuer_id[:8]}", sign(signed, witness), seeds)
    for key in ("Ed25519", "P-256"):
        suite = "eddsa-rdfc-2022" if key == "Ed25519" else "ecdsa-rdfc-2019"
        for issuer_id, vm, seeds in _identities(key):
            for revoked in (False, True):
                doc = open_badge(issuer_id=issuer_id)
                doc["credentialStatus"] = {
                    "id": f"{LIST_URL}#0", "type": "BitstringStatusListEntry",
                    "statusPurpose": "revocation", "statusListIndex": "0",
                    "statusListCredential": LIST_URL}
                add(f"bitstring/{key}/{issuer_id[:8]}/revoked={revoked}",
                    sign(doc, KEYS[key], verification_method=vm, suite=suite),
                    {**seeds, LIST_URL: _status_list(issuer_id, key, revoked)})
    return cases


CORPORA = {"sample": sample_cases, "conformance": conformance_cases, "minted": minted_cases}


@cache
def corpus(name: str) -> list[Case]:
    return CORPORA[name]()


@cache
def seeded_run(name: str, index: int) -> tuple[list[VerificationReport], frozenset[str]]:
    """The fully seeded reports of a case and the URLs that were served for it."""
    case = corpus(name)[index]
    recording = Recording(case.seeds())
    reports = case.reports(recording)
    return reports, frozenset(recording.served)


# --- the properties ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_offline_monotonicity(name):
    """With every fetch unreachable, `failed` only where the seeded run fails, and for
    reasons it fails for too."""
    cases = corpus(name)
    assert len(cases) >= {"sample": 30, "conformance": 300, "minted": 60}[name]
    violations, degraded_count = [], 0
    for index, case in enumerate(cases):
        seeded, served = seeded_run(name, index)
        degraded = case.reports(Recording(case.seeds(), drop=lambda url: True, salt=index))
        violations += new_failures(seeded, degraded)
        degraded_count += bool(served)
    assert violations == []
    assert degraded_count >= {"sample": 8, "conformance": 20, "minted": 30}[name]


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_removing_any_one_document_never_fails_a_credential(name):
    violations, removals = [], 0
    for index, case in enumerate(corpus(name)):
        seeded, served = seeded_run(name, index)
        for url in sorted(served):
            degraded = case.reports(Recording(case.seeds(), drop=lambda u, url=url: u == url,
                                              salt=index))
            violations += [(url, *v) for v in new_failures(seeded, degraded)]
            removals += 1
    assert violations == []
    assert removals >= {"sample": 10, "conformance": 20, "minted": 30}[name]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_removing_any_set_of_documents_never_fails_a_credential(data):
    name = data.draw(st.sampled_from(["sample", "minted"]))
    index = data.draw(st.integers(0, len(corpus(name)) - 1))
    case = corpus(name)[index]
    seeded, served = seeded_run(name, index)
    removed = data.draw(st.sets(st.sampled_from(sorted(served)))) if served else set()
    salt = data.draw(st.integers(0, 100))
    degraded = case.reports(Recording(case.seeds(), drop=removed.__contains__, salt=salt))
    assert new_failures(seeded, degraded) == []


def test_unreachable_documents_say_so_in_the_checks():
    """Every check left undecided by an unreachable document names the fetch outcome."""
    for index, case in enumerate(minted_cases()):
        if "did:web" not in case.label and "/metadata" not in case.label:
            continue
        reports = case.reports(Recording(case.seeds(), drop=lambda url: True, salt=index))
        resolved = [c for r in reports for c in r.checks  # (a did:key co-signer passes)
                    if c.code == "verification_method_resolved" and c.status is not Status.PASS]
        assert resolved and all(c.status is Status.INDETERMINATE for c in resolved), case.label
        assert all(c.details["fetch"] == "unreachable" and c.details["fetch_code"]
                   for c in resolved), case.label
        assert all(r.verdict in (Verdict.UNSUPPORTED, Verdict.WARNING) for r in reports)


# --- definitive answers still fail what they must ---------------------------------------------


def answering(status: int, seeds: dict[str, bytes] | None = None) -> Fetcher:
    """The seeds, and HTTP `status` for every other URL (a server that answers)."""

    def server(url: str) -> Fetched:
        raise FetchError(url, f"HTTP {status} (test)", status, code="http_error")

    return SeedFetcher(seeds or {}, fallback=server)


def test_fetch_outcome_is_decided_from_code_and_status():
    assert fetch_outcome("http_error", 404) is FetchOutcome.DEFINITIVE
    assert fetch_outcome("http_error", 410) is FetchOutcome.DEFINITIVE
    assert fetch_outcome("not_json") is FetchOutcome.DEFINITIVE
    # a login wall, a bot blocker, our request refused, a legal block: no answer about the
    # document, so nothing to fail on
    for status in (400, 401, 403, 405, 406, 408, 429, 451, 500, 502, 503, 504):
        assert fetch_outcome("http_error", status) is FetchOutcome.UNREACHABLE
    for code, status in UNREACHABLE:
        assert FetchError("https://x.example/", "", status, code=code).unreachable
    assert fetch_outcome("a_code_nobody_knows") is FetchOutcome.UNREACHABLE  # fail safe


def test_every_code_a_fetcher_raises_has_a_declared_outcome():
    from test_docs import _codes_raised

    folder = ROOT / "screening" / "fetch"
    codes = _codes_raised(folder, {"fail"}) | _codes_raised(folder, {"FetchError"},
                                                             keyword="code")
    codes |= _codes_raised(ROOT / "screening" / "verify", {"FetchError"}, keyword="code")
    assert codes - {""} <= set(FETCH_CODE_OUTCOMES)


@pytest.mark.parametrize("case", [c for c in minted_cases() if "did:web" in c.label
                                  and "tampered" not in c.label and "revoked" not in c.label],
                         ids=lambda c: c.label)
def test_a_did_document_that_does_not_exist_fails(case):
    report = case.reports(answering(404))[0]
    assert report.verdict is Verdict.FAILED
    check = next(c for c in report.checks if c.code == "verification_method_resolved"
                 and c.status is Status.FAIL)
    assert check.details["fetch"] == "definitive" and check.details["http_status"] == 404


def test_a_key_document_without_the_key_fails():
    did = "did:web:keys.fetch-outcomes.example"
    signed = sign(open_badge(issuer_id=did), UNIVERSITY, verification_method=f"{did}#key-1")
    other = Issuer.from_seed("fetch-outcomes-other").did_web_document(did, "key-2")
    report = verify(signed, now=NOW, fetcher=SeedFetcher(
        {_did_web_url(did): json.dumps(other).encode()}))
    assert report.check("verification_method_resolved").status is Status.FAIL
    assert report.verdict is Verdict.FAILED
    not_json = verify(signed, now=NOW, fetcher=SeedFetcher({_did_web_url(did): b"<html>"}))
    assert not_json.check("verification_method_resolved").status is Status.FAIL


HOSTED_ID = "https://badges.fetch-outcomes.example/assertions/1"
BADGE_URL = "https://badges.fetch-outcomes.example/badges/1"
ISSUER_URL = "https://badges.fetch-outcomes.example/issuer"


def hosted_badge() -> tuple[bytes, dict[str, bytes]]:
    assertion = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
                 "id": HOSTED_ID, "recipient": {"type": "email", "hashed": False,
                                                "identity": "ada@example.com"},
                 "badge": BADGE_URL, "verification": {"type": "hosted"},
                 "issuedOn": "2025-01-01T00:00:00Z"}
    badge = {"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass",
             "id": BADGE_URL, "name": "First aid", "issuer": ISSUER_URL}
    issuer = {"@context": "https://w3id.org/openbadges/v2", "type": "Issuer",
              "id": ISSUER_URL, "name": "Badge Issuer"}
    text = json.dumps(assertion).encode()
    return text, {HOSTED_ID: text, BADGE_URL: json.dumps(badge).encode(),
                  ISSUER_URL: json.dumps(issuer).encode()}


def test_ob2_hosted_assertion_answers_follow_the_spec():
    text, seeds = hosted_badge()
    assert verify(text, now=NOW, fetcher=SeedFetcher(seeds)).verdict is Verdict.WARNING
    linked = {k: v for k, v in seeds.items() if k != HOSTED_ID}
    gone = verify(text, now=NOW, fetcher=answering(410, linked))  # 410 Gone: revoked
    assert gone.check("credential_status").status is Status.FAIL
    assert gone.verdict is Verdict.FAILED
    missing = verify(text, now=NOW, fetcher=answering(404, linked))  # no longer published
    assert missing.check("ob2_hosted").status is Status.INDETERMINATE
    assert missing.verdict is Verdict.UNSUPPORTED
    refused = verify(text, now=NOW, fetcher=answering(403, linked))  # a bot blocker
    assert refused.check("ob2_hosted").status is Status.INDETERMINATE
    offline = verify(text, now=NOW, fetcher=SeedFetcher(linked))
    assert offline.check("ob2_hosted").status is Status.INDETERMINATE
    assert offline.check("ob2_hosted").details["fetch"] == "unreachable"
    assert offline.verdict is Verdict.UNSUPPORTED


def test_ob2_badge_class_unreachable_is_indeterminate_and_missing_fails():
    text, seeds = hosted_badge()
    without = {k: v for k, v in seeds.items() if k != BADGE_URL}
    offline = verify(text, now=NOW, fetcher=SeedFetcher(without))
    assert offline.check("ob2_badge_class").status is Status.INDETERMINATE
    assert offline.check("ob2_badge_class").details["fetch_code"] == "not_available_offline"
    assert offline.verdict is Verdict.UNSUPPORTED
    missing = verify(text, now=NOW, fetcher=answering(404, without))
    assert missing.check("ob2_badge_class").status is Status.FAIL
    assert missing.verdict is Verdict.FAILED


def redirecting(seeds: dict[str, bytes], moved: dict[str, str]) -> Fetcher:
    """The seeds; each URL in `moved` answers with the seed of its target, as a client
    that followed a redirect there reports it (`Fetched.url` is the final URL)."""
    inner = SeedFetcher(seeds)

    def fetch(url: str) -> Fetched:
        if url in moved:
            return Fetched(moved[url], inner(moved[url]).content, "application/json")
        return inner(url)

    return fetch


EVIL = "https://evil.fetch-outcomes.example/copy"


def test_ob2_hosted_assertion_redirected_off_origin_is_never_verified():
    """Issue 28 V2: an open redirect on the issuer's host pointing at an attacker's copy
    (byte-identical to the upload) leaves the hosted check undecided, never passed."""
    text, seeds = hosted_badge()
    report = verify(text, now=NOW, fetcher=redirecting(seeds | {EVIL: text},
                                                       {HOSTED_ID: EVIL}))
    check = report.check("ob2_hosted")
    assert check.status is Status.INDETERMINATE
    assert "sent us elsewhere" in check.message
    assert check.details["fetch_code"] == "redirected_off_origin"
    assert report.verdict is Verdict.UNSUPPORTED
    assert report.check("credential_status").status is Status.INDETERMINATE
    # a redirect that stays on the id's origin is followed as before
    same = HOSTED_ID.replace("/1", "/1-moved")
    kept = verify(text, now=NOW, fetcher=redirecting(seeds | {same: text}, {HOSTED_ID: same}))
    assert kept.check("ob2_hosted").status is Status.PASS


@pytest.mark.parametrize("moved_url", [BADGE_URL, ISSUER_URL])
def test_ob2_badge_class_and_issuer_redirected_off_origin_are_indeterminate(moved_url):
    text, seeds = hosted_badge()
    report = verify(text, now=NOW, fetcher=redirecting(seeds | {EVIL: seeds[moved_url]},
                                                       {moved_url: EVIL}))
    assert report.verdict is Verdict.UNSUPPORTED
    undecided = [c for c in report.checks if c.status is Status.INDETERMINATE
                 and c.details.get("fetch_code") == "redirected_off_origin"]
    assert undecided and "sent us elsewhere" in undecided[0].message
    assert not any(c.code == "ob2_hosted" and c.status is Status.PASS for c in report.checks)


def test_an_unreachable_link_is_an_unsupported_row_showing_the_link():
    url = "https://issuer.fetch-outcomes.example/c/1"
    rows = Screening(now=NOW).verify_text(url, candidate="Ada")
    check = rows[0].report.check("document_parsed")
    assert rows[0].report.verdict is Verdict.UNSUPPORTED
    assert check.status is Status.INDETERMINATE and check.details["link"] == url
    assert check.details["fetch"] == "unreachable"
    assert check.details["intake_code"] == "link_unreachable"
    rows = Screening(now=NOW, fetcher=answering(404)).verify_text(url, candidate="Ada")
    assert rows[0].report.verdict is Verdict.FAILED  # the server says there is nothing there


def test_an_unreachable_status_list_says_so():
    for case in minted_cases():
        if case.label.startswith(("bitstring/", "sd-jwt/")) and "did:key" in case.label:
            report = case.reports(Recording(case.seeds(), drop=lambda url: True))[0]
            status = report.check("credential_status")
            assert status.status is Status.INDETERMINATE, case.label
            assert status.details["fetch"] == "unreachable", case.label
            assert report.verdict is Verdict.WARNING, case.label
