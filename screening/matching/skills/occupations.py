"""Occupations to skills (issue 26): a credential aligned to an ESCO occupation (by URI) or
an O*NET-SOC occupation paired with one (`data/occupations.toml`) suggests that
occupation's essential ESCO skills, at low confidence: training for an occupation makes its
essential skills likely, not proven. The explanation says so ("trained for a data scientist
occupation → statistics, suggested"); alone such evidence never meets a requirement
(OCCUPATION_CONFIDENCE is below the scoring model's met threshold)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from screening.matching.skills.extract import SkillClaim
from screening.matching.skills.match import MatchSettings, MatchType, SkillMatch
from screening.matching.skills.taxonomy import ESCO_SKILL

if TYPE_CHECKING:
    from screening.matching.roles import Role

OCCUPATION = "occupation"  # the name source of these matches
OCCUPATION_CONFIDENCE = 0.3  # documented in docs/scoring.md
_DATA_FILE = "occupations.toml"


@dataclass(frozen=True)
class Occupation:
    uri: str  # ESCO occupation URI
    label: str
    onet: tuple[str, ...]  # O*NET-SOC codes paired with it
    skills: frozenset[str]  # essential skills, as ESCO skill URIs


def load(text: str) -> tuple[Occupation, ...]:
    entries = tomllib.loads(text).get("occupation", [])
    return tuple(Occupation(
        uri=str(e["uri"]).lower(), label=str(e["label"]),
        onet=tuple(str(c) for c in e.get("onet", [])),
        skills=frozenset(ESCO_SKILL + str(u) for u in e["skills"])) for e in entries)


@lru_cache(maxsize=1)
def occupations() -> tuple[Occupation, ...]:
    files = resources.files("screening.matching.skills") / "data" / _DATA_FILE
    return load(files.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _by_id() -> dict[str, Occupation]:
    """Occupations by every id an alignment may carry: ESCO URI, onet:CODE, onet:base code."""
    index: dict[str, Occupation] = {}
    for occupation in occupations():
        index[occupation.uri] = occupation
        for code in occupation.onet:
            index.setdefault(f"onet:{code}", occupation)
            index.setdefault(f"onet:{code.removesuffix('.00')}", occupation)
    return index


def occupation_of(skill_id: str | None) -> Occupation | None:
    return _by_id().get(skill_id.lower()) if skill_id else None


def occupation_matches(claims: Iterable[SkillClaim], role: Role,
                       settings: MatchSettings | None = None) -> list[SkillMatch]:
    """Suggested matches for the requirements whose acceptable skills are essential skills
    of an occupation a claim aligns to (one per claim and requirement)."""
    del settings  # the confidence is fixed on purpose: a suggestion, whatever the settings
    out: list[SkillMatch] = []
    for claim in claims:
        occupation = occupation_of(claim.skill_id)
        if occupation is None:
            continue
        for requirement in role.requirements:
            member = next((m for m in requirement.skills if m.id in occupation.skills), None)
            if member is not None:
                out.append(SkillMatch(
                    requirement.id, claim, MatchType.PHRASE, OCCUPATION_CONFIDENCE,
                    member.label,
                    f"trained for a {occupation.label} occupation → {member.label}, suggested",
                    name_source=OCCUPATION))
    return out
