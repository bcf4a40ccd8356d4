"""Baked badges: the credential hidden inside a PNG or SVG image.

Open Badges 2.0 bakes into a PNG `iTXt` (or legacy `tEXt`) chunk with keyword
`openbadges`, or an SVG `<openbadges:assertion>` element (namespace
http://openbadges.org); Open Badges 3.0 uses keyword `openbadgecredential` and the SVG
element `<openbadges:credential>` (namespace https://purl.imsglobal.org/ob/v3p0). The
baked text is a JSON credential, a compact JWS, or (OB 2.0 hosted) the assertion's URL.

Images are untrusted: chunk lengths, CRCs and inflated sizes are checked, and SVG is
parsed with entity declarations and external references forbidden (no XXE, no
"billion laughs").
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from screening.ingest.items import InflateBudget, IntakeError, exhausted
from screening.ingest.limits import (
    MAX_BAKED_CHUNKS,
    MAX_BAKED_TEXT_BYTES,
    MAX_IMAGE_BYTES,
    MAX_PNG_CHUNKS,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORDS = {"openbadges": "ob2", "openbadgecredential": "ob3"}
SVG_ELEMENTS = {
    "{http://openbadges.org}assertion": "ob2",
    "{https://purl.imsglobal.org/ob/v3p0}credential": "ob3",
}


@dataclass(frozen=True)
class Baked:
    """The credential text found in an image."""

    text: str  # JSON, a compact JWS, or a URL
    container: str  # "png" | "svg"
    spec: str  # "ob2" | "ob3"

    @property
    def is_link(self) -> bool:
        return bool(re.fullmatch(r"https?://\S+", self.text))


def is_png(data: bytes) -> bool:
    return data.startswith(PNG_SIGNATURE)


def is_svg(text: str) -> bool:
    head = text[:4096].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and "<svg" in head


def has_badge_chunk(data: bytes) -> bool:
    """Whether a PNG has a badge chunk at all: an iTXt/tEXt chunk whose keyword (the first
    bytes of its body) is a badge keyword. Without one it is a picture, not a baked badge
    (docs/intake.md); with one, damage to it is a damaged badge."""
    return any(kind + b"openbadge" in data for kind in (b"iTXt", b"tEXt"))


def has_badge_element(text: str) -> bool:
    """Whether an SVG can hold a badge element: it names a badge namespace. Without one it
    is a picture and is not parsed at all."""
    return any(namespace in text for namespace in ("openbadges.org", "purl.imsglobal.org/ob/"))


def extract_png(data: bytes, budget: InflateBudget | None = None) -> Baked:
    """The one baked credential of a PNG, or IntakeError saying why there is none.

    All badge chunks of one image together inflate to at most MAX_BAKED_TEXT_BYTES (and
    no more than an upload's `budget` has left, which is charged); at most
    MAX_BAKED_CHUNKS badge chunks are read, and reading stops at a second, different
    credential (a baked badge holds exactly one)."""
    if len(data) > MAX_IMAGE_BYTES:
        raise IntakeError("too_large", "The image is larger than the limit for a badge.")
    found = [Baked(text, "png", spec) for spec, text in _png_texts(data, budget)]
    return _exactly_one(found, "PNG")


def _png_texts(data: bytes, budget: InflateBudget | None = None) -> list[tuple[str, str]]:
    """(spec, text) for every distinct badge chunk; walks the chunks with every length
    checked."""
    if not is_png(data):
        raise IntakeError("not_png", "The file is not a PNG image.")
    inflate = InflateBudget(min(MAX_BAKED_TEXT_BYTES, budget.remaining) if budget
                            else MAX_BAKED_TEXT_BYTES)
    try:
        return _walk_png(data, inflate)
    finally:  # charged whatever happened: a failing image cannot inflate for free
        if budget is not None:
            budget.remaining = max(budget.remaining - (inflate.spent), 0)


def png_inflated_bytes(data: bytes, budget: InflateBudget) -> None:
    """Charge `budget` (an upload's) with what this PNG's badge text inflates to; raise
    `decompression_bomb` when the upload's budget does not cover it. Other problems are
    left to the verifier, which reports them on the image's own row."""
    try:
        _png_texts(data, budget)
    except IntakeError as problem:
        if budget.remaining <= 0 or problem.code in ("decompression_bomb", exhausted().code):
            raise exhausted() from None


def _walk_png(data: bytes, inflate: InflateBudget) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    badge_chunks = 0
    offset, chunks = len(PNG_SIGNATURE), 0
    while True:
        if offset + 12 > len(data):
            raise IntakeError("png_truncated", "The PNG image is cut off (damaged file).")
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        end = offset + 12 + length
        if length > 0x7FFFFFFF or end > len(data):
            raise IntakeError("png_truncated", "The PNG image is cut off (damaged file).")
        body = data[offset + 8:offset + 8 + length]
        crc = struct.unpack(">I", data[end - 4:end])[0]
        if zlib.crc32(kind + body) != crc:
            raise IntakeError("png_corrupt", "The PNG image is damaged (checksum mismatch).")
        if kind in (b"iTXt", b"tEXt") and _is_badge_chunk(body):
            badge_chunks += 1
            if badge_chunks > MAX_BAKED_CHUNKS:
                raise IntakeError("multiple_baked", "The PNG image carries more badge data "
                                    "than a baked badge holds.")
            found = _badge_text(kind, body, inflate)
            if found is not None and found not in texts:
                texts.append(found)
            if len({text for _, text in texts}) > 1:
                break  # a second, different credential: no need to read further
        chunks += 1
        if kind == b"IEND":
            break
        if chunks > MAX_PNG_CHUNKS:
            raise IntakeError("png_corrupt", "The PNG image has too many parts.")
        offset = end
    return texts


def _is_badge_chunk(body: bytes) -> bool:
    keyword, sep, _ = body[:80].partition(b"\0")
    return bool(sep) and keyword.decode("latin-1") in PNG_KEYWORDS


def _badge_text(kind: bytes, body: bytes, inflate: InflateBudget) -> tuple[str, str] | None:
    keyword, sep, rest = body.partition(b"\0")
    spec = PNG_KEYWORDS.get(keyword.decode("latin-1"))
    if spec is None or not sep:
        return None
    if kind == b"tEXt":
        return spec, rest.decode("latin-1")
    # iTXt: compression flag, method, language tag \0, translated keyword \0, text
    if len(rest) < 2:
        raise IntakeError("png_corrupt", "The badge data in the PNG is damaged.")
    compressed, method = rest[0], rest[1]
    parts = rest[2:].split(b"\0", 2)
    if len(parts) != 3:
        raise IntakeError("png_corrupt", "The badge data in the PNG is damaged.")
    text = parts[2]
    if compressed:
        if method != 0:
            raise IntakeError("png_corrupt", "The badge data uses an unknown compression.")
        text = _inflate_capped(text, inflate)
    elif len(text) > MAX_BAKED_TEXT_BYTES:
        raise IntakeError("too_large", "The badge data in the PNG is larger than the limit.")
    try:
        return spec, text.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IntakeError("png_corrupt", "The badge data in the PNG is not text.") from exc


def _inflate_capped(data: bytes, inflate: InflateBudget) -> bytes:
    limit = inflate.remaining
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise IntakeError("png_corrupt", "The badge data in the PNG is damaged.") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        inflate.take(limit)
        raise IntakeError("too_large", "The badge data in the PNG inflates beyond the limit.")
    inflate.take(len(out))
    return out


def extract_svg(text: str) -> Baked:
    """The one baked credential of an SVG document."""
    if len(text) > MAX_BAKED_TEXT_BYTES:
        raise IntakeError("too_large", "The SVG image is larger than the limit for a badge.")
    try:
        root = safe_xml.fromstring(text, forbid_dtd=False, forbid_entities=True,
                                   forbid_external=True)
    except DefusedXmlException as exc:
        raise IntakeError("svg_forbidden", "The SVG declares entities or external "
                            "resources, which are refused for safety.") from exc
    except (ParseError, ValueError) as exc:
        raise IntakeError("svg_invalid", "The SVG image is not well-formed XML.") from exc
    found = []
    for element in root.iter():
        spec = SVG_ELEMENTS.get(element.tag) if isinstance(element.tag, str) else None
        if spec is None:
            continue
        # The signed (JWS) or hosted (URL) form sits in `verify`; else the JSON is the text.
        payload = (element.get("verify") or "").strip() or (element.text or "").strip()
        found.append(Baked(payload, "svg", spec))
    return _exactly_one(found, "SVG")


def _exactly_one(found: list[Baked], kind: str) -> Baked:
    if not found:
        raise IntakeError("not_baked", f"The {kind} image carries no badge data.")
    if len({b.text for b in found}) > 1:
        raise IntakeError("multiple_baked", f"The {kind} image carries more than one "
                            "credential; a baked badge holds exactly one.")
    if not found[0].text:
        raise IntakeError("not_baked", f"The badge element of the {kind} image is empty.")
    return found[0]
