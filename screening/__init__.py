"""Credential Screening: verify candidates' digital credentials and rank their fit.

The public API — what the pages and the CLI use — is `__all__` below: the use cases
(`screening.session`) and the types and readers they hand around. Names are imported when
first used (PEP 562), so `import screening.settings` or the launcher (`screening.serve`)
loads nothing of the verifier, pandas or the store before it needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from screening.settings import VERSION

__version__ = VERSION

# the module that defines each public name
_PUBLIC_BY_MODULE = {
    "screening.session.runs": (
        "Intake", "run_settings", "verify_uploads", "verify_paths", "verify_candidate_folders",
        "not_checked",
    ),
    "screening.session.compose": ("compose_snapshot",),
    "screening.session.workspace": (
        "Pool", "STATUSES", "snapshot_of", "reverify", "verdict_tally", "candidate_report",
    ),
    "screening.session.saved": (
        "save_current", "unsavable_candidates", "reverify_saved", "read_snapshot",
    ),
    "screening.session.library": (
        "available_roles", "default_role", "roles_in_order", "with_known_issuer",
        "SuppliedDocuments", "badge_images",
    ),
    "screening.session.samples": (
        "sample_uploads", "sample_batches", "sample_pool", "sample_roles", "sample_trust",
    ),
    "screening.ingest": ("ingest_bytes", "ingest_text"),
    "screening.ingest.limits": ("MAX_DOCUMENT_BYTES",),
    "screening.batch.runner": ("Row", "RunSettings", "UNASSIGNED"),
    "screening.verify.trust": ("KnownIssuer", "TrustList"),
    "screening.verify.codes": ("title_of",),
    "screening.verify.report": ("Verdict",),
    "screening.matching.roles": ("Role", "load_role", "parse_role", "role_to_toml"),
    "screening.matching.builder": ("RequirementDraft", "build_role", "drafts_of", "search_skills"),
    "screening.matching.scoring": ("DEFAULT_CONFIG", "ScoringConfig"),
    "screening.present.snapshot": ("ScreeningSnapshot",),
    "screening.store": ("LinkState", "ShareLink", "SharedView", "Store", "open_store"),
}
_PUBLIC = {name: module for module, names in _PUBLIC_BY_MODULE.items() for name in names}
__all__ = [
    "DEFAULT_CONFIG",
    "MAX_DOCUMENT_BYTES",
    "STATUSES",
    "UNASSIGNED",
    "Intake",
    "KnownIssuer",
    "LinkState",
    "Pool",
    "RequirementDraft",
    "Role",
    "Row",
    "RunSettings",
    "ScoringConfig",
    "ScreeningSnapshot",
    "ShareLink",
    "SharedView",
    "Store",
    "SuppliedDocuments",
    "TrustList",
    "Verdict",
    "available_roles",
    "badge_images",
    "build_role",
    "candidate_report",
    "compose_snapshot",
    "default_role",
    "drafts_of",
    "ingest_bytes",
    "ingest_text",
    "load_role",
    "not_checked",
    "open_store",
    "parse_role",
    "read_snapshot",
    "reverify",
    "reverify_saved",
    "role_to_toml",
    "roles_in_order",
    "run_settings",
    "sample_batches",
    "sample_pool",
    "sample_roles",
    "sample_trust",
    "sample_uploads",
    "save_current",
    "search_skills",
    "snapshot_of",
    "title_of",
    "unsavable_candidates",
    "verdict_tally",
    "verify_candidate_folders",
    "verify_paths",
    "verify_uploads",
    "with_known_issuer",
]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'screening' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups are plain attribute reads
    return value


if TYPE_CHECKING:  # the same names, for type checkers (tests/test_layers.py keeps them equal)
    from screening.batch.runner import UNASSIGNED, Row, RunSettings
    from screening.ingest import ingest_bytes, ingest_text
    from screening.ingest.limits import MAX_DOCUMENT_BYTES
    from screening.matching.builder import RequirementDraft, build_role, drafts_of, search_skills
    from screening.matching.roles import Role, load_role, parse_role, role_to_toml
    from screening.matching.scoring import DEFAULT_CONFIG, ScoringConfig
    from screening.present.snapshot import ScreeningSnapshot
    from screening.session.compose import compose_snapshot
    from screening.session.library import (
        SuppliedDocuments,
        available_roles,
        badge_images,
        default_role,
        roles_in_order,
        with_known_issuer,
    )
    from screening.session.runs import (
        Intake,
        not_checked,
        run_settings,
        verify_candidate_folders,
        verify_paths,
        verify_uploads,
    )
    from screening.session.samples import (
        sample_batches,
        sample_pool,
        sample_roles,
        sample_trust,
        sample_uploads,
    )
    from screening.session.saved import (
        read_snapshot,
        reverify_saved,
        save_current,
        unsavable_candidates,
    )
    from screening.session.workspace import (
        STATUSES,
        Pool,
        candidate_report,
        reverify,
        snapshot_of,
        verdict_tally,
    )
    from screening.store import LinkState, SharedView, ShareLink, Store, open_store
    from screening.verify.codes import title_of
    from screening.verify.report import Verdict
    from screening.verify.trust import KnownIssuer, TrustList
