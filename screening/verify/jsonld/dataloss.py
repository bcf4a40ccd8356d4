"""What JSON-LD expansion would lose: the error that says so, and the scan for relative
@type and @id values (they have no IRI and vanish from the RDF). The expansion
(processing.py) and the term walk (terms.py) both judge data loss by these."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from screening.verify.budget import CONTAINERS


class DataLossError(Exception):
    """Expansion would drop or mangle data, so a signature could not cover it."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def relative_references(expanded: Any) -> Iterator[str]:
    """Relative @type or @id values: they have no IRI and vanish from the RDF."""
    stack = [expanded]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "@type" and "@value" not in node:
                    for t in value if isinstance(value, list) else [value]:
                        if isinstance(t, str) and not is_absolute(t):
                            yield f"type {t!r} is not defined"
                elif key == "@id" and isinstance(value, str) and not is_absolute(value):
                    yield f"identifier {value!r} is not an absolute IRI"
                elif isinstance(value, CONTAINERS):
                    stack.append(value)


def is_absolute(iri: str) -> bool:
    return iri.startswith("_:") or (":" in iri and not iri.startswith(":"))
