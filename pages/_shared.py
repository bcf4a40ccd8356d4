"""Session glue shared by the pages: the pool, the roles, settings and the cached ranking.

All computing happens in `screening`; this module only keeps results in the session.
Untrusted strings (anything from a credential) reach the screen through dataframes,
st.text, st.code or charts, never through Markdown or HTML.
"""

from __future__ import annotations

import getpass
import logging
import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from screening.batch.parallel import Settings, verify_items
from screening.batch.runner import Screening, intake_failure
from screening.batch.samples import SAMPLE_DIR, sample_fetcher, sample_trust
from screening.fetch.http import online_fetcher
from screening.fetch.seeds import Fetcher
from screening.ingest import ingest_bytes
from screening.matching.ranking import Ranking
from screening.matching.roles import Role, RoleError, parse_role
from screening.matching.scoring import DEFAULT_CONFIG, ScoringConfig
from screening.present.workspace import Pool, rank, sample_roles, sample_uploads
from screening.settings import clock
from screening.store import Store, StoreError, open_store
from screening.verify.trust import TrustList

log = logging.getLogger(__name__)
SEED_INDEX = SAMPLE_DIR / "seeds" / "index.json"


def now() -> datetime:
    """One instant per session, so re-ranking after a role change is reproducible."""
    if "now" not in st.session_state:
        st.session_state["now"] = clock()
    return st.session_state["now"]


def trust() -> TrustList:
    if "trust" not in st.session_state:
        st.session_state["trust"] = sample_trust()
    return st.session_state["trust"]


def fetcher() -> Fetcher:
    """Offline seed cache (sample issuers), plus the guarded client when online is on."""
    if st.session_state.get("online"):
        return online_fetcher([SEED_INDEX] if SEED_INDEX.exists() else [])
    return sample_fetcher()


def screening() -> Screening:
    return Screening(now=now(), fetcher=fetcher(), trust=trust())


def pool() -> Pool:
    """The session's pool; the bundled sample candidates on first run."""
    if "pool" not in st.session_state:
        st.session_state["pool"] = load_samples()
    return st.session_state["pool"]


POOL_ENV = "SCREENING_POOL"  # a ZIP bundle to open instead of the samples (benchmarks, demos)


def load_samples() -> Pool:
    bundle = os.environ.get(POOL_ENV)
    if bundle:
        return load_bundle(Path(bundle))
    uploads = sample_uploads()
    run = screening()
    result = Pool()
    with st.status(f"Verifying {len(uploads)} sample credential files…") as status:
        bar = st.progress(0.0)
        for number, (label, data, candidate) in enumerate(uploads, start=1):
            result.extend(run.verify_upload(data, label, candidate))
            bar.progress(number / len(uploads), text=f"{number} of {len(uploads)}: {label}")
        status.update(label=f"Verified {len(result.rows)} sample credentials", state="complete",
                      expanded=False)
    return result


def load_bundle(path: Path) -> Pool:
    """A large pool from one ZIP bundle, verified with every core."""
    with st.status(f"Verifying the pool in {path.name}…") as status:
        items, errors = ingest_bytes(path.read_bytes(), path.name)
        settings = Settings(now(), trust(), (SEED_INDEX,) if SEED_INDEX.exists() else ())
        rows = [intake_failure(error) for error in errors] + verify_items(items, settings)
        status.update(label=f"Verified {len(rows)} credentials", state="complete",
                      expanded=False)
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


def set_config(**changes: float) -> None:
    st.session_state["config"] = replace(config(), **changes)


def ranking(role: Role) -> Ranking:
    """Ranking of the pool for a role; cached, so switching roles never re-verifies."""
    current = pool()
    key = (current.key, role.digest, config().digest)
    cache: dict = st.session_state.setdefault("rankings", {})
    if key not in cache:
        if len(cache) > 32:
            cache.clear()
        cache[key] = rank(current, role, config(), now())
    return cache[key]


# --- the store (saved screenings, snapshots, share links) -----------------------------------


def store() -> Store:
    """The store, opened once per session (SCREENING_DB_URL, else SQLite in
    SCREENING_DATA_DIR); raises StoreError when it cannot be opened."""
    if "store" not in st.session_state:
        st.session_state["store"] = open_store()
    return st.session_state["store"]


def actor() -> str:
    """Who the audit log names for this session's writes: $SCREENING_ACTOR, else the
    operating-system user running the app."""
    name = os.environ.get("SCREENING_ACTOR", "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):
            name = ""
    return name or "recruiter"


def share_base_url(page: str) -> str:
    """The app's address as the recruiter's browser sees it (minus the current page's path
    `page`), for share links; $SCREENING_PUBLIC_URL overrides it (e.g. behind a proxy)."""
    configured = os.environ.get("SCREENING_PUBLIC_URL", "").strip()
    if configured:
        return configured.rstrip("/")
    url = st.context.url or "http://localhost:8501"
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path.rsplit("/", 1)[-1] == page:
        path = path[: -len(page)].rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
