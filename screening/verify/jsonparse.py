"""JSON parsing as the verifier needs it, and cheap.

NaN and Infinity are refused (they are not JSON numbers), with one decoder object made
once: `json.loads` builds a new decoder whenever it is given an option, which was half the
parse time of a credential. And the nesting walk is skipped when the text cannot nest that
deep: a value nests no deeper than the number of `{` and `[` in its text. `node_key` is the
JSON text by which the term walk and the expansion remember a node they have seen.
"""

from __future__ import annotations

import json
from typing import Any, TypeGuard

from screening.verify.budget import MAX_JSON_DEPTH, nesting_exceeds


def _refuse_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not a JSON number", name, 0)


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def loads_strict(data: str | bytes) -> Any:
    """`json.loads(data, parse_constant=…refuse…)`, the same for str and bytes input."""
    if isinstance(data, bytes | bytearray):
        data = data.decode(json.detect_encoding(data), "surrogatepass")
    elif data.startswith("\ufeff"):
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", data, 0)
    return _DECODER.decode(data)


def is_number(value: Any) -> TypeGuard[int | float]:
    """A JSON number (bool is an int to Python, not to JSON)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def too_deep(text: str | bytes, parsed: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """`nesting_exceeds(parsed, limit)`, where `parsed` is the JSON `text` parsed."""
    if isinstance(text, bytes | bytearray):
        opening = text.count(b"{") + text.count(b"[")
    else:
        opening = text.count("{") + text.count("[")
    return opening > limit and nesting_exceeds(parsed, limit)


# keys sorted (both walks visit a node's keys sorted); nothing else changed
_NODE_KEY = json.JSONEncoder(sort_keys=True, ensure_ascii=False, check_circular=False,
                             separators=(",", ":")).encode


def node_key(element: Any, max_chars: int) -> str | None:
    """`element`'s JSON text as a memo key; None when it is longer than `max_chars` or not
    JSON (such a node is simply not remembered)."""
    try:
        text = _NODE_KEY(element)
    except (TypeError, ValueError, RecursionError):
        return None
    return text if len(text) <= max_chars else None
