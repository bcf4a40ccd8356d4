"""Input checks done before any transaction opens, so most mistakes never touch the database."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from typing import Any

from screening.store import steps
from screening.store.content import normalize
from screening.store.records import SaveScreening, StoreError

SHORT = 500  # names, titles, sources, actors
LONG = 2_000_000  # role TOML


def time(value: object) -> datetime:
    if not isinstance(value, datetime):
        raise StoreError("a time must be a datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise StoreError("a time must be timezone-aware (UTC); naive datetimes are ambiguous")
    return value.astimezone(UTC)


def text(value: object, what: str, max_len: int, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise StoreError(f"{what} must be text")
    if not allow_empty and not value.strip():
        raise StoreError(f"{what} must not be empty")
    if len(value) > max_len:
        raise StoreError(f"{what} is longer than {max_len} characters")
    if "\x00" in value:  # PostgreSQL text cannot hold NUL; refuse it on both backends
        raise StoreError(f"{what} contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise StoreError(f"{what} is not valid Unicode") from None
    return value


def candidate_problem(name: object, email: object = None) -> str | None:
    """Why `save_screening` would refuse this candidate (None: it would not), so a caller
    can report and skip one bad candidate instead of losing the whole save."""
    try:
        text(name, "candidate name", SHORT)
        if email is not None:
            text(email, "candidate email", SHORT, allow_empty=True)
    except StoreError as exc:
        return str(exc)
    return None


def actor(value: object) -> str:
    return text(value, "actor", SHORT)


def snapshot_content(content: object) -> dict[str, Any]:
    if not isinstance(content, dict):
        raise StoreError("snapshot content must be a JSON object (dict)")
    normalized: dict[str, Any] = normalize(content, "snapshot content")
    return normalized


def checked(req: SaveScreening) -> SaveScreening:
    """Validate a save before any write, so most mistakes never open a transaction."""
    if not isinstance(req, SaveScreening):
        raise StoreError("save_screening needs a SaveScreening")
    text(req.name, "screening name", SHORT)
    text(req.role_key, "role key", 200)
    text(req.role_title, "role title", SHORT)
    text(req.role_toml, "role TOML", LONG, allow_empty=True)
    text(req.config_hash, "config hash", 200)
    if not isinstance(req.scoring_config, dict):
        raise StoreError("scoring config must be a JSON object (dict)")
    for cand in req.candidates:
        text(cand.name, "candidate name", SHORT)
        if cand.email is not None:
            text(cand.email, "candidate email", SHORT, allow_empty=True)
    steps.check_candidates(req.candidates)
    for cred in req.credentials:
        text(cred.candidate, "credential candidate", SHORT)
        text(cred.source, "credential source", SHORT * 4, allow_empty=True)
        if cred.data is not None and not isinstance(cred.data, bytes | bytearray | memoryview):
            raise StoreError(f"credential {cred.source!r}: data must be bytes")
        if not isinstance(cred.report, dict):
            raise StoreError(f"credential {cred.source!r}: report must be a dict")
        if cred.sha256 is not None:
            text(cred.sha256, "credential sha256", 64)
            if cred.data is not None and not hmac.compare_digest(
                    hashlib.sha256(bytes(cred.data)).hexdigest(), cred.sha256.lower()):
                raise StoreError(f"credential {cred.source!r}: sha256 does not match its bytes")
    return req
