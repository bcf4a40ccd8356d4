"""screening.verify.proofs.jcs is byte-identical to the rfc8785 package (and raises what it raises).

    SCREENING_JCS_EXAMPLES=10000 python -m pytest -q tests/verify/test_jcs.py
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import rfc8785
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.verify.proofs import jcs

EXAMPLES = int(os.environ.get("SCREENING_JCS_EXAMPLES", "300"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# every plane, including lone surrogates, controls, U+2028/9, U+E000..U+FFFF vs astral
characters = st.one_of(
    st.characters(codec=None),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, categories=["Cs"]),
    st.characters(min_codepoint=0xE000, max_codepoint=0xFFFF),
    st.characters(min_codepoint=0x10000),
    st.sampled_from(['"', "\\", "\b", "\f", "\n", "\r", "\t", "\x00", "\x1f", "\x7f",
                     "\u2028", "\u2029", "\ufeff", "é", "€"]),
)
text = st.text(characters, max_size=8)
numbers = st.one_of(
    st.integers(),
    st.integers(-(2**53) - 2, 2**53 + 2),
    st.sampled_from([2**53 - 1, 2**53, -(2**53) + 1, -(2**53), 0, -1]),
    st.floats(),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e22, max_value=1e22),
    st.sampled_from([0.0, -0.0, 1.0, 1e21, 1e-7, 1e-6, 0.000001, 123456789012345680000.0,
                     5e-324, 1.7976931348623157e308, 0.1, -2.5, 1e16, 1e15 + 0.5]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, text)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(text, children, max_size=5)),
    max_leaves=20,
)


def outcome(function: Any, value: Any) -> Any:
    try:
        return function(value)
    except Exception as exc:  # the same error type, or the same bytes
        return type(exc)


@PROPERTY
@given(json_values)
def test_same_bytes_as_rfc8785(value):
    assert outcome(jcs.dumps, value) == outcome(rfc8785.dumps, value)


@PROPERTY
@given(st.dictionaries(text, scalars, min_size=2, max_size=8))
def test_key_order_is_utf16_order(value):
    assert outcome(jcs.dumps, value) == outcome(rfc8785.dumps, value)


@pytest.mark.parametrize("value", [
    {"\U0001f600": 1, "\uff61": 2, "a": 3},  # astral after U+FF61 in code points, not UTF-16
    {"n": 1.0}, {"n": -0.0}, {"n": 1e-7}, {"n": 1e21}, {"n": 2**53}, {"n": float("nan")},
    {"s": "\ud800"}, {"t": (1, 2)}, {1: "non-string key"},
])
def test_edge_cases_fall_back_to_rfc8785(value):
    assert outcome(jcs.dumps, value) == outcome(rfc8785.dumps, value)


def test_credentials_take_the_fast_path():
    from factories import open_badge

    assert jcs._encoder_agrees(open_badge())
    assert jcs.dumps(open_badge()) == rfc8785.dumps(open_badge())
