"""The role builder: ESCO skill search, and a form that writes the same validated role as
the TOML files, with problems said in plain words."""

from __future__ import annotations

import pytest

from screening.matching.builder import (
    RequirementDraft,
    build_role,
    drafts_of,
    plain,
    search_skills,
    slug,
)
from screening.matching.roles import parse_role, role_to_toml
from screening.session.samples import sample_roles

SQL = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"


def test_search_finds_the_esco_skill_first():
    found = search_skills("sql")
    assert found[0] == (SQL, "SQL")
    assert len(found) <= 12
    assert search_skills("python programming")[0][1].startswith("Python")
    assert search_skills("  ") == []


def test_a_form_role_is_the_same_validated_role():
    role, text, problems = build_role("Data Engineer", [
        RequirementDraft("SQL", SQL, True, 2.0),
        RequirementDraft("Spark or Hadoop", "Apache Spark | Hadoop", False, 1.0, 0.5)])
    assert not problems and role is not None
    assert role.id == "data-engineer" and role.required[0].label == "SQL"
    assert role.requirements[1].any_of and role.requirements[1].min_level == 0.5
    assert parse_role(text) == role  # the TOML written reads back as the same role


@pytest.mark.parametrize(("title", "drafts", "count"), [
    ("", [RequirementDraft("SQL", SQL)], 1),
    ("Analyst", [], 1),
    ("Analyst", [RequirementDraft("SQL", ""), RequirementDraft("Stats", "statistics", True,
                                                                0.0)], 2),
    ("Analyst", [RequirementDraft("SQL", SQL, True, 1.0, 2.0)], 1),
])
def test_problems_are_counted_from_one_and_nothing_is_built(title, drafts, count):
    role, _text, problems = build_role(title, drafts)
    assert role is None and len(problems) == count


def test_every_bundled_role_round_trips_through_the_form():
    for role in sample_roles().values():
        rebuilt, _text, problems = build_role(
            role.title, drafts_of(role), description=role.description, role_id=role.id,
            recency_half_life_years=role.recency_half_life_years, base=role)
        assert not problems, problems
        assert role_to_toml(rebuilt) == role_to_toml(role)


def test_plain_words_for_role_fields():
    assert plain("requirement[2].weight", "must be positive").startswith("Requirement 3")
    assert slug("Senior Data Analyst (EMEA)") == "senior-data-analyst-emea"
