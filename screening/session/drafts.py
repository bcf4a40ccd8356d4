"""The working screening kept as a draft, so that reloading the tab never drops it.

A session's pool (its credentials with their original bytes and reports, the recruiter's
decisions), the role it is looked at against and the scoring configuration are written to
the store as one draft per owner — the local user, or the signed-in recruiter — whenever
they change (`keep_draft`). A new session of the same owner reopens it (`restore_draft`)
instead of the demo, exactly as it was: nothing is verified again. The draft goes when the
screening is saved (`saved_draft`) or discarded by hand (`discard_draft`). The demo and an
empty screening are never drafted, and opening them leaves an earlier draft in place.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from screening.batch.runner import Row
from screening.errors import StoreError
from screening.matching.scoring import ScoringConfig
from screening.session.saved import config_from_dict
from screening.session.workspace import STATUSES, Decision, Pool
from screening.store.api import Store
from screening.verify.report import CheckResult, CredentialSummary, Status, VerificationReport

FORMAT = 1  # of a draft's content; a draft of another format is not restored
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Restored:
    """A draft read back: the pool, and the role and configuration it was looked at with."""

    pool: Pool
    role_id: str | None
    config: ScoringConfig | None
    kept_at: datetime
    key: str  # `draft_key` of what was restored: unchanged, it is not written again


def draftable(pool: Pool) -> bool:
    """Only a recruiter's own screening with something in it is kept."""
    return not pool.demo and bool(pool.rows)


def draft_key(pool: Pool, role_id: str | None, config: ScoringConfig | None) -> str:
    """What a draft holds, as one digest: the pool, the role id and the configuration."""
    digest = hashlib.sha256(pool.key.encode())
    digest.update(f"\0{role_id or ''}\0{config.digest if config else ''}".encode())
    return digest.hexdigest()


def keep_draft(store: Store, owner: str, pool: Pool, role_id: str | None,
               config: ScoringConfig | None, now: datetime, last: str | None) -> str | None:
    """Write `owner`'s draft when the working screening changed since `last` (the key this
    session last wrote, restored or saved); returns the key now on record. The demo and an
    empty screening are not written (an earlier draft stays until discarded)."""
    key = draft_key(pool, role_id, config)
    if key == last or not draftable(pool):
        return last
    store.save_draft(owner, draft_content(pool, role_id, config), now)
    return key


def restore_draft(store: Store, owner: str) -> Restored | None:
    """`owner`'s draft (never another's), or None when there is none or it cannot be read
    (logged; the next change replaces it)."""
    draft = store.get_draft(owner)
    if draft is None:
        return None
    try:
        pool, role_id, config = read_content(draft.content)
    except (KeyError, TypeError, ValueError):
        log.warning("the draft of %s could not be read", owner, exc_info=True)
        return None
    return Restored(pool, role_id, config, draft.updated_at, draft_key(pool, role_id, config))


def discard_draft(store: Store, owner: str, actor: str, now: datetime) -> bool:
    """Drop `owner`'s draft by hand ("Discard draft"); whether there was one."""
    return store.discard_draft(owner, actor, now)


def saved_draft(store: Store, owner: str, actor: str, now: datetime, pool: Pool,
                role_id: str | None, config: ScoringConfig | None) -> str:
    """The working screening was saved: its draft goes, and the key returned marks it as
    on record, so only later changes are drafted again."""
    try:
        store.discard_draft(owner, actor, now, reason="saved")
    except StoreError:  # the screening is saved; a stale draft is replaced by the next one
        log.warning("the draft of %s could not be removed after saving", owner, exc_info=True)
    return draft_key(pool, role_id, config)


# --- the content: JSON the store keeps ------------------------------------------------------


def draft_content(pool: Pool, role_id: str | None, config: ScoringConfig | None
                  ) -> dict[str, Any]:
    return {
        "format": FORMAT, "role_id": role_id,
        "config": config.to_dict() if config is not None else None,
        "rows": [{"candidate": row.candidate, "source": row.source, "sha256": row.sha256,
                  "data": None if row.data is None else base64.b64encode(row.data).decode(),
                  "report": report_content(row.report)} for row in pool.rows],
        "decisions": {name: {"status": d.status, "notes": d.notes}
                      for name, d in pool.decisions.items()},
    }


def read_content(content: Mapping[str, Any]
                 ) -> tuple[Pool, str | None, ScoringConfig | None]:
    if content.get("format") != FORMAT:
        raise ValueError(f"draft format {content.get('format')!r} is not {FORMAT}")
    rows = [Row(str(r["candidate"]), read_report(r["report"]), r.get("sha256"),
                str(r.get("source") or ""),
                None if r.get("data") is None else base64.b64decode(r["data"]))
            for r in content["rows"]]
    decisions = {str(name): Decision(d["status"] if d.get("status") in STATUSES else "new",
                                     str(d.get("notes") or ""))
                 for name, d in dict(content.get("decisions") or {}).items()}
    role_id = content.get("role_id")
    config = content.get("config")
    return (Pool(rows, decisions),
            role_id if isinstance(role_id, str) else None,
            config_from_dict(config) if isinstance(config, Mapping) else None)


def report_content(report: VerificationReport) -> dict[str, Any]:
    """The whole report, with the document its skills are read from (which
    `VerificationReport.to_dict`, made for stored screenings, leaves out)."""
    return {"label": report.label, "kind": report.kind, "format": report.format,
            "checks": [c.to_dict() for c in report.checks],
            "summary": report.summary.to_dict(),
            "credentials": [report_content(inner) for inner in report.credentials],
            "document": None if report.document is None else dict(report.document)}


def read_report(data: Mapping[str, Any]) -> VerificationReport:
    checks = tuple(CheckResult(str(c["code"]), Status(c["status"]), str(c["message"]),
                               dict(c.get("details") or {})) for c in data["checks"])
    summary = data.get("summary") or {}
    fields = set(CredentialSummary.__dataclass_fields__)
    document = data.get("document")
    return VerificationReport(
        str(data["label"]), str(data["kind"]), str(data["format"]), checks,
        CredentialSummary(**{k: v for k, v in summary.items() if k in fields}),
        tuple(read_report(inner) for inner in data.get("credentials") or ()),
        document if isinstance(document, Mapping) else None)
