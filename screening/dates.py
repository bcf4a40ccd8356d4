"""Strict XML Schema dateTime parsing: credentials' dates, and SCREENING_NOW in settings.

A bottom module (the standard library only), so that settings, and so the launcher, can
parse a date without importing the verifier."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

_DATETIME = re.compile(
    r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$"
)


class DateError(ValueError):
    """A date is not an XML Schema dateTime."""


def parse_datetime(value: Any) -> datetime:
    """Parse an XSD dateTime; a value without a time zone is read as UTC."""
    if not isinstance(value, str) or not _DATETIME.match(value):
        raise DateError(f"{value!r} is not a date-time (YYYY-MM-DDThh:mm:ssZ)")
    text = value.replace("Z", "+00:00")
    if "." in text:  # Python accepts at most 6 fractional digits
        head, _, tail = text.partition(".")
        digits = re.match(r"\d+", tail).group(0)  # type: ignore[union-attr]
        text = f"{head}.{digits[:6].ljust(6, '0')}{tail[len(digits):]}"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise DateError(f"{value!r} is not a valid date-time") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def from_timestamp(seconds: float) -> str:
    """A NumericDate (seconds since 1970, UTC) as dateTime text; beyond what a date can
    hold, the furthest date on its side."""
    try:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return "9999-12-31T23:59:59Z" if seconds > 0 else "0001-01-01T00:00:00Z"
