"""screening.store on BOTH backends: SQLite (a temp file) and a real, throw-away PostgreSQL
server started for the session (see store_support.py). No test here is ever skipped: a
machine without the PostgreSQL server fails the postgresql cases with an install hint.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, insert, inspect, select, text, update
from store_support import (
    NOW,
    PostgresServer,
    PostgresUnavailable,
    count_rows,
    dump_tables,
    postgres_server,
    sample_request,
)

from screening.store import (
    CandidateInput,
    CredentialInput,
    NotFoundError,
    SaveScreening,
    Store,
    StoreError,
    TamperedError,
    open_store,
    schema,
    scrub_emails,
    steps,
)
from screening.store.engine import make_engine
from screening.store.migrations import LATEST, MIGRATIONS, migrate
from screening.store.sharing import TOKEN_LENGTH, token_digest

HERE = Path(__file__).resolve().parent  # the subprocess writers
TESTS = HERE.parent  # store_support and the other shared helpers
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    with contextlib.ExitStack() as stack:
        problem = ""
        try:
            server = stack.enter_context(postgres_server())
        except PostgresUnavailable as exc:
            problem = str(exc)
        if problem:  # a failure (not a skip): CI must provide the server
            pytest.fail(f"PostgreSQL tests cannot run: {problem}", pytrace=False)
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'screening.db'}"
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = server.create_database()
    yield server.url(name)
    server.drop_database(name)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.close()


@pytest.fixture
def raw(db_url: str) -> Iterator[Engine]:
    """A plain engine on the same database, for looking under (and tampering with) the API."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def actions(store: Store) -> list[str]:
    return [entry.action for entry in reversed(store.audit_log(limit=1000))]


# ---------------------------------------------------------------------------- round trip


def test_save_list_open_delete_round_trip(store: Store, raw: Engine) -> None:
    req = sample_request()
    summary = store.save_screening(req, actor="alice", now=NOW)

    assert summary.name == "Backend hiring" and summary.created_by == "alice"
    assert (summary.role_key, summary.role_version) == ("backend", 1)
    assert summary.candidate_count == 2 and summary.credential_count == 3
    assert summary.created_at == NOW and summary.latest_snapshot_id
    assert store.list_screenings() == [summary]

    detail = store.open_screening(summary.id)
    assert detail.summary == summary and detail.scoring_config == req.scoring_config
    assert detail.role.toml == req.role_toml
    assert [(c.name, c.email) for c in detail.candidates] == [
        (c.name, c.email) for c in req.candidates]
    for saved, given_ in zip(detail.credentials, req.credentials, strict=True):
        assert saved.data == given_.data  # bytes byte-for-byte, NULs and all
        assert saved.report == given_.report
        assert (saved.candidate, saved.source, saved.sha256) == (
            given_.candidate, given_.source, given_.sha256)
    assert detail.credentials[0].candidate_id == detail.candidates[0].id
    assert detail.credentials[-1].candidate_id is None  # "unassigned"
    assert [s.id for s in detail.snapshots] == [summary.latest_snapshot_id]

    snapshot = store.get_snapshot(summary.latest_snapshot_id)
    assert snapshot.content == req.snapshot
    assert store.latest_snapshot(summary.id) == snapshot
    fits = store.snapshot_fits(snapshot.id)
    assert [(f.candidate, f.rank, f.band) for f in fits] == [
        ("Alice Example", 1, "strong"), ("Bob Sample", 2, "strong")]
    assert fits[0].fit == pytest.approx(0.9) and fits[0].candidate_id == detail.candidates[0].id

    token, _link = store.create_share_link(snapshot.id, actor="alice", now=NOW)
    store.delete_screening(summary.id, actor="alice", now=NOW + timedelta(hours=1))
    assert store.list_screenings() == []
    with pytest.raises(NotFoundError):
        store.open_screening(summary.id)
    with pytest.raises(NotFoundError):
        store.get_snapshot(snapshot.id)
    assert store.latest_snapshot(summary.id) is None
    assert store.resolve_share_token(token, NOW) is None
    counts = count_rows(raw)
    for table in ("screenings", "candidates", "credentials", "snapshots", "fits",
                  "share_links"):
        assert counts[table] == 0, table
    assert counts["roles"] == 1  # roles are a library, not part of one screening
    deleted = store.audit_log(limit=1)[0]
    assert (deleted.action, deleted.target, deleted.actor) == (
        "screening_deleted", summary.id, "alice")
    assert deleted.details["share_links"] == 1 and deleted.details["credentials"] == 3


def test_screenings_listed_newest_first_and_counted(store: Store) -> None:
    first = store.save_screening(sample_request("one", n_candidates=1), "a", NOW)
    second = store.save_screening(sample_request("two", n_candidates=3), "a",
                                  NOW + timedelta(minutes=5))
    listed = store.list_screenings()
    assert [s.id for s in listed] == [second.id, first.id]
    assert [(s.candidate_count, s.credential_count) for s in listed] == [(3, 4), (1, 2)]


def test_json_values_round_trip_on_both_backends(store: Store) -> None:
    report = {"nan": float("nan"), "inf": float("inf"), "nested": {"k": [1, 2.5, True, None]},
              "text": "nul\u0000 inside, emoji 🎓, rtl \u202e", "big": 2**62, "tuple": (1, 2)}
    req = sample_request()
    req = replace(req, credentials=[CredentialInput("Alice Example", "x.json", None, b"", report)])
    saved = store.save_screening(req, "a", NOW)
    got = store.open_screening(saved.id).credentials[0]
    assert got.report == {**report, "nan": None, "inf": None, "tuple": [1, 2]}
    assert got.data == b"" and got.sha256 == hashlib.sha256(b"").hexdigest()  # filled in


def test_unknown_ids_raise_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.open_screening("nope")
    with pytest.raises(NotFoundError):
        store.delete_screening("nope", "a", NOW)
    with pytest.raises(NotFoundError):
        store.add_snapshot("nope", {}, "a", NOW)
    with pytest.raises(NotFoundError):
        store.create_share_link("nope", "a", NOW)
    with pytest.raises(NotFoundError):
        store.revoke_share_link("nope", "a", NOW)
    assert store.list_share_links("nope") == []


@pytest.mark.parametrize("broken", [
    lambda r: replace(r, credentials=[replace(r.credentials[0], sha256="0" * 64)]),
    lambda r: replace(r, candidates=[*r.candidates, CandidateInput(r.candidates[0].name)]),
    lambda r: replace(r, name=""),
    lambda r: replace(r, name="bad\x00name"),
    lambda r: replace(r, snapshot={"obj": object()}),
    lambda r: replace(r, scoring_config=[1, 2]),
    lambda r: replace(r, credentials=[replace(r.credentials[0], report="not a dict")]),
], ids=["sha-mismatch", "duplicate-candidate", "empty-name", "nul", "not-json", "config-list",
        "report-str"])
def test_invalid_saves_are_refused_and_leave_nothing(store: Store, raw: Engine, broken) -> None:
    with pytest.raises(StoreError):
        store.save_screening(broken(sample_request()), "a", NOW)
    assert all(n == 0 for name, n in count_rows(raw).items() if name != "schema_version")


def test_naive_times_are_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="timezone"):
        store.save_screening(sample_request(), "a", NOW.replace(tzinfo=None))


def test_failure_inside_the_transaction_rolls_everything_back(
        store: Store, raw: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(steps, "insert_fits", explode)
    with pytest.raises(RuntimeError):
        store.save_screening(sample_request(), "a", NOW)
    assert all(n == 0 for name, n in count_rows(raw).items() if name != "schema_version")


# ---------------------------------------------------------------------------- roles


def test_role_versions_only_when_text_changes(store: Store) -> None:
    v1 = store.save_role("backend", "Backend", 'title = "Backend"\n', NOW)
    same = store.save_role("backend", "Renamed but same text", 'title = "Backend"\n',
                           NOW + timedelta(days=1))
    assert same == v1 and v1.version == 1
    v2 = store.save_role("backend", "Backend", 'title = "Backend v2"\n', NOW + timedelta(days=2))
    assert v2.version == 2 and v2.created_at == NOW + timedelta(days=2)
    store.save_role("data", "Data", "x = 1\n", NOW)
    assert [r.version for r in store.role_versions("backend")] == [1, 2]
    assert store.role_versions("backend")[0] == v1  # the old text stays as it was
    assert [(r.key, r.version) for r in store.list_roles()] == [("backend", 2), ("data", 1)]

    # A screening with the same role text reuses the version; changed text makes a new one.
    s1 = store.save_screening(sample_request(role_toml='title = "Backend v2"\n'), "a", NOW)
    s2 = store.save_screening(sample_request(role_toml='title = "Backend v3"\n'), "a", NOW)
    assert (s1.role_version, s2.role_version) == (2, 3)
    assert store.open_screening(s1.id).role.toml == 'title = "Backend v2"\n'
    assert actions(store).count("role_saved") == 4


# ---------------------------------------------------------------------------- snapshots


def test_add_snapshot_leaves_old_snapshots_identical(store: Store) -> None:
    saved = store.save_screening(sample_request(), "a", NOW)
    first = store.get_snapshot(saved.latest_snapshot_id)
    later = NOW + timedelta(days=3)
    content = {**first.content, "ranking": [{"candidate": "Bob Sample", "fit": 0.95, "rank": 1,
                                              "band_shown": "excellent"}]}
    second = store.add_snapshot(saved.id, content, "b", later, verified_at=later)

    assert second.seq == 2 and second.id != first.id and second.verified_at == later
    assert store.get_snapshot(first.id) == first  # byte-for-byte the same, same hash
    assert store.latest_snapshot(saved.id) == second
    assert store.open_screening(saved.id).summary.latest_snapshot_id == second.id
    assert [s.seq for s in store.open_screening(saved.id).snapshots] == [1, 2]
    assert [(f.candidate, f.band) for f in store.snapshot_fits(second.id)] == [
        ("Bob Sample", "excellent")]
    assert len(store.snapshot_fits(first.id)) == 2
    assert "snapshot_added" in actions(store)


def test_tampered_snapshot_content_is_detected(store: Store, raw: Engine) -> None:
    saved = store.save_screening(sample_request(), "a", NOW)
    snap_id = saved.latest_snapshot_id
    original = store.get_snapshot(snap_id)
    forged = {**original.content, "ranking": []}
    snaps = schema.snapshots
    with raw.begin() as conn:
        conn.execute(update(snaps).where(snaps.c.id == snap_id).values(content=forged))
    with pytest.raises(TamperedError, match="altered"):
        store.get_snapshot(snap_id)
    with pytest.raises(TamperedError):
        store.latest_snapshot(saved.id)

    # Re-hashing is the only way back; a wrong hash alone is caught too.
    with raw.begin() as conn:
        conn.execute(update(snaps).where(snaps.c.id == snap_id).values(
            content=original.content, content_sha256="0" * 64))
    with pytest.raises(TamperedError):
        store.get_snapshot(snap_id)
    if store.backend == "sqlite":  # SQLite takes any text: unparsable content is tampering
        with raw.begin() as conn:
            conn.execute(text("UPDATE snapshots SET content = '{broken' WHERE id = :i"),
                         {"i": snap_id})
        with pytest.raises(TamperedError):
            store.get_snapshot(snap_id)


def test_fits_from_each_snapshot_shape(store: Store) -> None:
    saved = store.save_screening(sample_request(), "a", NOW)
    ranking_doc = {"role": {"id": "backend"}, "config_hash": "cfg-1",  # Ranking.to_dict()
                   "candidates": [{"rank": 1, "candidate": "Bob Sample", "fit": 71.5,
                                   "band": "good"},
                                  {"rank": 2, "candidate": "Alice Example", "fit": 40,
                                   "band": "weak"}]}
    snap = store.add_snapshot(saved.id, {"ranking": ranking_doc}, "a", NOW)
    assert [(f.candidate, f.rank, f.fit, f.band) for f in store.snapshot_fits(snap.id)] == [
        ("Bob Sample", 1, 71.5, "good"), ("Alice Example", 2, 40.0, "weak")]

    by_name = {"fits": {"Alice Example": {"fit": 55, "band": "fair", "missing": ["sql"]},
                        "Nobody": 3, "": {"fit": 1}},
               "ranking": [{"rank": 7, "candidate": "Alice Example"}, "junk", {"rank": 1}]}
    snap = store.add_snapshot(saved.id, by_name, "a", NOW)
    fits = store.snapshot_fits(snap.id)
    assert [(f.candidate, f.rank, f.fit, f.band) for f in fits] == [
        ("Alice Example", 7, 55.0, "fair"), ("Nobody", None, 3.0, None)]
    assert fits[0].details["missing"] == ["sql"] and fits[0].candidate_id is not None
    assert fits[1].candidate_id is None
    odd = {"ranking": [{"candidate": "Bob Sample", "fit": "high", "rank": 2**40,
                        "band": 3}]}
    fit = store.snapshot_fits(store.add_snapshot(saved.id, odd, "a", NOW).id)[0]
    assert (fit.fit, fit.rank, fit.band) == (None, None, None)


# ---------------------------------------------------------------------------- share links


def _shared(store: Store, **kwargs: object) -> tuple[str, str, str]:
    saved = store.save_screening(sample_request(), "alice", NOW)
    token, link = store.create_share_link(saved.latest_snapshot_id, "alice", NOW, **kwargs)
    return token, link.id, saved.latest_snapshot_id


def test_share_link_opens_and_counts(store: Store) -> None:
    token, link_id, snap_id = _shared(store)
    assert len(token) == TOKEN_LENGTH
    link = store.list_share_links(snap_id)[0]
    assert link.id == link_id and link.access_count == 0 and link.last_access_at is None
    assert link.expires_at == NOW + timedelta(days=14) and not link.hide_emails

    view = store.resolve_share_token(token, NOW + timedelta(hours=1))
    assert view is not None and view.snapshot_id == snap_id and view.link_id == link_id
    assert view.content == store.get_snapshot(snap_id).content
    assert view.content_sha256 == store.get_snapshot(snap_id).content_sha256
    assert view.screening_name == "Backend hiring"
    store.resolve_share_token(token, NOW + timedelta(hours=2))
    link = store.list_share_links(snap_id)[0]
    assert link.access_count == 2 and link.last_access_at == NOW + timedelta(hours=2)
    opened = [e for e in store.audit_log() if e.action == "share_link_opened"]
    assert len(opened) == 2 and all(e.target == link_id for e in opened)
    assert token not in json.dumps([e.details for e in store.audit_log()])


def test_link_that_requires_sign_in_opens_only_for_a_named_viewer(store: Store) -> None:
    saved = store.save_screening(sample_request(), "alice@example.com", NOW)
    snap_id = saved.latest_snapshot_id
    assert snap_id is not None
    token, link = store.create_share_link(snap_id, "alice@example.com", NOW,
                                          require_sign_in=True)
    assert link.require_sign_in and store.list_share_links(snap_id)[0].require_sign_in
    assert store.share_token_requires_sign_in(token, NOW)
    assert store.resolve_share_token(token, NOW) is None  # anonymous: refused
    view = store.resolve_share_token(token, NOW, viewer="hm@example.com")
    assert view is not None and view.require_sign_in and view.snapshot_id == snap_id
    entries = store.audit_log()
    opened = next(e for e in entries if e.action == "share_link_opened")
    refused = next(e for e in entries if e.action == "share_link_refused")
    assert opened.actor == "hm@example.com"
    assert refused.details == {"reason": "sign_in_required"}
    # a signed-in person the page refuses (not on the allow-list) is audited by name
    assert store.refuse_share_token(token, NOW, "eve@elsewhere.example", "not_allowed")
    assert not store.refuse_share_token("x" * 43, NOW, "eve@elsewhere.example", "not_allowed")
    entries = store.audit_log()
    named = [e for e in entries if e.action == "share_link_refused"
             and e.actor == "eve@elsewhere.example"]
    assert [(e.target, e.details) for e in named] == [(link.id, {"reason": "not_allowed"})]
    assert store.list_share_links(snap_id)[0].access_count == 1  # nothing was opened
    created = next(e for e in entries if e.action == "share_link_created")
    assert created.actor == "alice@example.com" and created.details["require_sign_in"]
    assert store.list_share_links(snap_id)[0].access_count == 1
    store.revoke_share_link(link.id, "alice@example.com", NOW)
    assert not store.share_token_requires_sign_in(token, NOW)  # revoked: just invalid
    assert store.resolve_share_token(token, NOW, viewer="hm@example.com") is None
    public, _ = store.create_share_link(snap_id, "alice@example.com", NOW)
    assert not store.share_token_requires_sign_in(public, NOW)
    assert not store.share_token_requires_sign_in("not a token", NOW)


def test_expired_link_returns_none(store: Store) -> None:
    token, _link_id, snap_id = _shared(store, days=2)
    assert store.resolve_share_token(token, NOW + timedelta(days=2, seconds=-1)) is not None
    assert store.resolve_share_token(token, NOW + timedelta(days=2)) is None
    assert store.resolve_share_token(token, NOW + timedelta(days=30)) is None
    assert store.list_share_links(snap_id)[0].access_count == 1  # refusals are not counts
    assert "share_link_refused" in actions(store)


def test_revoked_link_returns_none(store: Store) -> None:
    token, link_id, snap_id = _shared(store)
    assert store.resolve_share_token(token, NOW) is not None
    revoked = store.revoke_share_link(link_id, "alice", NOW + timedelta(minutes=1))
    assert revoked.revoked_at == NOW + timedelta(minutes=1)
    assert store.resolve_share_token(token, NOW + timedelta(minutes=2)) is None
    again = store.revoke_share_link(link_id, "bob", NOW + timedelta(minutes=3))
    assert again.revoked_at == revoked.revoked_at  # the first revocation stands
    assert store.list_share_links(snap_id)[0].revoked_at == revoked.revoked_at
    assert actions(store).count("share_link_revoked") == 2


@pytest.mark.parametrize("bad", [
    "", " ", "x" * 1_000_000, "ä" * TOKEN_LENGTH, "\x00" * TOKEN_LENGTH, "🎓" * 20,
    "../../etc/passwd", "' OR '1'='1", None, 12345, b"bytes-token",
], ids=["empty", "space", "huge", "non-ascii", "nul", "emoji", "path", "sql", "none", "int",
        "bytes"])
def test_malformed_tokens_return_none(store: Store, bad: object) -> None:
    _shared(store)
    assert store.resolve_share_token(bad, NOW) is None  # type: ignore[arg-type]


def test_forged_tokens_return_none(store: Store) -> None:
    token, _link_id, snap_id = _shared(store)
    flipped = ("A" if token[0] != "A" else "B") + token[1:]
    for forged in (secrets.token_urlsafe(32), flipped, token[:-1], token + "A",
                   token_digest(token)[:TOKEN_LENGTH], f" {token}"):
        assert store.resolve_share_token(forged, NOW) is None
    assert store.list_share_links(snap_id)[0].access_count == 0


def test_hide_emails_scrubs_every_address(store: Store) -> None:
    token, _link_id, snap_id = _shared(store, hide_emails=True)
    view = store.resolve_share_token(token, NOW)
    assert view is not None and view.hide_emails
    dumped = json.dumps(view.content)
    assert not EMAIL_RE.search(dumped), dumped
    assert "mailto:" not in dumped and '"email"' not in dumped and "candidate_email" not in dumped
    assert "Alice Example" in dumped and view.content["ranking"][0]["fit"] == 0.9
    assert "Contact [email hidden] for details" in dumped
    # The hash shown is of what is shown: it cannot be used to test guessed addresses.
    assert view.content_sha256 != store.get_snapshot(snap_id).content_sha256
    assert store.get_snapshot(snap_id).content["ranking"][0]["email"] == "alice@example.com"


def test_only_the_token_digest_is_stored(store: Store, raw: Engine, db_url: str) -> None:
    token, link_id, _snap_id = _shared(store, hide_emails=True)
    store.resolve_share_token(token, NOW)
    store.revoke_share_link(link_id, "alice", NOW)
    dump = dump_tables(raw)
    assert token_digest(token) in dump
    assert token not in dump
    if store.backend == "sqlite":  # and not in the raw file bytes either (WAL included)
        path = Path(db_url.removeprefix("sqlite:///"))
        for file in path.parent.glob(path.name + "*"):
            assert token.encode() not in file.read_bytes(), file.name


def test_share_link_days_validated(store: Store) -> None:
    _token, _link_id, snap_id = _shared(store)
    for days in (0, -1, 366, float("nan"), True, "14"):
        with pytest.raises(StoreError):
            store.create_share_link(snap_id, "a", NOW, days=days)  # type: ignore[arg-type]
    _token, link = store.create_share_link(snap_id, "a", NOW, days=0.5)
    assert link.expires_at == NOW + timedelta(hours=12)


def test_a_share_link_says_whom_it_is_for(store: Store) -> None:
    """Issue 27 P2: a link keeps whom or what it is for (the revoke picker names links by
    it); validated like other text, audited with the link."""
    _token, _link_id, snap_id = _shared(store)
    _token, link = store.create_share_link(snap_id, "a", NOW, purpose="  Priya (HM)  ")
    assert link.purpose == "Priya (HM)"
    listed = {lk.id: lk.purpose for lk in store.list_share_links(snap_id)}
    assert listed[link.id] == "Priya (HM)"
    created = [e for e in store.audit_log() if e.action == "share_link_created"
               and e.target == link.id]
    assert created[0].details["purpose"] == "Priya (HM)"
    for bad in ("x" * 201, "a\x00b", 7):
        with pytest.raises(StoreError):
            store.create_share_link(snap_id, "a", NOW, purpose=bad)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- audit


def test_every_action_is_audited(store: Store) -> None:
    saved = store.save_screening(sample_request(), "alice", NOW)
    store.add_snapshot(saved.id, {"ranking": []}, "alice", NOW)
    token, link = store.create_share_link(saved.latest_snapshot_id, "alice", NOW)
    store.resolve_share_token(token, NOW)
    store.revoke_share_link(link.id, "alice", NOW)
    store.resolve_share_token(token, NOW)
    store.delete_screening(saved.id, "bob", NOW)
    assert actions(store) == [
        "role_saved", "screening_saved", "snapshot_added", "share_link_created",
        "share_link_opened", "share_link_revoked", "share_link_refused", "screening_deleted"]
    log = store.audit_log(limit=2)
    assert [e.action for e in log] == ["screening_deleted", "share_link_refused"]
    assert log[0].actor == "bob" and log[0].target == saved.id and log[0].at == NOW
    assert token not in json.dumps([(e.target, e.details) for e in store.audit_log()])
    with pytest.raises(StoreError):
        store.audit_log(limit=0)


# ---------------------------------------------------------------------------- schema


def _versions(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(select(schema.schema_version.c.version)
                                 .order_by(schema.schema_version.c.version)).scalars())


def test_opening_twice_is_idempotent(db_url: str, raw: Engine) -> None:
    with open_store(db_url) as first:
        saved = first.save_screening(sample_request(), "a", NOW)
        assert first.schema_version() == LATEST
    with open_store(db_url) as second:
        assert second.schema_version() == LATEST
        assert second.list_screenings() == [saved]
    assert _versions(raw) == [m.version for m in MIGRATIONS]
    assert migrate(raw) == LATEST  # a third run does nothing


def test_upgrade_from_version_1(db_url: str, raw: Engine) -> None:
    assert len(MIGRATIONS) > 1
    assert migrate(raw, target=1) == 1
    indexes = {i["name"] for i in inspect(raw).get_indexes("audit_log")}
    assert "ix_audit_log_at" not in indexes
    with raw.begin() as conn:  # data written at the old version survives the upgrade
        conn.execute(insert(schema.audit_log).values(
            at=NOW, actor="old", action="legacy", target="", details={}))
    with open_store(db_url) as store:
        assert store.schema_version() == LATEST
        assert [e.action for e in store.audit_log()] == ["legacy"]
    assert "ix_audit_log_at" in {i["name"] for i in inspect(raw).get_indexes("audit_log")}
    assert _versions(raw) == [m.version for m in MIGRATIONS]


def test_upgrade_from_version_2_adds_require_sign_in(db_url: str, raw: Engine) -> None:
    """A real version-2 table (without the column) gains it; old links stay public."""
    assert migrate(raw, target=2) == 2
    with raw.begin() as conn:  # version 1 created today's shape: make it version 2's
        conn.execute(text("ALTER TABLE share_links DROP COLUMN require_sign_in"))
    assert "require_sign_in" not in {c["name"] for c in inspect(raw).get_columns("share_links")}
    with Store(raw) as old:  # write a link the way version 2 did
        saved = old.save_screening(sample_request(), "a", NOW)
        assert saved.latest_snapshot_id is not None
        with raw.begin() as conn:
            conn.execute(text(
                "INSERT INTO share_links (id, snapshot_id, token_sha256, created_at, "
                "expires_at, hide_emails, access_count, created_by) VALUES "
                "('old-link', :snap, :digest, :now, :until, FALSE, 0, 'a')"),
                {"snap": saved.latest_snapshot_id, "digest": token_digest("x" * TOKEN_LENGTH),
                 "now": NOW.replace(tzinfo=None), "until": (NOW + timedelta(days=1))
                 .replace(tzinfo=None)})
    with open_store(db_url) as store:
        assert store.schema_version() == LATEST == 5
        [link] = store.list_share_links(saved.latest_snapshot_id)
        assert link.id == "old-link" and link.require_sign_in is False
        assert link.purpose == ""  # an older link is for no one named
        token, new = store.create_share_link(saved.latest_snapshot_id, "a", NOW,
                                             require_sign_in=True)
        assert new.require_sign_in is True
        assert store.share_token_requires_sign_in(token, NOW)


def test_upgrade_from_version_4_adds_drafts(db_url: str, raw: Engine) -> None:
    """A version-4 database (no drafts table) gains it; what was saved stays."""
    assert migrate(raw, target=4) == 4
    with raw.begin() as conn:  # version 1 created today's shape: make it version 4's
        conn.execute(text("DROP TABLE drafts"))
    assert "drafts" not in inspect(raw).get_table_names()
    with Store(raw) as old:
        saved = old.save_screening(sample_request(), "a", NOW)
    with open_store(db_url) as store:
        assert store.schema_version() == LATEST
        assert store.list_screenings() == [saved]
        assert store.get_draft("local:a") is None
        store.save_draft("local:a", {"rows": []}, NOW)
        assert store.get_draft("local:a") is not None


def test_newer_schema_is_refused(db_url: str, raw: Engine) -> None:
    migrate(raw)
    with raw.begin() as conn:
        conn.execute(insert(schema.schema_version).values(
            version=LATEST + 1, description="from the future", applied_at=NOW))
    with pytest.raises(StoreError, match="newer"):
        open_store(db_url)


def test_open_store_from_environment(db_url: str, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    if db_url.startswith("sqlite"):
        monkeypatch.delenv("SCREENING_DB_URL", raising=False)
        monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "data"))
        expected = tmp_path / "data" / "screening.db"
    else:
        monkeypatch.setenv("SCREENING_DB_URL", db_url.replace("+psycopg", ""))
        expected = None
    with open_store() as store:
        store.save_screening(sample_request(), "a", NOW)
        assert store.backend == ("sqlite" if expected else "postgresql")
    if expected:
        assert expected.is_file() and (expected.stat().st_mode & 0o077) == 0


# ---------------------------------------------------------------------------- drafts


def test_a_draft_is_kept_per_owner_and_replaced(store: Store) -> None:
    content = {"rows": [{"data": "AAEC", "report": {"label": "naïve ✓"}}], "n": 1}
    store.save_draft("local:alice", content, NOW)
    store.save_draft("team:bob@example.org", {"rows": [], "n": 2}, NOW)
    mine = store.get_draft("local:alice")
    assert mine is not None and mine.content == content and mine.updated_at == NOW
    later = NOW + timedelta(minutes=5)
    store.save_draft("local:alice", {"rows": [], "n": 3}, later)  # replaces, never adds
    mine = store.get_draft("local:alice")
    assert mine is not None and mine.content["n"] == 3 and mine.updated_at == later
    theirs = store.get_draft("team:bob@example.org")
    assert theirs is not None and theirs.content["n"] == 2  # another owner's is untouched
    assert store.get_draft("team:alice") is None  # a name alike is not the same owner
    assert "draft" not in " ".join(actions(store))  # autosaves are not audited


def test_discarding_a_draft_removes_only_that_owners_and_is_audited(store: Store) -> None:
    store.save_draft("local:alice", {"n": 1}, NOW)
    store.save_draft("local:bob", {"n": 2}, NOW)
    assert store.discard_draft("local:alice", "alice", NOW) is True
    assert store.get_draft("local:alice") is None
    assert store.get_draft("local:bob") is not None
    assert store.discard_draft("local:alice", "alice", NOW, reason="saved") is False
    [entry] = [e for e in store.audit_log() if e.action == "draft_discarded"]
    assert (entry.actor, entry.target, entry.details) == ("alice", "local:alice",
                                                           {"reason": "discarded"})


@pytest.mark.parametrize("bad", [None, "", "x" * 501, "a\x00b"])
def test_a_draft_needs_a_named_owner(store: Store, bad: object) -> None:
    with pytest.raises(StoreError):
        store.save_draft(bad, {}, NOW)  # type: ignore[arg-type]
    with pytest.raises(StoreError):
        store.get_draft(bad)  # type: ignore[arg-type]


def test_a_draft_must_be_json(store: Store) -> None:
    with pytest.raises(StoreError):
        store.save_draft("local:a", ["not", "a", "dict"], NOW)  # type: ignore[arg-type]
    with pytest.raises(StoreError):
        store.save_draft("local:a", {"x": object()}, NOW)
    assert store.get_draft("local:a") is None


# ---------------------------------------------------------------------------- crash & threads


def test_crash_mid_save_leaves_no_partial_screening(db_url: str, raw: Engine) -> None:
    migrate(raw)  # so the empty-database check below has tables to count
    result = subprocess.run([sys.executable, str(HERE / "store_crash_writer.py"), db_url],
                            capture_output=True, text=True, timeout=120, check=False,
                            env={**os.environ,  # this checkout's screening, not another
                                 "PYTHONPATH": os.pathsep.join([str(TESTS), str(TESTS.parent)])})
    assert result.returncode == 1, result.stdout + result.stderr
    # The writer died after its transaction could already see the credential rows.
    assert "inserted 3 credentials, transaction sees 3" in result.stdout, result.stderr
    with open_store(db_url) as store:
        assert store.list_screenings() == []
        assert store.audit_log() == []
    counts = count_rows(raw)
    assert all(n == 0 for name, n in counts.items() if name != "schema_version"), counts


def test_two_threads_save_at_once(db_url: str) -> None:
    stores = [open_store(db_url), open_store(db_url)]  # two engines, like two processes
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    saved: list[str] = []

    def work(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            for round_ in range(4):
                req = sample_request(f"t{index}-{round_}",
                                     role_toml=f'title = "Backend {round_}"\n')
                saved.append(stores[index].save_screening(req, f"user{index}", NOW).id)
        except BaseException as exc:  # reported below, with the thread's own error
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    try:
        assert not errors, errors
        assert len(saved) == 8
        assert {s.id for s in stores[0].list_screenings()} == set(saved)
        versions = [r.version for r in stores[0].role_versions("backend")]
        assert versions == sorted(set(versions)) and len(versions) >= 4
    finally:
        for opened in stores:
            opened.close()


def test_several_processes_write_one_database_at_once(db_url: str) -> None:
    """A team instance's app processes behind a load balancer, each with its own Store:
    concurrent saves, share links, snapshots and role versions lose and duplicate nothing."""
    workers, rounds = ("w0", "w1", "w2"), 6
    open_store(db_url).close()  # migrate once first, as the first process would
    start_at = time.time() + 3  # every process has connected by then
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(TESTS.parent)])}
    processes = [subprocess.Popen([sys.executable, str(HERE / "store_process_writer.py"),
                                   db_url, worker, str(rounds), str(start_at)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=env) for worker in workers]
    outputs = [process.communicate(timeout=180) for process in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, out + err
    made = [json.loads(out) for out, _ in outputs]
    total = len(workers) * rounds
    with open_store(db_url) as store:
        screenings = store.list_screenings()
        assert len(screenings) == total
        assert {s.id for s in screenings} == {i for m in made for i in m["screenings"]}
        assert sorted(s.name for s in screenings) == sorted(
            f"{w}-{i}" for w in workers for i in range(rounds))
        for key in ("backend", "shared"):  # one version per distinct text, numbered 1..n
            versions = [r.version for r in store.role_versions(key)]
            assert versions == list(range(1, total + 1)), (key, versions)
        for m in made:
            for screening_id, token, added in zip(m["screenings"], m["tokens"],
                                                  m["snapshots"], strict=True):
                detail = store.open_screening(screening_id)
                assert [s.seq for s in detail.snapshots] == [1, 2]
                assert detail.snapshots[1].id == added
                view = store.resolve_share_token(token, NOW)
                assert view is not None and view.screening_id == screening_id
        log = store.audit_log(limit=10_000)
        per_round = {"role_saved": 2, "screening_saved": 1, "share_link_created": 1,
                     "snapshot_added": 1, "share_link_opened": 1}
        counts = {a: sum(e.action == a for e in log) for a in per_round}
        assert counts == {a: n * total for a, n in per_round.items()}
        assert len({e.id for e in log}) == len(log)
        assert {e.actor for e in log if e.action == "screening_saved"} == {
            f"{w}@example.com" for w in workers}


def test_sqlite_connection_settings(tmp_path: Path) -> None:
    with open_store(data_dir=tmp_path) as store, store._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


# ---------------------------------------------------------------------------- the scrub


_email = st.from_regex(r"[a-z0-9._+-]{1,12}@[a-z0-9-]{1,10}\.[a-z]{2,6}", fullmatch=True)
_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), _email,
                  _email.map(lambda e: f"mailto:{e}"), _email.map(lambda e: f"see <{e}>!"))
_json = st.recursive(_leaf, lambda kids: st.one_of(
    st.lists(kids, max_size=4),
    st.dictionaries(st.one_of(st.text(max_size=8), st.sampled_from(
        ["email", "Emails", "candidate_email", "E-Mail"]), _email), kids, max_size=4)),
    max_leaves=25)


@given(_json)
def test_scrub_emails_leaves_no_address(value: object) -> None:
    scrubbed = scrub_emails(value)
    dumped = json.dumps(scrubbed)
    assert not EMAIL_RE.search(dumped)
    assert "mailto:" not in dumped.lower()
    assert scrub_emails(scrubbed) == scrubbed  # idempotent


def test_scrub_keeps_everything_else() -> None:
    data = {"ranking": [{"candidate": "Ann", "fit": 0.5, "email": "a@b.co"}],
            "rows": [{"subject": {"id": "mailto:a@b.co"}, "emails": ["a@b.co"]}],
            "a@b.co": {"fit": 1}, "c@d.co": {"fit": 2}}
    assert scrub_emails(data) == {
        "ranking": [{"candidate": "Ann", "fit": 0.5}],
        "rows": [{"subject": {"id": "[email hidden]"}}],
        "[email hidden]": {"fit": 1}, "[email hidden] ": {"fit": 2}}


def test_save_screening_dataclass_shape() -> None:
    req = SaveScreening("n", "k", "t", "", {}, "h", [], [], {})
    assert req.verified_at is None


def test_unopenable_store_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")
    with pytest.raises(StoreError, match="unsupported"):
        open_store("mysql://u@127.0.0.1/db")
