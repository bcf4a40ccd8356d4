"""What a session works with besides its pool: the roles on offer (bundled, then saved
versions), the known-issuer list as the recruiter edits it, the documents the recruiter
supplies for what the verifier could not fetch, and badge images for the cards."""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from screening.batch.runner import Row
from screening.errors import RoleError, StoreError
from screening.matching.roles import Role, parse_role
from screening.present.cards import badge_image
from screening.session.samples import sample_roles
from screening.store.api import Store
from screening.verify.trust import KnownIssuer, TrustList

DEFAULT_ROLE = "data-analyst"  # the role a new session opens on, when it exists
log = logging.getLogger(__name__)


def available_roles(store: Store | None) -> dict[str, Role]:
    """The bundled roles, then the latest saved version of each role in `store` (later
    wins). A store that cannot be read, or a saved role that no longer parses, is logged
    and left out: the bundled roles are always there."""
    return {**sample_roles(), **(stored_roles(store) if store is not None else {})}


def stored_roles(store: Store) -> dict[str, Role]:
    try:
        versions = store.list_roles()
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


def roles_in_order(roles: Mapping[str, Role]) -> list[str]:
    """Role ids as a picker lists them: by title."""
    return sorted(roles, key=lambda i: roles[i].title.casefold())


def default_role(roles: Mapping[str, Role]) -> str | None:
    """The role a session starts on: DEFAULT_ROLE, else the first by title."""
    if DEFAULT_ROLE in roles:
        return DEFAULT_ROLE
    ordered = roles_in_order(roles)
    return ordered[0] if ordered else None


def with_known_issuer(trust: TrustList, issuer_id: str, organisation: str) -> TrustList:
    """`trust` with `issuer_id` known as `organisation` (replacing an earlier entry)."""
    kept = [issuer for issuer in trust if issuer.id != issuer_id]
    return TrustList([*kept, KnownIssuer(issuer_id, organisation)], trust.authorities)


class SuppliedDocuments:
    """Documents the verifier could not fetch (a status list, a DID document, an issuer
    profile), supplied by the recruiter for a URL and kept as a seed index in a private
    temporary folder, which a run then reads before anything else."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or Path(tempfile.mkdtemp(prefix="screening-supplied-"))
        self.index = self.folder / "index.json"

    def add(self, url: str, data: bytes) -> Path:
        """Keep `data` as the document at `url`; returns the seed index."""
        entries = (json.loads(self.index.read_text(encoding="utf-8"))
                   if self.index.exists() else {})
        name = f"{len(entries) + 1:03d}.json"
        (self.folder / name).write_bytes(data)
        entries[url] = name
        self.index.write_text(json.dumps(entries, indent=1), encoding="utf-8")
        return self.index


def badge_images(rows: Iterable[Row]) -> dict[str, str]:
    """Badge images (raster data: URIs) by file digest, for the cards of live pages."""
    found: dict[str, str] = {}
    for row in rows:
        if row.sha256 and row.sha256 not in found:
            image = badge_image(row.report, row.data)
            if image:
                found[row.sha256] = image
    return found
