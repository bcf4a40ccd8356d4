"""The known-issuer list: which issuer ids the organisation recognises, and as whom."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screening.verify.report import CheckResult, Status


@dataclass(frozen=True)
class KnownIssuer:
    id: str  # DID or https issuer id, exactly as it appears in credentials
    organisation: str
    note: str = ""


class TrustList:
    """Issuer id -> organisation. Membership means "we know who this is", nothing more."""

    def __init__(self, issuers: Iterable[KnownIssuer] = ()):
        self._issuers: dict[str, KnownIssuer] = {i.id: i for i in issuers}

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> TrustList:
        entries = data.get("issuer", data.get("issuers", []))
        issuers = []
        for entry in entries:
            if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
                raise ValueError("each issuer needs an 'id' string")
            issuers.append(KnownIssuer(entry["id"], str(entry.get("organisation", entry["id"])),
                                       str(entry.get("note", ""))))
        return cls(issuers)

    @classmethod
    def load(cls, path: Path) -> TrustList:
        """Read a TOML ([[issuer]] tables) or JSON ({"issuers": [...]}) trust list."""
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
        return cls.from_mapping(data)

    def __len__(self) -> int:
        return len(self._issuers)

    def __iter__(self):
        return iter(self._issuers.values())

    def lookup(self, issuer_id: str | None) -> KnownIssuer | None:
        return self._issuers.get(issuer_id) if issuer_id else None


def trust_check(trust: TrustList, issuer_id: str | None) -> CheckResult:
    known = trust.lookup(issuer_id)
    if known is None:
        return CheckResult("issuer_trusted", Status.INDETERMINATE,
                           "The issuer is not on your list of known issuers.",
                           {"issuer": issuer_id})
    return CheckResult("issuer_trusted", Status.PASS,
                       f"Known issuer: {known.organisation}.",
                       {"issuer": issuer_id, "organisation": known.organisation})
