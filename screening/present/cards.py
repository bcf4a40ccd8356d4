"""Credential cards: what a recruiter reads first about one credential.

One plain status line decided from the checks (Verified / Revoked / Expired / Issuer unknown
/ Could not check — and why), the credential's own description, criteria and badge image,
and its checks with the ones that need attention first. Computed here, once, when a
snapshot is built, so every view shows the same line.

The badge image is only ever an inline `data:` URI of a raster type, taken from the
credential itself (or the baked PNG's own bytes); a remote image URL is never handed to
the browser — a card shows a placeholder instead.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from screening.matching.plain import NOT_A_CREDENTIAL as NOT_A_CREDENTIAL
from screening.matching.plain import PLAIN_TITLES, leading_check, plain_status, plain_words
from screening.text import clean_optional
from screening.verify.codes import PlainStatus as PlainStatus  # the cards' vocabulary
from screening.verify.codes import title_of
from screening.verify.report import CheckResult, Status, Verdict, VerificationReport

MAX_IMAGE_BYTES = 256 * 1024  # a badge image inline in a card (and a snapshot)
RASTER_TYPES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff",
                "image/gif": b"GIF8", "image/webp": b"RIFF"}
MAX_TEXT = 2_000


@dataclass(frozen=True)
class StatusLine:
    """The one line a card leads with: a stable `kind`, a fixed title, and why."""

    kind: PlainStatus
    title: str  # fixed words, never credential text
    reason: str  # may quote the credential (shown as plain text)

    @property
    def tone(self) -> str:
        """success | error | warning | neutral: the colour, always beside icon and text."""
        return _TONES[self.kind]

    @property
    def icon(self) -> str:
        return _ICONS[self.tone]


_TONES = {PlainStatus.VERIFIED: "success", PlainStatus.REVOKED: "error",
          PlainStatus.SUSPENDED: "error", PlainStatus.EXPIRED: "error",
          PlainStatus.NOT_YET_VALID: "error", PlainStatus.IMPERSONATION: "error",
          PlainStatus.FAILED: "error", PlainStatus.ISSUER_UNKNOWN: "warning",
          PlainStatus.STATUS_UNKNOWN: "warning", PlainStatus.NEEDS_REVIEW: "warning",
          PlainStatus.COULD_NOT_CHECK: "neutral", PlainStatus.NOT_A_CREDENTIAL: "neutral"}
_ICONS = {"success": ":material/verified:", "error": ":material/block:",
          "warning": ":material/warning:", "neutral": ":material/help:"}
_TITLES = PLAIN_TITLES  # one vocabulary with the fit explanation (matching/plain.py)


def plain_title(kind: PlainStatus) -> str:
    """The fixed title of a status line of this kind."""
    return _TITLES[kind]


def status_line(report: VerificationReport, known_issuer: str = "") -> StatusLine:
    """The card's status line: its kind decided once (`matching.plain.plain_status`, from
    the registry's leading checks and lines), its reason from the check behind it."""
    kind = plain_status(report)
    if kind is PlainStatus.NOT_A_CREDENTIAL:
        present = report.check("credential_present")
        return _line(kind, present.message if present else "This file is not a credential.")
    verdict = report.verdict
    if verdict is Verdict.FAILED:
        failed = leading_check(report.checks, Status.FAIL)
        return _line(kind, failed.message if failed is not None else "A check failed.")
    if verdict is Verdict.UNSUPPORTED:
        first = _first(report.checks, Status.INDETERMINATE)
        return StatusLine(kind, plain_words(report), first.message if first else
                          "This kind of credential cannot be checked yet.")
    if verdict is Verdict.WARNING:
        undecided = leading_check(report.checks, Status.INDETERMINATE)
        if undecided is None:
            return _line(kind, "A check needs a person's judgement.")
        return StatusLine(kind, plain_words(report),
                          undecided.message if kind is not PlainStatus.NEEDS_REVIEW
                          else f"{title_of(undecided.code)}: {undecided.message}")
    issuer = known_issuer or report.summary.issuer_name or report.summary.issuer_id or ""
    return _line(kind, f"Every check passed; issued by {issuer}." if issuer
                 else "Every check passed.")


def _first(checks: Iterable[CheckResult], status: Status) -> CheckResult | None:
    return next((c for c in checks if c.status is status), None)


def _line(kind: PlainStatus, reason: str) -> StatusLine:
    return StatusLine(kind, _TITLES[kind], reason)


# Not a display order: which checks a card lists first (those that need attention).
ATTENTION_ORDER: dict[str, int] = {Status.FAIL: 0, Status.INDETERMINATE: 1, Status.PASS: 2,
                                   Status.NA: 3}


def attention_first(statuses: Iterable[Status | str]) -> list[int]:
    """Indexes of checks ordered failing first, then undecided, then the rest (stable)."""
    items = list(statuses)
    return sorted(range(len(items)), key=lambda i: (ATTENTION_ORDER.get(items[i], 4), i))


# --------------------------------------------------------------------------- the document


@dataclass(frozen=True)
class CredentialText:
    """What the credential says about itself (all untrusted, cleaned, shown as text)."""

    description: str = ""
    criteria: str = ""
    subject_name: str = ""


def credential_text(report: VerificationReport) -> CredentialText:
    """Description, criteria and the holder's name from a verified document (Open Badges
    3.0 achievement, OB 2.0 badge class, or a VC's subject)."""
    described, subject = _described(report)
    criteria = described.get("criteria")
    if isinstance(criteria, Mapping):
        criteria = criteria.get("narrative")
    return CredentialText(description=_clean(described.get("description")),
                          criteria=_clean(criteria), subject_name=_clean(subject.get("name"),
                                                                         300))


def badge_image(report: VerificationReport, original: bytes | None = None) -> str:
    """The badge as a raster data: URI — inline in the credential, or the baked PNG's own
    bytes — or "" (a remote image is never handed to the browser)."""
    described, _ = _described(report)
    document = report.document if isinstance(report.document, Mapping) else {}
    image = _data_image(described.get("image")) or _data_image(document.get("image"))
    if not image and original is not None and report.format.startswith("png"):
        image = _data_uri("image/png", original)
    return image


def _described(report: VerificationReport) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    document = report.document if isinstance(report.document, Mapping) else {}
    subject = _first_mapping(document.get("credentialSubject"))
    achievement = _first_mapping(subject.get("achievement")) or _first_mapping(
        document.get("badge"))
    return achievement or subject or document, subject


def _first_mapping(value: Any) -> Mapping[str, Any]:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, Mapping)), None)
    return value if isinstance(value, Mapping) else {}


def _clean(value: Any, limit: int = MAX_TEXT) -> str:
    if isinstance(value, Mapping):  # language maps: {"@value": ...}
        value = value.get("@value")
    return clean_optional(value, limit) or ""


def _data_image(value: Any) -> str:
    """The image if the credential carries it inline as a raster data: URI, else ""."""
    if isinstance(value, Mapping):
        value = value.get("id")
    if not isinstance(value, str) or not value.startswith("data:"):
        return ""
    head, _, body = value.partition(",")
    media = head[5:].split(";")[0].strip().lower()
    if media not in RASTER_TYPES or ";base64" not in head.lower() or \
            len(body) > MAX_IMAGE_BYTES * 4 // 3 + 4:
        return ""
    try:
        data = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return ""
    return _data_uri(media, data)


def _data_uri(media: str, data: bytes) -> str:
    """Only small images whose bytes really are the type they claim."""
    if len(data) > MAX_IMAGE_BYTES or not data.startswith(RASTER_TYPES[media]):
        return ""
    return f"data:{media};base64,{base64.b64encode(data).decode('ascii')}"


def initials(name: str) -> str:
    """Up to two initials of an issuer's name (letters and digits only), for a badge
    without an image of its own; "?" when the name gives none."""
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in name).split()
             if w[0].isalnum()]
    found = "".join(w[0] for w in words[:2]).upper()
    return "".join(ch for ch in found if ch.isascii() and ch.isalnum()) or "?"


def badge_glyph(issuer: str) -> str:
    """A neutral badge (a grey rosette with the issuer's initials) as inline SVG markup,
    drawn where a credential has no image: never a remote image. Only ASCII letters and
    digits from the name reach the markup."""
    letters = initials(issuer)
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" '
            'viewBox="0 0 96 96" role="img">'
            '<path d="M30 62 L22 92 L36 84 L44 94 L48 66 Z M66 62 L74 92 L60 84 L52 94 '
            'L48 66 Z" fill="#9aa0a6"/>'
            '<circle cx="48" cy="40" r="34" fill="#e8eaed" stroke="#5f6368" '
            'stroke-width="3"/>'
            f'<text x="48" y="40" text-anchor="middle" dominant-baseline="central" '
            f'font-family="sans-serif" font-size="26" font-weight="600" '
            f'fill="#202124">{letters}</text></svg>')
