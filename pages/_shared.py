"""Session glue shared by the pages: the pool, the roles, settings and the cached snapshot.

All computing happens in `screening`; this module only keeps results in the session.
Untrusted strings (anything from a credential) reach the screen through dataframes,
st.text, st.code or charts, never through Markdown or HTML.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from pages._access import current_visitor
from screening import settings
from screening.batch.parallel import Settings, verify_items
from screening.batch.runner import Row, Screening, intake_failure
from screening.batch.samples import sample_trust
from screening.errors import RoleError, StoreError
from screening.fetch.http import online_fetcher
from screening.fetch.seeds import Fetcher, seeded
from screening.ingest import IngestedItem, IntakeFailure, ingest_bytes
from screening.matching.roles import Role, parse_role
from screening.matching.scoring import DEFAULT_CONFIG, ScoringConfig
from screening.present.cards import badge_image
from screening.present.snapshot import ScreeningSnapshot
from screening.present.workspace import (
    Pool,
    reverify,
    sample_roles,
    sample_uploads,
    snapshot_of,
    verdict_tally,
)
from screening.settings import SAMPLE_SEEDS, clock
from screening.store import Store, open_store
from screening.verify.trust import KnownIssuer, TrustList

log = logging.getLogger(__name__)
Intake = tuple[list[IngestedItem], list[IntakeFailure]]  # what ingest_bytes/ingest_text return


def now() -> datetime:
    """One instant per session, so re-ranking after a role change is reproducible."""
    if "now" not in st.session_state:
        st.session_state["now"] = clock()
    return st.session_state["now"]


def trust() -> TrustList:
    if "trust" not in st.session_state:
        st.session_state["trust"] = sample_trust()
    return st.session_state["trust"]


def online() -> bool:
    """Online by default (Settings has the switch); SCREENING_OFFLINE starts offline."""
    if "online" not in st.session_state:
        st.session_state["online"] = settings.online_by_default()
    return bool(st.session_state["online"])


def seed_indexes() -> list[Path]:
    """Documents the recruiter supplied (Settings), then the bundled sample issuers'."""
    supplied = st.session_state.get("supplied_index")
    return [*([supplied] if supplied else []),
            *([SAMPLE_SEEDS] if SAMPLE_SEEDS.exists() else [])]


def fetcher() -> Fetcher:
    """The seed caches first (supplied documents, sample issuers), then — online — the
    guarded HTTP client."""
    if online():
        return online_fetcher(seed_indexes())
    return seeded(seed_indexes())


def screening() -> Screening:
    return Screening(now=now(), fetcher=fetcher(), trust=trust())


def pool() -> Pool:
    """The session's pool; the bundled sample candidates on first run."""
    if "pool" not in st.session_state:
        st.session_state["pool"] = load_samples()
    return st.session_state["pool"]


def load_samples() -> Pool:
    """The sample candidates (or the SCREENING_POOL bundle, verified with every core)."""
    bundle = settings.pool_bundle()
    if bundle:
        return load_bundle(bundle)
    batches = [ingest_bytes(data, label, candidate) for label, data, candidate in
               sample_uploads()]
    return Pool(verify_with_progress(batches, "sample credential files", isolate=False),
                demo=True)


def verify_with_progress(batches: Sequence[Intake], what: str, *, isolate: bool = True
                         ) -> list[Row]:
    """Verify intake results under a progress bar; the one upload path of the app (Screen
    page uploads, pasted links and the sample pool). Uploads are verified in worker
    processes under CPU-time and memory limits (`isolate`), so a hostile file becomes a
    failed row while the server keeps answering; the bundled samples verify in-process."""
    items = [item for batch_items, _ in batches for item in batch_items]
    failures = [intake_failure(error) for _, errors in batches for error in errors]
    total = len(items) + len(failures)
    with st.status(f"Verifying {total} {what}…", expanded=True) as status:
        bar = st.progress(0.0)

        def progress(done: int, _count: int) -> None:
            shown = done + len(failures)
            bar.progress(shown / max(total, 1), text=f"{shown} of {total} checked")

        if isolate:
            options = replace(worker_settings(), start_method="forkserver")
            rows = verify_items(items, options, isolate=True, progress=progress)
        else:
            run = screening()
            rows = []
            for row in run.iter_rows(items, []):
                rows.append(row)
                progress(len(rows), len(items))
        rows = failures + rows
        status.update(label=verdict_tally(rows), state="complete", expanded=False)
    return rows


def worker_settings() -> Settings:
    """What a worker process needs to verify as this session would."""
    return Settings(now(), trust(), tuple(seed_indexes()), online=online())


def load_bundle(path: Path) -> Pool:
    """A large pool from one ZIP bundle, verified with every core."""
    with st.status(f"Verifying the pool in {path.name}…") as status:
        items, errors = ingest_bytes(path.read_bytes(), path.name)
        rows = [intake_failure(error) for error in errors] + verify_items(items,
                                                                          worker_settings())
        status.update(label=verdict_tally(rows), state="complete", expanded=False)
    return Pool(rows)


def roles() -> dict[str, Role]:
    """Bundled roles, then the latest saved version of each role in the store, then those
    edited in this session (later wins)."""
    if "roles" not in st.session_state:
        st.session_state["roles"] = {**sample_roles(), **stored_roles()}
    return st.session_state["roles"]


def stored_roles() -> dict[str, Role]:
    try:
        versions = store().list_roles()
    except StoreError:
        log.warning("saved roles could not be read", exc_info=True)
        return {}
    found = {}
    for version in versions:
        try:
            found[version.key] = parse_role(version.toml, f"saved role {version.key}",
                                            strict=False)
        except RoleError:
            log.warning("saved role %s no longer parses", version.key)
    return found


def role_picker(key: str = "role_id") -> Role | None:
    """A role selector whose choice is shared by every page."""
    available = roles()
    if not available:
        st.warning("No roles yet: create one on the Roles page.")
        return None
    ids = sorted(available, key=lambda i: available[i].title.casefold())
    current = st.session_state.get("role_id")
    if current not in available:
        current = "data-analyst" if "data-analyst" in available else ids[0]
        st.session_state["role_id"] = current
    titles = {i: available[i].title for i in ids}  # a snapshot: edits re-label next run
    chosen = st.selectbox("Job role", ids, index=ids.index(current),
                          format_func=titles.__getitem__, key=f"{key}_picker")
    st.session_state["role_id"] = chosen
    return available[chosen]


def config() -> ScoringConfig:
    return st.session_state.get("config", DEFAULT_CONFIG)


def set_config(**changes: float | bool) -> None:
    st.session_state["config"] = replace(config(), **changes)


def snapshot(role: Role) -> ScreeningSnapshot:
    """The live screening against `role`, as every page renders it; cached per pool, role
    and scoring configuration, so switching roles never re-verifies."""
    current = pool()
    key = (current.key, role.digest, config().digest)
    cache: dict = st.session_state.setdefault("snapshots", {})
    if key not in cache:
        if len(cache) > 32:
            cache.clear()
        cache[key] = snapshot_of(current, role, config(), now())
    return cache[key]


def supply_document(url: str, data: bytes) -> None:
    """A document the verifier could not fetch (a status list, DID document, issuer
    profile), supplied by the recruiter for `url`: kept in this session's own seed index
    (a private temporary folder), then the pool is verified again with it."""
    folder = st.session_state.get("supplied_dir")
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="screening-supplied-"))
        st.session_state["supplied_dir"] = folder
    index = folder / "index.json"
    entries = json.loads(index.read_text(encoding="utf-8")) if index.exists() else {}
    name = f"{len(entries) + 1:03d}.json"
    (folder / name).write_bytes(data)
    entries[url] = name
    index.write_text(json.dumps(entries, indent=1), encoding="utf-8")
    st.session_state["supplied_index"] = index
    reverify_pool()


def trust_issuer(issuer_id: str, organisation: str) -> None:
    """Add an issuer to this session's known-issuer list and verify the pool again."""
    current = list(trust())
    current = [i for i in current if i.id != issuer_id]
    st.session_state["trust"] = TrustList([*current, KnownIssuer(issuer_id, organisation)])
    reverify_pool()


def badge_images(rows: Sequence[Row]) -> dict[str, str]:
    """Badge images (raster data: URIs) by file digest, for the cards of live pages."""
    found = {}
    for row in rows:
        if row.sha256 and row.sha256 not in found:
            image = badge_image(row.report, row.data)
            if image:
                found[row.sha256] = image
    return found


def reverify_pool() -> None:
    """Verify the session's pool again (after the known-issuer list changed)."""
    st.session_state["pool"] = reverify(pool(), screening())


# --- the store (saved screenings, snapshots, share links) -----------------------------------


def store() -> Store:
    """The store, opened once per session (SCREENING_DB_URL, else SQLite in
    SCREENING_DATA_DIR); raises StoreError when it cannot be opened."""
    if "store" not in st.session_state:
        st.session_state["store"] = open_store()
    return st.session_state["store"]


def actor() -> str:
    """Who the audit log names for this session's writes: the signed-in identity in team
    mode, SCREENING_ACTOR or the operating-system user in local mode."""
    who = current_visitor()
    return who.label if who is not None else settings.actor()


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
