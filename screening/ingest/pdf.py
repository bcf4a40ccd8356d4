"""What a PDF certificate holds besides its signatures: attached credentials (embedded
files), candidate links (link annotations, URLs in the text layer, QR codes in its
images). Read with pypdf under the limits of `screening.ingest.limits` (docs/security.md):
a PDF over a limit is refused (`IntakeError`) or read only up to it (a `problem` of its
own), never read without bound. The signatures are the verifier's (verify/pdfsig.py).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pypdf
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from screening.ingest import qr
from screening.ingest.items import InflateBudget, IntakeError
from screening.ingest.limits import (
    MAX_IMAGE_PIXELS,
    MAX_PDF_ATTACHMENT_BYTES,
    MAX_PDF_ATTACHMENTS,
    MAX_PDF_BYTES,
    MAX_PDF_IMAGES,
    MAX_PDF_LINKS,
    MAX_PDF_OBJECTS,
    MAX_PDF_PAGES,
    MAX_PDF_STREAM_BYTES,
    MAX_PDF_TEXT_CHARS,
)
from screening.ingest.links import is_link

log = logging.getLogger(__name__)
# pypdf's own caps, lowered to ours; no external decoder (jbig2dec) is ever started
_LIMITS = {"zlib_maximum_output_length": MAX_PDF_STREAM_BYTES,
           "lzw_maximum_output_length": MAX_PDF_STREAM_BYTES,
           "run_length_maximum_output_length": MAX_PDF_STREAM_BYTES,
           "brotli_maximum_output_length": MAX_PDF_STREAM_BYTES,
           "jbig2_maximum_output_length": MAX_PDF_STREAM_BYTES,
           "maximum_declared_stream_length": MAX_PDF_STREAM_BYTES,
           "image_maximum_buffer_size": MAX_IMAGE_PIXELS * 4,
           "jbig2dec_binary": None}
_URL = re.compile(r"https?://[^\s<>()\"'\[\]{}]+")
_TRAILING = ".,;:!?"


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes


@dataclass
class PdfContents:
    pages: int = 0
    attachments: list[Attachment] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # annotations, then text, then QR codes
    problems: list[IntakeError] = field(default_factory=list)  # parts not read
    from_qr: set[str] = field(default_factory=set)  # links read only from a QR code

    def add_link(self, url: str, *, qr_code: bool = False) -> None:
        if url in self.links:
            return
        if len(self.links) >= MAX_PDF_LINKS:
            self.note(IntakeError("pdf_too_many_links", f"Only the first {MAX_PDF_LINKS} "
                                  "links of the PDF were taken."))
            return
        self.links.append(url)
        if qr_code:
            self.from_qr.add(url)

    def found_in(self, url: str) -> str:
        """Where the PDF holds a link, as its row's label says: "QR code" or "link"."""
        return "QR code" if url in self.from_qr else "link"

    def note(self, problem: IntakeError) -> None:
        if all(p.code != problem.code for p in self.problems):
            self.problems.append(problem)


def read_pdf(data: bytes, inflate: InflateBudget | None = None, *,
             images: bool = True) -> PdfContents:
    """Attachments and links of a PDF (`images`: also QR codes in its pictures).
    Raises IntakeError when the PDF cannot be read or is over a limit as a whole;
    an upload's inflate budget, when given, is charged with what is decompressed."""
    with _reading():
        reader = _open(data)
        found = PdfContents(pages=len(reader.pages))
        _attachments(reader, found, inflate)
        spent = [0]  # text characters read, all pages together
        for page in reader.pages:
            _annotation_links(page, found)
            _text_links(page, found, spent, inflate)
        if images:
            _qr_links(reader, found, inflate)
        return found


def text_of(data: bytes) -> str:
    """The text layer of a PDF (at most MAX_PDF_TEXT_CHARS), or "" when it cannot be read
    within the limits: the words a signed revision vouches for."""
    try:
        with _reading():
            reader = _open(data)
            spent, parts = 0, []
            for page in reader.pages:
                if spent >= MAX_PDF_TEXT_CHARS:
                    break
                text = page.extract_text()[:MAX_PDF_TEXT_CHARS - spent]
                spent += len(text)
                parts.append(text)
            return "\n".join(parts)
    except IntakeError:
        return ""


def structure_problem(data: bytes) -> IntakeError | None:
    """Why a PDF may not be opened at all (too large, too many objects or pages,
    encrypted, unreadable), or None: what the verifier asks before pyhanko reads it."""
    try:
        with _reading():
            _open(data)
    except IntakeError as problem:
        return problem
    return None


@contextmanager
def _reading() -> Iterator[None]:
    """pypdf under our limits; whatever it raises on a broken file is `pdf_unreadable`."""
    with pypdf.apply_configuration(None, **_LIMITS):
        try:
            yield
        except IntakeError:
            raise
        except (PyPdfError, PdfReadError, ValueError, KeyError, TypeError, AttributeError,
                IndexError, AssertionError, RecursionError, OSError, LookupError) as exc:
            log.info("unreadable PDF: %s", exc)
            raise IntakeError("pdf_unreadable", "The PDF could not be read.") from exc


def _open(data: bytes) -> PdfReader:
    if len(data) > MAX_PDF_BYTES:
        raise IntakeError("pdf_too_complex", f"The PDF is larger than "
                          f"{MAX_PDF_BYTES // 2**20} MiB.")
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise IntakeError("pdf_encrypted", "The PDF is password-protected, so it cannot be "
                          "read.")
    objects = _object_count(reader)
    if objects > MAX_PDF_OBJECTS:
        raise IntakeError("pdf_too_complex", f"The PDF holds {objects:,} objects, more than "
                          f"the {MAX_PDF_OBJECTS:,} this version reads.")
    pages = len(reader.pages)
    if pages > MAX_PDF_PAGES:
        raise IntakeError("pdf_too_many_pages", f"The PDF has {pages:,} pages, more than the "
                          f"{MAX_PDF_PAGES} this version reads.")
    return reader


def _object_count(reader: PdfReader) -> int:
    """Cross-reference entries of every revision (before any object is parsed)."""
    return sum(len(entries) for entries in reader.xref.values()) + len(reader.xref_objStm)


def _attachments(reader: PdfReader, found: PdfContents, inflate: InflateBudget | None) -> None:
    names = list(_attachment_names(reader))
    if len(names) > MAX_PDF_ATTACHMENTS:
        found.note(IntakeError("pdf_too_many_attachments", f"Only the first "
                               f"{MAX_PDF_ATTACHMENTS} files attached to the PDF were read."))
    for name, spec in names[:MAX_PDF_ATTACHMENTS]:
        stream = _embedded_stream(spec)
        declared = stream.get("/Length") if stream is not None else None
        if isinstance(declared, int) and declared > MAX_PDF_ATTACHMENT_BYTES:
            found.note(_attachment_too_large(name))
            continue
        content = stream.get_data() if stream is not None else b""
        if inflate is not None:
            inflate.take(len(content))
        if len(content) > MAX_PDF_ATTACHMENT_BYTES:
            found.note(_attachment_too_large(name))
            continue
        found.attachments.append(Attachment(name, content))


def _attachment_too_large(name: str) -> IntakeError:
    return IntakeError("pdf_attachment_too_large", f"The attached file {name[:80]} is larger "
                       "than the limit for one credential; it was not read.")


def _attachment_names(reader: PdfReader) -> Iterator[tuple[str, Any]]:
    """(name, file specification) of each embedded file, from the document's EmbeddedFiles
    name tree (flat `/Names` arrays and one level of `/Kids`, as writers produce them)."""
    root: Any = reader.trailer["/Root"].get_object()
    tree = root.get("/Names", {}).get_object().get("/EmbeddedFiles") if "/Names" in root \
        else None
    if tree is None:
        return
    nodes = [tree.get_object()]
    for _ in range(MAX_PDF_ATTACHMENTS + 1):  # name-tree nodes visited
        if not nodes:
            return
        node = nodes.pop(0)
        for kid in node.get("/Kids", [])[:MAX_PDF_ATTACHMENTS]:
            nodes.append(kid.get_object())
        pairs = node.get("/Names", [])
        for index in range(0, min(len(pairs), 2 * (MAX_PDF_ATTACHMENTS + 1)) - 1, 2):
            spec = pairs[index + 1].get_object()
            name = spec.get("/UF") or spec.get("/F") or pairs[index]
            yield str(name), spec


def _embedded_stream(spec: Any) -> Any:
    files = spec.get("/EF")
    if files is None:
        return None
    files = files.get_object()
    stream = files.get("/UF") or files.get("/F")
    return stream.get_object() if stream is not None else None


def _annotation_links(page: Any, found: PdfContents) -> None:
    annotations = page.get("/Annots")
    if annotations is None:
        return
    for annotation in list(annotations.get_object())[:MAX_PDF_LINKS * 4]:
        annotation = annotation.get_object()
        action = annotation.get("/A")
        action = action.get_object() if action is not None else None
        uri = action.get("/URI") if action is not None else None
        if uri is not None and is_link(str(uri).strip()):
            found.add_link(str(uri).strip())


def _text_links(page: Any, found: PdfContents, spent: list[int],
                inflate: InflateBudget | None) -> None:
    if spent[0] >= MAX_PDF_TEXT_CHARS:
        return
    text = page.extract_text()[:MAX_PDF_TEXT_CHARS - spent[0]]
    spent[0] += len(text)
    if inflate is not None:
        inflate.take(len(text))
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        if is_link(url):
            found.add_link(url)


def _qr_links(reader: PdfReader, found: PdfContents, inflate: InflateBudget | None) -> None:
    seen = 0
    for page in reader.pages:
        for image in _page_images(page):
            seen += 1
            if seen > MAX_PDF_IMAGES:
                found.note(IntakeError("pdf_too_many_images", f"Only the first "
                                       f"{MAX_PDF_IMAGES} pictures of the PDF were searched "
                                       "for QR codes."))
                return
            try:
                picture = _decoded(image, inflate)
                urls, _ = qr.links(qr.texts(picture))
            except IntakeError as problem:
                found.note(problem)
                continue
            for url in urls:
                found.add_link(url, qr_code=True)


def _page_images(page: Any) -> Iterator[Any]:
    """The image XObjects a page's resources name (not inline images, not in forms)."""
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is None:
        return
    for ref in list(xobjects.get_object().values())[:MAX_PDF_IMAGES + 1]:
        stream = ref.get_object()
        if stream.get("/Subtype") == "/Image":
            yield stream


def _decoded(stream: Any, inflate: InflateBudget | None) -> Any:
    """A PIL image of an image XObject, its declared size checked before decoding."""
    width, height = int(stream.get("/Width", 0)), int(stream.get("/Height", 0))
    if width * height > MAX_IMAGE_PIXELS:
        raise qr.too_many_pixels(width, height)
    image = stream.decode_as_image()
    if image is None:
        raise IntakeError("image_unreadable", "A picture in the PDF could not be read.")
    if inflate is not None:
        inflate.take(width * height)
    return image
