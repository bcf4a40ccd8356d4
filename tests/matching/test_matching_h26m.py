"""Rules added when the tenth set was tuned on (issue 26, h-26m), each with the wording that
showed it was missing. Each case failed before its rule (docs/benchmarks.md lists them)."""

from __future__ import annotations

import pytest

from screening.matching.skills.extract import proof_kind
from tests.matching.test_matching_onet_names import doc
from tests.matching.test_matching_rules import (
    ANALYST,
    BACKEND,
    NURSE,
    SECURITY,
    deciding,
    fit,
    ob3,
)

# -- attended: Polish ł, compound nouns, an assessment the text says there was not --------------


@pytest.mark.parametrize(("name", "description", "kind"), [
    ("Udział w konferencji „Pielęgniarstwo w Europie”", "Konferencja o roli pielęgniarki.",
     "attended"),
    ("Workshop Datenanalyse mit R – Teilnahmezertifikat", "Zwei Tage R und RStudio.",
     "attended"),
    ("CORE Skills — Confirmation of Attendance", "Resuscitation practice at skill stations; "
     "there is no assessment.", "attended"),
    # an assessment that did take place still makes it more than attendance
    ("CORE Skills — Confirmation of Attendance", "Skill stations and a final assessment.",
     "course"),
])
def test_attendance_in_more_wordings(name, description, kind):
    assert proof_kind(ob3(name, description=description, achievementType="Course")) == kind


# -- what a licence says its holder may not do, and who an exam is aimed at --------------------

def test_a_licence_notation_of_what_the_holder_may_not_do_is_negation():
    notation = ob3("Enrolled Nurse registration with notation: Does not hold Board-approved "
                   "qualification in administration of medicines",
                   description="The enrolled nurse is unable to administer medicines.")
    assert "medication" not in deciding(notation, NURSE)
    assert "medication" in deciding(ob3("Administration of medicines"), NURSE)


def test_the_audience_of_an_exam_is_not_what_it_tests():
    aimed = ob3("Ansible Automation exam", description=(
        "Tests the ability to automate configuration with Ansible. Aimed at system "
        "administrators, including those who work in a DevOps environment."))
    assert "devops" not in deciding(aimed, BACKEND)
    content = ob3("DevOps foundations", description="Aimed at developing DevOps practices.")
    assert "devops" in deciding(content, BACKEND)


# -- qualifications: degree abbreviations and registers -----------------------------------------

@pytest.mark.parametrize(("lang", "title", "role", "requirement"), [
    ("en", "BSc Nursing — Jomo Kenyatta University", NURSE, "rn-occupation"),
    ("en", "Revised Basic B.Sc. Nursing", NURSE, "rn-occupation"),
    ("en", "Basic Registration — General Nursing", NURSE, "rn-occupation"),
    ("en", "BS Data Science (NCBA&E)", ANALYST, "data-occupation"),
])
def test_degree_abbreviations_before_the_field(lang, title, role, requirement):
    assert requirement in deciding(doc(lang, title, "Theory and practice."), role)


# -- R named as a statistics text's tool; Pearson's r is not R ---------------------------------

def test_r_as_the_tool_of_a_statistics_module():
    module = ob3("Foundation Statistics", description=(
        "Regression and inference; students analyse real-world data using R in lab "
        "practicals."))
    assert "analysis-programming" in deciding(module, ANALYST)
    pearson = ob3("Foundation Statistics", description="Correlation: Pearson's r and "
                  "regression.")
    assert "analysis-programming" not in deciding(pearson, ANALYST)


# -- communication: ISBAR, and a field's bare word only in a health credential -----------------

@pytest.mark.parametrize(("document", "expected"), [
    (ob3("Early Warning Score", description="Escalation with the ISBAR tool."), True),
    (doc("de", "Pflegeassistenz", "Pflegemaßnahmen sowie Information, Kommunikation und "
         "Begleitung der Patienten."), True),
    (doc("de", "Unternehmensführung", "Marketing, Kommunikation und Vertrieb."), False),
    (doc("nl", "HBO5 Verpleegkunde", "Stages in het ziekenhuis; communicatie en interactie."),
     True),
])
def test_communication_words_in_a_nursing_credential(document, expected):
    assert ("communication" in deciding(document, NURSE)) is expected


# -- compliance is a security standard only in a credential about information security ---------

def test_patient_compliance_is_not_security_compliance():
    therapy = doc("it", "Percorsi terapeutici", "Gestione in sicurezza dei farmaci ed "
                  "educazione del paziente alla compliance.")
    assert "standards" not in deciding(therapy, SECURITY)
    exam = ob3("Cloud security exam", description="Encryption management, and supporting "
               "compliance with regulatory standards.")
    assert "standards" in deciding(exam, SECURITY)


# -- vocabulary: IV therapy, infographics, wound dressings, Node.js exams -----------------------

@pytest.mark.parametrize(("document", "role", "requirement"), [
    (ob3("Peripheral Intravenous Competency", description="Intravenous therapy and IV "
         "calculations."), NURSE, "medication"),
    (doc("pt", "Curso de Feridas e Curativos", "Fisiologia da cicatrização e coberturas."),
     NURSE, "wound-care"),
    (doc("de", "Praktikum Data Science", "Erstellte interaktive Infografiken."), ANALYST,
     "visualisation"),
    (ob3("OpenJS Node.js Application Developer (JSNAD)"), BACKEND, "testing"),
    (doc("pt", "Defesa cibernética", "Monitoramento de segurança e regras de detecção num "
         "SOC de cibersegurança."), SECURITY, "logging"),
])
def test_vocabulary_from_the_tenth_set(document, role, requirement):
    scored = fit(document, role=role)  # scoring adds the catalogue's certifications
    assert next(r for r in scored.requirements if r.id == requirement).points > 0
