"""Learned suggestions (issue 26, h-26n): what a credential's whole wording suggests by a
linear model trained on the tuned labelled sets — a suggestion below the met threshold, with
the words that weighed most, under the credential's kind of proof; its data validated."""

from __future__ import annotations

import importlib.util
import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_matching_rules import BACKEND, ROLES, fit, ob3

from screening.matching.scoring import DEFAULT_CONFIG, ScoringConfig
from screening.matching.skills import learned
from screening.matching.skills.extract import SkillClaim, claims_from_document
from screening.matching.skills.taxonomy import ESCO_SKILL, esco, normalise_text
from screening.session.saved import config_from_dict

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "screening" / "matching" / "skills" / "data" / "learned_concepts.toml"
UNTUNED = {"thirteenth"}  # benchmarks/data/README.md: never trained on

# Dutch database-design wording no curated table holds ("databanken", "ERD", "entiteiten")
DATABANKEN = ob3("Databanken I", description="Workshops databanken: een ERD tekenen, "
                 "entiteiten, attributen en relaties modelleren, normaliseren en het ontwerp "
                 "omzetten naar tabellen.", inLanguage="nl")


def _benchmark(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def toy(threshold: float = 0.5) -> learned.Model:
    """One concept (software testing) that the word 'zorblat' and the pair 'unit test' carry
    (a made-up tool name: no curated table knows it)."""
    return learned.Model(
        threshold=threshold, idf={"zorblat": 2.0, "unit test": 2.0, "garden": 1.0},
        concepts=(learned.Concept(
            "testing", "software testing",
            frozenset({ESCO_SKILL + "6a322874-e32f-4cd8-9683-badce67a7f73"}), -1.0,
            {"zorblat": 3.0, "unit test": 2.0, "garden": -4.0}),),
        trained_on=("toy",))


def claims(document: dict) -> tuple[SkillClaim, ...]:
    return claims_from_document(document, "c.json")


# -- the data --------------------------------------------------------------------------------

def test_the_model_is_trained_only_on_sets_already_tuned_on():
    names = set(_benchmark("matching_quality").SOURCED_SETS) | {"first"}
    trained_on = set(learned.model().trained_on)
    assert trained_on <= names - UNTUNED
    assert {"first", "heldout", "tenth"} <= trained_on


def test_the_models_concepts_are_the_tables_and_every_one_has_weights():
    table = tomllib.loads(TABLE.read_text(encoding="utf-8"))["concept"]
    model = learned.model()
    assert {c.name for c in model.concepts} == set(table)
    for concept in model.concepts:
        assert concept.label == table[concept.name]["label"]
        assert concept.skills == {s.lower() for s in table[concept.name]["skills"]}
        assert concept.weights and set(concept.weights) <= set(model.idf)
    assert 0.5 <= model.threshold < 1


def test_each_concept_stands_for_exactly_the_requirements_its_labels_name():
    """A concept suggests the bundled roles' requirements that the labelled sets' concept
    table maps it to, and no other."""
    labels = tomllib.loads((ROOT / "benchmarks" / "matching_eval" / "credentials.toml")
                           .read_text(encoding="utf-8"))["concepts"]
    for concept in learned.model().concepts:
        meets = {f"{role.id}/{r.id}" for role in ROLES.values() for r in role.requirements
                 if any((m.id or "").lower() in concept.skills
                        or m.label.lower() in concept.skills for m in r.skills)}
        assert meets == set(labels[concept.name]), concept.name


def test_every_esco_skill_of_a_concept_is_in_the_bundled_taxonomy():
    taxonomy = esco()
    for concept in learned.model().concepts:
        for skill in concept.skills:
            if skill.startswith(ESCO_SKILL):
                assert taxonomy.get(skill) is not None, (concept.name, skill)


# -- features ----------------------------------------------------------------------------------

def test_words_are_lemmatised_in_english_and_stemmed_in_the_credentials_language():
    assert [w for w, _ in learned.words("Tests and testing", "en")] == ["test", "and", "test"]
    polish = [w for w, _ in learned.words("testowanie testowania", "pl")]
    assert polish[0] == polish[1]
    german = dict(learned.words("Die Krankenpflege", "de"))
    assert "die" not in german  # an article links words, it carries none
    counts = learned.features(["unit tests with zorblat"], "en")
    assert counts["unit test"] == 1 and counts["zorblat"] == 1


def test_the_vector_is_normalised_over_the_vocabulary_and_empty_without_known_words():
    x = learned.vector(Counter({"zorblat": 2, "unknown": 5}), {"zorblat": 2.0, "garden": 1.0})
    assert x == {"zorblat": pytest.approx(1.0)}
    assert learned.vector(Counter({"unknown": 1}), {"zorblat": 1.0}) == {}


# -- suggestions -------------------------------------------------------------------------------

def test_a_concept_above_the_threshold_is_suggested_with_its_heaviest_words_as_written():
    found = learned.suggestions(claims(ob3("Course", description="We write unit tests "
                                                "with Zorblat.")), toy())
    assert [s.concept.name for s in found] == ["testing"]
    assert found[0].probability > 0.5
    assert found[0].words[0] == "zorblat"  # heaviest first
    assert "unit tests" in found[0].words


def test_wording_against_a_concept_or_below_the_threshold_suggests_nothing():
    assert learned.suggestions(claims(ob3("Garden design", description="garden zorblat")),
                               toy()) == []
    assert learned.suggestions(claims(ob3("Zorblat")), toy(threshold=0.999)) == []


def test_a_learned_match_is_a_suggestion_for_the_requirements_its_concept_stands_for():
    matches = learned.learned_matches(claims(ob3("Zorblat", description="unit tests")),
                                      BACKEND, learned=toy())
    assert [m.requirement for m in matches] == ["testing"]
    match = matches[0]
    assert match.name_source == learned.LEARNED
    assert match.confidence == learned.LEARNED_CONFIDENCE < DEFAULT_CONFIG.met_threshold
    assert match.claim.source == "description"
    assert learned.learned_matches(claims(ob3("Zorblat")), ROLES["registered-nurse"],
                                   learned=toy()) == []


def test_a_model_survives_its_data_file():
    model = toy()
    again = learned.load(json.dumps(learned.as_dict(model)))
    assert (again.threshold, again.idf, again.concepts, again.trained_on) == \
        (model.threshold, model.idf, model.concepts, model.trained_on)
    assert again.digest


# -- in the fit --------------------------------------------------------------------------------

def test_wording_no_table_knows_adds_points_but_never_meets_the_requirement_alone():
    """Failing first: "databanken", "ERD", "entiteiten" name database design in words the
    curated tables do not hold; the model suggests it."""
    curated = fit(DATABANKEN, role=BACKEND)
    without = fit(DATABANKEN, role=BACKEND, config=ScoringConfig(learned_suggestions=False))
    assert "databases" not in {c.requirement for c in without.contributions if c.points > 0}
    databases = [c for c in curated.contributions if c.requirement == "databases"]
    assert databases and databases[0].name_source == learned.LEARNED
    assert databases[0].points > 0
    assert "databanken" in databases[0].reason  # a word that weighed, as written
    status = {r.id: r.status for r in curated.requirements}
    assert status["databases"] != "met"


def test_an_attended_course_with_that_wording_only_suggests(monkeypatch):
    monkeypatch.setattr(learned, "model", toy)
    taught = ob3("Workshop", description="Zorblat in practice.")
    attended = ob3("Workshop", description="Attended a one-day workshop on Zorblat; there "
                                           "was no assessment.")
    assert [c.points > 0 for c in fit(taught, role=BACKEND).contributions
            if c.name_source == learned.LEARNED] == [True]
    suggested = [c for c in fit(attended, role=BACKEND).contributions
                 if c.name_source == learned.LEARNED]
    assert suggested and all(c.points == 0 and not c.decides for c in suggested)


def test_turning_the_suggestions_off_removes_them_and_changes_the_configuration():
    off = ScoringConfig(learned_suggestions=False)
    assert off.digest != DEFAULT_CONFIG.digest
    assert DEFAULT_CONFIG.to_dict()["learned_model"] == learned.model().digest
    assert off.to_dict()["learned_model"] is None
    assert config_from_dict(off.to_dict()) == off


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["en", "de", "pl", "it", None]))
def test_any_text_is_read_and_every_word_shown_is_the_credentials_own(text, language):
    document = ob3("x", description=text or None, **({"inLanguage": language} if language
                                                      else {}))
    found = learned.suggestions(claims(document))
    written = normalise_text(" ".join(c.text for c in claims(document)))
    for suggestion in found:
        assert suggestion.probability > learned.model().threshold
        assert all(word in written for word in suggestion.words)



def test_the_trainer_writes_a_model_the_product_reads():
    """benchmarks/train_learned_matcher.py on a handful of texts: the concept it saw in its
    positives is suggested for a new text with their words, not for one without."""
    trainer = _benchmark("train_learned_matcher")

    def text(words: str, truth: set[str]):
        return trainer.Text("toy", learned.features([words], "en"), frozenset(truth),
                            frozenset(), frozenset(), frozenset(), frozenset(), None)
    texts = [text("zorblat unit tests", {"testing"}), text("zorblat test suites", {"testing"}),
             text("wound dressing", set()), text("garden design", set()),
             text("wound care", {"wound-care"}), text("wound healing", {"wound-care"})]
    model = learned.load(json.dumps(learned.as_dict(
        trainer.train(texts, ["toy"], threshold=0.5))))
    assert model.trained_on == ("toy",)
    suggest = {s.concept.name for s in learned.suggestions(claims(ob3("zorblat tests")), model)}
    assert "testing" in suggest and "wound-care" not in suggest
    assert not learned.suggestions(claims(ob3("garden design")), model)
