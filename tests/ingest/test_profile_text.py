"""A pasted LinkedIn-style "Licenses & certifications" section (issue 24): one candidate's
links, checked, and self-reported claims, listed and never counted."""

from __future__ import annotations

from factories import NOW

from screening.batch.runner import Screening
from screening.fetch.seeds import SeedFetcher
from screening.ingest import ingest_text
from screening.ingest.profile import read_profile
from screening.verify.report import Status, Verdict

PASTED = """Licenses & certifications
AWS Certified Cloud Practitioner
Amazon Web Services (AWS)
Issued Jan 2024 · Expires Jan 2027
Credential ID 9f8e7d6c
Show credential
https://www.credly.com/badges/0f3c1f0e-0d47-4a51-9b0e-1f3f1b6a2c11/public_url
Skills: Cloud Computing · Amazon Web Services
Certified ScrumMaster
Scrum Alliance
Issued Mar 2022
Credential ID 001234
Python for Everybody
Coursera
Issued Jun 2021
https://www.coursera.org/account/accomplishments/verify/ABCD1234EFGH
"""


def test_the_section_is_read_entry_by_entry():
    entries = read_profile(PASTED)
    assert [e.title for e in entries] == ["AWS Certified Cloud Practitioner",
                                         "Certified ScrumMaster", "Python for Everybody"]
    aws, scrum, python = entries
    assert (aws.issuer, aws.issued, aws.expires, aws.credential_id) == (
        "Amazon Web Services (AWS)", "Jan 2024", "Jan 2027", "9f8e7d6c")
    assert aws.link.startswith("https://www.credly.com/badges/")
    assert scrum.link is None and scrum.credential_id == "001234"
    assert python.link.startswith("https://www.coursera.org/")


def test_one_candidate_gets_links_and_self_reported_claims():
    items, errors = ingest_text(PASTED, "profile", candidate="Ada Lovelace")
    assert not errors and {i.candidate for i in items} == {"Ada Lovelace"}
    assert [bool(i.link) for i in items] == [True, False, True]
    assert items[1].claim["title"] == "Certified ScrumMaster"


def test_claims_without_a_link_are_self_reported_never_verified_never_failed():
    run = Screening(now=NOW, fetcher=SeedFetcher())
    rows = run.verify_text(PASTED, "profile", candidate="Ada Lovelace")
    assert [r.report.verdict for r in rows] == [Verdict.UNSUPPORTED] * 3
    claim = rows[1].report
    assert claim.check("self_reported").status is Status.INDETERMINATE
    assert claim.summary.name == "Certified ScrumMaster"
    assert claim.summary.issuer_name == "Scrum Alliance"
    assert rows[2].report.check("platform_publishes_data") is not None  # Coursera: a page


def test_ordinary_text_and_link_lists_are_not_a_profile():
    assert read_profile("Here are my badges:\nhttps://example.edu/b/1\n") is None
    assert read_profile("Issued Jan 2024") is None  # no title and issuer above it
