"""The pipeline never raises on bad input: a clear failed (or unsupported) row instead."""

from __future__ import annotations

import json

from factories import NOW, UNIVERSITY, open_badge
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.testing.signing import sign
from screening.verify import verify
from screening.verify.report import Status, Verdict

SIGNED = sign(open_badge(), UNIVERSITY)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(data):
    report = verify(data, now=NOW)
    assert report.verdict in set(Verdict)
    json.dumps(report.to_dict())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_random_json_never_raises(value):
    report = verify(json.dumps(value).encode(), now=NOW)
    assert report.verdict in set(Verdict)
    assert not report.check("verifier_error")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SIGNED)), json_values)
def test_mutated_credentials_never_raise_and_never_verify(key, value):
    mutated = {**SIGNED, key: value}
    report = verify(mutated, now=NOW)
    assert not report.check("verifier_error")
    if mutated != SIGNED:
        assert report.verdict is not Verdict.VERIFIED


def test_deep_nesting_is_a_clear_failure():
    report = verify(b"[" * 10_000 + b"]" * 10_000, now=NOW)
    assert report.check("document_parsed").status is Status.FAIL
    deep = "{" + '"a":{' * 10_000 + "}" * 10_001
    assert verify(deep, now=NOW).check("document_parsed").status is Status.FAIL


def test_empty_and_oversized_inputs():
    empty = verify(b"", now=NOW)  # nothing to judge: not a credential, never "failed"
    assert empty.kind == "not_a_credential" and empty.verdict is Verdict.UNSUPPORTED
    big = b'{"a":"' + b"x" * (9 * 1024 * 1024) + b'"}'
    assert verify(big, now=NOW).check("document_parsed").status is Status.FAIL


def test_deeply_nested_credential_content_fails_cleanly():
    doc = open_badge()
    node = doc["credentialSubject"]
    for _ in range(400):
        node["nested"] = {}
        node = node["nested"]
    report = verify(sign_safe(doc), now=NOW)
    assert report.verdict is Verdict.FAILED
    assert not report.check("verifier_error")


def sign_safe(doc):
    try:
        return sign(doc, UNIVERSITY)
    except Exception:  # the signer may refuse; the verifier must still answer
        return {**doc, "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
                                 "verificationMethod": UNIVERSITY.did_key_method,
                                 "proofPurpose": "assertionMethod", "proofValue": "z111"}}
