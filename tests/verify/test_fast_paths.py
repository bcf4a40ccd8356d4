"""Shortcuts taken for speed give what the plain code gives, for any input: the text
cleaners of screening/text.py, the nesting check of the verification budget and the two
pyld predicates replaced in screening/verify/jsonld/pyld_quiet.py.

    SCREENING_JCS_EXAMPLES=10000 python -m pytest -q tests/verify/test_fast_paths.py
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening import text
from screening.text import clean_text, storable_json
from screening.verify.budget import nesting_exceeds
from screening.verify.jsonld import pyld_quiet

EXAMPLES = int(os.environ.get("SCREENING_JCS_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Every character the cleaners treat specially, mixed with ordinary and astral text.
SPECIAL = sorted({*text._DISPLAY_TABLE, 0x1B, 0x9B, 0x20, 0x5B, 0x5C, 0x75, 0x30})
texts = st.text(st.one_of(st.sampled_from([chr(c) for c in SPECIAL]),
                          st.characters(codec=None)), max_size=40)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), texts),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(texts, inner, max_size=4)),
    max_leaves=20)


def slow_clean_text(value: str, max_chars: int = text.MAX_DISPLAY_CHARS) -> str:
    cleaned = text._SPACES.sub(" ", text._ESCAPES.sub("", value).translate(
        text._DISPLAY_TABLE)).strip()
    return text.cap(cleaned, max_chars)


def slow_storable_json(value: Any) -> Any:
    if isinstance(value, str):
        return text.storable_text(value)
    if isinstance(value, dict):
        return {slow_storable_json(k): slow_storable_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [slow_storable_json(v) for v in value]
    return value


@SETTINGS
@given(texts)
def test_clean_text_equals_the_full_cleaning(value: str) -> None:
    assert clean_text(value) == slow_clean_text(value)


@SETTINGS
@given(json_values)
def test_storable_json_equals_the_full_walk(value: Any) -> None:
    assert storable_json(value) == slow_storable_json(value)


@SETTINGS
@given(json_values)
def test_storable_json_returns_the_same_object_when_nothing_changes(value: Any) -> None:
    if slow_storable_json(value) == value:
        assert storable_json(value) is value


def test_a_nul_or_lone_surrogate_anywhere_is_replaced() -> None:
    for bad in ("\x00", "\ud800", "a\udfffb"):
        assert "\ufffd" in str(storable_json({"a": [{"b": bad}]}))
        assert "\ufffd" in str(storable_json({bad: 1}))
    # an escaped backslash before "u0000" is text, not a NUL: kept as it is
    assert storable_json({"a": "\\u0000"}) == {"a": "\\u0000"}


def depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    return 0


@SETTINGS
@given(json_values, st.integers(min_value=1, max_value=6))
def test_nesting_exceeds_is_depth_above_the_limit(value: Any, limit: int) -> None:
    assert nesting_exceeds(value, limit) == (depth(value) > limit)


def test_nesting_exceeds_on_deep_input_without_recursion() -> None:
    deep: Any = []
    for _ in range(100_000):
        deep = [deep]
    assert nesting_exceeds(deep, 64)
    assert not nesting_exceeds([[{"a": [1]}]], 4) and nesting_exceeds([[{"a": [1]}]], 3)


iri_like = st.one_of(
    st.from_regex(r"[A-Za-z_@][A-Za-z0-9+.\-]{0,6}:[^\s]{0,8}", fullmatch=True),
    st.text(max_size=12), st.sampled_from(pyld_quiet.KEYWORDS), st.integers(), st.none(),
    st.lists(st.text(max_size=3), max_size=2))


@SETTINGS
@given(iri_like)
def test_pyld_predicates_answer_as_pyld_s_own(value: Any) -> None:
    fast, pyld = pyld_quiet._is_absolute_iri(value), pyld_quiet.PYLD_IS_ABSOLUTE_IRI(value)
    assert type(fast) is type(pyld) and bool(fast) == bool(pyld)
    if fast:
        assert fast.group(0) == pyld.group(0)
    assert pyld_quiet._is_keyword(value) == pyld_quiet.PYLD_IS_KEYWORD(value)
    assert pyld_quiet.jsonld._is_absolute_iri is pyld_quiet._is_absolute_iri


components = st.fixed_dictionaries(
    {"type": st.sampled_from(["blank node", "IRI", "literal"]),
     "value": st.sampled_from(["_:b0", "_:b1", "https://example.org/x", "text"])},
    optional={"datatype": st.just("http://www.w3.org/2001/XMLSchema#string"),
              "language": st.just("en")})


@SETTINGS
@given(components, st.sampled_from(["_:b0", "_:b1"]))
def test_rdfc_component_copy_equals_pyld_s_deep_copy(component: Any, id_: str) -> None:
    from screening.verify.jsonld.processing import _BoundedRdfc
    from screening.verify.jsonld.pyld_quiet import URDNA2015

    before = dict(component)
    ours = _BoundedRdfc().modify_first_degree_component(id_, component, "subject")
    assert ours == URDNA2015().modify_first_degree_component(id_, component, "subject")
    assert component == before  # the quad itself is never changed


def _refuse(name: str) -> Any:
    raise ValueError(name)


def _outcome(parse: Any, data: Any) -> Any:
    try:
        return ("ok", parse(data))
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError
        return ("error", type(exc).__name__ if not isinstance(exc, ValueError) else "value")


json_texts = st.one_of(
    json_values.map(lambda v: __import__("json").dumps(v, allow_nan=True)),
    st.sampled_from(["NaN", "[Infinity]", '{"a": -Infinity}', "\ufeff{}", "[1, 2", "{}"]),
    st.text(max_size=20))


@SETTINGS
@given(json_texts, st.booleans())
def test_strict_json_parsing_equals_json_loads(text: str, as_bytes: bool) -> None:
    import json

    from screening.verify.jsonparse import loads_strict

    data: Any = text.encode("utf-8", "surrogatepass") if as_bytes else text
    expected = _outcome(lambda d: json.loads(d, parse_constant=_refuse), data)
    assert _outcome(loads_strict, data) == expected


@SETTINGS
@given(json_values, st.integers(min_value=1, max_value=6))
def test_too_deep_equals_the_nesting_walk(value: Any, limit: int) -> None:
    import json

    from screening.verify.jsonparse import too_deep

    text = json.dumps(value)
    assert too_deep(text, value, limit) == nesting_exceeds(value, limit)
    assert too_deep(text.encode(), value, limit) == nesting_exceeds(value, limit)
