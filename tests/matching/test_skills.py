"""Skills: the bundled ESCO taxonomy, claim extraction from credentials, and matching."""

from __future__ import annotations

import gzip
import hashlib
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import pytest

from screening.matching.roles import parse_role
from screening.matching.skills import (
    MatchSettings,
    MatchType,
    claims_from_document,
    esco,
    extract_claims,
    match_claims,
    normalise_id,
    normalise_text,
)
from screening.matching.skills.extract import result_level
from screening.verify.report import CheckResult, Status, VerificationReport

PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
SQL = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"
STATISTICS = "http://data.europa.eu/esco/skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833"
DBMS = "http://data.europa.eu/esco/skill/ab1e97ed-2319-4293-a8b7-072d2648822f"


def ob3(achievement: dict[str, Any], **subject: Any) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:example:issuer", "type": ["Profile"], "name": "Issuer"},
        "validFrom": "2025-03-01T00:00:00Z",
        "credentialSubject": {"type": ["AchievementSubject"],
                              "achievement": {"type": ["Achievement"], **achievement},
                              **subject},
    }


def by_source(claims, source):
    return [c for c in claims if c.source == source]


# -- taxonomy ------------------------------------------------------------------------------

def test_bundled_esco_file_is_the_documented_one():
    data = resources.files("screening.matching.skills").joinpath("data", "esco-skills.tsv.gz")
    raw = data.read_bytes()
    readme = resources.files("screening.matching.skills").joinpath("data", "README.md").read_text()
    assert hashlib.sha256(raw).hexdigest() in readme
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    assert lines[0] == "uuid\tpreferred_label\talt_labels\tbranches"
    assert len(lines) - 1 == len(esco()) == 13412
    assert lines[1:] == sorted(lines[1:])  # deterministic order


def test_esco_lookup_by_uri_normalises_scheme_case_and_slash():
    skill = esco().get("https://data.europa.eu/esco/skill/CCD0A1D9-AFDA-43D9-B901-96344886E14D/")
    assert skill is not None and skill.uri == PYTHON
    assert skill.label == "Python (computer programming)"
    assert "Python3" in skill.alt_labels
    assert esco().get("http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000000") \
        is None


def test_label_index_and_ambiguity():
    assert esco().uris_for_label("  SQL ") == tuple(sorted((SQL, DBMS)))  # DBMS alt label
    assert esco().is_ambiguous("SQL")
    assert not esco().is_ambiguous("Python3")


@pytest.mark.parametrize(("value", "framework", "expected"), [
    ("https://data.europa.eu/esco/skill/598DE5B0-5b58-4ea7-8058-a4bc4d18c742//", None, SQL),
    ("598de5b0-5b58-4ea7-8058-a4bc4d18c742", "ESCO", SQL),
    ("598de5b0-5b58-4ea7-8058-a4bc4d18c742", "Lightcast", None),
    ("15-2051.00", "O*NET-SOC", "onet:15-2051.00"),
    ("15-2051", "O*NET", "onet:15-2051.00"),
    ("onet:2.B.3.e", None, "onet:2.B.3.E"),
    ("https://www.onetonline.org/link/summary/29-1141.00", None, "onet:29-1141.00"),
    ("https://skills.example/frameworks/x/", "Example", "https://skills.example/frameworks/x"),
    ("15-2051.00", None, None),  # a bare code says nothing without its framework
    ("not a url", None, None),
    (42, None, None),
])
def test_normalise_id(value, framework, expected):
    assert normalise_id(value, framework) == expected


def test_normalise_text():
    assert normalise_text("  Data-Analysis /  with\tPython. ") == "data analysis with python"
    assert normalise_text("ＳＱＬ") == "sql"  # full-width letters (NFKC)


# -- extraction: Open Badges 3.0 -------------------------------------------------------------

def test_ob3_alignment_target_url_and_code():
    doc = ob3({"name": "SQL for Analysts", "alignment": [
        {"type": ["Alignment"], "targetName": "SQL", "targetUrl": SQL + "/",
         "targetFramework": "ESCO"},
        {"type": ["Alignment"], "targetName": "Data Scientists", "targetCode": "15-2051.00",
         "targetFramework": "O*NET-SOC 2019", "targetUrl": "https://example.org/onet"},
    ]})
    aligned = by_source(claims_from_document(doc, "sql.json"), "alignment")
    # a framework id (ESCO URI, O*NET code) beats a plain URL, from targetUrl or targetCode
    assert [(c.text, c.skill_id) for c in aligned] == [
        ("SQL", SQL), ("Data Scientists", "onet:15-2051.00")]
    doc["credentialSubject"]["achievement"]["alignment"][1]["targetFramework"] = "Acme skills"
    aligned = by_source(claims_from_document(doc, "sql.json"), "alignment")
    assert aligned[1].skill_id == "https://example.org/onet"  # a bare code of no framework
    doc["credentialSubject"]["achievement"]["alignment"][1]["targetFramework"] = \
        "O*NET-SOC 2019"
    doc["credentialSubject"]["achievement"]["alignment"][1].pop("targetUrl")
    aligned = by_source(claims_from_document(doc, "sql.json"), "alignment")
    assert aligned[1].skill_id == "onet:15-2051.00"
    assert aligned[1].framework == "O*NET-SOC 2019"


def test_ob3_name_tags_field_description_criteria_and_dates():
    doc = ob3({"name": "Data Analysis with Python", "tag": ["pandas", "data cleaning"],
               "fieldOfStudy": "Data science", "description": "Cleans and\n analyses data.",
               "criteria": {"narrative": "Passed a proctored exam."}},
              awardedDate="2024-11-30T00:00:00Z")
    claims = claims_from_document(doc, "c.json")
    assert [c.text for c in by_source(claims, "name")] == ["Data Analysis with Python"]
    assert [c.text for c in by_source(claims, "tag")] == ["pandas", "data cleaning"]
    assert [c.text for c in by_source(claims, "field")] == ["Data science"]
    assert [c.text for c in by_source(claims, "description")] == ["Cleans and analyses data."]
    assert [c.text for c in by_source(claims, "criteria")] == ["Passed a proctored exam."]
    assert {c.issued for c in claims} == {datetime(2024, 11, 30, tzinfo=UTC)}  # awardedDate
    assert {c.credential for c in claims} == {"c.json"}


def test_ob3_results_rubric_levels_and_values():
    achievement = {
        "name": "Data Analyst Apprenticeship",
        "resultDescription": [
            {"id": "urn:rd:sql", "type": ["ResultDescription"], "name": "SQL proficiency",
             "resultType": "RubricCriterionLevel",
             "alignment": [{"type": ["Alignment"], "targetName": "SQL", "targetUrl": SQL}],
             "rubricCriterionLevel": [
                 {"id": "urn:l:1", "type": ["RubricCriterionLevel"], "name": "Novice"},
                 {"id": "urn:l:2", "type": ["RubricCriterionLevel"], "name": "Competent"},
                 {"id": "urn:l:3", "type": ["RubricCriterionLevel"], "name": "Proficient"},
                 {"id": "urn:l:4", "type": ["RubricCriterionLevel"], "name": "Expert"}]},
            {"id": "urn:rd:exam", "type": ["ResultDescription"], "name": "Final exam",
             "resultType": "Percent"},
        ],
    }
    doc = ob3(achievement, result=[
        {"type": ["Result"], "resultDescription": "urn:rd:sql", "achievedLevel": "urn:l:3"},
        {"type": ["Result"], "resultDescription": "urn:rd:exam", "value": "82"},
    ])
    claims = claims_from_document(doc, "apprenticeship.json")
    sql = [c for c in by_source(claims, "result") if c.skill_id == SQL]
    assert len(sql) == 1 and sql[0].level == 0.75
    assert "Proficient" in (sql[0].level_text or "")
    # a result aligned to nothing is about the whole achievement
    (name,) = by_source(claims, "name")
    assert name.level == pytest.approx(0.82)


@pytest.mark.parametrize(("result", "description", "expected"), [
    ({"value": "3"}, {"valueMin": "1", "valueMax": "5"}, 0.5),
    ({"value": 120}, {"resultType": "Percent"}, 1.0),  # clamped
    ({"value": "B"}, {"allowedValue": ["C", "B", "A"]}, 2 / 3),
    ({"achievedLevel": "x", "status": "Failed"}, {}, 0.0),
    ({"achievedLevel": "b"}, {"rubricCriterionLevel": [
        {"id": "a", "points": "0"}, {"id": "b", "points": "5"}, {"id": "c", "points": "10"}]},
     0.5),
    ({"value": "n/a"}, {"resultType": "Percent"}, None),
    ({"value": float("nan")}, {"resultType": "Percent"}, None),
])
def test_result_levels(result, description, expected):
    level, _ = result_level(result, description)
    assert level == (pytest.approx(expected) if expected is not None else None)


# -- extraction: Open Badges 2.0 and other VCs ------------------------------------------------

def test_ob2_badge_class_alignments_tags_and_issued_on():
    assertion = {
        "@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
        "id": "https://badges.example/a/1", "issuedOn": "2024-06-01",
        "badge": {"type": "BadgeClass", "name": "Statistics Fundamentals",
                  "description": "Descriptive and inferential statistics.",
                  "criteria": {"narrative": "Passed the final exam."},
                  "tags": ["statistics", "R"],
                  "alignment": [{"targetName": "statistics", "targetUrl": STATISTICS}],
                  "issuer": {"id": "https://badges.example/issuer", "name": "Example"}},
    }
    claims = claims_from_document(assertion, "ob2.json")
    assert [(c.source, c.skill_id) for c in by_source(claims, "alignment")] == \
        [("alignment", STATISTICS)]
    assert [c.text for c in by_source(claims, "tag")] == ["statistics", "R"]
    assert by_source(claims, "criteria")[0].text == "Passed the final exam."
    assert claims[0].issued == datetime(2024, 6, 1, tzinfo=UTC)
    assertion["issuedOn"] = 1717200000  # OB 2.0 also allows Unix seconds
    assert claims_from_document(assertion, "x")[0].issued == datetime(2024, 6, 1, tzinfo=UTC)


def test_generic_vc_subject_skills_and_degree():
    doc = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"], "issuanceDate": "2023-01-01T00:00:00Z",
        "name": "Certified Kubernetes Administrator",
        "credentialSubject": [{
            "id": "did:example:holder", "name": "Ada Lovelace",  # a person's name: not a skill
            "degree": {"type": "BachelorDegree", "name": "Bachelor of Science in Statistics"},
            "skills": ["Kubernetes", {"name": "SQL", "id": SQL}, 7, None],
        }],
    }
    claims = claims_from_document(doc, "vc.json")
    texts = {(c.source, c.text, c.skill_id) for c in claims}
    assert ("skill", "Kubernetes", None) in texts
    assert ("skill", "SQL", SQL) in texts
    assert ("degree", "Bachelor of Science in Statistics", None) in texts
    assert ("credential_name", "Certified Kubernetes Administrator", None) in texts
    assert not any(c.text == "Ada Lovelace" for c in claims)
    assert claims[0].issued == datetime(2023, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("document", [
    None, {}, {"credentialSubject": 5}, {"credentialSubject": {"achievement": "x"}},
    {"credentialSubject": {"achievement": {"name": {"@value": 3}, "alignment": [None, 1, "x"],
                                           "tag": {"a": 1}}, "result": "x"}},
    {"badge": {"name": ["nested", ["deeper"]], "alignment": {"targetUrl": 5}}},
    {"validFrom": "not a date", "credentialSubject": [[], {"skills": [{}]}]},
])
def test_odd_documents_yield_no_exceptions(document):
    report = VerificationReport("odd.json", "credential", "vc-ld",
                                (CheckResult("proof_verified", Status.PASS, "ok"),),
                                document=document)
    claims = extract_claims(report)
    assert isinstance(claims, tuple)


def test_language_tagged_and_long_text_is_bounded():
    doc = ob3({"name": [{"@value": "Statistik", "@language": "de"}],
               "description": "word " * 10_000, "tag": ["t"] * 500})
    claims = claims_from_document(doc, "x")
    assert by_source(claims, "name")[0].text == "Statistik"
    assert all(len(c.text) <= 4000 for c in claims)
    assert len(by_source(claims, "tag")) == 1  # duplicates collapse


def test_presentation_shell_has_no_claims_of_its_own():
    report = VerificationReport("vp.json", "presentation", "vc-ld", (),
                                document={"credentialSubject": {"skills": ["SQL"]}})
    assert extract_claims(report) == ()


# -- matching ------------------------------------------------------------------------------

ROLE = parse_role(f'''
[role]
id = "analyst"
title = "Analyst"

[[requirement]]
id = "sql"
skill = "{SQL}"
aliases = ["structured query language"]
required = true

[[requirement]]
id = "stats"
skill = "{STATISTICS}"
aliases = ["applied statistics"]

[[requirement]]
id = "programming"
any_of = ["{PYTHON}", "Go (programming language)"]
aliases = ["Python", "Golang"]

[[requirement]]
id = "onet"
skill = "onet:15-2051.00"
''')


def matches_for(doc: dict[str, Any], settings: MatchSettings | None = None):
    return {(m.requirement, m.claim.source, m.claim.text): m
            for m in match_claims(claims_from_document(doc, "c.json"), ROLE, settings)}


def test_exact_id_match_beats_every_other_type():
    found = matches_for(ob3({"name": "SQL", "alignment": [
        {"targetName": "Databases", "targetUrl": SQL.replace("http:", "https:")}]}))
    assert found["sql", "alignment", "Databases"].type is MatchType.EXACT_ID
    assert found["sql", "alignment", "Databases"].confidence == 1.0
    assert found["sql", "name", "SQL"].type is MatchType.EXACT_ALIAS


def test_exact_alias_from_role_esco_preferred_and_unambiguous_alt_labels():
    found = matches_for(ob3({"name": "Structured  Query-Language", "tag": [
        "Python3", "STATISTICS", "data analysis", "SEQUEL"]}))
    assert found["sql", "name", "Structured Query-Language"].type is MatchType.EXACT_ALIAS
    assert found["programming", "tag", "Python3"].type is MatchType.EXACT_ALIAS  # ESCO alt
    assert found["stats", "tag", "STATISTICS"].type is MatchType.EXACT_ALIAS  # ESCO preferred
    generic = found["stats", "tag", "data analysis"]  # ESCO alt, curated as a broader field
    assert generic.type is MatchType.EXACT_ALIAS and generic.decides is False
    assert generic.name_source == "esco_alternative"
    assert found["sql", "tag", "SEQUEL"].type is MatchType.EXACT_ALIAS


def test_ambiguous_esco_alt_label_only_suggests():
    role = parse_role(f'[role]\nid = "r"\ntitle = "R"\n[[requirement]]\nskill = "{DBMS}"\n')
    claims = claims_from_document(ob3({"name": "x", "tag": ["SQL"]}), "c")
    found = [m for m in match_claims(claims, role) if m.claim.text == "SQL"]
    assert [(m.decides, m.name_source) for m in found] == [(False, "esco_alternative")]


def test_strict_fuzzy_match_only_near_identical_names():
    found = matches_for(ob3({"name": "x", "tag": [
        "Structured Query Langage", "aplied statistics", "statistical applications",
        "Golang", "Structured Query Languages"]}))
    fuzzy = found["sql", "tag", "Structured Query Langage"]
    assert fuzzy.type is MatchType.FUZZY and fuzzy.confidence == 0.7 and fuzzy.score >= 92
    assert found["stats", "tag", "aplied statistics"].type is MatchType.FUZZY
    # word forms are not typos: a plural is the same name
    assert found["sql", "tag", "Structured Query Languages"].type is MatchType.EXACT_ALIAS
    assert ("stats", "tag", "statistical applications") not in found
    assert found["programming", "tag", "Golang"].type is MatchType.EXACT_ALIAS
    strict = matches_for(ob3({"tag": ["aplied statistics"]}),
                         MatchSettings(fuzzy_threshold=99))
    assert strict["stats", "tag", "aplied statistics"].type is MatchType.PHRASE  # not fuzzy


def test_descriptions_only_match_whole_word_phrases_at_low_confidence():
    found = matches_for(ob3({"name": "Analytics", "description":
                             "Writes SQL queries; uses Python daily. Not NoSQL-only.",
                             "criteria": {"narrative": "statistical tests"}}))
    phrase = found["sql", "description", "Writes SQL queries; uses Python daily. Not NoSQL-only."]
    assert phrase.type is MatchType.PHRASE and phrase.confidence == 0.5
    assert found["programming", "description",
                 "Writes SQL queries; uses Python daily. Not NoSQL-only."].matched == "Python"
    assert not any(key[0] == "stats" for key in found)  # "statistical" is not "statistics"
    only_nosql = matches_for(ob3({"description": "Built NoSQL stores."}))
    assert not any(key[0] == "sql" for key in only_nosql)


def test_long_descriptions_never_match_fuzzily_or_by_alias():
    found = matches_for(ob3({"description": "structured query language"}))
    match = found["sql", "description", "structured query language"]
    assert match.type is MatchType.PHRASE


def test_onet_exact_id():
    found = matches_for(ob3({"alignment": [{"targetName": "Data Scientists",
                                            "targetCode": "15-2051.00",
                                            "targetFramework": "O*NET"}]}))
    assert found["onet", "alignment", "Data Scientists"].type is MatchType.EXACT_ID


def test_unrelated_claims_do_not_match():
    found = matches_for(ob3({"name": "Forklift Operation", "tag": ["safety", "logistics"]}))
    assert found == {}
