"""Matching skill claims to a role's requirements, each match typed and given a confidence.

In order of preference:
  exact_id     the claim carries the requirement's skill id (ESCO URI, O*NET code, URL)
  exact_alias  a short claim (name, tag, alignment name, result ...) equals a name of the
               skill: the role's label/aliases, the ESCO preferred label, or an ESCO
               alternative label that names no other ESCO skill
  fuzzy        a short claim is almost equal (rapidfuzz token_sort_ratio ≥ threshold) to one
               of those names — only the role's skills are candidates, never the whole taxonomy
  phrase       one of the role's names or the ESCO preferred label occurs, as whole words, in
               a claim's text (descriptions and criteria only ever match this way)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from screening.matching.skills.extract import SkillClaim
from screening.matching.skills.taxonomy import esco, labels_for, normalise_text

if TYPE_CHECKING:
    from screening.matching.roles import Requirement, Role

MAX_FUZZY_TEXT = 120  # longer claims are descriptions, not skill names


class MatchType(StrEnum):
    EXACT_ID = "exact_id"
    EXACT_ALIAS = "exact_alias"
    FUZZY = "fuzzy"
    PHRASE = "phrase"


MATCH_RANK = {MatchType.EXACT_ID: 0, MatchType.EXACT_ALIAS: 1, MatchType.FUZZY: 2,
              MatchType.PHRASE: 3}


@dataclass(frozen=True)
class MatchSettings:
    """Confidence of each match type, and the strictness of the fuzzy and phrase matches."""

    exact_id: float = 1.0
    exact_alias: float = 0.9
    fuzzy: float = 0.7
    phrase: float = 0.5
    fuzzy_threshold: float = 92.0  # rapidfuzz token_sort_ratio, 0..100
    fuzzy_min_length: int = 5  # names shorter than this never match fuzzily
    phrase_min_length: int = 3  # names shorter than this never match as phrases

    def confidence(self, kind: MatchType) -> float:
        return float(getattr(self, kind.value))


@dataclass(frozen=True)
class SkillMatch:
    requirement: str  # requirement id
    claim: SkillClaim
    type: MatchType
    confidence: float
    skill: str  # the requirement member that matched (its label)
    matched: str  # the id or name that matched
    score: float | None = None  # fuzzy score, for the explanation


@dataclass(frozen=True)
class _Target:
    requirement: str
    skill: str
    skill_id: str | None
    names: frozenset[str]  # normalised names for exact alias matches
    fuzzy_names: tuple[str, ...]
    phrases: tuple[tuple[re.Pattern[str], str], ...]


def match_claims(claims: Iterable[SkillClaim], role: Role,
                 settings: MatchSettings | None = None) -> list[SkillMatch]:
    """Every (claim, requirement) match, at most one per pair (the best type)."""
    settings = settings or MatchSettings()
    targets = _targets(role, settings)
    matches = []
    for claim in claims:
        for requirement_id, group in targets:
            best = _best(claim, group, settings)
            if best is not None:
                matches.append(SkillMatch(requirement_id, claim, *best))
    return matches


_BEST_MEMO: dict[tuple, tuple] = {}
_BEST_MEMO_SIZE = 65536


def _best(claim: SkillClaim, group: tuple[_Target, ...], settings: MatchSettings
          ) -> tuple[MatchType, float, str, str, float | None] | None:
    # Keyed by the group's identity (hashing the compiled targets costs more than the match);
    # the entry holds the group, so an id can never be reused while the entry exists.
    key = (claim.skill_id, claim.text, claim.short, id(group), id(settings))
    hit = _BEST_MEMO.get(key)
    if hit is not None and hit[0] is group and hit[1] is settings:
        return hit[2]
    result = _best_for(claim.skill_id, claim.text, claim.short, group, settings)
    if len(_BEST_MEMO) >= _BEST_MEMO_SIZE:
        _BEST_MEMO.clear()
    _BEST_MEMO[key] = (group, settings, result)
    return result


def _best_for(skill_id: str | None, text: str, short: bool, group: tuple[_Target, ...],
              settings: MatchSettings) -> tuple[MatchType, float, str, str, float | None] | None:
    """The best match of one claim's id and text; memoised because a pool repeats the
    same achievement names across many candidates (re-ranking 1,000 candidates)."""
    found: list[tuple[MatchType, str, str, float | None]] = []
    normal = normalise_text(text)
    for target in group:
        if skill_id and skill_id == target.skill_id:
            found.append((MatchType.EXACT_ID, target.skill, skill_id, None))
            continue
        if short and normal in target.names:
            found.append((MatchType.EXACT_ALIAS, target.skill, normal, None))
            continue
        if short and target.fuzzy_names and len(normal) <= MAX_FUZZY_TEXT \
                and len(normal) >= settings.fuzzy_min_length:
            hit = process.extractOne(normal, target.fuzzy_names, scorer=fuzz.token_sort_ratio,
                                     score_cutoff=settings.fuzzy_threshold)
            if hit is not None:
                found.append((MatchType.FUZZY, target.skill, hit[0], float(hit[1])))
                continue
        phrase = next((name for pattern, name in target.phrases if pattern.search(normal)),
                      None)
        if phrase is not None:
            found.append((MatchType.PHRASE, target.skill, phrase, None))
    if not found:
        return None
    kind, skill, matched, score = min(found, key=lambda f: (MATCH_RANK[f[0]], f[1], f[2]))
    return kind, settings.confidence(kind), skill, matched, score


def _targets(role: Role, settings: MatchSettings) -> tuple[tuple[str, tuple[_Target, ...]], ...]:
    return _compiled(role, settings)


@lru_cache(maxsize=64)
def _compiled(role: Role, settings: MatchSettings
              ) -> tuple[tuple[str, tuple[_Target, ...]], ...]:
    return tuple((req.id, tuple(_member_targets(req, settings))) for req in role.requirements)


def _member_targets(req: Requirement, settings: MatchSettings) -> Iterable[_Target]:
    taxonomy = esco()
    for member in req.skills:
        own = [*req.aliases, *member.aliases, member.label]
        if len(req.skills) == 1:
            own.append(req.label)  # a single skill's requirement label names that skill
        esco_labels = labels_for(member.id, taxonomy)
        preferred = esco_labels[:1]
        names = {normalise_text(n) for n in (*own, *esco_labels)} - {""}
        phrase_names = sorted({normalise_text(n) for n in (*own, *preferred)}
                              - {""}, key=lambda n: (-len(n), n))
        yield _Target(
            requirement=req.id,
            skill=member.label,
            skill_id=member.id,
            names=frozenset(names),
            fuzzy_names=tuple(sorted(n for n in names if len(n) >= settings.fuzzy_min_length)),
            phrases=tuple((re.compile(rf"(?<!\w){re.escape(n)}(?!\w)"), n)
                          for n in phrase_names if len(n) >= settings.phrase_min_length),
        )
