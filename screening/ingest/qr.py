"""QR codes in pictures (a photo or screenshot of a certificate, an image inside a PDF),
decoded with zxing-cpp. What a QR code holds is only ever a candidate link: it is checked
through the guarded fetch client like a pasted link, never trusted for what it says.

Pictures are untrusted: their declared size is read before any pixel is decoded, and a
picture of more than `MAX_IMAGE_PIXELS` is refused unread (a decompression bomb declares
billions).
"""

from __future__ import annotations

import io
import warnings

import zxingcpp
from PIL import Image

from screening.ingest.items import IntakeError
from screening.ingest.limits import MAX_IMAGE_PIXELS, MAX_QR_CODES, MAX_QR_PAYLOAD_CHARS
from screening.ingest.links import is_link

_FORMATS = zxingcpp.BarcodeFormats([zxingcpp.BarcodeFormat.QRCode,
                                     zxingcpp.BarcodeFormat.MicroQRCode])


def too_many_pixels(width: int, height: int) -> IntakeError:
    return IntakeError("image_too_large", f"The picture is {width} x {height} pixels, more "
                       f"than the {MAX_IMAGE_PIXELS:,} this version decodes; it was not "
                       "searched for a QR code.")


def texts(image: Image.Image) -> list[str]:
    """The texts of the QR codes in a decoded picture (at most MAX_QR_CODES)."""
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise too_many_pixels(width, height)
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    found = zxingcpp.read_barcodes(image, formats=_FORMATS)
    return [code.text for code in found[:MAX_QR_CODES] if code.valid]


def links(found: list[str]) -> tuple[list[str], list[str]]:
    """(links, refused): QR texts that are http(s) links of at most MAX_QR_PAYLOAD_CHARS,
    and the others (a name, a code, an over-long payload), quoted short for the row."""
    good, bad = [], []
    for text in found:
        candidate = text.strip()
        if len(candidate) <= MAX_QR_PAYLOAD_CHARS and is_link(candidate):
            good.append(candidate)
        else:
            bad.append(candidate[:80])
    return list(dict.fromkeys(good)), bad


def open_picture(data: bytes) -> Image.Image:
    """A PNG/JPEG/GIF/WebP/TIFF picture, opened lazily: only its header is read here, and
    a picture larger than MAX_IMAGE_PIXELS is refused before decoding."""
    try:
        with warnings.catch_warnings():  # Pillow warns of bombs at 89 MP; ours is lower
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:  # (Pillow's own cap, twice its warning's)
        raise IntakeError("image_too_large", "The picture declares far more pixels than "
                          f"the {MAX_IMAGE_PIXELS:,} this version decodes; it was not "
                          "searched for a QR code.") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise IntakeError("image_unreadable", "The picture could not be read.") from exc
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise too_many_pixels(width, height)
    return image


def picture_links(data: bytes) -> tuple[list[str], list[str]]:
    """(links, refused QR texts) in a photo or screenshot."""
    image = open_picture(data)
    try:
        image.load()
        return links(texts(image))
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise IntakeError("image_unreadable", "The picture could not be read.") from exc
