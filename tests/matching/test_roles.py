"""Roles: loading, validation with clear errors, and the TOML round trip."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.matching.roles import (
    NAMED_LEVELS,
    Requirement,
    Role,
    RoleError,
    SkillRef,
    list_roles,
    load_role,
    parse_role,
    role_to_toml,
)
from screening.matching.skills import esco

ROLES_DIR = Path(__file__).resolve().parents[2] / "sample_data" / "roles"
SQL = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"
PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"


def test_sample_roles_load_and_are_realistic():
    roles = {role.id: role for role in list_roles(ROLES_DIR)}
    assert {"data-analyst", "backend-engineer", "cloud-security-engineer",
            "registered-nurse"} <= set(roles)
    for role in roles.values():
        assert role.title and role.description
        assert len(role.required) >= 2, role.id
        assert len(role.requirements) > len(role.required), role.id  # some preferred too
        assert any(r.any_of for r in role.requirements), role.id


def test_every_esco_uri_in_the_sample_roles_is_in_the_bundled_taxonomy():
    uris = set()
    for path in sorted(ROLES_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for req in data["requirement"]:
            for member in [req.get("skill"), *req.get("any_of", [])]:
                value = member.get("skill") if isinstance(member, dict) else member
                if isinstance(value, str) and "data.europa.eu/esco" in value:
                    uris.add(value)
    assert len(uris) >= 30
    missing = sorted(u for u in uris if esco().get(u) is None)
    assert missing == []


@pytest.mark.parametrize("path", sorted(ROLES_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_sample_roles_round_trip(path):
    role = load_role(path)
    text = role_to_toml(role)
    again = parse_role(text, "round-trip")
    assert again == role
    assert again.digest == role.digest
    assert role_to_toml(again) == text


def test_defaults_labels_ids_and_named_levels():
    role = parse_role(f'''
[role]
id = "r"
title = "R"

[[requirement]]
skill = "{SQL}"
min_level = "Advanced"

[[requirement]]
skill = "Kubernetes"
weight = 2

[[requirement]]
any_of = ["{PYTHON}", "onet:15-2051"]
''')
    sql, k8s, group = role.requirements
    assert (sql.id, sql.label, sql.min_level, sql.weight, sql.required) == \
        ("sql", "SQL", NAMED_LEVELS["advanced"], 1.0, False)
    assert k8s.skills == (SkillRef(None, "Kubernetes"),) and k8s.weight == 2.0
    assert [m.id for m in group.skills] == [PYTHON, "onet:15-2051.00"]
    assert group.label == "Python (computer programming) or O*NET 15-2051.00"
    assert group.any_of and role.total_weight == 4.0


def problems(text: str, **kwargs) -> set[tuple[str, str]]:
    with pytest.raises(RoleError) as info:
        parse_role(text, "bad.toml", **kwargs)
    assert all(p.source == "bad.toml" for p in info.value.problems)
    return {(p.field, p.code) for p in info.value.problems}


def test_every_problem_is_reported_with_its_field_and_code():
    found = problems(f'''
colour = "blue"

[role]
id = "Bad Id"
recency_half_life_years = -1
owner = "x"

[[requirement]]
id = "a"
skill = "{SQL}"
any_of = ["{PYTHON}"]

[[requirement]]
id = "a"
skill = "http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000000"

[[requirement]]
skill = "http://data.europa.eu/esco/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30"
weight = 0
required = "yes"
min_level = "guru"
aliases = "SQL"
requried = true

[[requirement]]
label = "only a label"

[[requirement]]
any_of = [{{ skill = "Kubernetes", label = "K8s" }}, "onet:xx"]
min_level = 1.5
recency_half_life_years = "soon"
''')
    assert found == {
        ("colour", "unknown_field"),
        ("role.owner", "unknown_field"),
        ("role.id", "bad_id"),
        ("role.title", "missing"),
        ("role.recency_half_life_years", "out_of_range"),
        ("requirement[0]", "conflict"),
        ("requirement[2].skill", "bad_skill_ref"),
        ("requirement[2].weight", "out_of_range"),
        ("requirement[2].required", "wrong_type"),
        ("requirement[2].min_level", "bad_level"),
        ("requirement[2].aliases", "wrong_type"),
        ("requirement[2].requried", "unknown_field"),
        ("requirement[3]", "missing"),
        ("requirement[4].any_of[0].label", "conflict"),
        ("requirement[4].any_of[1]", "bad_skill_ref"),
        ("requirement[4].min_level", "out_of_range"),
        ("requirement[4].recency_half_life_years", "wrong_type"),
    }


def test_duplicate_requirement_ids():
    found = problems(f'[role]\nid = "r"\ntitle = "R"\n[[requirement]]\nid = "x"\nskill = "{SQL}"'
                     '\n[[requirement]]\nid = "x"\nskill = "SQL"\n')
    assert found == {("requirement[1].id", "duplicate_id")}


def test_syntax_and_shape_errors():
    assert problems("[role\n") == {("(file)", "toml_syntax")}
    assert problems('[role]\nid = "r"\ntitle = "R"\n') == {("requirement", "missing")}
    assert problems('role = 3\nrequirement = [1]\n') == {("role", "missing"),
                                                          ("requirement[0]", "wrong_type")}


def test_error_message_names_file_and_field():
    with pytest.raises(RoleError) as info:
        parse_role('[role]\nid = "r"\n[[requirement]]\nskill = "SQL"\nweight = -2\n',
                   "roles/x.toml")
    message = str(info.value)
    assert "roles/x.toml: role.title:" in message
    assert "roles/x.toml: requirement[0].weight:" in message
    assert info.value.codes == {"missing", "out_of_range"}


def test_unknown_esco_uri_is_accepted_with_a_note():
    uri = "http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000000"
    text = (f'[role]\nid = "r"\ntitle = "R"\n[[requirement]]\nid = "k"\n'
            f'any_of = [{{ skill = "{uri}", label = "Kubernetes" }}]\n')
    for strict in (True, False):
        role = parse_role(text, strict=strict)
        member = role.requirements[0].skills[0]
        assert (member.kind, member.id, member.label) == ("esco", uri, "Kubernetes")
        assert [(n.field, n.code) for n in role.notes] == [
            ("requirement[0].any_of[0].skill", "esco_not_bundled")]


def test_list_roles_reports_bad_files_and_duplicate_ids(tmp_path):
    good = (ROLES_DIR / "data-analyst.toml").read_text(encoding="utf-8")
    (tmp_path / "a.toml").write_text(good, encoding="utf-8")
    (tmp_path / "b.toml").write_text(good, encoding="utf-8")
    (tmp_path / "c.toml").write_text("[role]\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    with pytest.raises(RoleError) as info:
        list_roles(tmp_path)
    where = {(Path(p.source).name, p.field, p.code) for p in info.value.problems}
    assert ("b.toml", "role.id", "duplicate_id") in where
    assert ("c.toml", "role.id", "missing") in where
    with pytest.raises(RoleError) as info:
        load_role(tmp_path / "missing.toml")
    assert info.value.codes == {"unreadable"}


# Role text as the parser keeps it: whitespace collapsed (it normalises skills and aliases).
_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30).filter(
    lambda t: t.strip() and " ".join(t.split()) == t)


def _plain_text(text: str) -> bool:
    """Free text that the parser would not read as a URL or O*NET code."""
    return not text.lower().startswith(("http", "onet", "o*net")) \
        and not re.match(r"^\d{2}-\d{4}\.\d{2}$", text)


@st.composite
def roles(draw) -> Role:
    requirements = []
    for index in range(draw(st.integers(1, 4))):
        members = draw(st.lists(st.one_of(
            st.sampled_from([SkillRef(SQL, "SQL"), SkillRef(PYTHON, "Python (computer "
                                                                    "programming)"),
                             SkillRef("onet:15-2051.00", "O*NET 15-2051.00")]),
            _text.filter(_plain_text).map(lambda t: SkillRef(None, t))), min_size=1, max_size=3))
        any_of = len(members) > 1 or draw(st.booleans())
        requirements.append(Requirement(
            id=f"req-{index}", label=draw(_text), skills=tuple(members),
            required=draw(st.booleans()),
            weight=draw(st.floats(0.1, 100, allow_nan=False)),
            min_level=draw(st.none() | st.floats(0, 1)),
            aliases=tuple(dict.fromkeys(draw(st.lists(_text, max_size=3)))),
            recency_half_life_years=draw(st.none() | st.floats(0.5, 50)),
            note=draw(st.just("") | _text), any_of=any_of))
    return Role(id="generated", title=draw(_text), requirements=tuple(requirements),
                description=draw(st.just("") | _text),
                recency_half_life_years=draw(st.none() | st.floats(0.5, 50)))


@settings(max_examples=60, deadline=None)
@given(roles())
def test_any_role_round_trips_through_toml(role):
    assert parse_role(role_to_toml(role)) == role
