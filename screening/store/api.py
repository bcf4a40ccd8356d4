"""`Store`: the persisted screenings, snapshots and share links behind one small API.

Every public write is one transaction (all of it or nothing) and leaves an audit row.
Results are frozen records from `records.py`; SQLAlchemy rows never leave this module.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    Text,
    cast,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.sql import ColumnElement

from screening.store import schema, sharing, steps, validate
from screening.store.content import content_sha256, normalize
from screening.store.engine import (
    check_sqlite_file,
    initialised,
    make_engine,
    resolve_url,
    writer,
)
from screening.store.migrations import current_version, migrate
from screening.store.records import (
    AuditEntry,
    CandidateRecord,
    CredentialRecord,
    Draft,
    Fit,
    LinkState,
    NotFoundError,
    RoleVersion,
    SaveScreening,
    ScreeningDetail,
    ScreeningSummary,
    SharedView,
    ShareLink,
    Snapshot,
    SnapshotInfo,
    StoreError,
    TamperedError,
    link_state,
)

MAX_SHARE_DAYS = 365
MAX_PURPOSE = 200  # characters of a share link's purpose


def open_store(url: str | None = None, data_dir: Path | None = None) -> Store:
    """Open (creating or upgrading the schema) the store at `url`, $SCREENING_DB_URL, or
    `<data_dir>/screening.db` with data_dir defaulting to $SCREENING_DATA_DIR or
    ~/.local/share/credential-screening."""
    resolved = resolve_url(url, data_dir)
    check_sqlite_file(resolved)
    engine = make_engine(resolved)
    try:
        migrate(writer(engine))
    except OperationalError as exc:  # unreachable server, unwritable file, bad credentials
        engine.dispose()
        where = engine.url.render_as_string(hide_password=True)
        raise StoreError(f"cannot open the store at {where}: {exc.orig}") from exc
    except DatabaseError as exc:  # a damaged file: "file is not a database", malformed
        engine.dispose()
        where = engine.url.render_as_string(hide_password=True)
        raise StoreError(f"the store at {where} is damaged and cannot be opened "
                         f"({exc.orig}); restore it from a backup or move it away to start "
                         "a new store") from exc
    except BaseException:
        engine.dispose()
        raise
    initialised(resolved)
    return Store(engine)


class Store:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writer = writer(engine)
        # PostgreSQL reads that span several queries see one consistent snapshot.
        self._reader = (engine.execution_options(isolation_level="REPEATABLE READ")
                        if engine.dialect.name == "postgresql" else engine)

    # ------------------------------------------------------------------ plumbing

    @property
    def backend(self) -> str:
        return str(self._engine.dialect.name)

    @property
    def url(self) -> str:
        return str(self._engine.url.render_as_string(hide_password=True))

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._database_errors(), self._writer.begin() as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._database_errors(), self._reader.connect() as conn:
            yield conn

    @contextmanager
    def _database_errors(self) -> Iterator[None]:
        """A database that is damaged or gone is one clear StoreError, never a driver's
        traceback (constraint violations are programming errors and stay as they are)."""
        try:
            yield
        except (IntegrityError, StoreError):
            raise
        except DatabaseError as exc:
            raise StoreError(f"the store at {self.url} could not be read or written "
                             f"({exc.orig}); it may be damaged or unreachable") from exc

    def schema_version(self) -> int:
        with self._read() as conn:
            return current_version(conn)

    # ------------------------------------------------------------------ roles

    def save_role(self, key: str, title: str, toml_text: str, now: datetime,
                  actor: str = "system") -> RoleVersion:
        """Store role `key`; a new version only when `toml_text` differs from the latest."""
        key = validate.text(key, "role key", 200)
        title = validate.text(title, "role title", validate.SHORT)
        toml_text = validate.text(toml_text, "role TOML", validate.LONG, allow_empty=True)
        actor, now = validate.actor(actor), validate.time(now)
        with self._write() as conn:
            row, _created = steps.save_role(conn, key, title, toml_text, now, actor)
        return _role(row)

    def list_roles(self) -> list[RoleVersion]:
        """The latest version of every role, by key."""
        r = schema.roles
        latest = (select(r.c.role_key, func.max(r.c.version).label("version"))
                  .group_by(r.c.role_key).subquery())
        stmt = (select(r).join(latest, (r.c.role_key == latest.c.role_key)
                               & (r.c.version == latest.c.version)).order_by(r.c.role_key))
        with self._read() as conn:
            return [_role(row) for row in conn.execute(stmt)]

    def role_versions(self, key: str) -> list[RoleVersion]:
        r = schema.roles
        with self._read() as conn:
            rows = conn.execute(select(r).where(r.c.role_key == key).order_by(r.c.version))
            return [_role(row) for row in rows]

    # ------------------------------------------------------------------ screenings

    def save_screening(self, request: SaveScreening, actor: str,
                       now: datetime) -> ScreeningSummary:
        """Save everything in `request` in ONE transaction: all of it, or nothing."""
        req = validate.checked(request)
        actor, now = validate.actor(actor), validate.time(now)
        verified_at = validate.time(req.verified_at) if req.verified_at else now
        content = validate.snapshot_content(req.snapshot)
        screening_id = steps.new_id()
        with self._write() as conn:
            role, _ = steps.save_role(conn, req.role_key, req.role_title, req.role_toml, now,
                                      actor)
            conn.execute(insert(schema.screenings).values(
                id=screening_id, name=req.name, role_id=role.id,
                scoring_config=normalize(req.scoring_config, "scoring config"),
                config_hash=req.config_hash, created_at=now, created_by=actor))
            candidate_ids = steps.insert_candidates(conn, screening_id, req.candidates)
            steps.insert_credentials(conn, screening_id, req.credentials, candidate_ids)
            snapshot_id, _, digest = steps.insert_snapshot(
                conn, screening_id, content, actor, now, verified_at)
            fit_count = steps.insert_fits(conn, snapshot_id, content, candidate_ids)
            steps.audit(conn, now, actor, "screening_saved", screening_id, {
                "name": req.name, "role": f"{role.role_key}@{role.version}",
                "candidates": len(req.candidates), "credentials": len(req.credentials),
                "snapshot_id": snapshot_id, "content_sha256": digest, "fits": fit_count})
            return self._summaries(conn, screening_id)[0]

    def list_screenings(self) -> list[ScreeningSummary]:
        """Newest first."""
        with self._read() as conn:
            return self._summaries(conn)

    def open_screening(self, screening_id: str) -> ScreeningDetail:
        with self._read() as conn:
            found = self._summaries(conn, screening_id)
            if not found:
                raise NotFoundError(f"no screening {screening_id!r}")
            s, r = schema.screenings, schema.roles
            head = conn.execute(select(s.c.scoring_config, r)
                                .join(r, s.c.role_id == r.c.id)
                                .where(s.c.id == screening_id)).one()
            cand = schema.candidates
            candidates = tuple(
                CandidateRecord(row.id, row.name, row.email) for row in conn.execute(
                    select(cand).where(cand.c.screening_id == screening_id)
                    .order_by(cand.c.position)))
            c = schema.credentials
            credentials = tuple(
                CredentialRecord(row.id, row.candidate, row.candidate_id, row.source, row.sha256,
                                 None if row.data is None else bytes(row.data), row.report)
                for row in conn.execute(select(c).where(c.c.screening_id == screening_id)
                                        .order_by(c.c.position)))
            return ScreeningDetail(
                summary=found[0], role=_role(head), scoring_config=head.scoring_config,
                candidates=candidates, credentials=credentials,
                snapshots=tuple(self._snapshot_infos(conn, screening_id)))

    def delete_screening(self, screening_id: str, actor: str, now: datetime) -> None:
        """Delete a screening and everything under it (share links too); the audit stays."""
        actor, now = validate.actor(actor), validate.time(now)
        s, snap = schema.screenings, schema.snapshots
        with self._write() as conn:
            row = conn.execute(select(s.c.name).where(s.c.id == screening_id)
                               .with_for_update()).first()
            if row is None:
                raise NotFoundError(f"no screening {screening_id!r}")
            snapshot_ids = select(snap.c.id).where(snap.c.screening_id == screening_id)
            # Explicit, child-first deletes: correct even where ON DELETE CASCADE is off.
            links = conn.execute(delete(schema.share_links)
                                 .where(schema.share_links.c.snapshot_id.in_(snapshot_ids)))
            conn.execute(delete(schema.fits).where(schema.fits.c.snapshot_id.in_(snapshot_ids)))
            snaps = conn.execute(delete(snap).where(snap.c.screening_id == screening_id))
            creds = conn.execute(delete(schema.credentials)
                                 .where(schema.credentials.c.screening_id == screening_id))
            cands = conn.execute(delete(schema.candidates)
                                 .where(schema.candidates.c.screening_id == screening_id))
            conn.execute(delete(s).where(s.c.id == screening_id))
            steps.audit(conn, now, actor, "screening_deleted", screening_id, {
                "name": row.name, "snapshots": snaps.rowcount, "credentials": creds.rowcount,
                "candidates": cands.rowcount, "share_links": links.rowcount})

    # ------------------------------------------------------------------ snapshots

    def latest_snapshot(self, screening_id: str) -> Snapshot | None:
        snap = schema.snapshots
        with self._read() as conn:
            snapshot_id = conn.execute(
                select(snap.c.id).where(snap.c.screening_id == screening_id)
                .order_by(snap.c.seq.desc()).limit(1)).scalar()
            return None if snapshot_id is None else _load_snapshot(conn, snapshot_id)

    def get_snapshot(self, snapshot_id: str) -> Snapshot:
        """The snapshot, its content checked against the SHA-256 recorded at save time."""
        with self._read() as conn:
            return _load_snapshot(conn, snapshot_id)

    def snapshot_fits(self, snapshot_id: str) -> list[Fit]:
        f = schema.fits
        with self._read() as conn:
            rows = conn.execute(select(f).where(f.c.snapshot_id == snapshot_id).order_by(f.c.id))
            return [Fit(r.candidate, r.candidate_id, r.fit, r.band, r.rank, r.details)
                    for r in rows]

    def add_snapshot(self, screening_id: str, content: dict[str, Any], actor: str,
                     now: datetime, verified_at: datetime | None = None) -> Snapshot:
        """A new snapshot (e.g. after re-verifying); earlier snapshots are never changed."""
        actor, now = validate.actor(actor), validate.time(now)
        verified_at = validate.time(verified_at) if verified_at else now
        content = validate.snapshot_content(content)
        s, cand = schema.screenings, schema.candidates
        with self._write() as conn:
            if conn.execute(select(s.c.id).where(s.c.id == screening_id)
                            .with_for_update()).first() is None:
                raise NotFoundError(f"no screening {screening_id!r}")
            candidate_ids = {r.name: r.id for r in conn.execute(
                select(cand.c.name, cand.c.id).where(cand.c.screening_id == screening_id))}
            snapshot_id, seq, digest = steps.insert_snapshot(
                conn, screening_id, content, actor, now, verified_at)
            steps.insert_fits(conn, snapshot_id, content, candidate_ids)
            steps.audit(conn, now, actor, "snapshot_added", snapshot_id, {
                "screening_id": screening_id, "seq": seq, "content_sha256": digest})
            return _load_snapshot(conn, snapshot_id)

    # ------------------------------------------------------------------ share links

    def create_share_link(self, snapshot_id: str, actor: str, now: datetime, days: float = 14,
                          hide_emails: bool = False, require_sign_in: bool = False,
                          purpose: str = "") -> tuple[str, ShareLink]:
        """A new read-only link to one snapshot. The token is returned here ONCE; only its
        SHA-256 is stored, so it cannot be shown again. With `require_sign_in` the link opens
        only for a named viewer (see `resolve_share_token`). `purpose`: whom or what it is
        for (a recipient, a meeting), shown wherever links are listed."""
        actor, now = validate.actor(actor), validate.time(now)
        purpose = validate.text(purpose, "a share link's purpose", MAX_PURPOSE,
                                allow_empty=True).strip()
        if (isinstance(days, bool) or not isinstance(days, int | float)
                or not 0 < days <= MAX_SHARE_DAYS):
            raise StoreError(f"a share link lasts more than 0 and at most {MAX_SHARE_DAYS} days")
        token, link_id = sharing.new_token(), steps.new_id()
        with self._write() as conn:
            # FOR SHARE (PostgreSQL): a concurrent delete waits until the link exists.
            if conn.execute(select(schema.snapshots.c.id)
                            .where(schema.snapshots.c.id == snapshot_id)
                            .with_for_update(read=True)).first() is None:
                raise NotFoundError(f"no snapshot {snapshot_id!r}")
            expires_at = now + timedelta(days=days)
            conn.execute(insert(schema.share_links).values(
                id=link_id, snapshot_id=snapshot_id, token_sha256=sharing.token_digest(token),
                created_at=now, expires_at=expires_at, revoked_at=None,
                hide_emails=bool(hide_emails), access_count=0, last_access_at=None,
                created_by=actor, require_sign_in=bool(require_sign_in), purpose=purpose))
            steps.audit(conn, now, actor, "share_link_created", link_id, {
                "snapshot_id": snapshot_id, "expires_at": expires_at.isoformat(),
                "hide_emails": bool(hide_emails), "require_sign_in": bool(require_sign_in),
                "purpose": purpose})
            return token, _load_link(conn, link_id)

    def resolve_share_token(self, token: str, now: datetime, viewer: str | None = None
                            ) -> SharedView | None:
        """The shared snapshot, or None for ANY unknown, malformed, expired or revoked token
        (the caller shows one generic message), and for a link that requires sign-in when
        no `viewer` is named. The caller decides that `viewer` (a signed-in identity) may
        see it; the audit log names the viewer. A successful open is counted and audited."""
        now = validate.time(now)
        visitor = "share-link visitor" if viewer is None else validate.actor(viewer)
        if not sharing.well_formed(token):
            return None  # not worth a query; unattributable, so not audited either
        digest = sharing.token_digest(token)
        link_t = schema.share_links
        with self._write() as conn:
            link = conn.execute(select(link_t).where(link_t.c.token_sha256 == digest)
                                .with_for_update()).first()
            if link is None or not hmac.compare_digest(link.token_sha256, digest):
                return None
            state = link_state(link.revoked_at, link.expires_at, now)
            if state is not LinkState.ACTIVE:
                steps.audit(conn, now, visitor, "share_link_refused", link.id,
                            {"reason": str(state)})
                return None
            if link.require_sign_in and viewer is None:
                steps.audit(conn, now, visitor, "share_link_refused", link.id,
                            {"reason": "sign_in_required"})
                return None
            snapshot = _load_snapshot(conn, link.snapshot_id)
            conn.execute(update(link_t).where(link_t.c.id == link.id).values(
                access_count=link_t.c.access_count + 1, last_access_at=now))
            steps.audit(conn, now, visitor, "share_link_opened", link.id, {
                "snapshot_id": link.snapshot_id, "access_count": link.access_count + 1})
            name = conn.execute(select(schema.screenings.c.name).where(
                schema.screenings.c.id == snapshot.screening_id)).scalar_one()
        content = snapshot.content
        if link.hide_emails:
            content = sharing.scrubbed_content(content, snapshot.content_sha256)
            name = sharing.scrub_text(name)
        # The hash of what is shown: the original's hash would let a visitor test guesses
        # of the hidden addresses against it.
        return SharedView(
            link_id=link.id, snapshot_id=snapshot.id, screening_id=snapshot.screening_id,
            screening_name=name, created_at=snapshot.created_at,
            verified_at=snapshot.verified_at, expires_at=link.expires_at,
            hide_emails=bool(link.hide_emails), content=content,
            content_sha256=content_sha256(content), require_sign_in=bool(link.require_sign_in))

    def refuse_share_token(self, token: str, now: datetime, visitor: str,
                           reason: str) -> bool:
        """Audit a refusal the caller decided (a signed-in person who may not open a link
        that requires sign-in: reason `not_allowed`), named by `visitor`; nothing is
        counted or opened. False (and nothing logged) for a token of no link."""
        now, visitor = validate.time(now), validate.actor(visitor)
        if not sharing.well_formed(token):
            return False
        digest = sharing.token_digest(token)
        link_t = schema.share_links
        with self._write() as conn:
            link = conn.execute(select(link_t.c.id, link_t.c.token_sha256)
                                .where(link_t.c.token_sha256 == digest)).first()
            if link is None or not hmac.compare_digest(link.token_sha256, digest):
                return False
            steps.audit(conn, now, visitor, "share_link_refused", link.id,
                        {"reason": reason})
        return True

    def share_token_requires_sign_in(self, token: str, now: datetime) -> bool:
        """Whether `token` names a live link that opens only for a signed-in viewer (read
        only: neither counted nor audited), so a page can ask the visitor to sign in."""
        now = validate.time(now)
        if not sharing.well_formed(token):
            return False
        digest = sharing.token_digest(token)
        link_t = schema.share_links
        with self._read() as conn:
            link = conn.execute(select(link_t.c.require_sign_in, link_t.c.revoked_at,
                                       link_t.c.expires_at)
                                .where(link_t.c.token_sha256 == digest)).first()
        return (link is not None and bool(link.require_sign_in)
                and link_state(link.revoked_at, link.expires_at, now) is LinkState.ACTIVE)

    def revoke_share_link(self, link_id: str, actor: str, now: datetime) -> ShareLink:
        """Revoke a link for good (revoking again keeps the first revocation time)."""
        actor, now = validate.actor(actor), validate.time(now)
        link_t = schema.share_links
        with self._write() as conn:
            found = conn.execute(select(link_t.c.revoked_at).where(link_t.c.id == link_id)
                                 .with_for_update()).first()
            if found is None:
                raise NotFoundError(f"no share link {link_id!r}")
            if found.revoked_at is None:
                conn.execute(update(link_t).where(link_t.c.id == link_id)
                             .values(revoked_at=now))
            steps.audit(conn, now, actor, "share_link_revoked", link_id,
                        {"already_revoked": found.revoked_at is not None})
            return _load_link(conn, link_id)

    def list_share_links(self, snapshot_id: str) -> list[ShareLink]:
        link_t = schema.share_links
        with self._read() as conn:
            return _links(conn, link_t.c.snapshot_id == snapshot_id)

    def share_link_state(self, link_id: str, now: datetime) -> LinkState:
        """Whether the link opens now (a visitor's later reruns re-check it, unaudited);
        a link that no longer exists counts as revoked."""
        link_t = schema.share_links
        with self._read() as conn:
            found = _links(conn, link_t.c.id == link_id)
        return found[0].state(validate.time(now)) if found else LinkState.REVOKED

    # ------------------------------------------------------------------ drafts

    def save_draft(self, owner: str, content: dict[str, Any], now: datetime) -> Draft:
        """Keep `owner`'s unsaved working screening (replacing their earlier draft). Not
        audited: it is written on every change and holds nothing saved or shared yet."""
        owner, now = validate.actor(owner), validate.time(now)
        if not isinstance(content, dict):
            raise StoreError("draft content must be a JSON object (dict)")
        content = normalize(content, "draft content")
        d = schema.drafts
        with self._write() as conn:
            steps.lock(conn, f"draft:{owner}")
            conn.execute(delete(d).where(d.c.owner == owner))
            conn.execute(insert(d).values(owner=owner, updated_at=now, content=content))
        return Draft(owner, now, content)

    def get_draft(self, owner: str) -> Draft | None:
        """`owner`'s draft, never anyone else's; None when they have none."""
        owner = validate.actor(owner)
        d = schema.drafts
        with self._read() as conn:
            row = conn.execute(select(d).where(d.c.owner == owner)).first()
        return None if row is None else Draft(row.owner, row.updated_at, row.content)

    def discard_draft(self, owner: str, actor: str, now: datetime,
                      reason: str = "discarded") -> bool:
        """Remove `owner`'s draft; whether there was one. `reason`: "discarded" (dropped
        by hand) or "saved" (it became a saved screening). Audited when there was one."""
        reason = validate.text(reason, "reason", 64)
        owner, actor, now = validate.actor(owner), validate.actor(actor), validate.time(now)
        d = schema.drafts
        with self._write() as conn:
            gone = conn.execute(delete(d).where(d.c.owner == owner)).rowcount
            if gone:
                steps.audit(conn, now, actor, "draft_discarded", owner, {"reason": reason})
        return bool(gone)

    # ------------------------------------------------------------------ audit

    def audit_log(self, limit: int = 100) -> list[AuditEntry]:
        """The newest `limit` audit rows, newest first."""
        if isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= 100_000:
            raise StoreError("audit limit must be between 1 and 100000")
        a = schema.audit_log
        with self._read() as conn:
            rows = conn.execute(select(a).order_by(a.c.id.desc()).limit(limit))
            return [AuditEntry(r.id, r.at, r.actor, r.action, r.target, r.details)
                    for r in rows]

    # ------------------------------------------------------------------ helpers

    def _summaries(self, conn: Connection, screening_id: str | None = None
                   ) -> list[ScreeningSummary]:
        s, r = schema.screenings, schema.roles
        cand, cred, snap = schema.candidates, schema.credentials, schema.snapshots
        n_cand = (select(func.count()).select_from(cand)
                  .where(cand.c.screening_id == s.c.id).scalar_subquery())
        n_cred = (select(func.count()).select_from(cred)
                  .where(cred.c.screening_id == s.c.id).scalar_subquery())
        latest = (select(snap.c.id).where(snap.c.screening_id == s.c.id)
                  .order_by(snap.c.seq.desc()).limit(1).scalar_subquery())
        stmt = (select(s.c.id, s.c.name, r.c.role_key, r.c.title, r.c.version, s.c.config_hash,
                       s.c.created_at, s.c.created_by, n_cand.label("n_cand"),
                       n_cred.label("n_cred"), latest.label("latest"))
                .join(r, s.c.role_id == r.c.id).order_by(s.c.created_at.desc(), s.c.id))
        if screening_id is not None:
            stmt = stmt.where(s.c.id == screening_id)
        return [ScreeningSummary(row.id, row.name, row.role_key, row.title, row.version,
                                 row.config_hash, row.created_at, row.created_by, row.n_cand,
                                 row.n_cred, row.latest)
                for row in conn.execute(stmt)]

    def _snapshot_infos(self, conn: Connection, screening_id: str) -> Iterator[SnapshotInfo]:
        snap = schema.snapshots
        cols = [c for c in snap.c if c.name != "content"]
        for row in conn.execute(select(*cols).where(snap.c.screening_id == screening_id)
                                .order_by(snap.c.seq)):
            yield SnapshotInfo(row.id, row.screening_id, row.seq, row.created_at,
                               row.verified_at, row.created_by, row.content_sha256)


# ---------------------------------------------------------------------- module helpers


def _load_snapshot(conn: Connection, snapshot_id: str) -> Snapshot:
    snap = schema.snapshots
    cols = [c for c in snap.c if c.name != "content"]
    # The content is read as text and parsed here, so that even unparsable tampering is
    # reported as tampering rather than as a driver error.
    row = conn.execute(select(*cols, cast(snap.c.content, Text).label("raw"))
                       .where(snap.c.id == snapshot_id)).first()
    if row is None:
        raise NotFoundError(f"no snapshot {snapshot_id!r}")
    try:
        content = json.loads(row.raw)
        actual = content_sha256(content) if isinstance(content, dict) else ""
    except (TypeError, ValueError):
        actual = ""
    if not hmac.compare_digest(actual, row.content_sha256):
        raise TamperedError(
            f"snapshot {snapshot_id} was altered after it was saved: its stored content no "
            "longer matches the SHA-256 recorded with it")
    return Snapshot(row.id, row.screening_id, row.seq, row.created_at, row.verified_at,
                    row.created_by, row.content_sha256, content)


def _links(conn: Connection, where: ColumnElement[bool]) -> list[ShareLink]:
    link_t, snap = schema.share_links, schema.snapshots
    rows = conn.execute(select(link_t, snap.c.screening_id)
                        .join(snap, link_t.c.snapshot_id == snap.c.id)
                        .where(where).order_by(link_t.c.created_at, link_t.c.id))
    return [ShareLink(row.id, row.snapshot_id, row.screening_id, row.created_at,
                      row.expires_at, row.revoked_at, bool(row.hide_emails), row.access_count,
                      row.last_access_at, row.created_by, bool(row.require_sign_in),
                      row.purpose or "")
            for row in rows]


def _load_link(conn: Connection, link_id: str) -> ShareLink:
    return _links(conn, schema.share_links.c.id == link_id)[0]


def _role(row: Row[Any]) -> RoleVersion:
    return RoleVersion(row.id, row.role_key, row.version, row.title, row.toml, row.toml_sha256,
                       row.created_at)

