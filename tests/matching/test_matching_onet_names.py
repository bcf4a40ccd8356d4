"""Names of O*NET skills and occupations (issue 26, data/onet_names.toml): a course in
programming meets the role's O*NET *Programming* in every language; a qualification named
after an occupation (in its title, or after "trained as" / "opleiding tot" in its text)
meets the role's O*NET occupation, and a course that merely mentions the job, a vendor exam
named after a product role, or a title about the job's skills does not. Each test was
written failing first (before the names existed, none of these matched)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from screening.matching.roles import load_role
from screening.matching.skills import lexicon
from screening.matching.skills.certifications import catalogue, problems
from screening.matching.skills.taxonomy import esco, onet_code
from tests.matching.test_matching_rules import deciding, fit, found, ob3

ROOT = Path(__file__).resolve().parents[2]
ROLES = {p.stem: load_role(p) for p in sorted((ROOT / "sample_data" / "roles").glob("*.toml"))}
BACKEND, NURSE = ROLES["backend-engineer"], ROLES["registered-nurse"]
SECURITY, ANALYST = ROLES["cloud-security-engineer"], ROLES["data-analyst"]
DATA = ROOT / "screening" / "matching" / "skills" / "data" / "onet_names.toml"


def doc(lang: str, name: str, description: str | None = None) -> dict[str, Any]:
    return ob3(name, description=description, inLanguage=lang)


# -- programming, in any language ---------------------------------------------------------------

PROGRAMMING_COURSES = [
    ("en", "Object-Oriented Programming", "Classes, inheritance and polymorphism."),
    ("de", "Objektorientierte Programmierung", "Klassen, Vererbung und Polymorphie."),
    ("fr", "Programmation orientée objet", "Classes, héritage et polymorphisme."),
    ("es", "Programación estructurada", "Diseño descendente y estructuras de control."),
    ("it", "Fondamenti di programmazione", "Variabili, cicli e funzioni."),
    ("pt", "Lógica de programação", "Variáveis, estruturas de decisão e repetição."),
    ("nl", "Objectgeoriënteerd programmeren", "Klassen, overerving en polymorfisme."),
    ("pl", "Podstawy programowania", "Zmienne, pętle i funkcje."),
]


@pytest.mark.parametrize(("lang", "name", "description"), PROGRAMMING_COURSES)
def test_a_programming_course_meets_the_server_language_requirement(lang, name, description):
    assert "server-language" in deciding(doc(lang, name, description), BACKEND)


def test_the_explanation_names_the_programming_words_and_their_language():
    result = fit(doc("fr", "Programmation orientée objet", "Classes et héritage."), role=BACKEND)
    reason = next(c.reason for c in result.contributions if c.requirement == "server-language")
    assert "programmation orientee objet" in lexicon.fold(reason).casefold()
    assert "French" in reason


def test_a_one_word_name_for_programming_needs_a_computing_subject():
    planning = doc("it", "Programmazione sanitaria",
                   "Programmazione e organizzazione dei servizi sanitari.")
    assert "server-language" not in found(planning, BACKEND)
    computing = doc("it", "Programmazione (Informatica)", "Programmazione e algoritmi.")
    assert "server-language" in deciding(computing, BACKEND)


def test_statistical_programming_is_not_a_server_language():
    course = doc("en", "Inferential Statistics",
                 "Statistical tests by hand and with the statistical programming language R.")
    assert "server-language" not in found(course, BACKEND)
    assert "analysis-programming" in deciding(course, ANALYST)


def test_programs_are_not_programming():
    # "systems programming" and "systems programs" share a comparison key: not a name
    exam = doc("en", "CEH", "Seven exam domains: analysis, security, tools/systems/programs.")
    assert "server-language" not in found(exam, BACKEND)


# -- occupations ---------------------------------------------------------------------------------

OCCUPATION_TITLES = [
    ("nl", "Getuigschrift opleiding tot verpleegkundige", NURSE, "rn-occupation"),
    ("de", "Pflegefachfrau / Pflegefachmann (Examen)", NURSE, "rn-occupation"),
    ("fr", "Diplôme d'État d'infirmier", NURSE, "rn-occupation"),
    ("es", "Grado en Enfermería", NURSE, "rn-occupation"),
    ("it", "Laurea in Infermieristica", NURSE, "rn-occupation"),
    ("pt", "Licenciatura em Enfermagem", NURSE, "rn-occupation"),
    ("pl", "Pielęgniarka – kwalifikacja zawodowa", NURSE, "rn-occupation"),
    ("en", "Registered Nurse Apprenticeship", NURSE, "rn-occupation"),
    ("fr", "Expert en cybersécurité (RNCP39999)", SECURITY, "security-occupation"),
    ("fr", "Titre professionnel Concepteur développeur d'applications", BACKEND,
     "dev-occupation"),
    ("pl", "Technik programista", BACKEND, "dev-occupation"),
    ("en", "Level 4 Data Analyst Apprenticeship", ANALYST, "data-occupation"),
]


@pytest.mark.parametrize(("lang", "title", "role", "requirement"), OCCUPATION_TITLES)
def test_a_qualification_named_after_an_occupation_meets_it(lang, title, role, requirement):
    assert requirement in deciding(doc(lang, title, "Theory and practice."), role)


def test_an_occupation_in_a_description_counts_only_after_a_cue():
    mentioned = doc("en", "Communication in Care",
                    "Handover techniques used by registered nurses on the ward.")
    assert "rn-occupation" not in found(mentioned, NURSE)
    cued = doc("es", "Cualificación IFC155_3",
               "Desarrollar aplicaciones de gestión. Ocupaciones: programador de aplicaciones.")
    assert "dev-occupation" in deciding(cued, BACKEND)


def test_a_vendor_exam_named_after_a_product_role_is_not_the_occupation():
    for title in ("Microsoft Certified: Security Operations Analyst Associate (SC-200)",
                  "Databricks Certified Data Analyst Associate",
                  "Certified Kubernetes Application Developer (CKAD)"):
        exam = doc("en", title, "Hands-on exam.")
        for role, requirement in ((SECURITY, "security-occupation"),
                                  (ANALYST, "data-occupation"), (BACKEND, "dev-occupation")):
            assert requirement not in found(exam, role), title


def test_words_after_a_job_name_can_make_it_another_thing():
    assert "rn-occupation" not in found(doc("nl", "Verpleegkundige vaardigheden"), NURSE)
    assert "security-occupation" not in found(
        doc("en", "SOC Analyst Skills: From Alert Triage to Escalation"), SECURITY)
    assert "dev-occupation" not in found(
        doc("en", "Software Engineering Fundamentals"), BACKEND)  # not "software engineer"


def test_a_one_word_job_name_counts_only_in_its_own_language():
    french = doc("fr", "Programmer et automatiser des tâches avec Python",
                 "Test en ligne sur le langage Python.")
    assert "dev-occupation" not in found(french, BACKEND)
    assert "dev-occupation" in deciding(doc("en", "Computer Programmer Diploma"), BACKEND)


def test_a_licensure_examination_meets_its_occupation():
    result = fit(doc("en", "NCLEX-RN", "Passed the licensure examination."), role=NURSE)
    met = {c.requirement for c in result.contributions if c.points > 0}
    assert "rn-occupation" in met


def test_the_catalogue_names_only_real_occupation_codes():
    nclex = next(c for c in catalogue() if c.id == "nclex-rn")
    assert nclex.occupations == ("onet:29-1141.00",)
    assert problems(catalogue(), esco()) == []
    broken = type(nclex)(**{**nclex.__dict__, "occupations": ("onet:2.B.3.E",)})
    assert any("O*NET-SOC" in p for p in problems([broken], esco()))


# -- the table itself ---------------------------------------------------------------------------

def test_every_onet_entry_has_names_in_all_eight_languages():
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    assert data["onet"]
    for entry in data["onet"]:
        assert onet_code(f"onet:{entry['id']}") is not None, entry["id"]
        for lang in lexicon.LANGUAGES:
            assert entry.get(lang), (entry["id"], lang)
    for lang in lexicon.LANGUAGES:
        assert data["cues"].get(lang), lang


def test_every_onet_member_of_the_bundled_roles_has_names():
    named = set(lexicon.onet_names())
    for role in ROLES.values():
        for requirement in role.requirements:
            for member in requirement.skills:
                if member.id and member.id.startswith("onet:"):
                    assert member.id in named, (role.id, member.id)


def test_a_one_word_job_name_counts_in_every_language_that_lists_it():
    dutch = doc("nl", "Beroepskwalificatie Programmeur software-, web- en mobiletoepassingen",
                "De programmeur voert een geanalyseerd project uit.")
    assert "dev-occupation" in deciding(dutch, BACKEND)  # "programmeur" is French and Dutch


def test_pharmacology_is_about_medication():
    module = doc("nl", "TAB 4.1 Farmacologie", "Kritisch denken bij medicatie.")
    assert "medication" in deciding(module, NURSE)


def test_an_occupation_after_a_spaced_dash_still_counts():
    # "Code – Occupation" is a common register title; h-26j's rule that the part after a
    # dash names only the programme was taken from one example and missed these
    for lang, title, role, requirement in (
            ("pt", "Referencial de Formação 481040 – Programador/a de Informática", BACKEND,
             "dev-occupation"),
            ("fr", "Formation cybersécurité – analyste SOC de niveau 2", SECURITY,
             "security-occupation")):
        assert requirement in deciding(doc(lang, title, "Referencial."), role), title


def test_a_cloud_security_course_evidences_cloud_platforms_for_any_role():
    course = doc("en", "Cloud Security", "SaaS, PaaS and IaaS delivery models; virtualisation.")
    assert "cloud" in deciding(course, BACKEND)
    assert "cloud" in deciding(course, SECURITY)


def test_a_qualification_named_after_an_occupations_field_meets_the_occupation():
    for lang, title, role, requirement in (
            ("en", "New Zealand Diploma in Software Development (Level 6)", BACKEND,
             "dev-occupation"),
            ("en", "22603VIC Certificate IV in Cyber Security", SECURITY, "security-occupation"),
            ("pt", "Curso técnico superior profissional de Cibersegurança", SECURITY,
             "security-occupation"),
            ("es", "Cualificación profesional Seguridad informática (IFC153_3)", SECURITY,
             "security-occupation")):
        assert requirement in deciding(doc(lang, title, "Plan de estudios."), role), title
    reason = next(c.reason for c in fit(doc("en", "Diploma in Software Development"),
                                        role=BACKEND).contributions
                  if c.requirement == "dev-occupation")
    assert "qualification in software development" in reason


def test_a_course_in_the_field_or_a_nursing_technician_is_not_the_occupation():
    assert "security-occupation" not in found(
        doc("en", "Introduction to Cyber Security", "A short course."), SECURITY)
    for lang, title in (("pt", "Curso Técnico em Enfermagem"),
                        ("es", "Técnico en Cuidados Auxiliares de Enfermería (TCAE)")):
        assert "rn-occupation" not in found(doc(lang, title, "Plano de curso."), NURSE), title


def test_a_nursing_degree_meets_the_registered_nurse_occupation():
    # h-26l: the field of the registered nurse counts after a qualification word, as the
    # other occupations' fields do (before, only the listed names counted)
    for lang, title in (("en", "Bachelor in General Nursing and Midwifery"),
                        ("pt", "Licenciatura em Ciências de Enfermagem"),
                        ("de", "Bachelor Pflege"),
                        ("it", "Laurea in Scienze Infermieristiche")):
        assert "rn-occupation" in deciding(doc(lang, title, "Plano de estudos."), NURSE), title


def test_a_nursing_specialisation_or_lower_qualification_is_not_the_registration():
    for lang, title in (("pl", "Specjalizacja w dziedzinie pielęgniarstwa epidemiologicznego"),
                        ("es", "Especialización en Enfermería de Urgencias"),
                        ("en", "Certificate III in Health Services Assistance – Nursing"),
                        ("pt", "Curso Técnico em Enfermagem")):
        assert "rn-occupation" not in found(doc(lang, title, "Programa."), NURSE), title


def test_a_module_of_a_degree_programme_is_not_the_qualification():
    # "<subject> – <programme>": the part after the dash says which programme the module is of
    for lang, title in (("it", "Tirocinio 1 – Corso di Laurea in Infermieristica"),
                        ("pt", "Farmacologia e Terapêutica – Licenciatura em Enfermagem"),
                        ("nl", "Anatomie – Bachelor in de verpleegkunde")):
        assert "rn-occupation" not in found(doc(lang, title, "Programma."), NURSE), title
    # ... but a code before the dash, or a part after it that names no programme, keeps it
    assert "rn-occupation" in deciding(doc("en", "NUR101 – Bachelor of Nursing"), NURSE)
    assert "data-occupation" in deciding(doc("it", "Laurea Magistrale in Data Science"),
                                         ANALYST)
