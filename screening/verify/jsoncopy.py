"""A deep copy for parsed JSON: `copy.deepcopy` spends most of its time on bookkeeping
(memo, dispatch, reductors) that JSON's dicts, lists and immutable scalars never need —
it was a quarter of a VC-JWT verification."""

from __future__ import annotations

import copy
from typing import Any

_IMMUTABLE = (str, int, float, bool, type(None))


def copy_json(value: Any) -> Any:
    """A deep copy of `value`; anything that is not JSON is handed to `copy.deepcopy`."""
    kind = type(value)
    if kind is dict:
        return {k: v if type(v) in _IMMUTABLE else copy_json(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _IMMUTABLE else copy_json(v) for v in value]
    if kind in _IMMUTABLE:
        return value
    return copy.deepcopy(value)
