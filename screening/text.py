"""Untrusted text made safe to show, store and print — each in one linear pass.

Candidates (or anyone posing as one) write credential names, ids, file names and ZIP
paths. Before that text is shown or stored it goes through `clean_text` once, at intake
and in the report summary; the full original text always stays in the credential's
original bytes.

* `clean_text`: lone surrogates become U+FFFD (they crash UTF-8 encoders, JSON
  serialisers and PostgreSQL), NUL and other control characters are removed (line breaks
  become spaces), bidi embeddings/overrides/isolates (the "Trojan Source" characters)
  are removed, invisible zero-width characters are removed, and the length is capped
  for display with an ellipsis.
* `storable_text`: only what breaks storage or serialisation (lone surrogates, NUL);
  for report details, where a newline may matter.
* `safe_for_terminal`: for the CLI — escape sequences and every control character
  removed, so a credential cannot forge a line of output or clear the screen.
* `scrub_emails`: e-mail addresses and `mailto:` links hidden, in linear time (no
  backtracking pattern), also when split by any default-ignorable code point (zero-width
  and bidi characters, variation selectors, tag characters, CGJ, ...) or written with
  full-width / confusable `@` and `.`.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DISPLAY_CHARS = 300  # names, titles, ids as shown; the original bytes keep all of it
MAX_LABEL_CHARS = 1_000  # where an upload came from ("bundle.zip › folder/file.json")
ELLIPSIS = "\u2026"
REPLACEMENT = "\ufffd"
EMAIL_MASK = "[email hidden]"

# Bidi embeddings, overrides and isolates; marks (LRM, RLM, ALM) — invisible and reorderable.
BIDI_CONTROLS = frozenset(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])
# Invisible characters with no place in a name: zero-width space, word joiner and the
# invisible operators, BOM / zero-width no-break space, Mongolian vowel separator, soft
# hyphen. (ZWJ/ZWNJ stay: scripts and emoji need them.)
ZERO_WIDTH = frozenset([0x200B, *range(0x2060, 0x2065), 0xFEFF, 0x180E, 0x00AD])
_CONTROLS = frozenset([*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)])
_LINE_BREAKS = frozenset([0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029])
_SURROGATES = range(0xD800, 0xE000)

_DISPLAY_TABLE: dict[int, str | None] = {
    **{c: None for c in _CONTROLS | BIDI_CONTROLS | ZERO_WIDTH},
    **{c: " " for c in _LINE_BREAKS},
    **{c: REPLACEMENT for c in _SURROGATES},
}
_STORABLE_TABLE: dict[int, str | None] = {0: REPLACEMENT,
                                          **{c: REPLACEMENT for c in _SURROGATES}}
_TERMINAL_TABLE = dict(_DISPLAY_TABLE)
_TERMINAL_NEWLINE_TABLE = {**_DISPLAY_TABLE, 0x0A: "\n"}
# ANSI/VT sequences: CSI (ESC [ params intermediates final), OSC (ESC ] ... BEL or ST) and
# two-character escapes. Disjoint character classes in sequence: no backtracking.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]?|\x9b[0-?]*[ -/]*[@-~]?"
                      r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[@-_]?")
_SPACES = re.compile(r" {2,}")
# Every character the display table removes or replaces, and both escape introducers
# (ESC, CSI), is non-printable to str.isprintable (categories Cc, Cf, Cs, Zl, Zp): text
# that is printable has nothing to remove, and clean_text skips the table.
_PRINTABLE_IS_CLEAN = not any(chr(c).isprintable() for c in [*_DISPLAY_TABLE, 0x1B, 0x9B])
assert _PRINTABLE_IS_CLEAN, "a cleaned character became printable: drop the fast path"


def clean_text(text: str, max_chars: int = MAX_DISPLAY_CHARS) -> str:
    """Untrusted text as it may be shown and stored (see the module docstring)."""
    if text.isprintable():  # the usual case: nothing to remove (see _PRINTABLE_IS_CLEAN)
        if len(text) <= max_chars and "  " not in text and text[-1:] != " " != text[:1]:
            return text  # already clean: most messages and names
        cleaned = (_SPACES.sub(" ", text) if "  " in text else text).strip()
    else:
        cleaned = _SPACES.sub(" ", _ESCAPES.sub("", text).translate(_DISPLAY_TABLE)).strip()
    return cap(cleaned, max_chars)


def clean_optional(text: object, max_chars: int = MAX_DISPLAY_CHARS) -> str | None:
    """`clean_text` for optional values: non-text and text that cleans to nothing -> None."""
    if not isinstance(text, str):
        return None
    return clean_text(text, max_chars) or None


def cap(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    return text[:max(max_chars - 1, 0)] + ELLIPSIS


def storable_text(text: str) -> str:
    """Only lone surrogates and NUL replaced (U+FFFD): what any UTF-8 store accepts."""
    return text.translate(_STORABLE_TABLE)


def _needs_storing(text: str) -> bool:
    return text != text.translate(_STORABLE_TABLE)


_ENCODE_PLAIN = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _nothing_to_store(value: Any) -> bool:
    """True when no string or key in `value` holds a NUL or a lone surrogate, decided by
    the C JSON encoder in one pass: it writes every NUL as \\u0000 and (without
    ensure_ascii) every other character as itself, and a str holds astral characters
    whole, so any surrogate in it is lone — which UTF-8 refuses to encode. A false alarm
    (an escaped backslash before "u0000") only means the walk runs; what the encoder
    refuses (not JSON, too deep) falls back to the walk too."""
    try:
        encoded = _ENCODE_PLAIN(value)
        encoded.encode("utf-8")
    except (TypeError, ValueError, RecursionError):  # (UnicodeEncodeError is a ValueError)
        return False
    return "\\u0000" not in encoded


def storable_json(value: Any, _depth: int = 0) -> Any:
    """`value` (parsed JSON) with `storable_text` applied to every string and key; the
    same object when nothing needs replacing (the usual case: no copy is made)."""
    if _depth == 0 and _nothing_to_store(value):
        return value
    if _depth > 200:  # deeper than any checked document; left as it is
        return value
    if isinstance(value, str):
        return storable_text(value) if _needs_storing(value) else value
    if isinstance(value, dict):
        items = [(storable_json(k, _depth + 1) if isinstance(k, str) else k,
                  storable_json(v, _depth + 1)) for k, v in value.items()]
        if all(k is k0 and v is v0 for (k, v), (k0, v0) in zip(items, value.items(),
                                                                 strict=True)):
            return value
        return dict(items)
    if isinstance(value, list):
        cleaned = [storable_json(v, _depth + 1) for v in value]
        return value if all(a is b for a, b in zip(cleaned, value, strict=True)) else cleaned
    return value


def safe_for_terminal(text: object, keep_newlines: bool = False) -> str:
    """`text` as it may be printed on a terminal: escape sequences and control characters
    removed (tabs and line breaks become spaces, unless `keep_newlines` keeps `\\n`),
    bidi controls removed, lone surrogates replaced. Never raises."""
    if not isinstance(text, str):
        text = str(text)
    text = _ESCAPES.sub("", text)
    return text.translate(_TERMINAL_NEWLINE_TABLE if keep_newlines else _TERMINAL_TABLE)


# ----------------------------------------------------------------------------- e-mails

# Unicode `Default_Ignorable_Code_Point` (DerivedCoreProperties.txt; the set is stable by
# Unicode policy): characters a renderer shows as nothing — soft hyphen, CGJ, Hangul
# fillers, Khmer inherent vowels, Mongolian free variation selectors, zero-width and bidi
# format characters, variation selectors (also the supplementary ones), shorthand format
# controls, musical formatting, tag characters and the reserved rest of plane 14. An
# address split by any of them still reads as an address, so the scrub drops them all.
DEFAULT_IGNORABLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
DEFAULT_IGNORABLE = frozenset(
    code for first, last in DEFAULT_IGNORABLE_RANGES for code in range(first, last + 1))

_CONFUSABLE_AT = frozenset("@\uff20\ufe6b")
_CONFUSABLE_DOT = frozenset(".\uff0e\u3002\uff61\ufe52")
_INVISIBLE = ZERO_WIDTH | BIDI_CONTROLS | frozenset([0x200C, 0x200D]) | DEFAULT_IGNORABLE | (
    _CONTROLS - _LINE_BREAKS)
_LOCAL_PUNCTUATION = frozenset(".!#$%&'*+/=?^`{|}~-_")
_MAILTO = re.compile(r"mailto:[^\s\"'<>]*", re.IGNORECASE)


def _skeleton(text: str) -> tuple[str, list[int]]:
    """The text as an address reader sees it (invisible characters dropped, full-width
    and confusable forms folded to ASCII) and, per character, its index in `text`."""
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        code = ord(char)
        if code in _INVISIBLE:
            continue
        if char in _CONFUSABLE_AT:
            char = "@"
        elif char in _CONFUSABLE_DOT:
            char = "."
        elif 0xFF01 <= code <= 0xFF5E:  # full-width ASCII
            char = chr(code - 0xFEE0)
        chars.append(char)
        where.append(index)
    return "".join(chars), where


def _local_char(char: str) -> bool:
    return char.isalnum() or char in _LOCAL_PUNCTUATION


def _domain_char(char: str) -> bool:
    return char.isalnum() or char in "-_."


def _email_spans(skeleton: str) -> list[tuple[int, int]]:
    """[start, end) of each address in `skeleton`. Each character is scanned at most twice
    (leftwards from the next `@`, rightwards from the previous one): linear time."""
    spans: list[tuple[int, int]] = []
    done = 0  # nothing before this index is looked at again
    at = skeleton.find("@")
    while at != -1:
        start = at
        while start > done and _local_char(skeleton[start - 1]):
            start -= 1
        end = at + 1
        while end < len(skeleton) and _domain_char(skeleton[end]):
            end += 1
        domain_end = end
        while domain_end > at + 1 and skeleton[domain_end - 1] in ".-_":
            domain_end -= 1
        labels = skeleton[at + 1:domain_end].split(".")
        if start < at and len(labels) > 1 and all(labels):
            spans.append((start, domain_end))
            done = domain_end
        at = skeleton.find("@", max(at + 1, done))
    return spans


def scrub_emails(text: str, mask: str = EMAIL_MASK) -> str:
    """`text` with every e-mail address and `mailto:` link replaced by `mask`.

    Deliberately loose (hiding a non-address that looks like one is the safe mistake) and
    linear in the length of `text`: 200,000 characters take milliseconds, not minutes."""
    if not isinstance(text, str):
        return text
    text = _MAILTO.sub(mask, text)
    skeleton, where = _skeleton(text)
    out: list[str] = []
    last = 0
    for start, end in _email_spans(skeleton):
        first, after = where[start], where[end - 1] + 1
        out.append(text[last:first])
        out.append(mask)
        last = after
    out.append(text[last:])
    return "".join(out)


def clip(text: object, width: int) -> str:
    """One line of at most `width` characters: runs of white space (newlines, tabs)
    folded to one space, an ellipsis where it was cut."""
    folded = " ".join(str(text).split())
    return folded if len(folded) <= width else folded[: width - 1] + ELLIPSIS
