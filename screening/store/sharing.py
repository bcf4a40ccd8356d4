"""Share-link tokens and the e-mail scrub for links that hide e-mails.

A token is `secrets.token_urlsafe(32)` (256 random bits). Only its SHA-256 is stored, so a
copy of the database does not open any link; a fast hash is enough for that much entropy.
"""

from __future__ import annotations

import copy
import hashlib
import re
import secrets
import threading
from typing import Any

from cachetools import LRUCache

from screening.text import EMAIL_MASK
from screening.text import scrub_emails as scrub_text_linear

TOKEN_BYTES = 32
TOKEN_LENGTH = 43  # len(token_urlsafe(32)): 32 bytes in unpadded base64url
_TOKEN_RE = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}")

HIDDEN = EMAIL_MASK
EMAIL_KEYS = frozenset({"email", "emails", "candidate_email", "candidateemail", "e_mail",
                        "mail", "recipient_email"})
# Scrubbed snapshots by content digest: a link that hides e-mails is scrubbed once per
# process, not on every visit (snapshots never change, so the digest names the result).
_SCRUBBED: LRUCache[str, Any] = LRUCache(maxsize=64)
_SCRUBBED_LOCK = threading.Lock()


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
    """Addresses and mailto: links hidden, in linear time (see `screening.text`)."""
    return scrub_text_linear(text, HIDDEN)


def scrubbed_content(content: Any, digest: str) -> Any:
    """`scrub_emails(content)`, computed once per snapshot digest in this process."""
    with _SCRUBBED_LOCK:
        if digest in _SCRUBBED:
            return copy.deepcopy(_SCRUBBED[digest])
    result = scrub_emails(content)
    with _SCRUBBED_LOCK:
        _SCRUBBED[digest] = result
    return copy.deepcopy(result)


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
