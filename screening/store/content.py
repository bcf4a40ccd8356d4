"""JSON data as stored: normalised once on the way in, hashed canonically.

Normalising first (tuples to lists, keys to text, NaN to null, numpy scalars to Python)
means what is hashed is exactly what the database returns later, on either backend.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import date, datetime
from enum import Enum
from pathlib import PurePath
from typing import Any

from screening.store.records import StoreError


def _default(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    if hasattr(value, "item") and callable(value.item):  # numpy / pandas scalars
        return value.item()
    if hasattr(value, "to_dict") and callable(value.to_dict):
        return value.to_dict()
    raise TypeError(f"{type(value).__name__} is not JSON data")


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN/Infinity (PostgreSQL refuses them); a gap is a null
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def normalize(value: Any, what: str = "value") -> Any:
    """A plain JSON copy of `value` (dicts, lists, str, int, float, bool, None)."""
    try:
        loaded = json.loads(json.dumps(value, default=_default, allow_nan=True))
    except (TypeError, ValueError, RecursionError) as exc:
        raise StoreError(f"{what} is not storable as JSON: {exc}") from None
    result = _finite(loaded)
    try:
        canonical(result)
    except UnicodeEncodeError:  # a lone surrogate: neither UTF-8 nor PostgreSQL takes it
        raise StoreError(f"{what} contains text that is not valid Unicode") from None
    return result


def canonical(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes that content hashes are taken over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def content_sha256(value: Any) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()
