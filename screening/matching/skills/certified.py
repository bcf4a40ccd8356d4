"""Skill matches from recognised certifications (issue 26): a credential whose title,
achievement or description names a catalogued certification (`certifications.py`) evidences
the ESCO skills the certification's published exam objectives cover. Scoring counts these
matches as an assessed certification, and the explanation names the certification.

Kept apart from `match.py` on purpose: one call (`certification_matches`) from scoring."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from screening.matching.skills.certifications import Recognised, recognise
from screening.matching.skills.extract import SkillClaim
from screening.matching.skills.match import MatchSettings, MatchType, SkillMatch

if TYPE_CHECKING:
    from screening.matching.roles import Role

CERTIFICATION = "certification"  # the name source of these matches
SUB_OBJECTIVE = ("one objective inside a broader domain of the certification's exam, "
                 "not a domain of its own")


def certification_matches(claims: Iterable[SkillClaim], role: Role,
                          settings: MatchSettings | None = None) -> list[SkillMatch]:
    """One match per (claim, requirement) whose acceptable skills a certification named in
    the claim evidences; confidence as an exact name (the certification was named)."""
    settings = settings or MatchSettings()
    claims = list(claims)
    language = next((c.language for c in claims if c.language), None)
    out: list[SkillMatch] = []
    for claim in claims:
        for hit in recognise(claim.text, long=not claim.short):
            out += _for_role(claim, hit, role, settings, language)
    return _best_per_pair(out)


def _for_role(claim: SkillClaim, hit: Recognised, role: Role, settings: MatchSettings,
              language: str | None) -> list[SkillMatch]:
    cert = hit.certification
    out = []
    for requirement in role.requirements:
        member = next((m for m in requirement.skills
                       if m.id and (m.id in cert.skills or m.id in cert.occupations)), None)
        suggested = member is None
        if suggested:  # an objective inside a broader exam domain only suggests the skill
            member = next((m for m in requirement.skills if m.id and m.id in cert.suggests),
                          None)
        if member is not None:
            out.append(SkillMatch(
                requirement.id, claim, MatchType.PHRASE, settings.exact_alias, member.label,
                f"{cert.name} ({cert.issuer}; {hit.by} '{hit.matched}')",
                name_source=CERTIFICATION, language=language, decides=not suggested,
                generic_reason=SUB_OBJECTIVE if suggested else ""))
    return out


def _best_per_pair(matches: list[SkillMatch]) -> list[SkillMatch]:
    best: dict[tuple[str, str, str], SkillMatch] = {}
    for m in matches:
        best.setdefault((m.requirement, m.claim.source, m.claim.text), m)
    return list(best.values())
