"""The term table (screening/verify/jsonld/terms.py) agrees with pyld's expansion.

Whenever the fast check answers (rather than "don't know"), its problems must be exactly
what the full expansion reports, as a multiset: for every credential the tests mint, every
JSON document in ../shared/conformance, and generated documents over the bundled contexts.
CI runs a bounded number of generated documents; the long run (docs/benchmarks.md) is

    SCREENING_TERMS_EXAMPLES=10000 python -m pytest -q tests/verify/test_terms.py -k generated
"""

from __future__ import annotations

import copy
import json
import os
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conformance_data import CONFORMANCE, conformance_store
from factories import OB3_CONTEXTS, UNIVERSITY, open_badge, vc11_credential
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.contexts import load_manifest, read_document
from screening.testing.signing import sign
from screening.verify.jsonld.dataloss import DataLossError
from screening.verify.jsonld.processing import Canonicalizer, ContextStore, context_urls
from screening.verify.proofs.inputs import unsecured_document

EXAMPLES = int(os.environ.get("SCREENING_TERMS_EXAMPLES", "150"))
ROOT = Path(__file__).resolve().parents[2]


def pyld_answer(canon: Canonicalizer, document: Any) -> Any:
    """What the full expansion reports: sorted problems, or "error"."""
    try:
        canon._expand_uncached(copy.deepcopy(document))
    except DataLossError as exc:
        return sorted(exc.problems)
    except Exception:
        return "error"
    return []


def agree(canon: Canonicalizer, document: Any) -> bool:
    """Assert agreement; True when the table answered (False: it said "don't know")."""
    fast = canon._terms.check(document)
    if fast is None:
        return False
    expected = pyld_answer(canon, document)
    assert expected != "error", f"fast path answered {fast} where pyld fails"
    assert Counter(fast) == Counter(expected), (fast, expected)
    return True


def canonicalizers(store: ContextStore, document: Any) -> list[Canonicalizer]:
    urls = context_urls(document)
    if any(not store.knows(u) for u in urls):
        return []
    return [store.canonicalizer(choice) for choice in store.revision_choices(urls)]


def json_documents(root: Path) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".json", ".jsonld") or not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        for i, doc in enumerate(embedded_documents(data)):
            found.append((f"{path.relative_to(root)}#{i}", doc))
    return found


def embedded_documents(data: Any) -> list[dict[str, Any]]:
    """The document and the credentials inside a presentation, as the pipeline sees them."""
    if not isinstance(data, dict) or "@context" not in data:
        return []
    found = [unsecured_document(data, [])]
    inner = data.get("verifiableCredential")
    for item in inner if isinstance(inner, list) else [inner]:
        found += embedded_documents(item)
    return found


@cache
def bundled() -> ContextStore:
    return ContextStore.bundled()


def minted_documents() -> list[dict[str, Any]]:
    ed2020 = "https://w3id.org/security/suites/ed25519-2020/v1"
    docs = [open_badge(), vc11_credential(), open_badge(extra="undefined at top level"),
            open_badge(**{"@context": [*OB3_CONTEXTS, ed2020]})]
    badge = open_badge()
    badge["credentialSubject"]["achievement"]["notInTheContext"] = "x"
    badge["credentialSubject"]["achievement"]["type"] = ["Achievement", "NoSuchClass"]
    docs.append(badge)
    relative = open_badge()
    relative["credentialSubject"]["id"] = "relative/path"
    docs.append(relative)
    for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022"):
        signed = sign(open_badge(), UNIVERSITY, suite=suite)
        docs.append(unsecured_document(signed, []))
        docs.append({k: v for k, v in signed["proof"].items() if k != "proofValue"}
                    | {"@context": signed["@context"]})  # a proof configuration
    return docs


def test_minted_credentials_agree_and_are_answered_by_the_table():
    canon = bundled().canonicalizer()
    for doc in minted_documents():
        assert agree(canon, doc), doc


def test_undefined_terms_are_found_by_the_table():
    canon = bundled().canonicalizer()
    badge = open_badge()
    badge["credentialSubject"]["achievement"]["notInTheContext"] = "x"
    badge["credentialSubject"]["favourite"] = "tea"
    doc = {**vc11_credential(), "extra": 1}
    assert canon._terms.check(doc) == ["term 'extra' is not defined"]
    problems = canon._terms.check(badge)
    assert sorted(problems) == pyld_answer(canon, badge) == [
        "term 'favourite' is not defined", "term 'notInTheContext' is not defined"]
    no_vocab = {**vc11_credential(), "type": ["VerifiableCredential", "Mystery"]}
    assert canon._terms.check(no_vocab) == ["type 'Mystery' is not defined"]


def test_audit_mode_is_read_when_asked_and_logs_a_disagreement(monkeypatch, tmp_path):
    """SCREENING_TERMS_AUDIT is read per answer (settings.terms_audit_log), not at import:
    a test sets it, and a disagreement with the full expansion lands in the file."""
    canon = bundled().canonicalizer()
    doc = {**vc11_credential(), "extra": 1}
    log = tmp_path / "audit.log"
    monkeypatch.setattr(canon._terms, "_expand", lambda document: [])  # "nothing lost"
    monkeypatch.delenv("SCREENING_TERMS_AUDIT", raising=False)
    assert canon._terms.check(doc) == ["term 'extra' is not defined"]
    assert not log.exists()
    monkeypatch.setenv("SCREENING_TERMS_AUDIT", str(log))
    assert canon._terms.check(doc) == ["term 'extra' is not defined"]
    entry = json.loads(log.read_text(encoding="utf-8"))
    assert entry["fast"] == ["term 'extra' is not defined"] and entry["pyld"] == []


def test_a_remembered_node_answers_for_its_own_context_only():
    canon = bundled().canonicalizer()
    subject = {"id": "did:example:candidate-9", "description": "x"}
    v2 = {"@context": ["https://www.w3.org/ns/credentials/v2"],
          "type": ["VerifiableCredential"], "issuer": "did:example:issuer",
          "credentialSubject": subject}  # VC 2.0 defines description, VC 1.1 does not
    v11 = {**vc11_credential(), "credentialSubject": copy.deepcopy(subject)}
    for serial in range(3):  # after the first time, the subject's node is remembered
        assert agree(canon, {**v2, "id": f"urn:uuid:{serial}"})
        assert canon._terms.check(v2) == []
        assert agree(canon, {**v11, "id": f"urn:uuid:{serial}"})
        assert canon._terms.check(v11) == ["term 'description' is not defined"]
    badge = open_badge()  # a remembered achievement, then the same one with a new member
    assert canon._terms.check(badge) == canon._terms.check(copy.deepcopy(badge)) == []
    badge["credentialSubject"]["achievement"]["criteria"]["notInTheContext"] = "x"
    assert canon._terms.check(badge) == ["term 'notInTheContext' is not defined"]


def test_check_terms_raises_what_expand_raises():
    canon = bundled().canonicalizer()
    doc = {**vc11_credential(), "extra": 1}
    with pytest.raises(DataLossError) as fast:
        canon.check_terms(doc)
    with pytest.raises(DataLossError) as full:
        canon.expand(doc)
    assert fast.value.problems == full.value.problems
    canon.check_terms(open_badge())  # every term defined: no exception


@pytest.mark.conformance
@pytest.mark.parametrize("store_name", ["bundled", "conformance"])
def test_every_conformance_document_agrees(store_name):
    store = bundled() if store_name == "bundled" else conformance_store()
    answered = total = 0
    for name, doc in json_documents(CONFORMANCE):
        for canon in canonicalizers(store, doc):
            total += 1
            try:
                answered += agree(canon, doc)
            except AssertionError as exc:
                raise AssertionError(f"{name}: {exc}") from exc
    assert total > 50
    assert answered > total // 3, (answered, total)  # the table answers most of them


def test_every_sample_document_agrees():
    answered = 0
    documents = json_documents(ROOT / "sample_data")
    for _name, doc in documents:
        for canon in canonicalizers(bundled(), doc):
            answered += agree(canon, doc)
    assert answered > 0


# -- generated documents over the bundled contexts ------------------------------------

def _context_terms(urls: set[str] | None = None) -> tuple[list[str], list[str]]:
    """(property-like terms, class-like terms) defined anywhere in the bundled contexts
    (or those of `urls`), including scoped contexts."""
    props: set[str] = set()
    classes: set[str] = set()

    def visit(ctx: Any) -> None:
        if isinstance(ctx, list):
            for c in ctx:
                visit(c)
        if not isinstance(ctx, dict):
            return
        for term, definition in ctx.items():
            if term.startswith("@"):
                continue
            (classes if term[:1].isupper() else props).add(term)
            if isinstance(definition, dict) and "@context" in definition:
                visit(definition["@context"])

    for entry in load_manifest():
        if urls is not None and entry.url not in urls:
            continue
        visit(json.loads(read_document(entry)).get("@context"))
    return sorted(props), sorted(classes)


PROPS, CLASSES = _context_terms()
OWN_TERMS = [  # the terms of the VC 1.1 and of the OB 3.0 credentials edited below
    _context_terms({"https://www.w3.org/2018/credentials/v1",
                    "https://w3id.org/security/suites/ed25519-2020/v1"}),
    _context_terms({*OB3_CONTEXTS}),
]
CONTEXT_URLS = sorted({e.url for e in load_manifest()})
BASE_CONTEXTS = [
    ["https://www.w3.org/ns/credentials/v2"],
    ["https://www.w3.org/2018/credentials/v1"],
    list(OB3_CONTEXTS),
    ["https://www.w3.org/2018/credentials/v1",
     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.0.json"],
]
UNDEFINED = ["notDefined", "x", "Mystery", "fooBar", "ex:thing", "_:b0", "@foo", ":odd",
             "https://example.org/vocab#p", "relative/path", "did:example:1", "urn:uuid:1"]
KEYWORDS = ["@id", "@type", "@value", "@language", "@index", "@graph", "@list", "@set",
            "@json", "@context", "@vocab", "@nest", "@included", "@reverse", "@direction"]

keys = st.one_of(st.sampled_from(PROPS), st.sampled_from(["id", "type", *CLASSES[:40]]),
                 st.sampled_from(UNDEFINED), st.sampled_from(KEYWORDS))
type_values = st.one_of(st.sampled_from(CLASSES), st.sampled_from(UNDEFINED))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False),
                    st.sampled_from(UNDEFINED), st.sampled_from(CLASSES),
                    st.sampled_from(PROPS), st.text(max_size=5))
contexts = st.one_of(
    st.sampled_from(BASE_CONTEXTS),
    st.tuples(st.sampled_from(BASE_CONTEXTS),
              st.lists(st.sampled_from(CONTEXT_URLS), max_size=2)).map(lambda p: p[0] + p[1]),
    st.lists(st.sampled_from(CONTEXT_URLS), min_size=1, max_size=3),
)


def _node(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    typed = st.fixed_dictionaries({}, optional={
        "type": st.one_of(type_values, st.lists(type_values, max_size=3)),
        "id": st.sampled_from([*UNDEFINED, "https://example.org/1"]),
    })
    return st.tuples(typed, st.dictionaries(keys, children, max_size=4)).map(
        lambda p: {**p[1], **p[0]})


values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=3), _node(children)), max_leaves=12)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    node = draw(_node(values))
    node["@context"] = draw(contexts)
    if draw(st.booleans()):
        node["type"] = draw(st.lists(type_values, min_size=1, max_size=3))
    return node


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_generated_documents_agree(document):
    store = bundled()
    for canon in canonicalizers(store, document):
        agree(canon, document)


def _nodes(document: Any) -> list[dict[str, Any]]:
    found = []
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(v for k, v in item.items() if k != "@context")
        elif isinstance(item, list):
            stack.extend(item)
    return found


@st.composite
def edited_credentials(draw: st.DrawFn) -> dict[str, Any]:
    """A real credential (type-scoped OB 3.0 contexts, VC 1.1 without @vocab) with a few
    members added or replaced at any depth: mostly defined terms."""
    base = draw(st.sampled_from(["ob3", "vc11", "ob3-ed2020"]))
    doc = open_badge() if base != "vc11" else vc11_credential()
    if base == "ob3-ed2020":
        doc["@context"].append("https://w3id.org/security/suites/ed25519-2020/v1")
    props, classes = OWN_TERMS[base != "vc11"]
    for _ in range(draw(st.integers(1, 4))):
        nodes = _nodes(doc)
        node = nodes[draw(st.integers(0, len(nodes) - 1))]
        key = draw(st.one_of(st.sampled_from(props), st.sampled_from(["type", "id"]), keys))
        node[key] = draw(values if key not in ("type", "@type") else
                         st.lists(st.sampled_from(classes), min_size=1, max_size=2))
    return doc


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(edited_credentials())
def test_generated_edits_of_real_credentials_agree(document):
    for canon in canonicalizers(bundled(), document):
        agree(canon, document)


def _context_urls_recursive(document: Any) -> list[str]:
    """The recursive definition context_urls replaced (kept as the reference)."""
    found: list[str] = []

    def visit(node: Any, depth: int) -> None:
        if depth > 64:
            return
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    for ctx in value if isinstance(value, list) else [value]:
                        if isinstance(ctx, str) and ctx not in found:
                            found.append(ctx)
                        elif isinstance(ctx, dict):
                            visit(ctx, depth + 1)
                else:
                    visit(value, depth + 1)
        elif isinstance(node, list):
            for item in node:
                visit(item, depth + 1)

    visit(document, 0)
    return found


contexts_anywhere = st.recursive(
    st.one_of(st.sampled_from(CONTEXT_URLS[:4]), st.integers(0, 3), st.none()),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(["@context", "a", "b", "@id"]), children, max_size=3)),
    max_leaves=25)


@settings(max_examples=EXAMPLES, deadline=None)
@given(contexts_anywhere)
def test_context_urls_in_document_order(document):
    from screening.verify.jsonld.processing import context_urls

    assert context_urls(document) == _context_urls_recursive(document)


def test_context_urls_of_every_conformance_document_and_deep_nesting():
    from screening.verify.jsonld.processing import context_urls

    for _name, doc in json_documents(CONFORMANCE):
        assert context_urls(doc) == _context_urls_recursive(doc)
    deep: Any = {"@context": "https://deep.example/"}
    for depth in range(70):
        deep = {"x": [deep], "@context": f"https://level.example/{depth % 3}"}
    assert context_urls(deep) == _context_urls_recursive(deep)


def test_long_keys_and_values_are_answered_but_not_remembered():
    from screening.verify.jsonld.terms import (
        MAX_REMEMBERED_CHARS,
        MAX_REMEMBERED_NODE_CHARS,
        MAX_REMEMBERED_NODES,
    )

    canon = bundled().canonicalizer()
    long_key = "k" * (MAX_REMEMBERED_CHARS + 1)
    doc = open_badge()
    doc["credentialSubject"][long_key] = "x"
    doc["credentialSubject"]["id"] = "urn:" + "i" * 10_000
    doc["credentialSubject"]["type"] = ["AchievementSubject", "T" * 10_000]
    assert agree(canon, doc)
    for _ctx, table in canon._terms._tables.values():
        for key in table:
            assert len(repr(key)) <= 2 * MAX_REMEMBERED_CHARS + 50
    assert canon._terms._nodes  # remembered nodes: bounded in number and size
    assert len(canon._terms._nodes) <= MAX_REMEMBERED_NODES
    assert all(len(text) <= MAX_REMEMBERED_NODE_CHARS for *_, text in canon._terms._nodes)
    assert not any(long_key in text for *_, text in canon._terms._nodes)
