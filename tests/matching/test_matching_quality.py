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
    specs = bench.load_heldout()
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


def test_fresh_set_is_sourced_labelled_multilingual_and_new():
    bench = _benchmark()
    specs = bench.load_fresh()
    concepts = bench.load()[0]["concepts"]
    assert len(specs) >= 130
    assert len({s["id"] for s in specs}) == len(specs)
    languages = [s["lang"] for s in specs]
    assert languages.count("en") >= 50
    for lang in ("de", "fr", "es", "it", "pt", "nl", "pl"):
        assert languages.count(lang) >= 10, lang
    kinds = {k for s in specs for k in s["kinds"]}
    assert kinds >= {"vendor-cert", "implied", "tool-vs-practice", "negation", "short-lang",
                     "attendance", "cross-domain", "plain"}
    roles = {pair.split("/")[0] for s in specs for c in s["truth"] for pair in concepts[c]}
    assert roles == {"backend-engineer", "cloud-security-engineer", "data-analyst",
                     "registered-nurse"}
    assert any(not s["truth"] for s in specs)  # texts that should match nothing
    # a fresh set: no page of the held-out set is reused
    heldout = {s["source"].rstrip("/") for s in bench.load_heldout()}
    for spec in specs:
        assert spec["source"].startswith(("http://", "https://")), spec["id"]
        assert spec["source"].rstrip("/") not in heldout, spec["id"]
        labels = spec["truth"] + spec["must_not"] + spec.get("unsure", [])
        assert all(label in concepts for label in labels), spec["id"]
        assert not set(spec["truth"]) & set(spec["must_not"]), spec["id"]
        assert not set(spec["truth"]) & set(spec.get("unsure", [])), spec["id"]


def test_final_set_is_sourced_labelled_multilingual_and_new():
    bench = _benchmark()
    specs = bench.load_final()
    concepts = bench.load()[0]["concepts"]
    assert len(specs) >= 130
    assert len({s["id"] for s in specs}) == len(specs)
    languages = [s["lang"] for s in specs]
    assert languages.count("en") >= 50
    for lang in ("de", "fr", "es", "it", "pt", "nl", "pl"):
        assert languages.count(lang) >= 10, lang
    kinds = [k for s in specs for k in s["kinds"]]
    assert set(kinds) >= {"vendor-cert", "implied", "tool-vs-practice", "negation",
                          "short-lang", "attendance", "cross-domain", "plain"}
    for kind in ("negation", "short-lang", "attendance"):
        assert kinds.count(kind) >= 6, kind
    roles = {pair.split("/")[0] for s in specs for c in s["truth"] for pair in concepts[c]}
    assert roles == {"backend-engineer", "cloud-security-engineer", "data-analyst",
                     "registered-nurse"}
    assert any(not s["truth"] for s in specs)  # texts that should match nothing
    # a new set: no page of the held-out or the fresh set is reused, and none twice here
    earlier = {s["source"].rstrip("/") for s in bench.load_heldout() + bench.load_fresh()}
    sources = [s["source"].rstrip("/") for s in specs]
    assert len(set(sources)) == len(sources)
    for spec in specs:
        assert spec["source"].startswith(("http://", "https://")), spec["id"]
        assert spec["source"].rstrip("/") not in earlier, spec["id"]
        labels = spec["truth"] + spec["must_not"] + spec.get("unsure", [])
        assert all(label in concepts for label in labels), spec["id"]
        assert not set(spec["truth"]) & set(spec["must_not"]), spec["id"]
        assert not set(spec["truth"]) & set(spec.get("unsure", [])), spec["id"]


def test_final_set_is_offered_on_the_command_line(monkeypatch):
    bench = _benchmark()
    called = []
    monkeypatch.setattr(bench, "evaluate_final",
                        lambda **_: called.append("final") or {"precision": 1.0, "recall": 1.0})
    assert bench.main(["--set", "final"]) == 0
    assert called == ["final"]
