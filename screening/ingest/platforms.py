"""Badge-platform links: the public credential pages candidates copy from LinkedIn's "Show
credential" button, and where each platform publishes the credential's machine-readable
form (docs/intake.md, "Badge platforms").

A platform that publishes an Open Badges hosted assertion has its page link rewritten to
that assertion, which the verifier then checks like any hosted badge (fetched through the
guarded client; the assertion's own `id` must be where it was fetched from). A platform
that publishes only a web page is named, never fetched: a web page is no proof, so the
row is `unsupported` ("this platform publishes no verifiable data; open the page to check
it"), never failed. Recognition is by host and path shape only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

PAGE_ONLY_MESSAGE = ("{name} publishes no verifiable data for this credential; open the "
                     "page to check it.")


@dataclass(frozen=True)
class Platform:
    name: str
    publishes: str | None  # what the data link serves, or None: a web page only


@dataclass(frozen=True)
class Resolved:
    platform: Platform
    data_url: str | None  # the machine-readable form to fetch; None: page only


CREDLY = Platform("Credly", "Open Badges 2.0 hosted assertion")
BADGR = Platform("Canvas Credentials (Badgr)", "Open Badges 2.0 hosted assertion")
OBF = Platform("Open Badge Factory", "Open Badges 2.0 hosted assertion")
ACCREDIBLE = Platform("Accredible", None)
PARCHMENT = Platform("Parchment", None)
COURSERA = Platform("Coursera", None)
MICROSOFT_LEARN = Platform("Microsoft Learn", None)
EUROPASS = Platform("Europass", None)
OPEN_BADGE_PASSPORT = Platform("Open Badge Passport", None)

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_CREDLY_PAGE = re.compile(rf"/(?:[a-z]{{2}}(?:-[A-Za-z]{{2}})?/)?badges/({_UUID})(?:/.*)?")
_CREDLY_DATA = re.compile(rf"/v1/obi/v2/badge_assertions/({_UUID})")
_BADGR_PAGE = re.compile(r"/public/assertions/([A-Za-z0-9_-]{10,64})(?:\.json)?/?")
_OBF = re.compile(r"/v1/assertion/([0-9a-f]{20,64})(?:\.(?:html|json))?")
_CREDLY_HOSTS = {"credly.com", "www.credly.com", "youracclaim.com", "www.youracclaim.com"}
# Badgr's regional servers (UI host -> API host); Parchment's badge pages run on Badgr
_BADGR_API = {"badgr.com": "api.badgr.io", "www.badgr.com": "api.badgr.io",
              "badgr.io": "api.badgr.io", "api.badgr.io": "api.badgr.io",
              "badges.parchment.com": "api.badgr.io",
              "eu.badgr.com": "api.eu.badgr.io", "api.eu.badgr.io": "api.eu.badgr.io",
              "ca.badgr.com": "api.ca.badgr.io", "api.ca.badgr.io": "api.ca.badgr.io",
              "au.badgr.com": "api.au.badgr.io", "api.au.badgr.io": "api.au.badgr.io"}
_PAGE_HOSTS = (  # (host, or a parent domain after a dot) -> a page-only platform
    ("credential.net", ACCREDIBLE), ("accredible.com", ACCREDIBLE),
    ("parchment.com", PARCHMENT), ("coursera.org", COURSERA),
    ("learn.microsoft.com", MICROSOFT_LEARN), ("openbadgepassport.com", OPEN_BADGE_PASSPORT),
)


def resolve(url: str) -> Resolved | None:
    """The platform a credential link belongs to and its machine-readable form; None for
    a link of no platform recognised here (fetched as it is)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    path = parts.path
    if host in _CREDLY_HOSTS and (match := _CREDLY_PAGE.fullmatch(path)):
        return Resolved(CREDLY, f"https://api.credly.com/v1/obi/v2/badge_assertions/"
                                f"{match.group(1).lower()}")
    if host == "api.credly.com" and (match := _CREDLY_DATA.fullmatch(path)):
        return Resolved(CREDLY, url)
    if host in _BADGR_API and (match := _BADGR_PAGE.fullmatch(path)):
        return Resolved(BADGR, f"https://{_BADGR_API[host]}/public/assertions/"
                               f"{match.group(1)}")
    if host in ("openbadgefactory.com", "www.openbadgefactory.com") and (
            match := _OBF.fullmatch(path)):
        return Resolved(OBF, f"https://openbadgefactory.com/v1/assertion/{match.group(1)}")
    if _is_europass(host, path):
        return Resolved(EUROPASS, None)
    for domain, platform in _PAGE_HOSTS:
        if host == domain or host.endswith("." + domain):
            return Resolved(platform, None)
    return None


def fetch_target(url: str) -> str | None:
    """What to fetch for a credential link: its platform's data, the link itself when no
    platform is recognised, None for a page-only platform (never fetched)."""
    found = resolve(url)
    return url if found is None else found.data_url


def _is_europass(host: str, path: str) -> bool:
    return host == "europass.europa.eu" or (host == "europa.eu" and
                                            path.startswith("/europass"))
