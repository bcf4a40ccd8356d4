"""The role builder behind the Roles page's form: skill search over the bundled ESCO
taxonomy, and a role written as the same validated TOML the role files use — with every
problem said in plain words ("Requirement 3 needs a skill")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from screening.errors import RoleError
from screening.matching.roles import Role, parse_role, role_dict_to_toml, role_to_dict, role_to_toml
from screening.matching.skills.taxonomy import Taxonomy, esco, normalise_text

ANY_OF_SEPARATOR = " | "  # several skills, any one of which meets the requirement


@dataclass(frozen=True)
class RequirementDraft:
    """One row of the form."""

    label: str = ""
    skill: str = ""  # an ESCO URI, an O*NET code or free text; " | " between alternatives
    required: bool = True
    weight: float = 1.0
    min_level: float | None = None
    min_ects: float | None = None  # stackability: workload several credentials add up to
    min_eqf: int | None = None


def search_skills(query: str, limit: int = 12, taxonomy: Taxonomy | None = None
                  ) -> list[tuple[str, str]]:
    """(ESCO URI, preferred label) of skills whose labels contain every word of `query`:
    exact label first, then labels that start with it, then the rest, shortest first."""
    words = normalise_text(query).split()
    if not words:
        return []
    found: dict[str, tuple[int, int, str]] = {}
    for skill in (taxonomy or esco()).skills():
        for label in skill.labels:
            text = normalise_text(label)
            if not all(word in text for word in words):
                continue
            phrase = " ".join(words)
            rank = 0 if text == phrase else 1 if text.startswith(phrase) else 2
            best = found.get(skill.uri)
            if best is None or (rank, len(text)) < best[:2]:
                found[skill.uri] = (rank, len(text), skill.label)
    ordered = sorted(found.items(), key=lambda item: (*item[1][:2], item[1][2]))
    return [(uri, label) for uri, (_r, _n, label) in ordered[:limit]]


def drafts_of(role: Role) -> list[RequirementDraft]:
    """The form's rows for an existing role (aliases and notes stay as they are)."""
    return [RequirementDraft(req.label, ANY_OF_SEPARATOR.join(s.id or s.label for s in
                                                              req.skills),
                             req.required, float(req.weight), req.min_level,
                             req.min_ects, req.min_eqf)
            for req in role.requirements]


def build_role(title: str, drafts: list[RequirementDraft], *, description: str = "",
               role_id: str = "", recency_half_life_years: float | None = None,
               base: Role | None = None) -> tuple[Role | None, str, list[str]]:
    """(role, its TOML, problems in plain words). The role is None when there are problems.
    `base`: the role being edited, whose aliases and notes are kept for unchanged rows."""
    problems = _form_problems(title, drafts)
    if problems:
        return None, "", problems
    text = _toml(role_id or slug(title), title, description, recency_half_life_years,
                 drafts, base)
    try:
        role = parse_role(text, "role builder", strict=False)
    except RoleError as error:
        return None, text, [plain(problem.field, problem.message) for problem in
                            error.problems]
    return role, role_to_toml(role), []


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "role"


def plain(field: str, message: str) -> str:
    """"requirement[2].weight" -> "Requirement 3, weight: ..." (the form counts from 1)."""
    found = re.match(r"requirement\[(\d+)\](?:\.(.+))?", field)
    if found:
        where = f"Requirement {int(found.group(1)) + 1}"
        return f"{where}, {found.group(2)}: {message}" if found.group(2) else \
            f"{where}: {message}"
    return f"{field.replace('role.', 'The role’s ')}: {message}"


def _form_problems(title: str, drafts: list[RequirementDraft]) -> list[str]:
    problems = []
    if not title.strip():
        problems.append("The role needs a title.")
    if not drafts:
        problems.append("Add at least one requirement.")
    for number, draft in enumerate(drafts, start=1):
        if not draft.skill.strip():
            problems.append(f"Requirement {number} needs a skill.")
        if not draft.weight > 0:
            problems.append(f"Requirement {number} needs a weight above 0.")
        if draft.min_level is not None and not 0 <= draft.min_level <= 1:
            problems.append(f"Requirement {number}: the minimum level is between 0 and 1.")
        if draft.min_ects is not None and not draft.min_ects > 0:
            problems.append(f"Requirement {number}: the minimum ECTS is above 0.")
        if draft.min_eqf is not None and draft.min_eqf not in range(1, 9):
            problems.append(f"Requirement {number}: the minimum EQF level is 1 to 8.")
    return problems


def _toml(role_id: str, title: str, description: str, half_life: float | None,
          drafts: list[RequirementDraft], base: Role | None) -> str:
    """The role file's TOML: a row left as it was keeps everything the file had (its id,
    aliases, notes); a changed row keeps the id, aliases and note of its label."""
    before = role_to_dict(base)["requirement"] if base is not None else []
    by_label = {req["label"]: req for req in before}
    unchanged = {_draft_key(d): req for d, req in zip(drafts_of(base), before, strict=True)
                 } if base is not None else {}
    head: dict[str, Any] = {"id": role_id, "title": title.strip()}
    if description.strip():
        head["description"] = description.strip()
    if half_life is not None:
        head["recency_half_life_years"] = float(half_life)
    requirements = [unchanged.get(_draft_key(d)) or _requirement(d, by_label) for d in drafts]
    return role_dict_to_toml({"role": head, "requirement": requirements})


def _draft_key(draft: RequirementDraft) -> tuple[Any, ...]:
    return (draft.label.strip(), draft.skill.strip(), draft.required, float(draft.weight),
            draft.min_level, draft.min_ects, draft.min_eqf)


def _requirement(draft: RequirementDraft, by_label: dict[str, dict[str, Any]]
                 ) -> dict[str, Any]:
    skills = [s.strip() for s in draft.skill.split(ANY_OF_SEPARATOR.strip()) if s.strip()]
    label = draft.label.strip() or skills[0]
    previous = by_label.get(label, {})
    out: dict[str, Any] = {"id": previous["id"]} if "id" in previous else {}
    out["label"] = label
    if len(skills) == 1:
        out["skill"] = skills[0]
    else:
        out["any_of"] = skills
    if previous.get("aliases") and len(skills) == 1:
        out["aliases"] = previous["aliases"]
    out["required"] = draft.required
    out["weight"] = float(draft.weight)
    if draft.min_level is not None:
        out["min_level"] = float(draft.min_level)
    if previous.get("note"):
        out["note"] = previous["note"]
    if draft.min_ects is not None:
        out["min_ects"] = float(draft.min_ects)
    if draft.min_eqf is not None:
        out["min_eqf"] = int(draft.min_eqf)
    return out
