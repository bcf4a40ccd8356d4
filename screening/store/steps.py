"""The individual writes that make up a save, each on a connection inside the caller's
transaction. Nothing here commits: `Store` decides where a transaction starts and ends.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select

from screening.store import schema
from screening.store.content import content_sha256, normalize
from screening.store.records import CandidateInput, CredentialInput, StoreError


def lock(conn: Connection, name: str) -> None:
    """Serialise writers on `name` (PostgreSQL advisory lock; SQLite writers already queue)."""
    if conn.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        conn.execute(select(func.pg_advisory_xact_lock(key)))


def audit(conn: Connection, now: datetime, actor: str, action: str, target: str,
          details: Mapping[str, Any] | None = None) -> None:
    conn.execute(insert(schema.audit_log).values(
        at=now, actor=actor, action=action, target=target,
        details=normalize(dict(details or {}), "audit details")))


def latest_role(conn: Connection, key: str) -> Row[Any] | None:
    r = schema.roles
    return conn.execute(
        select(r).where(r.c.role_key == key).order_by(r.c.version.desc()).limit(1)).first()


def save_role(conn: Connection, key: str, title: str, toml_text: str, now: datetime,
              actor: str) -> tuple[Row[Any], bool]:
    """The latest version of role `key`, new only if the TOML text changed."""
    lock(conn, f"role:{key}")
    latest = latest_role(conn, key)
    if latest is not None and latest.toml == toml_text:
        return latest, False
    version = 1 if latest is None else latest.version + 1
    conn.execute(insert(schema.roles).values(
        role_key=key, version=version, title=title, toml=toml_text,
        toml_sha256=hashlib.sha256(toml_text.encode("utf-8")).hexdigest(), created_at=now))
    row = latest_role(conn, key)
    assert row is not None and row.version == version
    audit(conn, now, actor, "role_saved", f"{key}@{version}", {"title": title})
    return row, True


def insert_candidates(conn: Connection, screening_id: str,
                      candidates: Sequence[CandidateInput]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for position, cand in enumerate(candidates):
        result = conn.execute(insert(schema.candidates).values(
            screening_id=screening_id, position=position, name=cand.name, email=cand.email
        ).returning(schema.candidates.c.id))
        ids[cand.name] = result.scalar_one()
    return ids


def insert_credentials(conn: Connection, screening_id: str,
                       credentials: Sequence[CredentialInput],
                       candidate_ids: Mapping[str, int]) -> int:
    for position, cred in enumerate(credentials):
        data = None if cred.data is None else bytes(cred.data)
        digest = cred.sha256 or (None if data is None else hashlib.sha256(data).hexdigest())
        conn.execute(insert(schema.credentials).values(
            screening_id=screening_id, candidate_id=candidate_ids.get(cred.candidate),
            candidate=cred.candidate, position=position, source=cred.source,
            sha256=digest, data=data,
            report=normalize(cred.report, f"report of {cred.source!r}")))
    return len(credentials)


def insert_snapshot(conn: Connection, screening_id: str, content: dict[str, Any], actor: str,
                    now: datetime, verified_at: datetime) -> tuple[str, int, str]:
    """Insert an immutable snapshot; returns (id, seq, content SHA-256)."""
    s = schema.snapshots
    seq = conn.execute(select(func.coalesce(func.max(s.c.seq), 0))
                       .where(s.c.screening_id == screening_id)).scalar_one() + 1
    snapshot_id = str(uuid.uuid4())
    digest = content_sha256(content)
    conn.execute(insert(s).values(
        id=snapshot_id, screening_id=screening_id, seq=seq, created_at=now,
        verified_at=verified_at, created_by=actor, content=content, content_sha256=digest))
    return snapshot_id, seq, digest


def insert_fits(conn: Connection, snapshot_id: str, content: Mapping[str, Any],
                candidate_ids: Mapping[str, int]) -> int:
    rows = list(derive_fits(content))
    for fit in rows:
        conn.execute(insert(schema.fits).values(
            snapshot_id=snapshot_id, candidate_id=candidate_ids.get(fit["candidate"]), **fit))
    return len(rows)


def derive_fits(content: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
    """One row per candidate from content["fits"], else content["ranking"].

    Either may be a list of records, a dict by candidate name, or a ranking document with a
    "candidates" list (`Ranking.to_dict()`); ranks missing from the fits are taken from the
    ranking. The content is the caller's data: records without a candidate name are skipped
    and odd values become NULL rather than failing the save.
    """
    ranking = _records(content.get("ranking"))
    ranks = {name: _integer(rec.get("rank")) for name, rec in ranking}
    for name, record in _records(content.get("fits")) or ranking:
        band = record.get("band", record.get("band_shown"))
        rank = _integer(record.get("rank"))
        yield {"candidate": name, "fit": _number(record.get("fit")),
               "band": band if isinstance(band, str) else None,
               "rank": ranks.get(name) if rank is None else rank, "details": record}


def _records(source: Any) -> list[tuple[str, dict[str, Any]]]:
    if isinstance(source, dict) and isinstance(source.get("candidates"), list):
        source = source["candidates"]
    if isinstance(source, dict):
        source = [{"candidate": name, **value} if isinstance(value, dict)
                  else {"candidate": name, "fit": value} for name, value in source.items()]
    if not isinstance(source, list):
        return []
    out = []
    for record in source:
        if isinstance(record, dict):
            name = record.get("candidate", record.get("name"))
            if isinstance(name, str) and name:
                out.append((name, record))
    return out


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and abs(value) < 2**31:  # fits an INTEGER on both backends
        return value
    return None


def new_id() -> str:
    return str(uuid.uuid4())


def check_candidates(candidates: Sequence[CandidateInput]) -> None:
    seen: set[str] = set()
    for cand in candidates:
        if cand.name in seen:
            raise StoreError(f"candidate {cand.name!r} is listed twice")
        seen.add(cand.name)
