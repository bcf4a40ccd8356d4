"""Share-link tokens and the e-mail scrub for links that hide e-mails.

A token is `secrets.token_urlsafe(32)` (256 random bits). Only its SHA-256 is stored, so a
copy of the database does not open any link; a fast hash is enough for that much entropy.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

TOKEN_BYTES = 32
TOKEN_LENGTH = 43  # len(token_urlsafe(32)): 32 bytes in unpadded base64url
_TOKEN_RE = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}")

HIDDEN = "[email hidden]"
EMAIL_KEYS = frozenset({"email", "emails", "candidate_email", "candidateemail", "e_mail",
                        "mail", "recipient_email"})
_MAILTO_RE = re.compile(r"mailto:[^\s\"'<>]*", re.IGNORECASE)
# Deliberately loose: hiding a non-address that looks like one is the safe mistake.
_EMAIL_RE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def well_formed(token: object) -> bool:
    """Cheap shape check before any database work; anything else is simply unknown."""
    return isinstance(token, str) and _TOKEN_RE.fullmatch(token) is not None


def _email_key(key: str) -> bool:
    return key.strip().lower().replace("-", "_").replace(" ", "_") in EMAIL_KEYS


def scrub_text(text: str) -> str:
    return _EMAIL_RE.sub(HIDDEN, _MAILTO_RE.sub(HIDDEN, text))


def scrub_emails(value: Any) -> Any:
    """A copy of JSON data with e-mail keys dropped and addresses/mailto: values hidden."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if isinstance(key, str) and _email_key(key):
                continue
            name = scrub_text(key) if isinstance(key, str) else key
            while name in out:  # two keys that were different addresses stay two entries
                name = f"{name} "
            out[name] = scrub_emails(item)
        return out
    if isinstance(value, list | tuple):
        return [scrub_emails(item) for item in value]
    if isinstance(value, str):
        return scrub_text(value)
    return value
