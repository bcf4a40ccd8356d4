"""Baking a credential into a PNG or SVG badge image (tests and the sample-data script).

The reverse of `screening.ingest.baked`: Open Badges 2.0 uses the PNG iTXt keyword
`openbadges` and the SVG element `openbadges:assertion`; 3.0 uses `openbadgecredential`
and `openbadges:credential`.
"""

from __future__ import annotations

import struct
import zlib
from xml.sax.saxutils import quoteattr

from screening.ingest.baked import PNG_SIGNATURE

OB2_SVG_NS = "http://openbadges.org"
OB3_SVG_NS = "https://purl.imsglobal.org/ob/v3p0"


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def plain_png(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (30, 90, 160)) -> bytes:
    """A small solid-colour RGB image."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\x00" + bytes(rgb) * width
    return (PNG_SIGNATURE + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(row * height)) + png_chunk(b"IEND", b""))


def bake_png(text: str, *, ob3: bool = True, compress: bool = False,
             image: bytes | None = None) -> bytes:
    """The image with an iTXt chunk holding `text`, inserted before IEND."""
    image = image or plain_png()
    keyword = b"openbadgecredential" if ob3 else b"openbadges"
    payload = text.encode("utf-8")
    body = keyword + b"\0" + (b"\x01\x00" if compress else b"\x00\x00") + b"\0\0" + (
        zlib.compress(payload) if compress else payload)
    iend = image.rindex(b"IEND") - 4
    return image[:iend] + png_chunk(b"iTXt", body) + image[iend:]


def bake_svg(text: str, *, ob3: bool = True, as_attribute: bool = False) -> str:
    """A small SVG badge with `text` as CDATA (JSON) or in the `verify` attribute (JWS/URL)."""
    ns, element = (OB3_SVG_NS, "credential") if ob3 else (OB2_SVG_NS, "assertion")
    if as_attribute:
        badge = f"<openbadges:{element} verify={quoteattr(text)}/>"
    else:
        badge = f"<openbadges:{element}><![CDATA[{text}]]></openbadges:{element}>"
    return (f'<?xml version="1.0" encoding="utf-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{ns}" '
            f'width="120" height="120" viewBox="0 0 120 120">\n  {badge}\n'
            f'  <circle cx="60" cy="60" r="50" fill="#1e5aa0"/>\n</svg>\n')
