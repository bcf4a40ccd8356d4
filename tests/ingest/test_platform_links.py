"""Badge-platform links (issue 24, ingest/platforms.py): a platform that publishes an Open
Badges hosted assertion is checked there; a page-only platform is named, never fetched,
never failed. Recorded responses through the seed fetcher, never the network."""

from __future__ import annotations

import json

import pytest
from factories import NOW

from screening.batch.runner import Screening
from screening.fetch.seeds import Fetched, SeedFetcher
from screening.ingest import platforms
from screening.verify.report import Status, Verdict

CREDLY_ID = "0f3c1f0e-0d47-4a51-9b0e-1f3f1b6a2c11"
CREDLY_PAGE = f"https://www.credly.com/badges/{CREDLY_ID}/public_url"
CREDLY_DATA = f"https://api.credly.com/v1/obi/v2/badge_assertions/{CREDLY_ID}"
BADGE_CLASS = "https://api.credly.com/v1/obi/v2/badge_classes/aa11"
ISSUER = "https://api.credly.com/v1/obi/v2/issuers/bb22"


@pytest.mark.parametrize(("link", "platform", "data"), [
    (CREDLY_PAGE, "Credly", CREDLY_DATA),
    (f"https://www.credly.com/badges/{CREDLY_ID.upper()}", "Credly", CREDLY_DATA),
    (CREDLY_DATA, "Credly", CREDLY_DATA),
    ("https://badgr.com/public/assertions/8bLUrJhgSMyWKF-I7xOosQ?identity__email=a%40b.c",
     "Canvas Credentials (Badgr)", "https://api.badgr.io/public/assertions/8bLUrJhgSMyWKF-I7xOosQ"),
    ("https://eu.badgr.com/public/assertions/8bLUrJhgSMyWKF-I7xOosQ",
     "Canvas Credentials (Badgr)",
     "https://api.eu.badgr.io/public/assertions/8bLUrJhgSMyWKF-I7xOosQ"),
    ("https://badges.parchment.com/public/assertions/21DKZvG-RV6BhE_-5JMHDw",
     "Canvas Credentials (Badgr)",
     "https://api.badgr.io/public/assertions/21DKZvG-RV6BhE_-5JMHDw"),
    ("https://openbadgefactory.com/v1/assertion/1ad0ca0b37b55d3def2a09fc01d2167bac8e28dd.html",
     "Open Badge Factory",
     "https://openbadgefactory.com/v1/assertion/1ad0ca0b37b55d3def2a09fc01d2167bac8e28dd"),
    ("https://www.credential.net/6f1b4a3c-1111-2222-3333-444455556666", "Accredible", None),
    ("https://credentials.example-academy.accredible.com/123456", "Accredible", None),
    ("https://www.parchment.com/u/award/8d2a0f5e6b7c", "Parchment", None),
    ("https://www.coursera.org/account/accomplishments/verify/ABCD1234EFGH", "Coursera", None),
    ("https://learn.microsoft.com/api/credentials/share/en-us/ada/ABC123?sharingId=X",
     "Microsoft Learn", None),
    ("https://europa.eu/europass/digital-credentials/viewer/123", "Europass", None),
])
def test_platform_links_are_recognised(link, platform, data):
    found = platforms.resolve(link)
    assert found is not None and found.platform.name == platform
    assert found.data_url == data


@pytest.mark.parametrize("link", [
    "https://example.edu/badges/1", "https://www.credly.com/users/ada",
    "https://notcredly.com/badges/" + CREDLY_ID, "https://badgr.com/backpack"])
def test_other_links_are_fetched_as_they_are(link):
    assert platforms.resolve(link) is None and platforms.fetch_target(link) == link


def credly_seeds() -> dict[str, bytes]:
    """A recorded Credly hosted assertion (OB 2.0), its badge class and issuer."""
    assertion = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
                 "id": CREDLY_DATA, "badge": BADGE_CLASS, "issuedOn": "2025-03-01T00:00:00Z",
                 "recipient": {"type": "email", "hashed": False, "identity": "ada@example.com"},
                 "verification": {"type": "hosted"}}
    badge = {"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass",
             "id": BADGE_CLASS, "name": "Cloud Practitioner", "issuer": ISSUER,
             "description": "Cloud fundamentals.", "criteria": {"narrative": "An exam."}}
    issuer = {"@context": "https://w3id.org/openbadges/v2", "type": "Issuer", "id": ISSUER,
              "name": "Example Cloud Academy"}
    return {CREDLY_DATA: json.dumps(assertion).encode(), BADGE_CLASS: json.dumps(badge).encode(),
            ISSUER: json.dumps(issuer).encode()}


class Recording:
    """A seed fetcher that records which URLs were asked for."""

    def __init__(self, seeds: dict[str, bytes]):
        self.inner, self.asked = SeedFetcher(seeds), []

    def __call__(self, url: str) -> Fetched:
        self.asked.append(url)
        return self.inner(url)


def verify_link(link: str, fetcher):
    run = Screening(now=NOW, fetcher=fetcher)
    [row] = run.verify_text(link, candidate="Ada Lovelace")
    return row.report


def test_a_credly_page_link_is_checked_as_its_hosted_assertion():
    fetcher = Recording(credly_seeds())
    report = verify_link(CREDLY_PAGE, fetcher)
    assert CREDLY_PAGE not in fetcher.asked and CREDLY_DATA in fetcher.asked
    assert report.format == "ob2"
    assert report.check("ob2_hosted").status is Status.PASS
    assert report.verdict in (Verdict.VERIFIED, Verdict.WARNING)  # (issuer not on the list)


def test_a_credly_link_offline_is_not_reached_never_failed():
    report = verify_link(CREDLY_PAGE, SeedFetcher())
    assert report.verdict is Verdict.UNSUPPORTED
    assert report.check("document_parsed").details["link"] == CREDLY_DATA


def test_a_revoked_credly_badge_fails():
    seeds = credly_seeds()
    assertion = json.loads(seeds[CREDLY_DATA])
    assertion["revoked"] = True
    seeds[CREDLY_DATA] = json.dumps(assertion).encode()
    assert verify_link(CREDLY_PAGE, SeedFetcher(seeds)).verdict is Verdict.FAILED


@pytest.mark.parametrize("link", [
    "https://www.coursera.org/account/accomplishments/verify/ABCD1234EFGH",
    "https://www.credential.net/6f1b4a3c-1111-2222-3333-444455556666"])
def test_a_page_only_platform_is_unsupported_and_never_fetched(link):
    def refuse(url: str) -> Fetched:
        raise AssertionError(f"fetched {url}")

    report = verify_link(link, refuse)
    assert report.verdict is Verdict.UNSUPPORTED
    check = report.check("platform_publishes_data")
    assert check.status is Status.INDETERMINATE and check.details["link"] == link
    assert "open the page to check it" in check.message


def test_an_unknown_platform_link_answering_a_web_page_is_unsupported():
    page = b"<!doctype html><html><body>Certificate of completion</body></html>"
    report = verify_link("https://certs.example.org/c/42",
                         SeedFetcher({"https://certs.example.org/c/42": page}))
    assert report.verdict is Verdict.UNSUPPORTED


def test_prefetch_skips_page_only_links_and_asks_for_platform_data():
    fetcher = Recording(credly_seeds())
    run = Screening(now=NOW, fetcher=fetcher)
    run.verify_text("\n".join([CREDLY_PAGE, "https://www.coursera.org/verify/XYZ12345"]))
    assert not [url for url in fetcher.asked if "coursera" in url or url == CREDLY_PAGE]
