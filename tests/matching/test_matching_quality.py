"""The labelled evaluation set keeps its promises: enough credentials, several languages,
every framework, and precision and recall of skill extraction at least 0.95."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _benchmark():
    spec = importlib.util.spec_from_file_location(
        "matching_quality", ROOT / "benchmarks" / "matching_quality.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["matching_quality"] = module
    spec.loader.exec_module(module)
    return module


def test_evaluation_set_covers_languages_and_frameworks():
    bench = _benchmark()
    credentials, candidates = bench.load()
    specs = credentials["credential"]
    assert len(specs) >= 60
    assert {s["lang"] for s in specs} >= {"en", "de", "fr", "es"}
    aligned = [a for s in specs for a in s.get("alignment", [])]
    frameworks = {a["framework"].split()[0] for a in aligned}
    assert {"ESCO", "O*NET", "O*NET-SOC"} <= frameworks
    assert any("descriptor" in a.get("url", "") for a in aligned)
    assert any(c.get("copied") for c in candidates["candidate"])
    assert len({s["id"] for s in specs}) == len(specs)


@pytest.mark.slow
def test_precision_and_recall_at_least_095():
    result = _benchmark().evaluate(quiet=True)
    assert result["precision"] >= 0.95, result["misses"]
    assert result["recall"] >= 0.95, result["misses"]
    assert all(tau > 0 for tau in result["tau"].values())


def test_heldout_set_is_sourced_labelled_and_multilingual():
    bench = _benchmark()
    specs = bench.load_set("heldout")
    concepts = bench.load()[0]["concepts"]
    assert len(specs) >= 120
    assert len({s["id"] for s in specs}) == len(specs)
    languages = [s["lang"] for s in specs]
    for lang in ("de", "fr", "es", "it", "pt", "nl", "pl"):
        assert languages.count(lang) >= 10, lang
    for spec in specs:
        assert spec["source"].startswith(("http://", "https://")), spec["id"]
        labels = spec["truth"] + spec["must_not"] + spec.get("unsure", [])
        assert all(label in concepts for label in labels), spec["id"]
        assert not set(spec["truth"]) & set(spec["must_not"]), spec["id"]


KINDS = {"vendor-cert", "implied", "tool-vs-practice", "negation", "short-lang",
         "attendance", "cross-domain", "plain"}
ROLES = {"backend-engineer", "cloud-security-engineer", "data-analyst", "registered-nurse"}


def assert_a_new_labelled_set(specs: list[dict], concepts: dict, earlier: set[str], *,
                              at_least: dict[str, int] | None = None,
                              unique_sources: bool = False, english: int = 50) -> None:
    """A sourced, labelled, multilingual set whose pages none of the `earlier` sets used:
    ≥ 130 texts, ≥ 50 English (`english`) and ≥ 10 in each other language, every kind of difficulty,
    every bundled role, some texts that match nothing, labels that are known concepts and
    never both true and must-not (or unsure)."""
    assert len(specs) >= 130
    assert len({s["id"] for s in specs}) == len(specs)
    languages = [s["lang"] for s in specs]
    assert languages.count("en") >= english
    for lang in ("de", "fr", "es", "it", "pt", "nl", "pl"):
        assert languages.count(lang) >= 10, lang
    kinds = [k for s in specs for k in s["kinds"]]
    assert set(kinds) >= KINDS
    for kind, count in (at_least or {}).items():
        assert kinds.count(kind) >= count, kind
    roles = {pair.split("/")[0] for s in specs for c in s["truth"] for pair in concepts[c]}
    assert roles == ROLES
    assert any(not s["truth"] for s in specs)  # texts that should match nothing
    sources = [s["source"].rstrip("/") for s in specs]
    if unique_sources:
        assert len(set(sources)) == len(sources)
    for spec, source in zip(specs, sources, strict=True):
        assert spec["source"].startswith(("http://", "https://")), spec["id"]
        assert source not in earlier, spec["id"]
        labels = spec["truth"] + spec["must_not"] + spec.get("unsure", [])
        assert all(label in concepts for label in labels), spec["id"]
        assert not set(spec["truth"]) & set(spec["must_not"]), spec["id"]
        assert not set(spec["truth"]) & set(spec.get("unsure", [])), spec["id"]


def sources_of(specs: list[dict]) -> set[str]:
    return {s["source"].rstrip("/") for s in specs}


def test_fresh_set_is_sourced_labelled_multilingual_and_new():
    bench = _benchmark()
    assert_a_new_labelled_set(bench.load_set("fresh"), bench.load()[0]["concepts"],
                              sources_of(bench.load_set("heldout")))


# vendor exam pages not used by an earlier set ran short from the tenth on (README)
VENDOR_CERTS = {"tenth": 20, "eleventh": 20, "twelfth": 15, "thirteenth": 15}


def test_final_set_is_sourced_labelled_multilingual_and_new():
    bench = _benchmark()
    assert_a_new_labelled_set(
        bench.load_set("final"), bench.load()[0]["concepts"],
        sources_of(bench.load_set("heldout") + bench.load_set("fresh")),
        at_least={"negation": 6, "short-lang": 6, "attendance": 6}, unique_sources=True)


@pytest.mark.parametrize("name", ["final", "fifth", "sixth", "seventh", "eighth", "ninth",
                                  "tenth", "eleventh", "twelfth", "thirteenth"])
def test_each_untuned_set_is_offered_on_the_command_line(monkeypatch, name):
    bench = _benchmark()
    called = []
    monkeypatch.setattr(bench, "evaluate_set",
                        lambda set_name, **_: called.append(set_name)
                        or {"precision": 1.0, "recall": 1.0})
    assert bench.main(["--set", name]) == 0
    assert called == [name]


@pytest.mark.parametrize("name", ["fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                                  "eleventh", "twelfth", "thirteenth"])
def test_the_later_sets_are_sourced_labelled_multilingual_and_new(name):
    bench = _benchmark()
    earlier = ["heldout", "fresh", "final", "fifth", "sixth", "seventh", "eighth", "ninth",
               "tenth", "eleventh", "twelfth", "thirteenth"]
    before = [s for n in earlier[:earlier.index(name)] for s in bench.load_set(n)]
    specs = bench.load_set(name)
    assert_a_new_labelled_set(
        specs, bench.load()[0]["concepts"], sources_of(before),
        at_least={"negation": 10, "short-lang": 10, "attendance": 10,
                  "vendor-cert": VENDOR_CERTS.get(name, 25)},
        unique_sources=True, english=48 if name == "eleventh" else 50)
    languages = [s["lang"] for s in specs]
    # per-language figures on ≥ 14 texts (13 Italian in the ninth: one text was dropped
    # because its description was not the page's words; 12 Dutch in the eleventh, as its
    # writer was asked for; 13 Spanish, Italian, Portuguese and Polish in the twelfth, as
    # asked; benchmarks/data/README.md)
    fewer = {("ninth", "it"): 13, ("eleventh", "nl"): 12,
             **{("twelfth", lang): 13 for lang in ("es", "it", "pt", "pl")}}
    for lang in ("de", "fr", "es", "it", "pt", "nl", "pl"):
        assert languages.count(lang) >= fewer.get((name, lang), 14), lang
