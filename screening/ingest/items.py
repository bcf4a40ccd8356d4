"""What intake produces: credential items to verify, and intake errors to show as rows."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from screening.errors import IntakeError as IntakeError  # raised by the readers
from screening.text import MAX_LABEL_CHARS, clean_optional, clean_text


@dataclass(frozen=True)
class IngestedItem:
    """One credential document (or a link to one) and whom it belongs to.

    `data` are the original bytes exactly as received, `sha256` their digest: the store
    keeps both so a decision can be re-checked later. `payload` is what the verifier
    receives (the same bytes, or the text of one document of a multi-document file).
    """

    source: str  # where it came from, for the recruiter: "bundle.zip › ada/python.json"
    data: bytes
    sha256: str
    payload: bytes | str
    candidate: str | None = None
    candidate_email: str | None = None
    link: str | None = None  # set when the credential must be fetched from this URL
    upload: str = ""  # the uploaded file it came from (budgets are counted per upload)
    # a self-reported claim from a pasted profile (title, issuer, issued ...): listed,
    # never verified, counted zero (ingest/profile.py)
    claim: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        # Names, paths and e-mails are untrusted: cleaned once here (screening/text.py).
        object.__setattr__(self, "source", clean_text(self.source, MAX_LABEL_CHARS))
        object.__setattr__(self, "candidate", clean_optional(self.candidate))
        object.__setattr__(self, "candidate_email", clean_optional(self.candidate_email))

    @classmethod
    def of(cls, source: str, data: bytes, *, payload: bytes | str | None = None,
           candidate: str | None = None, candidate_email: str | None = None,
           link: str | None = None, upload: str = "",
           claim: Mapping[str, str] | None = None) -> IngestedItem:
        return cls(source, data, sha256_hex(data), data if payload is None else payload,
                   candidate, candidate_email, link, upload, claim)


@dataclass(frozen=True)
class IntakeFailure:
    """A file (or part of one) that could not be taken in; `code` is stable snake_case."""

    source: str
    code: str
    message: str
    candidate: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", clean_text(self.source, MAX_LABEL_CHARS))
        object.__setattr__(self, "message", clean_text(self.message, MAX_LABEL_CHARS))
        object.__setattr__(self, "candidate", clean_optional(self.candidate))


class InflateBudget:
    """The bytes one upload may still inflate to, across every container in it."""

    def __init__(self, limit: int):
        self.remaining = limit
        self.spent = 0

    def take(self, size: int) -> None:
        """Charge `size` inflated bytes (refused ones too: they were inflated). When the
        upload's allowance is spent, the rest of it is not opened: `upload_budget_exceeded`
        (the rows say "not checked", never failed)."""
        self.spent += min(size, self.remaining)
        if size > self.remaining:
            self.remaining = 0
            raise exhausted()
        self.remaining -= size


def exhausted() -> IntakeError:
    return IntakeError(UPLOAD_BUDGET_EXCEEDED, "Not checked: this upload exceeded its budget "
                       "(its files inflate beyond the limit for one upload), so the rest of "
                       "it was not opened.")


UPLOAD_BUDGET_EXCEEDED = "upload_budget_exceeded"
# Refusals that prove nothing against the file (issue 24): a limit of ours it exceeds
# (docs/security.md) — listed as "not checked" (verification_budget_exceeded) — or a
# structure this version could not read — undecided. Never `failed`.
OVER_LIMIT = frozenset({"pdf_too_many_pages", "pdf_too_complex", "pdf_too_many_links",
                        "pdf_too_many_attachments", "pdf_attachment_too_large",
                        "pdf_too_many_images", "image_too_large"})
NOT_READ = frozenset({"pdf_unreadable", "pdf_encrypted", "image_unreadable",
                      "qr_not_a_link"})


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
