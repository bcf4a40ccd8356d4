"""IETF Token Status List (draft-ietf-oauth-status-list) for SD-JWT VCs: the spec's
examples, packing round trips, and what each kind of list makes of a credential."""

from __future__ import annotations

import zlib

import pytest
from factories import NOW
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.fetch.seeds import SeedFetcher
from screening.testing.issuers import EcIssuer
from screening.testing.signing import pack_statuses, self_signed_x5c, sign_sd_jwt, sign_status_list
from screening.verify import verify
from screening.verify.keys.publickey import b64url_encode
from screening.verify.report import Status, Verdict
from screening.verify.status.tokenstatus import MAX_LIST_BYTES, TokenStatusError, status_value

ISSUER = EcIssuer.from_seed("test-token-status-issuer", "P-256")
ATTACKER = EcIssuer.from_seed("test-token-status-attacker", "P-256")
LIST = "https://status.issuer.example/lists/7"
CLAIMS = {"iss": ISSUER.did_key, "vct": "https://credentials.example/vct/degree",
          "iat": 1735689600, "exp": 1893456000, "sub": "did:example:candidate-7",
          "name": "BSc Computer Science"}


def credential(index: int = 3, **status: object) -> str:
    entry = {"idx": index, "uri": LIST, **status}
    return sign_sd_jwt({**CLAIMS, "status": {"status_list": entry}}, ISSUER,
                       kid=ISSUER.did_key_method)


def status_check(token: str, list_token: str | None):
    fetcher = SeedFetcher({LIST: list_token.encode()} if list_token is not None else {})
    report = verify(token, now=NOW, fetcher=fetcher)
    return report, report.check("credential_status")


def issuer_list(statuses: list[int], **options: object) -> str:
    return sign_status_list(statuses, ISSUER, LIST, kid=ISSUER.did_key_method, **options)


@pytest.mark.parametrize(("lst", "bits", "expected"), [
    # draft-ietf-oauth-status-list, "Status List" examples (bits 1 and 2)
    ("eNrbuRgAAhcBXQ", 1, [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]),
    ("eNo76fITAAPfAgc", 2, [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]),
])
def test_the_specification_examples(lst, bits, expected):
    assert [status_value({"bits": bits, "lst": lst}, i)[0]
            for i in range(len(expected))] == expected
    assert pack_statuses(expected, bits) == lst  # the same bytes, zlib level 9


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([1, 2, 4, 8]).flatmap(
    lambda bits: st.tuples(st.just(bits), st.lists(
        st.integers(0, 2 ** bits - 1), min_size=1, max_size=64))))
def test_every_entry_reads_back_as_packed(case):
    bits, statuses = case
    lst = pack_statuses(statuses, bits)
    assert [status_value({"bits": bits, "lst": lst}, i) for i in range(len(statuses))] == \
        [(value, bits) for value in statuses]


@pytest.mark.parametrize("status_list", [
    None, {"bits": 3, "lst": "eNrbuRgAAhcBXQ"}, {"bits": True, "lst": "eNrbuRgAAhcBXQ"},
    {"bits": 1}, {"bits": 1, "lst": "not base64!"}, {"bits": 1, "lst": b64url_encode(b"xx")},
    {"bits": 1, "lst": b64url_encode(zlib.compress(b""))},
    {"bits": 1, "lst": b64url_encode(zlib.compress(b"\0" * 4)[:-3])},
])
def test_malformed_lists_are_refused(status_list):
    with pytest.raises(TokenStatusError):
        status_value(status_list, 0)


def test_a_compression_bomb_is_refused_without_inflating_it():
    bomb = b64url_encode(zlib.compress(b"\0" * (MAX_LIST_BYTES + 1), 9))
    with pytest.raises(TokenStatusError, match="limit"):
        status_value({"bits": 1, "lst": bomb}, 0)


def test_an_index_beyond_the_list_is_refused():
    with pytest.raises(TokenStatusError, match="beyond"):
        status_value({"bits": 8, "lst": pack_statuses([0, 0], 8)}, 2)


def test_valid_in_the_issuer_s_own_list_passes():
    report, check = status_check(credential(), issuer_list([1, 1, 1, 0, 1]))
    assert check.status is Status.PASS and check.details["result"] == "clear"
    assert check.details["type"] == "TokenStatusList" and check.details["index"] == 3
    assert report.verdict is not Verdict.FAILED


@pytest.mark.parametrize(("value", "result"), [(1, "revoked"), (2, "suspended")])
def test_revoked_and_suspended_fail(value, result):
    statuses = [0, 0, 0, value]
    report, check = status_check(credential(), issuer_list(statuses, bits=2))
    assert check.status is Status.FAIL and check.details["result"] == result
    assert report.verdict is not Verdict.VERIFIED


def test_application_specific_values_are_not_clear():
    _, check = status_check(credential(), issuer_list([0, 0, 0, 3], bits=2))
    assert check.status is Status.INDETERMINATE and check.details["value"] == 3


@pytest.mark.parametrize("list_token", [
    None,  # unreachable
    "not a token",
    sign_status_list([0] * 8, ISSUER, "https://status.issuer.example/lists/8",
                     kid=ISSUER.did_key_method),  # sub names another list
    sign_status_list([0] * 8, ISSUER, LIST, kid=ISSUER.did_key_method,
                     exp=1700000000),  # expired (before NOW)
    sign_status_list([0] * 8, ISSUER, LIST, kid=ISSUER.did_key_method,
                     header={"typ": "JWT"}),  # not a status list token
    sign_status_list([0] * 2, ISSUER, LIST, kid=ISSUER.did_key_method, bits=8),  # 2 entries
])
def test_a_list_that_cannot_be_used_leaves_the_status_unknown(list_token):
    report, check = status_check(credential(), list_token)
    assert check.status is Status.INDETERMINATE
    assert report.verdict is not Verdict.VERIFIED


def test_a_list_with_a_forged_signature_is_not_believed():
    header, payload, _ = issuer_list([1] * 8).split(".")
    forged = ".".join([header, payload, b64url_encode(b"\0" * 64)])
    _, check = status_check(credential(), forged)
    assert check.status is Status.INDETERMINATE  # neither revoked nor clear


def test_another_signer_never_clears_but_may_revoke():
    cleared = sign_status_list([0] * 8, ATTACKER, LIST, kid=ATTACKER.did_key_method)
    _, check = status_check(credential(), cleared)
    assert check.status is Status.INDETERMINATE and check.details["result"] == "unconfirmed"
    revoked = sign_status_list([1] * 8, ATTACKER, LIST, kid=ATTACKER.did_key_method)
    _, check = status_check(credential(), revoked)
    assert check.status is Status.FAIL


def test_the_same_x5c_key_signs_credential_and_list():
    header = {"x5c": self_signed_x5c(ISSUER)}
    token = sign_sd_jwt({**CLAIMS, "iss": "https://issuer.example",
                         "status": {"status_list": {"idx": 0, "uri": LIST}}}, ISSUER,
                        header=header)
    _, check = status_check(token, sign_status_list([0], ISSUER, LIST, header=header))
    assert check.status is Status.PASS
    other = {"x5c": self_signed_x5c(ATTACKER)}
    _, check = status_check(token, sign_status_list([0], ATTACKER, LIST, header=other))
    assert check.status is Status.INDETERMINATE


@pytest.mark.parametrize("entry", [{"idx": -1}, {"idx": "3"}, {"uri": "http://plain.example"},
                                   {"idx": True}])
def test_a_malformed_status_claim_is_unknown_never_clear(entry):
    _, check = status_check(credential(**entry), issuer_list([0] * 8))
    assert check.status is Status.INDETERMINATE and check.details["result"] == "malformed"


def test_no_status_claim_is_not_applicable():
    token = sign_sd_jwt(CLAIMS, ISSUER, kid=ISSUER.did_key_method)
    _, check = status_check(token, None)
    assert check.status is Status.NA


def test_a_shared_token_status_list_is_inflated_once_per_run(monkeypatch):
    """Issue 28 N2: 40 SD-JWTs of one run on the same status list token: the token is
    parsed, its signature checked and its list inflated once, not once per credential."""
    import json

    from screening.batch.runner import Screening
    from screening.verify.status import tokenstatus as token_module

    calls = [0]
    real = token_module._inflate_capped

    def counted(data: bytes) -> bytes:
        calls[0] += 1
        return real(data)

    monkeypatch.setattr(token_module, "_inflate_capped", counted)
    statuses = [0] * 64
    statuses[7] = 1
    run = Screening(now=NOW, fetcher=SeedFetcher({LIST: issuer_list(statuses).encode()}))
    tokens = [credential(index) for index in range(40)]
    rows = run.verify_upload(json.dumps(tokens).encode(), "tokens.json", candidate="Ada")
    got = [row.report.check("credential_status").status for row in rows]
    assert got == [Status.FAIL if i == 7 else Status.PASS for i in range(40)]
    assert calls[0] == 1
    assert run.decoded.decodes == 1
