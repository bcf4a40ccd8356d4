"""Contexts added in issue 23 (ODRL, imported by the VC 1.1 examples context; citizenship
v1) and earlier revisions of contexts edited in place (the Open Badges 3.0 beta that
context.json served until November 2022; the January 2024 context-3.0.3.json): mint →
verify → tamper → fail. An earlier revision is tried only after a signature failure under
the current one, and when it verifies the credential is a warning naming it
(`context_revision`), never a silent pass."""

from __future__ import annotations

import copy

import pytest
from factories import NOW, UNIVERSITY, open_badge

from screening.contexts import load_manifest
from screening.testing.signing import sign
from screening.verify import pipeline, verify
from screening.verify.jsonld.processing import Revision
from screening.verify.report import Status, Verdict
from screening.verify.trust import KnownIssuer, TrustList

TRUST = TrustList([KnownIssuer(UNIVERSITY.did_key, "Example University")])
OB = "https://purl.imsglobal.org/spec/ob/v3p0"
ED2020 = "https://w3id.org/security/suites/ed25519-2020/v1"
VC1 = "https://www.w3.org/2018/credentials/v1"


def codes(report, status):
    return {c.code for c in report.checks if c.status is status}


def vc11(contexts, types, subject, **extra):
    return {"@context": [VC1, *contexts, ED2020], "id": "urn:uuid:5f1e0c1a-2b3c-4d5e",
            "type": ["VerifiableCredential", *types], "issuer": UNIVERSITY.did_key,
            "issuanceDate": "2022-10-01T00:00:00Z", "credentialSubject": subject, **extra}


def signed(document, **options):
    return sign(document, UNIVERSITY, suite="Ed25519Signature2020",
                created="2022-10-01T00:00:00Z", **options)


# --- contexts now bundled --------------------------------------------------------------------

EXAMPLES = vc11(["https://www.w3.org/2018/credentials/examples/v1"],
                ["UniversityDegreeCredential"],
                {"id": "did:example:ada", "degree": {"type": "BachelorDegree",
                                                     "name": "Bachelor of Science and Arts"}})
CITIZENSHIP = vc11(["https://w3id.org/citizenship/v1"], ["PermanentResidentCard"],
                   {"id": "did:example:ada", "type": ["PermanentResident", "Person"],
                    "givenName": "Ada", "familyName": "Lovelace", "gender": "Female"})


@pytest.mark.parametrize(("document", "path"), [
    (EXAMPLES, ("credentialSubject", "degree", "name")),
    (CITIZENSHIP, ("credentialSubject", "givenName")),
], ids=["examples-v1-imports-odrl", "citizenship-v1"])
def test_credential_using_a_newly_bundled_context_verifies_and_tampering_fails(document, path):
    credential = signed(document)
    report = verify(credential, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    assert report.check("contexts_known").status is Status.PASS
    forged = copy.deepcopy(credential)
    node = forged
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = "Forged"
    report = verify(forged, now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert report.check("proof_signature").status is Status.FAIL


def test_odrl_is_bundled_from_npm():
    (entry,) = [e for e in load_manifest() if e.url == "https://www.w3.org/ns/odrl.jsonld"]
    assert entry.source.startswith("npm:@digitalbazaar/odrl-context@1.0.0/")


# --- earlier revisions of contexts edited in place -------------------------------------------

BETA = (Revision(f"{OB}/context.json", "2022-beta"),)
LATE_2022 = vc11([f"{OB}/context.json"], ["OpenBadgeCredential"], {
    "id": "did:example:ada", "type": "AchievementSubject",
    "achievement": {"id": "https://example.edu/achievements/1", "type": "Achievement",
                    "name": "Data Analysis", "description": "Cleans data with pandas.",
                    "criteria": {"narrative": "Passed a practical exam."}}},
    name="Data Analysis")


def tamper(credential):
    forged = copy.deepcopy(credential)
    forged["credentialSubject"]["achievement"]["name"] = "Brain Surgery"
    return forged


def test_credential_signed_against_the_2022_beta_is_a_warning_naming_the_revision():
    report = verify(signed(LATE_2022, revisions=BETA), now=NOW, trust=TRUST)
    assert report.verdict is Verdict.WARNING, [c.to_dict() for c in report.failing]
    assert codes(report, Status.INDETERMINATE) == {"context_revision"}
    assert report.check("proof_signature").status is Status.PASS
    assert report.check("context_revision").details["revisions"] == {
        f"{OB}/context.json": "2022-beta"}
    assert report.check("contexts_known").details["variants"] == {
        f"{OB}/context.json": "2022-beta"}


def test_credential_signed_against_the_current_revision_is_verified_without_retry(
        monkeypatch):
    calls = []
    outcomes = pipeline._proof_outcomes
    monkeypatch.setattr(pipeline, "_proof_outcomes",
                        lambda *args: calls.append(args[-1]) or outcomes(*args))
    report = verify(signed(LATE_2022), now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    assert not report.checks_with("context_revision")
    assert len(calls) == 1  # the earlier revisions were never tried


@pytest.mark.parametrize("revisions", [(), BETA], ids=["current", "2022-beta"])
def test_tampered_credential_fails_under_every_revision(monkeypatch, revisions):
    calls = []
    outcomes = pipeline._proof_outcomes
    monkeypatch.setattr(pipeline, "_proof_outcomes",
                        lambda *args: calls.append(args[-1]) or outcomes(*args))
    report = verify(tamper(signed(LATE_2022, revisions=revisions)), now=NOW, trust=TRUST)
    assert report.verdict is Verdict.FAILED
    assert report.check("proof_signature").status is Status.FAIL
    assert not report.checks_with("context_revision")
    assert len(calls) == 3  # the current revision, then a retry with each earlier one


def test_january_2024_revision_of_context_303_needs_no_retry():
    """The 2024-01 revision of context-3.0.3.json is a subset of the current one (the
    current adds awardedDate and inLanguage, changes nothing): what it signs verifies
    under the current revision, with no context_revision warning."""
    older = (Revision(f"{OB}/context-3.0.3.json", "2024-01"),)
    report = verify(sign(open_badge(), UNIVERSITY, revisions=older), now=NOW, trust=TRUST)
    assert report.verdict is Verdict.VERIFIED, [c.to_dict() for c in report.failing]
    assert not report.checks_with("context_revision")
