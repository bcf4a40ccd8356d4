"""Undefined-term detection without building the expanded document.

The `jsonld_expansion` check only needs to know which properties pyld's expansion would
drop (terms with no IRI) and which `@type`/`@id` values would stay relative. For JCS
proofs that check was most of the verification time, although nothing else needs the
expanded document. `TermChecker` answers the same question by walking the JSON once:

* contexts are processed by pyld itself (the canonicalizer's memoising processor, so the
  processed contexts are the very objects expansion uses: type-scoped and property-scoped
  contexts, `@protected`, `@propagate`, `@import`, `@vocab` are pyld's semantics, not a
  re-implementation);
* what a key or value expands to is computed once per processed context and remembered
  (the "term table"), as are the context transitions (scoped contexts) between them;
* the walk mirrors the control flow of `JsonLdProcessor._expand`/`_expand_object`
  (pyld 3.3) for the common shapes only. Anything else — `@graph`, `@list`, `@reverse`,
  `@nest`, `@included`, index/language/id/type maps, value objects that pyld would reject,
  keyword collisions, errors from context processing — makes it answer "don't know", and
  the caller runs the full expansion.

`tests/verify/test_terms.py` checks the answers against pyld on every credential in the tests and
`../shared/conformance` and on generated documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from screening import settings
from screening.verify.jsonld.dataloss import DataLossError, is_absolute, relative_references
from screening.verify.jsonld.pyld_quiet import KEYWORDS
from screening.verify.jsonparse import node_key

_KEYWORD_LIKE = re.compile(r"^@[a-zA-Z]+$")  # pyld's KEYWORD_PATTERN
_ABSOLUTE_IRI = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$")  # pyld's _is_absolute_iri
# value-object members pyld accepts besides @value (@direction: we do not mirror it)
_VALUE_KEYWORDS = frozenset({"@value", "@type", "@language", "@index"})
# Bounds (documents are untrusted: what is remembered must stay small whatever they hold)
MAX_TABLES = 256  # processed contexts with a term table
MAX_TABLE_ENTRIES = 2048  # terms, expanded strings, node plans and shapes per context
MAX_TRANSITIONS = 8192  # (context, scoped context) -> processed context
MAX_REMEMBERED_CHARS = 512  # longer keys, values and node shapes are not remembered
MAX_REMEMBERED_NODE_CHARS = 2048  # nodes whose JSON text is longer are walked every time
MAX_REMEMBERED_NODES = 1024  # remembered nodes (all contexts): at most a few MiB
_MISSING = object()


class _Unsure(Exception):
    """The table cannot decide this document: run the full expansion."""


class TermChecker:
    """What expansion would report as data loss, per document, without expanding.

    `check` returns the problem messages (the same wording `Canonicalizer` uses; empty
    when every term is defined), or None when only the full expansion can tell.
    """

    def __init__(self, processor: Any, options: dict[str, Any],
                 expand: Callable[[Any], Any] | None = None) -> None:
        self._processor = processor
        self._expand = expand  # the full expansion, for the audit mode only
        self._options = {"isFrame": False, "keepFreeFloatingNodes": False,
                         "processingMode": "json-ld-1.1", "extractAllScripts": False,
                         **options}
        self._tables: dict[int, tuple[Any, dict[Any, Any]]] = {}  # id -> (context, table)
        self._transitions: dict[tuple[Any, ...], tuple[Any, Any, Any]] = {}
        # (context, term, type-scoped context, node JSON) -> the node's findings
        self._nodes: dict[tuple[int, int, int, str], tuple[Any, Any, Any, Any]] = {}
        self.answered = 0  # counters for tests and benchmarks
        self.unsure = 0

    def check(self, document: Any) -> list[str] | None:
        if not isinstance(document, dict):
            self.unsure += 1
            return None
        walk = _Walk(self)
        try:
            initial = self._processor._get_initial_context(self._options)
            walk.element(initial, None, document, False, None)
        except (_Unsure, RecursionError):
            self.unsure += 1
            return None
        except Exception:  # pyld raised (unknown context, bad context): expansion says why
            self.unsure += 1
            return None
        self.answered += 1
        problems = walk.problems()
        # Audit mode: compare every answer with the full expansion and append disagreements
        # to a file (run the whole test suite with it; see docs/verification.md). Read per
        # answer: one environment lookup beside a whole walk.
        audit_log = settings.terms_audit_log()
        if audit_log is not None and self._expand is not None:
            self._audit(audit_log, document, problems)
        return problems

    def _audit(self, audit_log: Path, document: Any, problems: list[str]) -> None:
        import copy
        import json

        try:
            assert self._expand is not None
            self._expand(copy.deepcopy(document))
            expected: Any = []
        except DataLossError as exc:
            expected = exc.problems
        except Exception as exc:
            expected = f"error: {exc}"
        if isinstance(expected, str) or sorted(expected) != sorted(problems):
            with open(audit_log, "a", encoding="utf-8") as log:
                log.write(json.dumps({"fast": problems, "pyld": expected,
                                      "document": document}, default=str) + "\n")

    # -- the term table ----------------------------------------------------------------

    def iri(self, ctx: Any, value: str, vocab: bool) -> Any:
        """`JsonLdProcessor._expand_iri(ctx, value, vocab=vocab, base=None)`, remembered
        per processed context (which pyld never modifies once built)."""
        table = self._table(ctx)
        key = (value, vocab)
        found = table.get(key, _MISSING)
        if found is _MISSING:
            found = _expand_iri(ctx, value, vocab)
            if len(value) <= MAX_REMEMBERED_CHARS:
                _remember(table, key, found)
        return found

    def term(self, ctx: Any, key: str) -> _Term:
        """Everything expansion looks up about `key` as a property in `ctx`."""
        table = self._table(ctx)
        found = table.get(key)
        if found is None:
            found = _Term(ctx, key)
            if len(key) <= MAX_REMEMBERED_CHARS:
                _remember(table, key, found)
        return found

    def plan(self, ctx: Any, keys: tuple[str, ...]
             ) -> tuple[list[tuple[str, _Term]], tuple[str, ...]]:
        """The terms of a node's (sorted) keys, and those of them that expand to @type:
        nodes of one shape share one lookup."""
        table = self._table(ctx)
        found = table.get((None, keys))
        if found is None:
            entries = [(key, self.term(ctx, key)) for key in keys]
            type_keys = tuple(key for key, term in entries if term.expanded == "@type")
            found = (entries, type_keys)
            if sum(map(len, keys)) <= MAX_REMEMBERED_CHARS:
                _remember(table, (None, keys), found)
        return found

    def _table(self, ctx: Any) -> dict[Any, Any]:
        entry = self._tables.get(id(ctx))
        if entry is None or entry[0] is not ctx:
            if len(self._tables) >= MAX_TABLES:
                self._tables.clear()
            entry = self._tables[id(ctx)] = (ctx, {})
        return entry[1]

    def process(self, ctx: Any, local: Any, *, scoped: bool, override_protected: bool = False,
                propagate: bool = True) -> Any:
        """pyld's context processing; scoped contexts (owned by a processed context, so
        stable objects) are remembered by identity, the document's own by value."""
        if scoped:
            key: tuple[Any, ...] = (id(ctx), id(local), override_protected, propagate)
        elif isinstance(local, str) or (isinstance(local, list)
                                        and all(isinstance(c, str) for c in local)):
            key = (id(ctx), "doc", _hashable(local), override_protected, propagate)
        else:  # an embedded context object: the processor's own memo handles it
            return self._processor._process_context(
                ctx, local, self._options, override_protected=override_protected,
                propagate=propagate)
        hit = self._transitions.get(key)
        if hit is not None and hit[0] is ctx and (hit[1] is local or not scoped):
            return hit[2]
        result = self._processor._process_context(
            ctx, local, self._options, override_protected=override_protected,
            propagate=propagate)
        if len(self._transitions) >= MAX_TRANSITIONS:
            self._transitions.clear()
        self._transitions[key] = (ctx, local, result)
        return result


class _Walk:
    """One document's walk: mirrors pyld's expansion, collecting what it would report."""

    def __init__(self, checker: TermChecker) -> None:
        self.c = checker
        self.dropped: list[Any] = []
        self.types: list[Any] = []  # expanded node @type values
        self.ids: list[Any] = []  # expanded node @id values and @id-coerced values
        self.json_values: list[Any] = []  # @type: @json literals (kept verbatim)

    def problems(self) -> list[str]:
        found = [f"term {str(name)!r} is not defined" for name in self.dropped]
        found += [f"type {t!r} is not defined" for t in self.types
                  if isinstance(t, str) and not is_absolute(t)]
        found += [f"identifier {i!r} is not an absolute IRI" for i in self.ids
                  if isinstance(i, str) and not is_absolute(i)]
        for literal in self.json_values:  # the data-loss scan also reads inside literals
            found += list(relative_references(literal))
        return found

    def element(self, ctx: Any, prop: str | None, element: Any, inside_list: bool,
                type_scoped: Any, term: _Term | None = None) -> None:
        """`_expand(ctx, prop, element, inside_list=..., inside_index=False, ...)`;
        `term` is `prop`'s entry in `ctx` when the caller has it."""
        if element is None:
            return
        if prop is not None and term is None:
            term = self.c.term(ctx, prop)
        if isinstance(element, list):
            inside_list = inside_list or (term is not None and "@list" in term.container)
            for item in element:
                if inside_list and isinstance(item, list):
                    raise _Unsure  # list of lists
                self.element(ctx, prop, item, inside_list, type_scoped, term)
            return
        if not isinstance(element, dict):
            if prop is None or term is None:
                return  # a free-floating scalar is dropped
            self.scalar(ctx, term, element)
            return
        self.node(ctx, term, element, type_scoped)

    def scalar(self, ctx: Any, term: _Term, value: Any) -> None:
        """`_expand_value`: only @id/@vocab coercion can leave something relative."""
        if term.keyword:
            raise _Unsure
        coerce = term.coerce
        if coerce == "@id" and isinstance(value, str):
            self.ids.append(self._value_iri(ctx, value, False))
        elif coerce == "@vocab" and isinstance(value, str):
            self.ids.append(self._value_iri(ctx, value, True))

    def _value_iri(self, ctx: Any, value: str, vocab: bool) -> Any:
        if value in KEYWORDS:
            raise _Unsure  # pyld would keep a keyword as an "IRI": too odd to mirror
        return self.c.iri(ctx, value, vocab)

    def node(self, ctx: Any, term: _Term | None, element: dict[str, Any],
             type_scoped: Any) -> None:
        """A node object; the findings of a property's node are remembered per (context,
        term, type-scoped context, JSON text): a pool's credentials repeat their issuer's
        profile and the achievements many candidates hold."""
        if term is None:  # the credential itself: its own id, never seen before
            self._node(ctx, term, element, type_scoped)
            return
        text = node_key(element, MAX_REMEMBERED_NODE_CHARS)
        if text is None:
            self._node(ctx, term, element, type_scoped)
            return
        nodes = self.c._nodes
        key = (id(ctx), id(term), id(type_scoped), text)
        found = nodes.get(key)
        if found is not None and found[0] is ctx and found[1] is term \
                and found[2] is type_scoped:
            for into, items in zip(self._findings(), found[3], strict=True):
                into.extend(items)
            return
        marks = [len(into) for into in self._findings()]
        self._node(ctx, term, element, type_scoped)
        if len(nodes) >= MAX_REMEMBERED_NODES:
            nodes.clear()
        nodes[key] = (ctx, term, type_scoped, tuple(
            tuple(into[mark:]) for into, mark in zip(self._findings(), marks, strict=True)))

    def _findings(self) -> tuple[list[Any], ...]:
        return self.dropped, self.types, self.ids, self.json_values

    def _node(self, ctx: Any, term: _Term | None, element: dict[str, Any],
              type_scoped: Any) -> None:
        c = self.c
        property_scoped = None
        if term is not None:
            if term.keyword:
                raise _Unsure
            property_scoped = term.scoped
        if not type_scoped and ctx.get("previousContext"):
            type_scoped = ctx
        # a value object or a subject reference keeps the type-scoped context
        must_revert = True
        keys = tuple(sorted(element))
        if type_scoped and len(element) <= 2 and "@context" not in element:
            for key in keys:
                expanded = c.term(type_scoped, key).expanded
                if expanded == "@value":
                    must_revert = False
                    ctx = type_scoped
                    break
                if expanded == "@id" and len(element) == 1:
                    must_revert = False
                    break
        if must_revert and "previousContext" in ctx:
            ctx = ctx["previousContext"]
        if property_scoped is not None:
            ctx = c.process(ctx, property_scoped, scoped=True, override_protected=True)
        ctx, type_key, type_scoped = self._prepare(ctx, element, keys)
        self._members(ctx, term is None, element, keys, type_key, type_scoped)

    def _prepare(self, ctx: Any, element: dict[str, Any], keys: tuple[str, ...]
                 ) -> tuple[Any, str | None, Any]:
        """`_prepare_nested_context`, remembered per node shape: (context, keys, @type
        values) decide the outcome when the node has no @context of its own."""
        if "@context" in element:
            return self._prepare_uncached(ctx, element, keys)[:3]
        type_keys = self.c.plan(ctx, keys)[1]
        table = self.c._table(ctx)
        try:
            shape = (keys, tuple(_frozen(element[k]) for k in type_keys))
            found = table.get(shape)
        except TypeError:  # unhashable @type values: pyld rejects them anyway
            return self._prepare_uncached(ctx, element, keys)[:3]
        if found is None:
            *found, used = self._prepare_uncached(ctx, element, keys)
            found = tuple(found)
            # (unless a type-scoped context made another key @type, or the shape is big)
            if tuple(used) == type_keys and len(repr(shape)) <= MAX_REMEMBERED_CHARS:
                _remember(table, shape, found)
        return found

    def _prepare_uncached(self, ctx: Any, element: dict[str, Any], keys: tuple[str, ...]
                          ) -> tuple[Any, str | None, Any, list[str]]:
        c = self.c
        if "@context" in element:
            local = element["@context"]
            if isinstance(local, dict) and len(local) == 1 and "@context" in local:
                raise _Unsure
            ctx = c.process(ctx, local, scoped=False)
        type_scoped = ctx
        type_key = None
        used = []
        for key, term in c.plan(type_scoped, keys)[0]:
            # (a type-scoped context applied below may redefine the keys after it)
            if (term if ctx is type_scoped else c.term(ctx, key)).expanded != "@type":
                continue
            used.append(key)
            type_key = type_key or key
            value = element[key]
            types = [t for t in (value if isinstance(value, list) else [value])
                     if isinstance(t, str)]
            for type_ in sorted(types):
                scoped = c.term(type_scoped, type_).scoped
                if scoped is not None and scoped is not False:
                    ctx = c.process(ctx, scoped, scoped=True, propagate=False)
        return ctx, type_key, type_scoped, used

    def _members(self, ctx: Any, top: bool, element: dict[str, Any],
                 keys: tuple[str, ...], type_key: str | None, type_scoped: Any) -> None:
        """`_expand_object` and the value-object rules at the end of `_expand`."""
        c = self.c
        if type_key is not None:
            first = element[type_key]
            if first and isinstance(first, list):
                first = first[0]
            if isinstance(first, str) and c.term(ctx, first).expanded == "@json":
                raise _Unsure
        keywords: set[str] = set()
        properties = 0
        kept = 0  # properties that surely stay in the expanded node
        types: list[Any] = []
        ids: list[Any] = []
        value: Any = None
        type_is_array = False
        for key, term in c.plan(ctx, keys)[0]:
            if key == "@context":
                continue
            member = element[key]
            expanded = term.expanded
            if term.dropped:
                self.dropped.append(expanded)
                continue
            if term.keyword:
                if expanded in keywords and expanded != "@type":
                    raise _Unsure  # colliding keywords: pyld raises
                keywords.add(expanded)
                if expanded == "@id":
                    if not isinstance(member, str):
                        raise _Unsure
                    ids.append(self._value_iri(ctx, member, False))
                elif expanded == "@type":
                    values = member if isinstance(member, list) else [member]
                    for v in values:
                        if type(v) is not str:
                            raise _Unsure  # (None too: pyld rejects a null node type)
                    type_is_array = type_is_array or isinstance(member, list)
                    expanded_types = [c.term(type_scoped, v).expanded for v in values]
                    if None in expanded_types:
                        raise _Unsure  # "@foo"-like types: pyld may reject the node
                    types += expanded_types
                elif expanded == "@value":
                    if isinstance(member, dict | list):
                        raise _Unsure
                    value = member
                elif expanded == "@language":
                    if member is None:
                        keywords.discard("@language")
                    elif not isinstance(member, str):
                        raise _Unsure
                elif expanded == "@index":
                    if not isinstance(member, str):
                        raise _Unsure
                else:
                    raise _Unsure  # @graph, @list, @set, @reverse, @nest, @included, ...
                continue
            properties += 1
            term_ctx = ctx
            if term.scoped is not None:
                term_ctx = c.process(ctx, term.scoped, scoped=True, override_protected=True)
            container = term.container
            if container and (isinstance(member, dict) or "@graph" in container):
                raise _Unsure  # index, language, id, type and graph containers
            if (term if term_ctx is ctx else c.term(term_ctx, key)).reverse:
                raise _Unsure  # (pyld reads the definition in the term's own context)
            if term.coerce == "@json":
                self.json_values.append(member)
                kept += 1
                continue
            kind = type(member)
            if kind is str or kind is int or kind is float or kind is bool:
                # `_expand_value` (inlined: most members are plain values)
                own = term if term_ctx is ctx else c.term(term_ctx, key)
                if own.keyword:
                    raise _Unsure
                if kind is str and (own.coerce == "@id" or own.coerce == "@vocab"):
                    self.ids.append(self._value_iri(term_ctx, member, own.coerce == "@vocab"))
                kept += 1
            elif member is not None:
                self.element(term_ctx, key, member, False, None,
                             term if term_ctx is ctx else None)
                kept += kind is list  # (objects may vanish)
        if "@value" in keywords:
            if properties or not keywords <= _VALUE_KEYWORDS:
                raise _Unsure  # pyld raises on extra members (or would keep them)
            if "@type" in keywords and ("@language" in keywords or type_is_array):
                raise _Unsure
            if value is None:
                return  # dropped
            if "@language" in keywords and not isinstance(value, str):
                raise _Unsure
            if not all(isinstance(t, str) and _ABSOLUTE_IRI.match(t)
                       and not t.startswith("_:") for t in types):
                raise _Unsure
            if top:
                raise _Unsure
            return  # a value object: its @type is not a node type
        if top and not types and not kept:
            raise _Unsure  # a top-level node may be dropped whole (only @id, empty)
        self.types += types
        self.ids += ids


def _expand_iri(ctx: Any, value: str, vocab: bool) -> Any:
    """pyld's `_expand_iri` with base=None and no local context (pure, per context)."""
    if value in KEYWORDS:
        return value
    if _KEYWORD_LIKE.match(value):
        return None
    mappings = ctx["mappings"]
    if vocab and value in mappings:
        mapping = mappings.get(value)
        return None if mapping is None else mapping["@id"]
    if value.find(":") > 0:
        prefix, suffix = value.split(":", 1)
        if prefix == "_" or suffix.startswith("//"):
            return value
        mapping = mappings.get(prefix)
        if mapping and mapping["_prefix"]:
            return mapping["@id"] + suffix
        if _ABSOLUTE_IRI.match(value):
            return value
    if vocab and "@vocab" in ctx:
        return ctx["@vocab"] + value
    return value


class _Term:
    """A key's expansion and term definition in one processed context (computed once)."""

    __slots__ = ("coerce", "container", "dropped", "expanded", "keyword", "reverse", "scoped")

    def __init__(self, ctx: Any, key: str) -> None:
        self.expanded = _expand_iri(ctx, key, True)
        self.keyword = self.expanded in KEYWORDS
        # pyld drops keys that expand to neither a keyword nor an absolute IRI
        self.dropped = self.expanded is None or not (
            self.keyword or _ABSOLUTE_IRI.match(self.expanded))
        entry = ctx["mappings"].get(key)  # as JsonLdProcessor.get_context_value
        entry = entry if entry is not None else {}
        self.scoped = entry.get("@context")
        self.coerce = entry.get("@type")
        container = entry.get("@container")
        self.container: tuple[Any, ...] = () if container is None else tuple(
            container) if isinstance(container, list) else (container,)
        # pyld reads mapping["reverse"] of every non-empty definition
        self.reverse = bool(entry) and entry.get("reverse", True) is not False


def _remember(table: dict[Any, Any], key: Any, value: Any) -> None:
    if len(table) >= MAX_TABLE_ENTRIES:
        table.clear()
    table[key] = value


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _hashable(local: str | list[str]) -> str | tuple[str, ...]:
    return local if isinstance(local, str) else tuple(local)
