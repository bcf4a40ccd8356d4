"""JSON-LD processing against the bundled, digest-pinned contexts only.

* `ContextStore` serves context documents from `screening/contexts` and refuses
  every other URL (nothing is fetched at run time).
* `Canonicalizer` expands a document, reports data loss (terms without an IRI,
  dropped properties, relative types/ids) and produces RDFC-1.0 (URDNA2015)
  N-Quads. One canonicalizer exists per choice of context revisions so that
  pyld's processed-context caches never mix two revisions of one URL.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import product
from typing import Any

from cachetools import LRUCache

from screening.contexts import ContextEntry, load_manifest, read_document
from screening.verify import budget
from screening.verify.budget import CONTAINERS, BudgetExceeded
from screening.verify.jsoncopy import copy_json
from screening.verify.jsonld.dataloss import DataLossError, relative_references
from screening.verify.jsonld.pyld_quiet import (
    URDNA2015,
    ContextResolver,
    IdentifierIssuer,
    jsonld,
)
from screening.verify.jsonld.terms import TermChecker
from screening.verify.jsonparse import node_key
from screening.verify.report import CheckResult, Status

MAX_CONTEXT_DEPTH_SCAN = 64
MEMO_SIZE = 256  # expanded documents kept per canonicalizer
MAX_MEMO_DOCUMENT_CHARS = 256 * 1024  # canonical forms of larger documents are not kept
MAX_BLANK_NODES = 1_000  # credentials have a handful
MAX_DEEP_ITERATIONS = 2_000  # n-degree hashes per document (real credentials need ~0)
CANONICALIZE_SECONDS = 5.0
PROCESSED_CONTEXTS = 2048  # processed (active) contexts (and their tags) per canonicalizer
IRI_MEMO_CONTEXTS = 256  # processed contexts whose IRI expansions are remembered
IRI_MEMO_ENTRIES = 2048  # remembered IRI expansions per processed context
IRI_MEMO_CHARS = 512  # longer values (untrusted) are expanded but not remembered
NODE_MEMO_ENTRIES = 1024  # expanded property nodes remembered per canonicalizer
NODE_MEMO_CHARS = 2048  # nodes whose JSON text is longer are expanded every time
_MISSING = object()


class UnknownContextError(Exception):
    """A context URL outside the bundled set was requested."""

    def __init__(self, url: str):
        super().__init__(f"unknown JSON-LD context {url}")
        self.url = url


class CanonicalizationError(Exception):
    """The document is not valid JSON-LD (pyld rejected it)."""


def signed_form_check(exc: Exception, details: dict[str, Any],
                      otherwise: str = "The credential could not be canonicalised for "
                                       "checking.") -> CheckResult:
    """`proof_signature` when the signed form of a document could not be built: a term
    without meaning fails, an unknown vocabulary cannot be checked (never a failure), and
    anything else fails with `otherwise`. One mapping for every Linked Data suite."""
    if isinstance(exc, DataLossError):
        return CheckResult("proof_signature", Status.FAIL,
                           "The signature covers fields that have no defined meaning.",
                           {**details, "problems": exc.problems})
    if isinstance(exc, UnknownContextError):
        return CheckResult("proof_signature", Status.INDETERMINATE,
                           "The signature could not be checked: unknown vocabulary.",
                           {**details, "context": exc.url})
    return CheckResult("proof_signature", Status.FAIL, otherwise,
                       {**details, "reason": str(exc)[:500]})


@dataclass(frozen=True)
class Revision:
    """One context URL and the revision of it chosen for processing."""

    url: str
    variant: str | None


class ContextStore:
    """The bundled contexts, by URL, with every revision a URL has been served in."""

    def __init__(self, entries: Iterable[ContextEntry],
                 read: Callable[[ContextEntry], bytes] = read_document):
        self._read = read
        self._by_url: dict[str, list[ContextEntry]] = {}
        for entry in entries:
            self._by_url.setdefault(entry.url, []).append(entry)
        for revisions in self._by_url.values():
            revisions.sort(key=lambda e: not e.preferred)  # preferred first
        self._parsed: dict[tuple[str, str | None], Any] = {}
        self._lock = threading.Lock()
        self._canonicalizers: dict[tuple[Revision, ...], Canonicalizer] = {}

    @classmethod
    def bundled(cls) -> ContextStore:
        return cls(load_manifest())

    def knows(self, url: str) -> bool:
        return url in self._by_url

    def revisions(self, url: str) -> list[ContextEntry]:
        return list(self._by_url.get(url, []))

    def document(self, url: str, variant: str | None = None) -> Any:
        entries = self._by_url.get(url)
        if not entries:
            raise UnknownContextError(url)
        entry = next((e for e in entries if e.variant == variant), entries[0])
        key = (entry.url, entry.variant)
        if key not in self._parsed:
            self._parsed[key] = json.loads(self._read(entry))
        return self._parsed[key]

    def revision_choices(self, urls: Iterable[str]) -> Iterator[tuple[Revision, ...]]:
        """Every combination of revisions for the multi-revision URLs among `urls`,
        the preferred combination first."""
        multi = sorted({u for u in urls if len(self._by_url.get(u, ())) > 1})
        options = [[Revision(u, e.variant) for e in self._by_url[u]] for u in multi]
        yield from product(*options)

    def canonicalizer(self, choice: tuple[Revision, ...] = ()) -> Canonicalizer:
        with self._lock:
            canon = self._canonicalizers.get(choice)
            if canon is None:
                canon = Canonicalizer(self, {r.url: r.variant for r in choice})
                self._canonicalizers[choice] = canon
            return canon


@dataclass
class Canonicalizer:
    """Expansion and RDFC-1.0 canonicalisation with one fixed set of context revisions."""

    store: ContextStore
    variants: Mapping[str, str | None] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)
    _nquads: dict[str, Any] = field(default_factory=dict, repr=False)  # canonical form memo
    _large_nquads: tuple[str, Any] = field(default=("", None), repr=False)
    _large_key: str = field(default="", repr=False)

    def _load(self, url: str, options: Any = None) -> dict[str, Any]:
        document = self.store.document(url, self.variants.get(url))
        return {"contextUrl": None, "documentUrl": url, "document": document}

    @cached_property
    def _resolver(self) -> ContextResolver:
        return ContextResolver(LRUCache(maxsize=256), self._load)

    @cached_property
    def _processed(self) -> LRUCache[Any, Any]:
        return LRUCache(maxsize=PROCESSED_CONTEXTS)

    @cached_property
    def _iri_memo(self) -> dict[int, Any]:
        return {}

    @cached_property
    def _node_memo(self) -> dict[tuple[Any, ...], Any]:
        return {}

    def _options(self) -> dict[str, Any]:
        return {
            "documentLoader": self._load,
            "contextResolver": self._resolver,
            "base": None,  # keep relative IRIs relative (pyld would invent http://example.org/base/)
        }

    def expand(self, document: Any, key: str | None = None) -> list[Any]:
        """Expand `document`; raise DataLossError if anything would be lost.

        Results are memoised by content (`key`: the document's sorted compact JSON, when
        the caller has it): the data-loss check and the signature check expand the same
        unsecured document, and proof sets repeat it per proof."""
        if key is None:
            key = json.dumps(document, sort_keys=True, separators=(",", ":"))
        cached = self._memo.get(key)
        if cached is None:
            try:
                cached = self._expand_uncached(document)
            except DataLossError as exc:
                cached = exc
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            if len(key) > MAX_MEMO_DOCUMENT_CHARS:  # one big document kept at a time
                self._memo.pop(self._large_key, None)
                self._large_key = key
            self._memo[key] = cached
        if isinstance(cached, DataLossError):
            raise cached
        return cached

    def _expand_uncached(self, document: Any) -> list[Any]:
        dropped: list[str] = []
        processor = _MemoisingProcessor(
            self._processed, on_property_dropped=lambda prop: dropped.append(str(prop)),
            iri_memo=self._iri_memo, node_memo=self._node_memo)
        expanded = _run_pyld(lambda: processor.expand(document, self._options()))
        problems = [f"term {name!r} is not defined" for name in dropped]
        problems += list(relative_references(expanded))
        if problems:
            raise DataLossError(problems)
        result: list[Any] = expanded
        return result

    @cached_property
    def _terms(self) -> TermChecker:
        return TermChecker(_MemoisingProcessor(self._processed), self._options(),
                           self._expand_uncached)

    def check_terms(self, document: Any) -> None:
        """Raise what `expand` would raise for `document`, without expanding it when the
        term table can tell that every term is defined (problems, and documents the table
        cannot decide, go through `expand` so the report is pyld's own)."""
        if self._terms.check(document) != []:
            self.expand(document)

    def canonize(self, document: Any, hash_name: str = "sha256") -> str:
        """RDFC-1.0 canonical N-Quads of `document` after a strict expansion; `hash_name`
        is RDFC-1.0's hash algorithm (SHA-384 for ECDSA on P-384, vc-di-ecdsa).

        Memoised by content and hash (failures too): every proof of a proof set
        canonicalises the same unsecured document, which is then done once, not once per
        proof."""
        text = json.dumps(document, sort_keys=True, separators=(",", ":"))
        key = hash_name + ":" + hashlib.sha256(text.encode("utf-8", "surrogatepass")
                                               ).hexdigest()
        cached = self._nquads.get(key)
        if cached is None and self._large_nquads[0] == key:
            cached = self._large_nquads[1]
        if cached is None:
            try:
                cached = self._canonize_uncached(document, hash_name, text)
            except (DataLossError, CanonicalizationError, UnknownContextError) as exc:
                cached = exc
            if len(self._nquads) >= MEMO_SIZE:
                self._nquads.clear()
            if len(text) <= MAX_MEMO_DOCUMENT_CHARS:
                self._nquads[key] = cached
            else:  # a big document is kept alone, for the other proofs of its proof set
                self._large_nquads = (key, cached)
        if isinstance(cached, Exception):
            raise cached
        return str(cached)

    def _canonize_uncached(self, document: Any, hash_name: str, text: str | None = None
                           ) -> str:
        expanded = self.expand(document, text)
        options = {**self._options(), "produceGeneralizedRdf": False}
        dataset = _run_pyld(lambda: rdf_dataset(expanded, options))
        # RDFC-1.0 (URDNA2015, named explicitly: pyld's default is URGNA2012), with a budget
        return _BoundedRdfc(hash_name).main(dataset, {"algorithm": "URDNA2015",
                                                      "format": "application/n-quads"})


class _BudgetedProcessor(jsonld.JsonLdProcessor):  # type: ignore[misc]  # pyld: untyped
    """pyld's processor charging the document's verification budget at every recursive
    step of expansion and of the node map (budget.py): a slow document is stopped."""

    def _expand(self, *args: Any, **kwargs: Any) -> Any:
        budget.charge()
        return super()._expand(*args, **kwargs)

    def _create_node_map(self, *args: Any, **kwargs: Any) -> Any:
        budget.charge()
        return super()._create_node_map(*args, **kwargs)

    def _object_to_rdf(self, *args: Any, **kwargs: Any) -> Any:
        budget.charge()
        return super()._object_to_rdf(*args, **kwargs)


def rdf_dataset(expanded: list[Any], options: dict[str, Any]) -> dict[str, Any]:
    """`JsonLdProcessor.to_rdf` of an already expanded document, minus to_rdf's first step:
    expanding its input again (with a deep copy), which was 40 % of an eddsa-rdfc-2022
    verification. Node-map creation relabels blank nodes in its input, so it gets a copy
    (of plain JSON, which `copy_json` makes several times faster than deepcopy)."""
    processor = _BudgetedProcessor()  # charges the budget, as expansion does
    if not _expands_to_itself(expanded):
        dataset: dict[str, Any] = processor.to_rdf(expanded, options)  # pyld, as it would
        return dataset
    options = {"extractAllScripts": True, "processingMode": "json-ld-1.1",
               "identifierIssuer": IdentifierIssuer("_:b"), **options}
    issuer = options["identifierIssuer"]
    node_map: dict[str, Any] = {"@default": {}}
    processor._create_node_map(copy_json(expanded), node_map, "@default", issuer)
    dataset = {}
    for graph_name, graph in sorted(node_map.items()):
        if graph_name == "@default" or jsonld._is_absolute_iri(graph_name):  # as to_rdf
            dataset[graph_name] = processor._graph_to_rdf(graph, issuer, options)
    return dataset


_NOT_IDEMPOTENT = frozenset({"@graph", "@list", "@reverse", "@included"})


def _expands_to_itself(expanded: Any) -> bool:
    """True when expanding `expanded` again would give it back unchanged, so to_rdf's
    second expansion can be skipped. It would not for an @id or a node @type that is not a
    string (a keyword-like `"@foo"` expands to null, which a second expansion rejects),
    or with @graph (a value or a bare reference in a graph container is dropped the second
    time); @list, @reverse and @included are left to pyld too, being rare."""
    stack = [expanded]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in _NOT_IDEMPOTENT:
                    return False
                if key == "@id" and not isinstance(value, str):
                    return False
                if key == "@type" and "@value" not in node and not (
                        isinstance(value, list) and all(isinstance(t, str) for t in value)):
                    return False
                if key != "@value" and isinstance(value, list | dict):
                    stack.append(value)
    return True


class _MemoisingProcessor(_BudgetedProcessor):
    """pyld's processor, remembering processed contexts across documents.

    pyld caches a processed context per active-context uuid, but every clone gets a new
    uuid, so type-scoped contexts (OB 3.0 has one per class) were processed again for
    every credential: most of the verification time. Here an active context produced by
    processing is tagged with a fingerprint of (parent fingerprint, local context, flags),
    which identifies its content, and the result is reused for the same inputs. Processed
    contexts are never modified afterwards (pyld clones before changing one), which is
    what makes sharing them safe — pyld's own cache shares them the same way.
    """

    def __init__(self, memo: LRUCache[Any, Any], iri_memo: dict[int, Any] | None = None,
                 node_memo: dict[tuple[Any, ...], Any] | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self._memo = memo  # key -> processed context; ("fp", id) -> (context, fingerprint)
        self._iri_memo = {} if iri_memo is None else iri_memo  # id -> (context, {...})
        self._node_memo = node_memo  # see _expand
        self.on_property_dropped: Callable[[Any], None]  # (pyld's, set by its __init__)

    def _expand(self, active_ctx: Any, active_property: Any, element: Any, options: Any,
                inside_list: bool = False, inside_index: bool = False,
                type_scoped_ctx: Any = None) -> Any:
        """pyld's `_expand`; a property's node object is expanded once per (active
        context, property, type-scoped context, flags, options, JSON text): a pool's
        credentials repeat their issuer's profile and the achievements many people hold.
        Expansion is a pure function of those (contexts are processed, never modified),
        apart from the dropped-property callback, which a remembered node replays. What
        is remembered is a copy, and a copy is handed out, so no caller can change it."""
        text = None
        if self._node_memo is not None and active_property is not None \
                and type(element) is dict:
            text = node_key(element, NODE_MEMO_CHARS)
        if text is None:
            return super()._expand(active_ctx, active_property, element, options,
                                   inside_list, inside_index, type_scoped_ctx)
        assert self._node_memo is not None
        flags = (inside_list, inside_index, options.get("base"),
                 options.get("processingMode"), bool(options.get("isFrame")),
                 bool(options.get("keepFreeFloatingNodes")))
        key = (id(active_ctx), id(type_scoped_ctx), active_property, flags, text)
        hit = self._node_memo.get(key)
        if hit is not None and hit[0] is active_ctx and hit[1] is type_scoped_ctx:
            budget.charge()
            for prop in hit[3]:
                self.on_property_dropped(prop)
            return copy_json(hit[2])
        dropped: list[Any] = []
        report: Callable[[Any], None] = self.on_property_dropped

        def record(prop: Any) -> None:
            dropped.append(prop)
            report(prop)

        self.on_property_dropped = record
        try:
            result = super()._expand(active_ctx, active_property, element, options,
                                     inside_list, inside_index, type_scoped_ctx)
        finally:
            self.on_property_dropped = report
        if len(self._node_memo) >= NODE_MEMO_ENTRIES:
            self._node_memo.clear()
        # (the entry holds both contexts, so their ids cannot be reused while it lives)
        self._node_memo[key] = (active_ctx, type_scoped_ctx, copy_json(result),
                                tuple(dropped))
        return result

    def _expand_iri(self, active_ctx: Any, value: Any, base: Any = None, vocab: bool = False,
                    local_ctx: Any = None, defined: Any = None) -> Any:
        """pyld's IRI expansion (a tenth of an expansion: regexes on every key), remembered
        per finished processed context. Only for calls that depend on nothing else:
        no local context (context processing) and no base."""
        if local_ctx is not None or base is not None or type(value) is not str:
            return super()._expand_iri(active_ctx, value, base, vocab, local_ctx, defined)
        entry = self._iri_memo.get(id(active_ctx))
        if entry is None or entry[0] is not active_ctx:
            finished = self._memo.get(("fp", id(active_ctx)))  # processed, never modified
            if finished is None or finished[0] is not active_ctx:  # (a context being built)
                return super()._expand_iri(active_ctx, value, base, vocab)
            if len(self._iri_memo) >= IRI_MEMO_CONTEXTS:
                self._iri_memo.clear()
            entry = self._iri_memo[id(active_ctx)] = (active_ctx, {})
        table: dict[tuple[str, bool], Any] = entry[1]
        key = (value, bool(vocab))
        found = table.get(key, _MISSING)
        if found is _MISSING:
            found = super()._expand_iri(active_ctx, value, base, vocab)
            if len(value) <= IRI_MEMO_CHARS:
                if len(table) >= IRI_MEMO_ENTRIES:
                    table.clear()
                table[key] = found
        return found

    def _process_context(self, active_ctx: Any, local_ctx: Any, options: Any,
                         override_protected: bool = False, propagate: bool = True,
                         validate_scoped: bool = True, cycles: Any = None) -> Any:
        parent = self._fingerprint(active_ctx, options)
        try:
            local = json.dumps(local_ctx, sort_keys=True, separators=(",", ":"))
        except (TypeError, ValueError):
            local = None
        if parent is None or cycles or local is None:
            return super()._process_context(active_ctx, local_ctx, options, override_protected,
                                            propagate, validate_scoped, cycles)
        key = (parent, local, override_protected, propagate, validate_scoped)
        hit = self._memo.get(key)
        if hit is None:
            hit = super()._process_context(active_ctx, local_ctx, options, override_protected,
                                           propagate, validate_scoped, cycles)
            self._memo[key] = hit
            # pyld freezes processed contexts, so the fingerprint lives beside the object;
            # the entry keeps the object alive, so its id cannot be reused meanwhile.
            self._memo[("fp", id(hit))] = (hit, hashlib.sha256(repr(key).encode()).hexdigest())
        return hit

    def expand(self, input_: Any, options: Any) -> Any:
        """pyld's `expand` for a document given as a JSON object: the same steps, but the
        input is copied by `copy_json` instead of `copy.deepcopy` (same result for parsed
        JSON; the deep copy was a tenth of an eddsa-rdfc-2022 verification)."""
        if not isinstance(input_, dict) or "expandContext" in options \
                or "contextResolver" not in options or "documentLoader" not in options:
            return super().expand(input_, options)
        options = {"isFrame": False, "keepFreeFloatingNodes": False,
                   "extractAllScripts": False, "processingMode": "json-ld-1.1", **options}
        options.setdefault("base", "")
        active_ctx = self._get_initial_context(options)
        expanded = self._expand(active_ctx, None, copy_json(input_), options, inside_list=False)
        if isinstance(expanded, dict) and "@graph" in expanded and len(expanded) == 1:
            expanded = expanded["@graph"]
        elif expanded is None:
            expanded = []
        return jsonld.JsonLdProcessor.arrayify(expanded)

    def _fingerprint(self, active_ctx: Any, options: Any) -> str | None:
        entry = self._memo.get(("fp", id(active_ctx)))
        if entry is not None and entry[0] is active_ctx:
            return str(entry[1]) if entry[1] is not None else None
        if active_ctx is self._get_initial_context(options):
            return f"initial:{options.get('processingMode')}"
        return None


class _BoundedRdfc(URDNA2015):  # type: ignore[misc]  # pyld: untyped
    """RDFC-1.0 with a work budget and a deadline.

    Blank-node "poisoning" (many blank nodes with identical first-degree hashes) makes the
    n-degree step try every permutation: factorial time. Credentials have a handful of
    blank nodes, so a document with more than MAX_BLANK_NODES, or needing more than
    MAX_DEEP_ITERATIONS n-degree hashes, or longer than CANONICALIZE_SECONDS, is refused
    with a clear error instead of hanging a worker (as rdf-canonize's maxDeepIterations).
    """

    def __init__(self, hash_name: str = "sha256"):
        super().__init__()
        self._hash_name = hash_name

    def create_hash(self) -> Any:
        return hashlib.new(self._hash_name)

    def main(self, dataset: Any, options: Any) -> str:
        blank = {term["value"] for quads in dataset.values() for quad in quads
                 for term in (quad["subject"], quad["object"], quad.get("graph") or {})
                 if isinstance(term, dict) and term.get("type") == "blank node"}
        if len(blank) > MAX_BLANK_NODES:
            raise CanonicalizationError(
                f"the document has {len(blank)} blank nodes (limit {MAX_BLANK_NODES})")
        self._deadline = time.monotonic() + CANONICALIZE_SECONDS
        self._deep = 0
        return str(super().main(dataset, options))

    def hash_first_degree_quads(self, id_: Any) -> Any:
        budget.charge()
        return super().hash_first_degree_quads(id_)

    def modify_first_degree_component(self, id_: Any, component: Any, key: Any) -> Any:
        """pyld's, with a flat copy for its deep copy: a component's members are strings
        (type, value, datatype, language), so the two copies are equal."""
        if component["type"] != "blank node":
            return component
        return {**component, "value": "_:a" if component["value"] == id_ else "_:z"}

    def hash_n_degree_quads(self, id_: Any, issuer: Any) -> Any:
        budget.charge()
        self._deep += 1
        if self._deep > MAX_DEEP_ITERATIONS or time.monotonic() > self._deadline:
            raise CanonicalizationError("canonicalisation exceeded its work limit "
                                        "(blank-node poisoning?)")
        return super().hash_n_degree_quads(id_, issuer)


def context_urls(document: Any) -> list[str]:
    """Every string @context reference anywhere in `document`, in document order."""
    found: list[str] = []

    def visit(node: Any, depth: int) -> None:
        if depth > MAX_CONTEXT_DEPTH_SCAN:
            return
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    for ctx in value if isinstance(value, list) else [value]:
                        if isinstance(ctx, str) and ctx not in found:
                            found.append(ctx)
                        elif isinstance(ctx, dict):
                            visit(ctx, depth + 1)
                elif isinstance(value, CONTAINERS):  # (no call per scalar: it is hot)
                    visit(value, depth + 1)
        elif isinstance(node, list):
            for item in node:
                if isinstance(item, CONTAINERS):
                    visit(item, depth + 1)

    visit(document, 0)
    return found


def _run_pyld(call: Any) -> Any:
    """Run a pyld call, turning its errors into ours (and surfacing unknown contexts)."""
    try:
        return call()
    except jsonld.JsonLdError as exc:
        exceeded = _find_cause(exc, BudgetExceeded)  # pyld wraps what its callbacks raise
        if exceeded is not None:
            raise exceeded from exc
        unknown = _find_cause(exc, UnknownContextError)
        if unknown is not None:
            raise unknown from exc
        raise CanonicalizationError(_describe(exc)) from exc
    except UnknownContextError:
        raise
    except RecursionError as exc:
        raise CanonicalizationError("document is nested too deeply") from exc


def _find_cause(exc: BaseException, kind: type[BaseException]) -> Any:
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 32:
        if isinstance(current, kind):
            return current
        nxt = current.__cause__ or current.__context__
        details = getattr(current, "details", None)
        if nxt is None and isinstance(details, dict):
            nxt = details.get("cause")
        current = nxt if isinstance(nxt, BaseException) else None
        seen += 1
    return None


def _describe(exc: BaseException) -> str:
    messages: list[str] = []
    current: BaseException | None = exc
    while current is not None and len(messages) < 4:
        messages.append(str(getattr(current, "message", None) or current).split("\n")[0])
        current = current.__cause__
    return " / ".join(messages)
