"""Job roles: the skills a role requires or prefers, read from (and written back to) TOML.

    [role]
    id = "data-analyst"
    title = "Data Analyst"
    recency_half_life_years = 5

    [[requirement]]
    skill = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"
    label = "SQL"
    required = true
    weight = 3
    min_level = "intermediate"

A requirement names one skill (`skill`) or several acceptable ones (`any_of`). A skill is an
ESCO skill URI (checked against the bundled ESCO list), an O*NET code (`onet:15-2051.00`), a
framework URL, or free text. Every problem in a file is reported at once (`RoleError`).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from screening.errors import Problem, RoleError
from screening.matching.skills.taxonomy import (
    ESCO_SKILL,
    Taxonomy,
    esco,
    esco_uri,
    onet_code,
)

NAMED_LEVELS = {"beginner": 0.25, "basic": 0.25, "intermediate": 0.5, "advanced": 0.75,
                "expert": 1.0}
MAX_TEXT = 200
MAX_REQUIREMENTS = 100
MAX_ECTS = 1000  # a doctorate is 180-240 ECTS after a master's; more is a typo
_ROLE_KEYS = {"id", "title", "description", "recency_half_life_years"}
_REQUIREMENT_KEYS = {"id", "label", "skill", "any_of", "aliases", "weight", "required",
                     "min_level", "recency_half_life_years", "note", "min_ects", "min_eqf"}
_MEMBER_KEYS = {"skill", "label", "aliases"}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class SkillRef:
    """One acceptable skill: `id` is a normalised ESCO URI, `onet:` code or URL; None for
    free text (then `label` is the text). `aliases` are extra names the role accepts."""

    id: str | None
    label: str
    aliases: tuple[str, ...] = ()
    custom_label: bool = False  # label written by the role author (kept on round trip)

    @property
    def kind(self) -> str:
        if self.id is None:
            return "text"
        if self.id.startswith(ESCO_SKILL):
            return "esco"
        return "onet" if self.id.startswith("onet:") else "url"


@dataclass(frozen=True)
class Requirement:
    id: str
    label: str
    skills: tuple[SkillRef, ...]  # one, or the members of an any-of group
    required: bool = False
    weight: float = 1.0
    min_level: float | None = None  # 0..1
    aliases: tuple[str, ...] = ()  # apply to every member
    recency_half_life_years: float | None = None  # overrides the role's
    note: str = ""
    any_of: bool = False
    # Stackability (docs/scoring.md): the workload in ECTS credits the role asks for in this
    # skill, which several micro-credentials may add up to, and the lowest EQF level.
    min_ects: float | None = None
    min_eqf: int | None = None


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    requirements: tuple[Requirement, ...]
    description: str = ""
    recency_half_life_years: float | None = None
    source: str = field(default="", compare=False)
    # Accepted, but worth saying (e.g. an ESCO skill missing from the bundled list, matched
    # by its exact id only): RoleProblem with code `esco_not_bundled`.
    notes: tuple[RoleProblem, ...] = field(default=(), compare=False)

    def __hash__(self) -> int:
        return self._hash

    @cached_property
    def _hash(self) -> int:
        # A role keys the matcher's caches once per credential ranked; hashing its nested
        # requirements each time cost a re-rank of 1,000 candidates about 0.1 s. Same fields
        # as the generated hash (those compared), computed once.
        return hash((self.id, self.title, self.requirements, self.description,
                     self.recency_half_life_years))

    def __getstate__(self) -> dict[str, Any]:
        # a string's hash differs between processes: a pickled role computes its own again
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    @property
    def required(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.required)

    @property
    def total_weight(self) -> float:
        return sum(r.weight for r in self.requirements)

    def requirement(self, requirement_id: str) -> Requirement:
        return next(r for r in self.requirements if r.id == requirement_id)

    def to_dict(self) -> dict[str, Any]:
        return role_to_dict(self)

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the role's canonical JSON (what a score was computed against)."""
        canonical = json.dumps(role_to_dict(self), sort_keys=True, separators=(",", ":"),
                               ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RoleProblem:
    source: str  # file name or "<text>"
    field: str  # e.g. "requirement[2].weight"
    code: str  # stable: toml_syntax, missing, wrong_type, unknown_field, out_of_range, ...
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.field}: {self.message}"


def load_role(path: str | Path, *, strict: bool = True,
              taxonomy: Taxonomy | None = None) -> Role:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RoleError([RoleProblem(str(path), "(file)", "unreadable",
                                     f"cannot read the file ({exc})")]) from exc
    return parse_role(text, str(path), strict=strict, taxonomy=taxonomy)


def list_roles(directory: str | Path, *, strict: bool = True) -> list[Role]:
    """Every `*.toml` role in a directory, sorted by id; all files' problems raised together."""
    roles: list[Role] = []
    problems: list[Problem] = []
    for path in sorted(Path(directory).glob("*.toml")):
        try:
            roles.append(load_role(path, strict=strict))
        except RoleError as exc:
            problems.extend(exc.problems)
    seen: dict[str, str] = {}
    for role in roles:
        if role.id in seen:
            problems.append(RoleProblem(role.source, "role.id", "duplicate_id",
                                        f"role id {role.id!r} is also used by {seen[role.id]}"))
        seen.setdefault(role.id, role.source)
    if problems:
        raise RoleError(problems)
    return sorted(roles, key=lambda r: r.id)


def parse_role(text: str, source: str = "<text>", *, strict: bool = True,
               taxonomy: Taxonomy | None = None) -> Role:
    """Parse and validate a role. An ESCO URI missing from the bundled list is accepted and
    noted in `Role.notes` (`strict` is kept for callers; it no longer rejects them)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RoleError([RoleProblem(source, "(file)", "toml_syntax", str(exc))]) from exc
    return _Parser(source, strict, taxonomy).role(data)


class _Parser:
    def __init__(self, source: str, strict: bool, taxonomy: Taxonomy | None):
        self.source, self.strict = source, strict
        self._taxonomy = taxonomy
        self.problems: list[RoleProblem] = []
        self.notes: list[RoleProblem] = []

    @property
    def taxonomy(self) -> Taxonomy:
        return self._taxonomy or esco()

    def problem(self, where: str, code: str, message: str) -> None:
        self.problems.append(RoleProblem(self.source, where, code, message))

    def role(self, data: dict[str, Any]) -> Role:
        for key in sorted(set(data) - {"role", "requirement"}):
            self.problem(key, "unknown_field", "unknown top-level key (expected [role] and "
                         "[[requirement]])")
        head = data.get("role")
        if not isinstance(head, dict):  # one problem, not one per missing field
            self.problem("role", "missing", "a [role] table is required")
            head = {"id": "role", "title": "role"}
        self.unknown(head, _ROLE_KEYS, "role")
        role_id = self.string(head, "id", "role")
        if role_id and not _SLUG.match(role_id):
            self.problem("role.id", "bad_id", "use lower-case letters, digits, '-', '_', '.'")
        title = self.string(head, "title", "role")
        description = self.string(head, "description", "role", required=False, limit=2000)
        half_life = self.positive(head, "recency_half_life_years", "role")
        raw = data.get("requirement")
        if not isinstance(raw, list) or not raw:
            self.problem("requirement", "missing", "at least one [[requirement]] is required")
            raw = []
        elif len(raw) > MAX_REQUIREMENTS:
            self.problem("requirement", "out_of_range",
                         f"at most {MAX_REQUIREMENTS} requirements")
        requirements = [r for i, item in enumerate(raw[:MAX_REQUIREMENTS])
                        if (r := self.requirement(item, f"requirement[{i}]"))]
        seen: set[str] = set()
        for i, req in enumerate(requirements):
            if req.id in seen:
                self.problem(f"requirement[{i}].id", "duplicate_id",
                             f"requirement id {req.id!r} is used twice")
            seen.add(req.id)
        if self.problems:
            raise RoleError(self.problems)
        return Role(id=role_id or "", title=title or "", requirements=tuple(requirements),
                    description=description or "", recency_half_life_years=half_life,
                    source=self.source, notes=tuple(self.notes))

    def requirement(self, item: Any, where: str) -> Requirement | None:
        if not isinstance(item, dict):
            self.problem(where, "wrong_type", "each [[requirement]] must be a table")
            return None
        before = len(self.problems)
        self.unknown(item, _REQUIREMENT_KEYS, where)
        aliases = self.aliases(item, where)
        if ("skill" in item) == ("any_of" in item):
            self.problem(where, "conflict" if "skill" in item else "missing",
                         "give exactly one of 'skill' or 'any_of'")
            members: list[SkillRef] = []
        elif "skill" in item:
            members = [m for m in [self.member(item["skill"], f"{where}.skill")] if m]
        else:
            group = item["any_of"]
            if not isinstance(group, list) or not group:
                self.problem(f"{where}.any_of", "wrong_type",
                             "any_of must be a non-empty list of skills")
                group = []
            members = [m for j, entry in enumerate(group[:20])
                       if (m := self.member(entry, f"{where}.any_of[{j}]"))]
        label = self.string(item, "label", where, required=False)
        if not label and members:
            label = " or ".join(m.label for m in members)[:MAX_TEXT]
        req_id = self.string(item, "id", where, required=False) or _slug(label or "")
        if req_id and not _SLUG.match(req_id):
            self.problem(f"{where}.id", "bad_id", "use lower-case letters, digits, '-', '_'")
        weight = self.number(item, "weight", where, default=1.0)
        if weight is not None and not 0 < weight <= 100:
            self.problem(f"{where}.weight", "out_of_range", "weight must be > 0 and ≤ 100")
        required = item.get("required", False)
        if not isinstance(required, bool):
            self.problem(f"{where}.required", "wrong_type", "required must be true or false")
        min_level = self.level(item, where)
        half_life = self.positive(item, "recency_half_life_years", where)
        note = self.string(item, "note", where, required=False, limit=1000)
        min_ects, min_eqf = self.workload(item, where)
        if len(self.problems) > before:
            return None
        return Requirement(id=req_id, label=label or req_id, skills=tuple(members),
                           required=bool(required), weight=float(weight or 1.0),
                           min_level=min_level, aliases=aliases,
                           recency_half_life_years=half_life, note=note or "",
                           any_of="any_of" in item, min_ects=min_ects, min_eqf=min_eqf)

    def member(self, entry: Any, where: str) -> SkillRef | None:
        aliases: tuple[str, ...] = ()
        label = None
        if isinstance(entry, dict):
            self.unknown(entry, _MEMBER_KEYS, where)
            aliases = self.aliases(entry, where)
            label = self.string(entry, "label", where, required=False)
            entry = entry.get("skill")
            where = f"{where}.skill"
        if not isinstance(entry, str) or not entry.strip():
            self.problem(where, "wrong_type", "a skill must be a non-empty string")
            return None
        value = " ".join(entry.split())
        if len(value) > MAX_TEXT:
            self.problem(where, "too_long", f"at most {MAX_TEXT} characters")
            return None
        if uri := esco_uri(value):
            skill = self.taxonomy.get(uri)
            if skill is None:
                # ESCO has skills the bundled v1.1.1 extract lacks (and newer versions add
                # more): accepted, matched by exact id and the role's own names only.
                self.notes.append(RoleProblem(
                    self.source, where, "esco_not_bundled",
                    f"{value} is not in the bundled ESCO v1.1.1 list: it is matched by its "
                    "exact id and the role's own label and aliases only"
                    + ("" if label else " (give it a label)")))
            return SkillRef(uri, label or (skill.label if skill else uri), aliases,
                            custom_label=bool(label))
        if "data.europa.eu/esco/" in value:
            self.problem(where, "bad_skill_ref", "an ESCO URI must name a skill "
                         "(http://data.europa.eu/esco/skill/<uuid>)")
            return None
        lowered = value.lower()
        if lowered.startswith(("onet:", "o*net:")) or re.match(r"^\d{2}-\d{4}\.\d{2}$", value):
            code = onet_code(value)
            if code is None:
                self.problem(where, "bad_skill_ref", f"{value!r} is not an O*NET code")
                return None
            return SkillRef(code, label or f"O*NET {code[5:]}", aliases,
                            custom_label=bool(label))
        if _URL.match(value):
            return SkillRef(value.rstrip("/"), label or value, aliases, custom_label=bool(label))
        if label:
            self.problem(f"{where[: -len('.skill')]}.label", "conflict",
                         "a free-text skill is its own label; put other names in aliases")
            return None
        return SkillRef(None, value, aliases)

    # -- field helpers ---------------------------------------------------------------
    def unknown(self, table: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in sorted(set(table) - allowed):
            self.problem(f"{where}.{key}", "unknown_field",
                         f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def string(self, table: dict[str, Any], key: str, where: str, *, required: bool = True,
               limit: int = MAX_TEXT) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(f"{where}.{key}", "missing", f"{key} is required")
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(f"{where}.{key}", "wrong_type", f"{key} must be a non-empty string")
            return None
        if len(value) > limit:
            self.problem(f"{where}.{key}", "too_long", f"at most {limit} characters")
            return None
        return value.strip()

    def number(self, table: dict[str, Any], key: str, where: str,
               default: float | None = None) -> float | None:
        value = table.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(value):
            self.problem(f"{where}.{key}", "wrong_type", f"{key} must be a number")
            return None
        return float(value)

    def positive(self, table: dict[str, Any], key: str, where: str) -> float | None:
        value = self.number(table, key, where)
        if value is not None and not 0 < value <= 100:
            self.problem(f"{where}.{key}", "out_of_range", f"{key} must be > 0 and ≤ 100")
            return None
        return value

    def level(self, table: dict[str, Any], where: str) -> float | None:
        value = table.get("min_level")
        if value is None:
            return None
        if isinstance(value, str):
            if value.casefold() in NAMED_LEVELS:
                return NAMED_LEVELS[value.casefold()]
            self.problem(f"{where}.min_level", "bad_level",
                         f"use a number 0–1 or one of: {', '.join(NAMED_LEVELS)}")
            return None
        number = self.number(table, "min_level", where)
        if number is not None and not 0 <= number <= 1:
            self.problem(f"{where}.min_level", "out_of_range", "min_level must be in 0–1")
            return None
        return number

    def workload(self, table: dict[str, Any], where: str) -> tuple[float | None, int | None]:
        """`min_ects` (> 0, at most MAX_ECTS) and `min_eqf` (a whole EQF level, 1-8)."""
        ects = self.number(table, "min_ects", where)
        if ects is not None and not 0 < ects <= MAX_ECTS:
            self.problem(f"{where}.min_ects", "out_of_range",
                         f"min_ects must be > 0 and ≤ {MAX_ECTS}")
            ects = None
        eqf = table.get("min_eqf")
        if eqf is not None and (isinstance(eqf, bool) or not isinstance(eqf, int)):
            self.problem(f"{where}.min_eqf", "wrong_type", "min_eqf must be a whole number")
            eqf = None
        elif eqf is not None and not 1 <= eqf <= 8:
            self.problem(f"{where}.min_eqf", "out_of_range", "min_eqf is an EQF level, 1–8")
            eqf = None
        return ects, eqf

    def aliases(self, table: dict[str, Any], where: str) -> tuple[str, ...]:
        value = table.get("aliases", [])
        if not isinstance(value, list) or not all(isinstance(a, str) and a.strip()
                                                  for a in value):
            self.problem(f"{where}.aliases", "wrong_type",
                         "aliases must be a list of non-empty strings")
            return ()
        if any(len(a) > MAX_TEXT for a in value) or len(value) > 50:
            self.problem(f"{where}.aliases", "too_long",
                         f"at most 50 aliases of {MAX_TEXT} characters")
            return ()
        return tuple(dict.fromkeys(" ".join(a.split()) for a in value))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:64] or "requirement"


# -- writing ---------------------------------------------------------------------------

def role_to_dict(role: Role) -> dict[str, Any]:
    """The role as plain data in the TOML file's shape (defaults left out)."""
    head: dict[str, Any] = {"id": role.id, "title": role.title}
    if role.description:
        head["description"] = role.description
    if role.recency_half_life_years is not None:
        head["recency_half_life_years"] = role.recency_half_life_years
    return {"role": head, "requirement": [_requirement_dict(r) for r in role.requirements]}


def _requirement_dict(req: Requirement) -> dict[str, Any]:
    out: dict[str, Any] = {"id": req.id, "label": req.label}
    if req.any_of:
        out["any_of"] = [_member_value(m) for m in req.skills]
    else:
        member = req.skills[0]
        out["skill"] = member.id or member.label
        # A single skill's own label is the requirement's label; its aliases live on the
        # requirement (the TOML form has one place for them).
        req = _merge_single(req)
    if req.aliases:
        out["aliases"] = list(req.aliases)
    out["required"] = req.required
    out["weight"] = req.weight
    if req.min_level is not None:
        out["min_level"] = req.min_level
    if req.recency_half_life_years is not None:
        out["recency_half_life_years"] = req.recency_half_life_years
    if req.note:
        out["note"] = req.note
    if req.min_ects is not None:  # left out when unset: older roles keep their digest
        out["min_ects"] = req.min_ects
    if req.min_eqf is not None:
        out["min_eqf"] = req.min_eqf
    return out


def _merge_single(req: Requirement) -> Requirement:
    member = req.skills[0]
    aliases = tuple(dict.fromkeys((*req.aliases, *member.aliases)))
    return replace(req, aliases=aliases)


def _member_value(member: SkillRef) -> str | dict[str, Any]:
    ref = member.id or member.label
    if not member.custom_label and not member.aliases:
        return ref
    out: dict[str, Any] = {"skill": ref}
    if member.custom_label and member.id is not None:
        out["label"] = member.label
    if member.aliases:
        out["aliases"] = list(member.aliases)
    return out


def role_to_toml(role: Role) -> str:
    """TOML text that `parse_role` reads back into an equal Role."""
    return role_dict_to_toml(role_to_dict(role))


def role_dict_to_toml(data: Mapping[str, Any]) -> str:
    """A role in the TOML file's shape (`role_to_dict`) as TOML text."""
    lines = ["[role]"]
    lines += [f"{key} = {_toml_value(value)}" for key, value in data["role"].items()]
    for req in data["requirement"]:
        lines += ["", "[[requirement]]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in req.items()]
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # min_eqf, a whole level (every other number is a float)
    if isinstance(value, int | float):
        return repr(float(value))
    if isinstance(value, str):
        # A JSON string is a TOML basic string, except that TOML also forbids a raw DEL.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
