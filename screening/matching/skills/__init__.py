"""Skills: the bundled ESCO taxonomy, skill claims read from credentials, and matching
claims to a role's requirements. Pure functions over plain data; no I/O beyond reading the
bundled taxonomy once."""

from screening.matching.skills.extract import SkillClaim, claims_from_document, extract_claims
from screening.matching.skills.match import MatchSettings, MatchType, SkillMatch, match_claims
from screening.matching.skills.taxonomy import (
    ESCO_SKILL,
    ESCO_VERSION,
    EscoSkill,
    Taxonomy,
    esco,
    normalise_id,
    normalise_text,
)

__all__ = [
    "ESCO_SKILL",
    "ESCO_VERSION",
    "EscoSkill",
    "MatchSettings",
    "MatchType",
    "SkillClaim",
    "SkillMatch",
    "Taxonomy",
    "claims_from_document",
    "esco",
    "extract_claims",
    "match_claims",
    "normalise_id",
    "normalise_text",
]
