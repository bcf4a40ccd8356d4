"""The matcher's names are compiled lazily behind a substring test (`skills/literal.py`):
the answers must be exactly those of the compiled expressions, and a role's cached hash
must never travel to another process."""

from __future__ import annotations

import pickle
import re

from hypothesis import given
from hypothesis import strategies as st

from screening.matching.skills import lexicon, stems
from screening.matching.skills.literal import Literal
from screening.session.samples import sample_roles

WORDS = st.sampled_from(["data", "analysis", "python", "go", "c#", "c++", "sql", "r",
                         "to", "market", "-", " ", ".", "analyse", "datenanalyse",
                         "wondzorg", "zorg", "ciberseguridad", "réseaux"])
TEXTS = st.lists(WORDS, max_size=12).map("".join)
NAMES = st.lists(WORDS, min_size=1, max_size=3).map(" ".join).map(str.strip) \
    .filter(bool)


@given(NAMES, TEXTS)
def test_a_name_pattern_answers_as_its_compiled_expression(name: str, text: str) -> None:
    lazy = lexicon.name_pattern(name)
    compiled = re.compile(lazy.source)
    assert bool(lazy.search(text)) == bool(compiled.search(text))
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in
                                                       compiled.finditer(text)]
    assert lazy.sub(" | ", text) == compiled.sub(" | ", text)


@given(st.sampled_from(["de", "nl", "it", "pl"]), NAMES, TEXTS)
def test_a_stem_pattern_answers_as_its_compiled_expression(language: str, name: str,
                                                           text: str) -> None:
    lazy = stems.stem_pattern(lexicon.key(name), language)
    if lazy is None:
        return
    stemmed = stems.stem_key(text, language)
    assert bool(lazy.search(stemmed)) == bool(re.search(lazy.source, stemmed))


def test_a_literal_is_not_compiled_until_a_text_contains_it() -> None:
    pattern = Literal("data analysis", r"(?<!\w)data analysis(?!\w)")
    assert pattern.search("statistics and modelling") is None
    assert pattern._compiled is None
    assert pattern.search("data analysis in r") is not None
    assert pattern._compiled is not None
    assert pattern.search("big data analysisX") is None  # whole words, as compiled


def test_a_pickled_role_does_not_carry_its_hash() -> None:
    role = sample_roles()["backend-engineer"]
    hash(role)
    assert "_hash" in role.__dict__
    copy = pickle.loads(pickle.dumps(role))
    assert "_hash" not in copy.__dict__
    assert copy == role and hash(copy) == hash(role)
    assert {role: 1}[copy] == 1
