"""Faster stand-ins give exactly the library results: base58 decoding and JSON copies."""

from __future__ import annotations

import copy
import os

import base58
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.verify.jsoncopy import copy_json
from screening.verify.keys.publickey import b58decode

EXAMPLES = int(os.environ.get("SCREENING_JCS_EXAMPLES", "300"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ALPHABET = base58.BITCOIN_ALPHABET.decode()


def outcome(function, value):
    try:
        return function(value)
    except Exception as exc:
        return type(exc)


@PROPERTY
@given(st.one_of(
    st.text(alphabet=ALPHABET, max_size=120),
    st.binary(max_size=80).map(lambda b: base58.b58encode(b).decode()),
    st.text(alphabet=ALPHABET + " \t\n\x1c0OIl+/é", max_size=40),
    st.text(max_size=20),
))
def test_b58decode_is_base58s(text):
    assert outcome(b58decode, text) == outcome(base58.b58decode, text)


def test_b58decode_edge_cases():
    for text in ["", "1", "111", "11z", " 1z ", "z\u3000", "0", "é"]:
        assert outcome(b58decode, text) == outcome(base58.b58decode, text)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5)),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=5), children, max_size=4)),
    max_leaves=25,
)


@PROPERTY
@given(json_values)
def test_copy_json_is_a_deep_copy(value):
    copied = copy_json(value)
    assert repr(copied) == repr(copy.deepcopy(value))
    stack = [(value, copied)]
    while stack:  # no container is shared with the original
        original, new = stack.pop()
        if isinstance(original, dict | list):
            assert original is not new
            members = (original.values(), new.values()) if isinstance(original, dict) \
                else (original, new)
            stack.extend(zip(*members, strict=True))
