"""Credential dates: the validity period and its check (parsing is screening.dates)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from screening.dates import DateError, parse_datetime
from screening.verify.report import CheckResult, Status

DEFAULT_SKEW = timedelta(minutes=5)


def validity_window(document: dict[str, Any]) -> tuple[str | None, str | None]:
    """(start, end) date properties of a credential, VCDM 2.0 names before 1.1 names."""
    start = document.get("validFrom", document.get("issuanceDate"))
    end = document.get("validUntil", document.get("expirationDate"))
    return start, end


def validity_check(document: dict[str, Any], now: datetime, skew: timedelta) -> CheckResult:
    """Is `now` inside the credential's validity period (allowing `skew` either way)?"""
    start_raw, end_raw = validity_window(document)
    details: dict[str, Any] = {"now": now.isoformat(), "skew_seconds": skew.total_seconds(),
                               "valid_from": start_raw, "valid_until": end_raw}
    try:
        start = parse_datetime(start_raw) if start_raw is not None else None
        end = parse_datetime(end_raw) if end_raw is not None else None
    except DateError as exc:
        return CheckResult("validity_period", Status.FAIL,
                           "The credential's dates are malformed.",
                           {**details, "reason": str(exc)})
    if start and end and end < start:
        return CheckResult("validity_period", Status.FAIL,
                           "The credential expires before it becomes valid.", details)
    if start and now + skew < start:
        return CheckResult("validity_period", Status.FAIL,
                           f"The credential is not valid until {start_raw}.",
                           {**details, "reason": "not_yet_valid"})
    if end and end + skew < now:
        return CheckResult("validity_period", Status.FAIL,
                           f"The credential expired on {end_raw}.",
                           {**details, "reason": "expired"})
    if start is None and end is None:
        return CheckResult("validity_period", Status.NA,
                           "The credential states no validity dates.", details)
    return CheckResult("validity_period", Status.PASS,
                       "The credential is within its validity dates.", details)
