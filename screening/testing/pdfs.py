"""PDF certificates for tests, benchmarks and the sample-data script ONLY: a one-page PDF
with text, link annotations, embedded images and attachments (pypdf), signed with
pyhanko by a certificate from `screening.testing.certificates`, and QR codes (segno,
a test-only dependency, imported where it is used)."""

from __future__ import annotations

import io
import warnings
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from asn1crypto import cms
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.utils import CryptographyDeprecationWarning
from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from screening.testing.certificates import Issued

with warnings.catch_warnings():  # pyhanko imports cryptography's deprecated DSA names
    warnings.simplefilter("ignore", CryptographyDeprecationWarning)
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore


@dataclass(frozen=True)
class GrayImage:
    """Raw 8-bit grey pixels, row by row (an embedded image of a PDF)."""

    width: int
    height: int
    pixels: bytes


def make_pdf(lines: Iterable[str] = ("Certificate of Completion",),
             links: Sequence[str] = (), attachments: Sequence[tuple[str, bytes]] = (),
             images: Sequence[GrayImage] = ()) -> bytes:
    """A one-page PDF: `lines` in its text layer, one link annotation per URL in `links`,
    each image drawn on the page, each (name, bytes) attached as an embedded file."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    xobjects = DictionaryObject()
    drawing = [b"BT /F1 14 Tf 72 720 Td 18 TL"]
    drawing += [b"(" + _pdf_text(line) + b") Tj T*" for line in lines]
    drawing.append(b"ET")
    for number, image in enumerate(images, start=1):
        name = f"/Im{number}"
        xobjects[NameObject(name)] = writer._add_object(_image_stream(image))
        drawing.append(f"q 144 0 0 144 {72 + 160 * (number - 1)} 300 cm {name} Do Q".encode())
    content = DecodedStreamObject()
    content.set_data(b"\n".join(drawing))
    page[NameObject("/Contents")] = writer._add_object(content)
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): font}),
        NameObject("/XObject"): xobjects})
    for number, url in enumerate(links):
        writer.add_annotation(0, Link(rect=(72, 600 - 20 * number, 300, 615 - 20 * number),
                                      url=url))
    for name, data in attachments:
        writer.add_attachment(name, data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_text(line: str) -> bytes:
    return line.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(
        b"(", b"\\(").replace(b")", b"\\)")


def _image_stream(image: GrayImage) -> StreamObject:
    stream = StreamObject()
    stream.set_data(zlib.compress(image.pixels))
    stream.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
        NameObject("/Width"): NumberObject(image.width),
        NameObject("/Height"): NumberObject(image.height),
        NameObject("/ColorSpace"): NameObject("/DeviceGray"),
        NameObject("/BitsPerComponent"): NumberObject(8),
        NameObject("/Filter"): ArrayObject([NameObject("/FlateDecode")])})
    return stream


def qr_matrix(payload: str) -> list[list[bool]]:
    import segno  # test-only dependency

    rows: list[list[bool]] = [[bool(cell) for cell in row]
                              for row in segno.make(payload, micro=False).matrix]
    return rows


def qr_gray(payload: str, scale: int = 6, border: int = 4) -> GrayImage:
    """A QR code of `payload` as grey pixels (black modules on white, a quiet zone)."""
    matrix = qr_matrix(payload)
    size = (len(matrix) + 2 * border) * scale
    rows = []
    for y in range(size):
        module_y = y // scale - border
        row = bytearray(b"\xff" * size)
        if 0 <= module_y < len(matrix):
            for x in range(size):
                module_x = x // scale - border
                if 0 <= module_x < len(matrix) and matrix[module_y][module_x]:
                    row[x] = 0
        rows.append(bytes(row))
    return GrayImage(size, size, b"".join(rows))


def qr_png(payload: str, scale: int = 6) -> bytes:
    """A PNG screenshot of a QR code."""
    import segno  # test-only dependency

    out = io.BytesIO()
    segno.make(payload, micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def photo(image: GrayImage, fmt: str = "JPEG") -> bytes:
    """`image` saved as a JPEG (or PNG) photo, the way a phone would send it."""
    from PIL import Image

    picture = Image.frombytes("L", (image.width, image.height), image.pixels)
    out = io.BytesIO()
    picture.convert("RGB").save(out, format=fmt, quality=90)
    return out.getvalue()


def sign_pdf(pdf: bytes, signer: Issued, chain: Sequence[Issued] = (),
             signing_time: datetime | None = None, timestamp_by: Issued | None = None,
             field: str = "Signature1") -> bytes:
    """`pdf` with a PAdES-style signature by `signer` added as an incremental update.
    `signing_time` is what the signature claims (the signer's clock); `timestamp_by` a
    timestamp authority (an RSA certificate: pyhanko's test authority signs with RSA only)
    stamping that time."""
    simple = signers.SimpleSigner(
        signing_cert=_asn1_cert(signer.certificate), signing_key=_asn1_key(signer.key),
        cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
            [_asn1_cert(c.certificate) for c in chain]))
    stamper = None if timestamp_by is None else DummyTimeStamper(
        tsa_cert=_asn1_cert(timestamp_by.certificate), tsa_key=_asn1_key(timestamp_by.key),
        fixed_dt=signing_time)
    meta = signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = _AtTime(meta, simple, stamper, signing_time).sign_pdf(writer)
    data: bytes = out.getvalue()
    return data


class _AtTime(signers.PdfSigner):
    """pyhanko signs at the machine's clock; tests pin the claimed signing time."""

    def __init__(self, meta: Any, signer: Any, stamper: Any, when: datetime | None):
        super().__init__(meta, signer=signer, timestamper=stamper)
        self._when = when

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        if self._when is not None:
            session.system_time = self._when
        return session


def _asn1_cert(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _asn1_key(key: Any) -> asn1_keys.PrivateKeyInfo:
    return asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))


def append_update(pdf: bytes, page_text: str) -> bytes:
    """`pdf` with an incremental update that rewrites the first page's content (what a
    forger who edits a signed diploma in a PDF editor produces)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 14 Tf 72 720 Td (" + _pdf_text(
        page_text) + b") Tj ET")
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def replace_signature(pdf: bytes, impostor: Issued) -> bytes:
    """`pdf` whose (first) signature value is replaced by one `impostor`'s key made over
    the same signed attributes, in the same place: the certificate still names the
    original signer, so the signature no longer matches it."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    start = pdf.index(b"/Contents <") + len(b"/Contents <")
    end = pdf.index(b">", start)
    hole = pdf[start:end]
    info = cms.ContentInfo.load(bytes.fromhex(hole.decode()))
    signer_info = info["content"]["signer_infos"][0]
    attributes = signer_info["signed_attrs"].untag().dump()
    signer_info["signature"] = impostor.key.sign(attributes, ec.ECDSA(hashes.SHA256()))
    encoded: bytes = info.dump().hex().encode()
    return pdf[:start] + encoded.ljust(len(hole), b"0") + pdf[end:]


def change_signed_byte(pdf: bytes, old: bytes, new: bytes) -> bytes:
    """`pdf` with `old` replaced by `new` (same length) inside the signed bytes: what a
    forger who edits the file in place produces."""
    assert len(old) == len(new) and old in pdf
    return pdf.replace(old, new, 1)
