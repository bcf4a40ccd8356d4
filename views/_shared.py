"""Session glue shared by the pages: the pool, the roles, settings and the cached snapshot.

All computing happens in `screening`; this module only keeps results in the session.
Untrusted strings (anything from a credential) reach the screen through dataframes,
st.text, st.code or charts, never through Markdown or HTML.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from screening import (
    DEFAULT_CONFIG,
    Intake,
    Pool,
    Role,
    Row,
    RunSettings,
    ScoringConfig,
    ScreeningSnapshot,
    Store,
    SuppliedDocuments,
    TrustList,
    available_roles,
    default_role,
    ingest_bytes,
    not_checked,
    open_store,
    reverify,
    roles_in_order,
    run_settings,
    sample_batches,
    sample_trust,
    settings,
    snapshot_of,
    verdict_tally,
    verify_uploads,
    with_known_issuer,
)
from screening.errors import StoreError
from screening.session.drafts import discard_draft, keep_draft, restore_draft, saved_draft
from screening.settings import clock
from views._access import current_visitor

log = logging.getLogger(__name__)
T = TypeVar("T")


def kept(key: str, make: Callable[[], T]) -> T:
    """`st.session_state[key]`, made by `make` the first time this session asks."""
    if key not in st.session_state:
        st.session_state[key] = make()
    value: T = st.session_state[key]
    return value


def now() -> datetime:
    """One instant per session, so re-ranking after a role change is reproducible."""
    return kept("now", clock)


def trust() -> TrustList:
    return kept("trust", sample_trust)


def online() -> bool:
    """Online by default (Settings has the switch); SCREENING_OFFLINE starts offline."""
    return bool(kept("online", settings.online_by_default))


def supplied() -> SuppliedDocuments | None:
    """The documents the recruiter supplied in Settings (None until the first)."""
    documents: SuppliedDocuments | None = st.session_state.get("supplied")
    return documents


def run() -> RunSettings:
    """This session's run: its clock, known issuers, supplied documents and online switch."""
    documents = supplied()
    return run_settings(now(), trust(), supplied=[documents.index] if documents else [],
                        online=online())


def pool() -> Pool:
    """The session's pool; the bundled sample candidates on first run."""
    return kept("pool", load_samples)


def load_samples() -> Pool:
    """The sample candidates (or the SCREENING_POOL bundle, verified with every core)."""
    bundle = settings.pool_bundle()
    if bundle:
        return load_bundle(bundle)
    return Pool(verify_with_progress(sample_batches(), "sample credential files",
                                     isolate=False), demo=True)


def verify_with_progress(batches: Sequence[Intake], what: str, *, isolate: bool = True
                         ) -> list[Row]:
    """Verify intake results under a progress bar (Screen page uploads, pasted links and the
    sample pool). Uploads are verified in worker processes under CPU-time and memory limits
    (`isolate`), so a hostile file becomes a failed row while the server keeps answering;
    the bundled samples verify in-process."""
    total = sum(len(found) + len(errors) for found, errors in batches)
    with st.status(f"Verifying {total} {what}…", expanded=True) as status:
        bar = st.progress(0.0)

        def progress(done: int, count: int) -> None:
            bar.progress(done / max(count, 1), text=f"{done} of {count} checked")

        options = replace(run(), start_method="forkserver") if isolate else run()
        rows = verify_uploads(batches, options, isolate=isolate, progress=progress)
        status.update(label=verdict_tally(rows), state="complete", expanded=False)
    skipped = not_checked(rows)
    if skipped:
        st.warning(f"{skipped} file(s) were not checked: the upload needed far more time, "
                   "network or memory than real credentials do, so the rest of it was "
                   "skipped. They are listed as not checked, never as failed.",
                   icon=":material/hourglass_disabled:")
    return rows


def load_bundle(path: Path) -> Pool:
    """A large pool from one ZIP bundle, verified with every core."""
    with st.status(f"Verifying the pool in {path.name}…") as status:
        rows = verify_uploads([ingest_bytes(path.read_bytes(), path.name)], run())
        status.update(label=verdict_tally(rows), state="complete", expanded=False)
    return Pool(rows)


def roles() -> dict[str, Role]:
    """Bundled roles, then the latest saved version of each role in the store, then those
    edited in this session (later wins)."""
    return kept("roles", lambda: available_roles(store_or_none()))


def role_picker(key: str = "role_id") -> Role | None:
    """A role selector whose choice is shared by every page."""
    available = roles()
    if not available:
        st.warning("No roles yet: create one on the Roles page.")
        return None
    ids = roles_in_order(available)
    current = st.session_state.get("role_id")
    if current not in available:
        current = default_role(available) or ids[0]
        st.session_state["role_id"] = current
    titles = {i: available[i].title for i in ids}  # a snapshot: edits re-label next run
    chosen: str = st.selectbox("Job role", ids, index=ids.index(str(current)),
                               format_func=titles.__getitem__, key=f"{key}_picker")
    st.session_state["role_id"] = chosen
    return available[chosen]


def config() -> ScoringConfig:
    chosen: ScoringConfig = st.session_state.get("config", DEFAULT_CONFIG)
    return chosen


def set_config(**changes: Any) -> None:
    st.session_state["config"] = replace(config(), **changes)


def live_screening(key: str, nothing: str = "No candidates yet: add some on the Screen "
                   "page.") -> tuple[Role, ScreeningSnapshot]:
    """The role picker and the live snapshot a page draws; with no role or no credentials
    yet, says `nothing` and stops the page."""
    role = role_picker(key)
    if role is None or not pool().rows:
        st.info(nothing)
        st.stop()
    assert role is not None  # st.stop() ended the run otherwise
    return role, snapshot(role)


def snapshot(role: Role) -> ScreeningSnapshot:
    """The live screening against `role`, as every page renders it; cached per pool, role
    and scoring configuration, so switching roles never re-verifies."""
    current = pool()
    key = (current.key, role.digest, config().digest)
    cache: dict[tuple[str, str, str], ScreeningSnapshot] = kept("snapshots", dict)
    if key not in cache:
        if len(cache) > 32:
            cache.clear()
        cache[key] = snapshot_of(current, role, config(), now())
    return cache[key]


def supply_document(url: str, data: bytes) -> None:
    """A document the verifier could not fetch, supplied by the recruiter for `url`: kept
    in this session's own seed index, then the pool is verified again with it."""
    documents = supplied()
    if documents is None:
        documents = st.session_state["supplied"] = SuppliedDocuments()
    documents.add(url, data)
    reverify_pool()


def trust_issuer(issuer_id: str, organisation: str) -> None:
    """Add an issuer to this session's known-issuer list and verify the pool again."""
    st.session_state["trust"] = with_known_issuer(trust(), issuer_id, organisation)
    reverify_pool()


def reverify_pool() -> None:
    """Verify the session's pool again (after the known-issuer list changed)."""
    st.session_state["pool"] = reverify(pool(), run())


# --- the store (saved screenings, snapshots, share links) -----------------------------------


def store() -> Store:
    """The store, opened once per session (SCREENING_DB_URL, else SQLite in
    SCREENING_DATA_DIR); raises StoreError when it cannot be opened."""
    return kept("store", open_store)


def store_or_none() -> Store | None:
    """The store, or None (logged) when it cannot be opened: pages that only read from it
    (the roles on offer) go on without it."""
    try:
        return store()
    except StoreError:
        log.warning("the store could not be opened", exc_info=True)
        return None


def actor() -> str:
    """Who the audit log names for this session's writes: the signed-in identity in team
    mode, SCREENING_ACTOR or the operating-system user in local mode."""
    who = current_visitor()
    return who.label if who is not None else settings.actor()


# --- the draft: the working screening kept across reloads -------------------------------------


def draft_owner() -> str | None:
    """Whose draft this session keeps: the local user, or the signed-in recruiter (never
    a visitor who is not one); None when there is no such person."""
    who = current_visitor()
    if who is None or not who.recruiter or (who.team and who.identity is None):
        return None
    return f"{'team' if who.team else 'local'}:{who.label}"


def restore_working_draft() -> None:
    """On a session's first run: the owner's draft, when there is one, becomes the pool
    (with its role and scoring configuration) instead of the demo."""
    if "pool" in st.session_state or st.session_state.get("draft_checked"):
        return
    st.session_state["draft_checked"] = True
    owner, db = draft_owner(), store_or_none()
    if owner is None or db is None:
        return
    try:
        restored = restore_draft(db, owner)
    except StoreError:
        log.warning("the draft could not be read", exc_info=True)
        return
    if restored is None:
        return
    st.session_state["pool"] = restored.pool
    st.session_state["draft_key"] = restored.key
    st.session_state["draft_at"] = restored.kept_at
    st.session_state["draft_restored"] = True
    if restored.role_id is not None:
        st.session_state["role_id"] = restored.role_id
    if restored.config is not None:
        st.session_state["config"] = restored.config


def keep_working_draft() -> None:
    """Write the owner's draft when the working screening changed (after every run of a
    recruiter page, and on the Screen page as soon as files are added)."""
    owner = draft_owner()
    if "pool" not in st.session_state or owner is None:
        return
    db = store_or_none()
    if db is None:
        return
    last = st.session_state.get("draft_key")
    try:
        key = keep_draft(db, owner, pool(), st.session_state.get("role_id"), config(),
                         clock(), last)
    except StoreError:
        log.warning("the draft could not be kept", exc_info=True)
        return
    if key != last:
        st.session_state["draft_key"] = key
        st.session_state["draft_at"] = clock()


def working_screening_saved() -> None:
    """The working screening was just saved: its draft goes."""
    owner = draft_owner()
    if owner is None:
        return
    st.session_state["draft_key"] = saved_draft(
        store(), owner, actor(), clock(), pool(), st.session_state.get("role_id"), config())
    st.session_state.pop("draft_at", None)


def discard_working_draft() -> None:
    """"Discard draft": the draft and the working screening go; the demo reopens."""
    owner = draft_owner()
    if owner is not None:
        discard_draft(store(), owner, actor(), clock())
    for key in ("pool", "draft_key", "draft_at", "draft_restored"):
        st.session_state.pop(key, None)


def share_base_url(page: str) -> str:
    """The app's address as the recruiter's browser sees it (minus the current page's path
    `page`), for share links; SCREENING_PUBLIC_URL overrides it (e.g. behind a proxy)."""
    configured = settings.public_url()
    if configured:
        return configured
    url = st.context.url or "http://localhost:8501"
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path.rsplit("/", 1)[-1] == page:
        path = path[: -len(page)].rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
