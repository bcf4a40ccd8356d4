"""A pasted profile's "Licenses & certifications" section (as LinkedIn shows it: a title,
the issuer, "Issued Jan 2024 · Expires Jan 2027", "Credential ID …", a credential URL)
read into one candidate's entries. An entry with a link is checked through that link; one
without is a *self-reported* claim: listed, never verified, counted zero by default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from screening.ingest.limits import MAX_CSV_ROWS
from screening.ingest.links import is_link

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_ISSUED = re.compile(rf"^Issued\s+(?P<issued>{_MONTH}\s+\d{{4}}|\d{{4}})"
                     rf"(?:\s*[·•\-–]\s*(?:Expire[sd]|Expiration)\s+(?P<expires>{_MONTH}\s+\d{{4}}|"
                     rf"\d{{4}}))?", re.IGNORECASE)
_HEADERS = ("licenses & certifications", "licences & certifications",
            "licenses and certifications", "certifications")
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Entry:
    title: str
    issuer: str
    issued: str
    expires: str | None = None
    credential_id: str | None = None
    link: str | None = None

    @property
    def claim(self) -> dict[str, str]:
        fields = {"title": self.title, "issuer": self.issuer, "issued": self.issued,
                  "expires": self.expires, "credential_id": self.credential_id}
        return {key: value for key, value in fields.items() if value}


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
           "dec")


def month_start(text: str | None) -> str | None:
    """"Jan 2024" (or "2024") as the first day of that month, ISO 8601; None if neither."""
    parts = (text or "").replace(".", " ").split()
    if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) == 4:
        return f"{parts[0]}-01-01T00:00:00Z"
    if len(parts) == 2 and parts[0][:3].lower() in _MONTHS and parts[1].isdigit() \
            and len(parts[1]) == 4:
        return f"{parts[1]}-{_MONTHS.index(parts[0][:3].lower()) + 1:02d}-01T00:00:00Z"
    return None


def read_profile(text: str) -> list[Entry] | None:
    """The entries of a pasted certifications section, or None when the text is not one
    (fewer than one "Issued <date>" line with a title and issuer above it)."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and line.lower() not in _HEADERS]
    starts = [index for index, line in enumerate(lines) if _ISSUED.match(line) and index >= 2]
    if not starts:
        return None
    entries = []
    for number, index in enumerate(starts[:MAX_CSV_ROWS]):
        end = starts[number + 1] - 2 if number + 1 < len(starts) else len(lines)
        entries.append(_entry(lines, index, end))
    return entries


def _entry(lines: list[str], issued_at: int, end: int) -> Entry:
    match = _ISSUED.match(lines[issued_at])
    assert match is not None
    credential_id, link = None, None
    for line in lines[issued_at + 1:end]:
        if line.lower().startswith("credential id"):
            credential_id = line[len("credential id"):].strip(" :") or None
        elif link is None and (url := _URL.search(line)) and is_link(url.group(0)):
            link = url.group(0).rstrip(".,;)")
    return Entry(lines[issued_at - 2], lines[issued_at - 1], match.group("issued"),
                 match.group("expires"), credential_id, link)
