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

Names are compared by `lexicon.key` (case-, accent- and word-form-insensitive). A skill's
names come from the role (label, aliases), ESCO (preferred label, alternative labels) and
the synonym tables (technology and multilingual); each match says which (`name_source`).
ESCO alternative labels the curation calls generic match but never decide (`decides`
False: no points, never meets a requirement). Text that says a skill is not taught or is a
prerequisite is removed before phrase matching. Short programming-language names (R, Go, C)
match only as whole tokens in a credential that speaks of programming.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from screening.matching.skills import lexicon
from screening.matching.skills.extract import SkillClaim
from screening.matching.skills.lexicon import (
    ALIGNMENT_ID,
    ESCO_ALTERNATIVE,
    ESCO_PREFERRED,
    ROLE_ALIAS,
    SOURCE_RANK,
    SYNONYM,
)
from screening.matching.skills.taxonomy import esco

if TYPE_CHECKING:
    from screening.matching.roles import Requirement, Role, SkillRef

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
    phrase_min_length: int = 2  # names shorter than this never match as phrases

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
    name_source: str = ALIGNMENT_ID  # alignment_id | role_alias | esco_preferred | ...
    decides: bool = True  # False: a generic ESCO label, which only suggests the skill
    generic_reason: str = ""  # why the name is generic (curation), when it is
    name_language: str = "en"  # the language of the name that matched (synonym tables)
    language: str | None = None  # the detected language of the credential's text


@dataclass(frozen=True)
class _Name:
    source: str
    language: str = "en"
    generic: str = ""  # why generic; "" when the name decides
    text: str = ""  # the name as written (shown in explanations)


@dataclass(frozen=True)
class _Target:
    requirement: str
    skill: str
    skill_id: str | None
    names: dict[str, _Name]  # comparison key → where the name came from
    fuzzy_names: tuple[str, ...]
    phrases: tuple[tuple[re.Pattern[str], str], ...]

    def __hash__(self) -> int:
        return id(self)


_Found = tuple[MatchType, float, str, str, float | None, _Name]


def match_claims(claims: Iterable[SkillClaim], role: Role,
                 settings: MatchSettings | None = None) -> list[SkillMatch]:
    """Every (claim, requirement) match, at most one per pair (the best type). `claims` are
    one credential's (its texts give the language and the programming context)."""
    settings = settings or MatchSettings()
    claims = list(claims)
    targets = _targets(role, settings)
    context, detected = _credential_words(tuple(c.text for c in claims))
    # the language the credential declares (OB 3.0 inLanguage) beats the detected one
    language = next((c.language for c in claims if c.language), None) or detected
    matches = []
    for claim in claims:
        for requirement_id, group in targets:
            best = _best(claim, group, settings, context)
            if best is not None:
                kind, confidence, skill, matched, score, name = best
                matches.append(SkillMatch(
                    requirement_id, claim, kind, confidence, skill, matched, score,
                    name_source=name.source, decides=not name.generic,
                    generic_reason=name.generic, name_language=name.language,
                    language=language))
    return matches


@lru_cache(maxsize=4096)
def _credential_words(texts: tuple[str, ...]) -> tuple[bool, str | None]:
    """A credential's programming context and language (remembered: a pool repeats them)."""
    return lexicon.programming_context(texts), lexicon.detect_language(texts)


_BestKey = tuple[str | None, str, bool, int, int, bool]
_BEST_MEMO: dict[_BestKey, tuple[tuple[_Target, ...], MatchSettings, _Found | None]] = {}
_BEST_MEMO_SIZE = 65536


def _best(claim: SkillClaim, group: tuple[_Target, ...], settings: MatchSettings,
          context: bool) -> _Found | None:
    # Keyed by the group's identity (hashing the compiled targets costs more than the match);
    # the entry holds the group, so an id can never be reused while the entry exists.
    memo = (claim.skill_id, claim.text, claim.short, id(group), id(settings), context)
    hit = _BEST_MEMO.get(memo)
    if hit is not None and hit[0] is group and hit[1] is settings:
        return hit[2]
    result = _best_for(claim.skill_id, claim.text, claim.short, group, settings, context)
    if len(_BEST_MEMO) >= _BEST_MEMO_SIZE:
        _BEST_MEMO.clear()
    _BEST_MEMO[memo] = (group, settings, result)
    return result


_ID_NAME = _Name(ALIGNMENT_ID)


def _shown(name: _Name, key: str) -> str:
    return name.text or key


def _best_for(skill_id: str | None, text: str, short: bool, group: tuple[_Target, ...],
              settings: MatchSettings, context: bool) -> _Found | None:
    """The best match of one claim's id and text; memoised because a pool repeats the
    same achievement names across many candidates (re-ranking 1,000 candidates)."""
    found: list[tuple[MatchType, str, str, float | None, _Name]] = []
    normal = lexicon.key(text)
    affirmed: str | None = None
    for target in group:
        if skill_id and skill_id == target.skill_id:
            found.append((MatchType.EXACT_ID, target.skill, skill_id, None, _ID_NAME))
            continue
        name = target.names.get(normal) if short else None
        if name is not None and (context or not lexicon.is_short_name(normal)):
            found.append((MatchType.EXACT_ALIAS, target.skill, _shown(name, normal), None,
                          name))
            continue
        if short and target.fuzzy_names and len(normal) <= MAX_FUZZY_TEXT \
                and len(normal) >= settings.fuzzy_min_length:
            hit = process.extractOne(normal, target.fuzzy_names, scorer=fuzz.token_sort_ratio,
                                     score_cutoff=settings.fuzzy_threshold)
            if hit is not None:
                name = target.names[hit[0]]
                found.append((MatchType.FUZZY, target.skill, _shown(name, hit[0]),
                              float(hit[1]), name))
                continue
        if affirmed is None:
            affirmed = lexicon.key(lexicon.affirmed(text))
        phrase = next((n for pattern, n in target.phrases if pattern.search(affirmed)
                       and (context or not lexicon.is_short_name(n))), None)
        if phrase is not None:
            name = target.names[phrase]
            found.append((MatchType.PHRASE, target.skill, _shown(name, phrase), None, name))
    if not found:
        return None
    # deciding names first, then the strongest type, then the strongest name source
    kind, skill, matched, score, name = min(found, key=lambda f: (
        bool(f[4].generic), MATCH_RANK[f[0]], SOURCE_RANK[f[4].source], f[1], f[2]))
    return kind, settings.confidence(kind), skill, matched, score, name


def _targets(role: Role, settings: MatchSettings) -> tuple[tuple[str, tuple[_Target, ...]], ...]:
    return _compiled(role, settings)


@lru_cache(maxsize=64)
def _compiled(role: Role, settings: MatchSettings
              ) -> tuple[tuple[str, tuple[_Target, ...]], ...]:
    return tuple((req.id, tuple(_member_targets(req, settings))) for req in role.requirements)


def skill_names(req: Requirement, member: SkillRef) -> dict[str, _Name]:
    """Every name of one acceptable skill, by comparison key, with where it came from (the
    strongest source wins when two give the same name)."""
    taxonomy = esco()
    names: dict[str, _Name] = {}

    def add(text: str, name: _Name) -> None:
        k = lexicon.key(text)
        if not k:
            return
        name = replace(name, text=text)
        old = names.get(k)
        if old is None or (bool(old.generic), SOURCE_RANK[old.source]) > \
                (bool(name.generic), SOURCE_RANK[name.source]):
            names[k] = name

    skill = taxonomy.get(member.id) if member.id else None
    # the member's label is the role's own name unless it was taken from ESCO
    own = [*req.aliases, *member.aliases]
    if member.custom_label or skill is None:
        own.append(member.label)
    if len(req.skills) == 1 and (skill is None or req.label != skill.label):
        own.append(req.label)  # a single skill's requirement label names that skill
    for text in own:
        add(text, _Name(ROLE_ALIAS))
    if skill is not None:
        add(skill.label, _Name(ESCO_PREFERRED))
        for alt in skill.alt_labels:
            why = lexicon.generic_reason(alt, skill, taxonomy)
            add(alt, _Name(ESCO_ALTERNATIVE, generic=why or ""))
    table = lexicon.synonyms_by_canonical()
    for k in [k for k, n in names.items() if not n.generic]:
        for variant, language in table.get(k, ()):
            add(variant, _Name(SYNONYM, language=language))
    return names


def _member_targets(req: Requirement, settings: MatchSettings) -> Iterable[_Target]:
    for member in req.skills:
        names = skill_names(req, member)
        # phrases: every name but the ESCO alternative labels (written for people browsing
        # ESCO, not words a course uses), longest first
        phrase_names = sorted((k for k, n in names.items() if n.source != ESCO_ALTERNATIVE),
                              key=lambda k: (-len(k), k))
        yield _Target(
            requirement=req.id,
            skill=member.label,
            skill_id=member.id,
            names=names,
            fuzzy_names=tuple(sorted(k for k, n in names.items()
                                     if len(k) >= settings.fuzzy_min_length
                                     and not lexicon.is_short_name(k))),
            phrases=tuple((lexicon.name_pattern(k), k) for k in phrase_names
                          if len(k) >= settings.phrase_min_length
                          or lexicon.is_short_name(k)),
        )
