"""BitstringStatusList / StatusList2021: decoding, bit order, verification of the list
itself, and the rule that an unusable list never means "not revoked"."""

from __future__ import annotations

import base64
import gzip
import json

import pytest
from factories import ATTACKER, NOW, UNIVERSITY, open_badge

from screening.fetch.seeds import SeedFetcher
from screening.testing.issuers import Issuer
from screening.testing.signing import sign
from screening.verify import verify
from screening.verify.report import Status, Verdict
from screening.verify.status.bitstring import (
    MAX_LIST_BYTES,
    StatusList,
    StatusListError,
    decode_encoded_list,
)

LIST_URL = "https://status.example.edu/lists/1"


def encoded(bits: bytes, prefix: str = "u") -> str:
    return prefix + base64.urlsafe_b64encode(gzip.compress(bits)).rstrip(b"=").decode()


def status_list(issuer: Issuer, set_bits: set[int], purpose: str = "revocation",
                **extra) -> dict:
    raw = bytearray(16 * 1024)
    for bit in set_bits:
        raw[bit // 8] |= 0x80 >> (bit % 8)
    doc = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": LIST_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.did_key,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": LIST_URL + "#list", "type": "BitstringStatusList",
                              "statusPurpose": purpose, "encodedList": encoded(bytes(raw))},
    }
    doc.update(extra)
    return sign(doc, issuer)


def badge_with_status(index: int, purpose: str = "revocation") -> dict:
    doc = open_badge()
    doc["credentialStatus"] = {"id": f"{LIST_URL}#{index}", "type": "BitstringStatusListEntry",
                               "statusPurpose": purpose, "statusListIndex": str(index),
                               "statusListCredential": LIST_URL}
    return sign(doc, UNIVERSITY)


def check(credential: dict, list_doc: dict | bytes | None):
    seeds = {}
    if list_doc is not None:
        seeds[LIST_URL] = list_doc if isinstance(list_doc, bytes) else json.dumps(
            list_doc).encode()
    report = verify(credential, now=NOW, fetcher=SeedFetcher(seeds))
    return report, report.check("credential_status")


def test_revoked_bit_fails_the_credential():
    report, result = check(badge_with_status(5), status_list(UNIVERSITY, {5}))
    assert result.status is Status.FAIL and report.verdict is Verdict.FAILED
    assert result.details["entries"][0]["result"] == "revoked"


def test_clear_bit_passes():
    _, result = check(badge_with_status(4), status_list(UNIVERSITY, {5}))
    assert result.status is Status.PASS


def test_suspension():
    _, result = check(badge_with_status(9, "suspension"),
                      status_list(UNIVERSITY, {9}, "suspension"))
    assert result.status is Status.FAIL
    assert result.details["entries"][0]["result"] == "suspended"


def test_unreachable_list_is_indeterminate_never_clear():
    report, result = check(badge_with_status(4), None)
    assert result.status is Status.INDETERMINATE and report.verdict is Verdict.WARNING


def test_tampered_list_is_not_believed():
    tampered = status_list(UNIVERSITY, set())
    tampered["credentialSubject"]["encodedList"] = encoded(b"\xff" * 16384)
    _, result = check(badge_with_status(4), tampered)
    assert result.status is Status.INDETERMINATE


def test_expired_list_is_not_believed():
    expired = status_list(UNIVERSITY, {5}, validUntil="2026-01-01T00:00:00Z")
    _, result = check(badge_with_status(5), expired)
    assert result.status is Status.INDETERMINATE


def test_list_signed_by_another_party_can_revoke_but_not_clear():
    _, revoked = check(badge_with_status(5), status_list(ATTACKER, {5}))
    assert revoked.status is Status.FAIL
    _, clear = check(badge_with_status(4), status_list(ATTACKER, {5}))
    assert clear.status is Status.INDETERMINATE


def test_wrong_purpose_list_is_indeterminate():
    _, result = check(badge_with_status(5), status_list(UNIVERSITY, {5}, "suspension"))
    assert result.status is Status.INDETERMINATE


def test_index_beyond_list_is_indeterminate():
    _, result = check(badge_with_status(16 * 1024 * 8 + 1), status_list(UNIVERSITY, set()))
    assert result.status is Status.INDETERMINATE


def test_bit_order_is_most_significant_first():
    bits = StatusList("u", None, ("revocation",), bytes([0b1000_0001, 0b0100_0000]))
    assert [bits.bit(i) for i in range(10)] == [1, 0, 0, 0, 0, 0, 0, 1, 0, 1]
    assert bits.bit(0, size=2) == 0b10 and bits.bit(3, size=2) == 0b01


def test_statuslist2021_without_multibase_prefix_decodes():
    assert decode_encoded_list(encoded(b"\x01\x02", prefix="")) == b"\x01\x02"


def test_gzip_bomb_is_refused_without_inflating_it():
    bomb = gzip.compress(b"\x00" * (MAX_LIST_BYTES + 1024))
    with pytest.raises(StatusListError):
        decode_encoded_list("u" + base64.urlsafe_b64encode(bomb).rstrip(b"=").decode())


@pytest.mark.parametrize("bad", ["", "u", "uAAAA", "!!!", "u" + "A" * 5, None, 17])
def test_garbage_lists_raise_status_list_error(bad):
    with pytest.raises(StatusListError):
        decode_encoded_list(bad)


REVOCATION_URL = "https://x.example/revocations/1"


def revocation_listed() -> dict:
    doc = open_badge()
    doc["@context"].append("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json")
    doc["credentialStatus"] = {"id": REVOCATION_URL, "type": "1EdTechRevocationList"}
    return doc


def verify_with_revocation_list(entries: list) -> Status:
    doc = revocation_listed()
    served = json.dumps({"id": REVOCATION_URL, "revokedCredentials": entries}).encode()
    report = verify(sign(doc, UNIVERSITY), now=NOW,
                    fetcher=SeedFetcher({REVOCATION_URL: served}))
    return report.check("credential_status").status


def test_unreachable_1edtech_revocation_list_is_indeterminate():
    report = verify(sign(revocation_listed(), UNIVERSITY), now=NOW)
    assert report.check("credential_status").status is Status.INDETERMINATE
    assert report.verdict is Verdict.WARNING  # status is advisory: a human decides


def test_1edtech_revocation_list_revokes_listed_id():
    credential_id = open_badge()["id"]
    assert verify_with_revocation_list([{"id": credential_id}]) is Status.FAIL
    assert verify_with_revocation_list(
        [{"id": "urn:uuid:other"}, {"id": credential_id, "revoked": True,
                                    "revocationReason": "misconduct"}]) is Status.FAIL


def test_1edtech_revocation_list_clears_unlisted_or_unrevoked_id():
    credential_id = open_badge()["id"]
    assert verify_with_revocation_list([]) is Status.PASS
    assert verify_with_revocation_list([{"id": "urn:uuid:other"}]) is Status.PASS
    assert verify_with_revocation_list([{"id": credential_id, "revoked": False}]) is Status.PASS


@pytest.mark.parametrize("served", [b"[]", b"{}", b"not json", b'{"revokedCredentials": 3}'])
def test_malformed_1edtech_revocation_list_is_indeterminate(served):
    report = verify(sign(revocation_listed(), UNIVERSITY), now=NOW,
                    fetcher=SeedFetcher({REVOCATION_URL: served}))
    assert report.check("credential_status").status is Status.INDETERMINATE


def _counting(monkeypatch, module, name: str) -> list[int]:
    calls = [0]
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_shared_status_list_is_decoded_once_per_run(monkeypatch):
    """Issue 28 N2: every credential of one `Screening` run that points at the same
    Bitstring list shares one decoded copy (fetched once by the run's cache, verified and
    inflated once); a new run decodes it again."""
    from screening.batch.runner import Screening
    from screening.verify.status import bitstring as bitstring_module

    inflations = _counting(monkeypatch, bitstring_module, "decode_encoded_list")
    listed = status_list(UNIVERSITY, {5})
    fetcher = SeedFetcher({LIST_URL: json.dumps(listed).encode()})
    run = Screening(now=NOW, fetcher=fetcher)
    credentials = [badge_with_status(index) for index in range(12)]
    rows = run.verify_upload(json.dumps(credentials).encode(), "pool.json", candidate="Ada")
    statuses = [row.report.check("credential_status").status for row in rows]
    assert statuses == [Status.FAIL if i == 5 else Status.PASS for i in range(12)]
    assert inflations[0] == 1
    assert run.decoded.decodes == 1
    again = Screening(now=NOW, fetcher=fetcher)
    again.verify_upload(json.dumps(credentials[:2]).encode(), "pool.json", candidate="Ada")
    assert inflations[0] == 2


def test_a_changed_list_at_the_same_url_is_decoded_afresh():
    from screening.verify.status.decoded import DecodedCache

    cache = DecodedCache(max_bytes=100)
    first = cache.remember(("k", "u", cache.digest("u", b"one")), lambda: ("A", 10))
    second = cache.remember(("k", "u", cache.digest("u", b"two")), lambda: ("B", 10))
    assert (first, second, cache.decodes) == ("A", "B", 2)
    assert cache.remember(("k", "u", cache.digest("u", b"one")), lambda: ("C", 10)) == "A"
    # bounded in bytes: the least recently used entries go
    for index in range(20):
        cache.remember(("k", str(index)), lambda: ("x", 30))
    assert cache.size <= 100
    cache.remember(("big",), lambda: ("y", 1_000))  # larger than the cache: never kept
    assert cache.size <= 100


def test_1edtech_revocation_list_is_read_once_per_run(monkeypatch):
    from screening.batch.runner import Screening
    from screening.verify.status import bitstring as bitstring_module

    reads = _counting(monkeypatch, bitstring_module, "_read_revocation_list")
    served = json.dumps({"revokedCredentials": [{"id": "urn:uuid:revoked"}]}).encode()
    run = Screening(now=NOW, fetcher=SeedFetcher({REVOCATION_URL: served}))
    docs = []
    for index in range(5):
        doc = revocation_listed()
        doc["id"] = f"urn:uuid:c{index}"
        docs.append(sign({k: v for k, v in doc.items() if k != "proof"}, UNIVERSITY))
    rows = run.verify_upload(json.dumps(docs).encode(), "pool.json", candidate="Ada")
    assert {row.report.check("credential_status").status for row in rows} == {Status.PASS}
    assert reads[0] == 1
