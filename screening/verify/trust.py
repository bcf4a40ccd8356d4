"""The known-issuer list: which issuer ids the organisation recognises, and as whom."""

from __future__ import annotations

import json
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
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

    def __iter__(self) -> Iterator[KnownIssuer]:
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


def organisation_key(name: str) -> str:
    """A name compared case- and space-insensitively (and in Unicode NFKC form)."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def impersonation_check(trust: TrustList, issuer_id: str | None,
                        issuer_name: str | None) -> CheckResult:
    """Fails when the credential's issuer *name* is a known issuer's organisation while its
    issuer id is none of that organisation's ids."""
    if not issuer_name or not organisation_key(issuer_name):
        return CheckResult("issuer_impersonation", Status.NA,
                           "The credential gives no issuer name.", {"issuer": issuer_id})
    wanted = organisation_key(issuer_name)
    ids = sorted(i.id for i in trust if organisation_key(i.organisation) == wanted)
    if not ids:
        return CheckResult("issuer_impersonation", Status.NA,
                           "The issuer's name is not that of a known issuer.",
                           {"issuer": issuer_id, "name": issuer_name})
    if issuer_id in ids:
        return CheckResult("issuer_impersonation", Status.PASS,
                           "The issuer's name and identity agree with your known issuers.",
                           {"issuer": issuer_id, "name": issuer_name})
    organisation = next(i.organisation for i in trust if i.id == ids[0])
    return CheckResult("issuer_impersonation", Status.FAIL,
                       f"The credential claims to be from {organisation}, but is not signed "
                       "with the identity you trust for it.",
                       {"issuer": issuer_id, "name": issuer_name, "known_ids": ids})
