"""Broader fields and written acronyms (issue 26). Each test was written failing first.

* A skill that is part of a field evidences the field (data/broader.toml): penetration
  testing, firewall rules or a security analyst's qualification teach cyber security.
* An acronym counts only in capitals: "ALS" (advanced life support) is not German or Dutch
  "als", and "ACLS" is not "ACLs" (access control lists), though their comparison keys agree.
* An occupation right after "the role of" is the subject of a course, not a qualification.
"""

from __future__ import annotations

from tests.matching.test_matching_onet_names import NURSE, SECURITY, doc
from tests.matching.test_matching_rules import fit, found


def met(document, role) -> set[str]:
    return {c.requirement for c in fit(document, role=role).contributions if c.points > 0}


def test_a_security_skill_evidences_cyber_security():
    course = doc("en", "Ethical Hacking and Penetration Testing",
                 "Reconnaissance, exploitation and reporting in a lab network.")
    assert {"vulnerability-assessment", "cyber-security"} <= met(course, SECURITY)
    reason = next(c.reason for c in fit(course, role=SECURITY).contributions
                  if c.requirement == "cyber-security")
    assert "perform security vulnerability assessments" in reason  # names the narrower skill


def test_a_certification_of_a_security_skill_evidences_cyber_security():
    exam = doc("en", "Offensive Security Certified Professional (OSCP)", "Hands-on exam.")
    assert "cyber-security" in met(exam, SECURITY)


def test_identity_management_alone_is_not_the_security_field():
    cloud = doc("en", "Cloud Administration", "IAM policies and roles for cloud accounts.")
    assert "iam" in met(cloud, SECURITY)
    assert "cyber-security" not in met(cloud, SECURITY)


def test_every_broader_pair_names_known_skills():
    from screening.matching.skills import broader
    from screening.matching.skills.taxonomy import esco
    for narrow, broad in broader.broader_of().items():
        for uri in (narrow, *broad):
            assert uri.startswith("onet:") or uri in esco(), uri


def test_an_acronym_counts_only_in_capitals():
    german = doc("de", "Python-Kurs", "Python als Skriptsprache, geeignet als erste Sprache.")
    assert "life-support" not in found(german, NURSE)
    acls = doc("en", "Network Access Control", "Configure ACLs on routers and switches.")
    assert "life-support" not in found(acls, NURSE)
    assert "life-support" in met(doc("en", "Resuscitation update", "ALS and BLS refresher."),
                                 NURSE)


def test_an_occupation_after_the_role_of_is_a_course_subject():
    for lang, title in (("it", "Gestione del farmaco: il ruolo dell'infermiere"),
                        ("en", "The Role of the Registered Nurse in Triage")):
        assert "rn-occupation" not in found(doc(lang, title, "Corso."), NURSE), title
    assert "rn-occupation" in met(doc("en", "Registered Nurse Degree Apprenticeship"), NURSE)
