"""The known-issuer list: which issuer ids the organisation recognises, and as whom; and
beside it, the certificate authorities whose certificates sign documents it recognises
(PDF signatures, JAdES seals, mdoc issuers: verify/keys/chain.py)."""

from __future__ import annotations

import json
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screening.verify.keys.chain import CertificateAuthority
from screening.verify.report import CheckResult, Status


@dataclass(frozen=True)
class KnownIssuer:
    id: str  # DID or https issuer id, exactly as it appears in credentials
    organisation: str
    note: str = ""


class TrustList:
    """Issuer id -> organisation. Membership means "we know who this is", nothing more."""

    def __init__(self, issuers: Iterable[KnownIssuer] = (),
                 authorities: Iterable[CertificateAuthority] = ()):
        self._issuers: dict[str, KnownIssuer] = {i.id: i for i in issuers}
        self.authorities: tuple[CertificateAuthority, ...] = tuple(authorities)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], base: Path | None = None) -> TrustList:
        """Issuers from `issuer`/`issuers` entries; certificate authorities from
        `certificate_authority`/`certificate_authorities` entries, each with a `name` and
        either `pem` (the certificate) or `file` (a PEM file, relative to `base`)."""
        entries = data.get("issuer", data.get("issuers", []))
        issuers = []
        for entry in entries:
            if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
                raise ValueError("each issuer needs an 'id' string")
            issuers.append(KnownIssuer(entry["id"], str(entry.get("organisation", entry["id"])),
                                       str(entry.get("note", ""))))
        listed = data.get("certificate_authority", data.get("certificate_authorities", []))
        return cls(issuers, [_authority(entry, base) for entry in listed])

    @classmethod
    def load(cls, path: Path) -> TrustList:
        """Read a TOML ([[issuer]] / [[certificate_authority]] tables) or JSON
        ({"issuers": [...], "certificate_authorities": [...]}) trust list."""
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
        return cls.from_mapping(data, path.parent)

    def __len__(self) -> int:
        return len(self._issuers)

    def __iter__(self) -> Iterator[KnownIssuer]:
        return iter(self._issuers.values())

    def lookup(self, issuer_id: str | None) -> KnownIssuer | None:
        return self._issuers.get(issuer_id) if issuer_id else None


def _authority(entry: Any, base: Path | None) -> CertificateAuthority:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
        raise ValueError("each certificate authority needs a 'name' string")
    if isinstance(entry.get("pem"), str):
        pem = entry["pem"].encode("ascii")
    elif isinstance(entry.get("file"), str):
        pem = ((base or Path.cwd()) / entry["file"]).read_bytes()
    else:
        raise ValueError(f"certificate authority {entry['name']!r} needs 'pem' or 'file'")
    try:
        return CertificateAuthority.from_pem(entry["name"], pem, str(entry.get("note", "")))
    except ValueError as exc:
        raise ValueError(f"certificate authority {entry['name']!r}: not a PEM certificate "
                         f"({exc})") from exc


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
