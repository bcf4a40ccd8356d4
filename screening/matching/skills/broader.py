"""Broader fields (issue 26, `data/broader.toml`): evidence of a skill that is part of a
field evidences the field too — a course on firewall rules teaches cyber security. Applied
to a credential's matches once they are found (text, certification), so every way of
evidencing the narrower skill carries over, and the explanation names the narrower skill."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from screening.matching.skills.match import MatchType, SkillMatch
from screening.matching.skills.taxonomy import normalise_id, onet_code

if TYPE_CHECKING:
    from screening.matching.roles import Role

BROADER = "broader"  # the name source of these matches
_DATA_FILE = "broader.toml"


def load(text: str) -> dict[str, tuple[str, ...]]:
    """Narrower skill id → the broader skills it is part of."""
    index: dict[str, list[str]] = {}
    for entry in tomllib.loads(text).get("broader", []):
        broad = _id(str(entry["skill"]))
        for narrow in entry.get("narrower", []):
            index.setdefault(_id(str(narrow)), []).append(broad)
    return {k: tuple(v) for k, v in index.items()}


def _id(value: str) -> str:
    found = onet_code(value) if value.startswith("onet:") else normalise_id(value)
    if found is None:
        raise ValueError(f"broader.toml: {value!r} is not an ESCO URI or O*NET code")
    return found


@lru_cache(maxsize=1)
def broader_of() -> dict[str, tuple[str, ...]]:
    files = resources.files("screening.matching.skills") / "data" / _DATA_FILE
    return load(files.read_text(encoding="utf-8"))


def with_broader(matches: list[SkillMatch], role: Role) -> list[SkillMatch]:
    """`matches` plus, for each deciding match of a narrower skill, a match of the broader
    field for the requirement that accepts it (same claim, type and confidence), unless the
    same claim already decides that requirement."""
    index = broader_of()
    members, accepting = _role_index(role)
    decided = {(m.requirement, m.claim) for m in matches if m.decides}
    added: list[SkillMatch] = []
    for match in matches:
        narrow = members.get((match.requirement, match.skill))
        if not match.decides or narrow is None:
            continue
        for broad in index.get(narrow, ()):
            target = accepting.get(broad)
            if target is None or (target[0], match.claim) in decided:
                continue
            decided.add((target[0], match.claim))
            # an alignment keeps its id (the explanation describes it); a name shows
            # which narrower skill it evidenced
            shown = match.matched if match.type is MatchType.EXACT_ID \
                else f"{match.matched} → {match.skill}"
            added.append(replace(match, requirement=target[0], skill=target[1],
                                 matched=shown, name_source=BROADER))
    return matches + added


@lru_cache(maxsize=64)
def _role_index(role: Role) -> tuple[dict[tuple[str, str], str | None],
                                     dict[str, tuple[str, str]]]:
    """A role's (requirement, member label) → member id, and member id → (requirement, member
    label): built once per role, not per credential (ranking a pool asks 10,000 times)."""
    members = {(r.id, m.label): m.id for r in role.requirements for m in r.skills}
    accepting = {m.id: (r.id, m.label) for r in role.requirements for m in r.skills if m.id}
    return members, accepting
