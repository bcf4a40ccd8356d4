"""What a file is, decided by its content (never its name): the one recognition intake
routes by and the verifier names what it does not verify with.

Three families (docs/intake.md has the table):

- `READ`: what intake opens or splits and the verifier checks (JSON credentials, signed
  tokens, baked badges, archives, link lists, candidate CSVs). Proven damage to one of
  these is a `failed` row.
- `UNSUPPORTED`: recognised and named, but not verified by this version (a picture,
  AnonCreds, a plain JWS in JSON form, XML, an Office document, unknown binary data; ISO
  mdoc and JAdES seals are read since issue 25). Each is an `unsupported` row saying what
  it is, never `failed`. A PDF is the one kind between the two: intake opens it
  (attachments, links, QR codes) and the verifier checks its signatures (issue 24), which
  name what it lacks themselves (`pdf_signed`), so it has no description here.
- `NOT_A_CREDENTIAL`: plainly not a credential (prose, an empty file, JSON with no mark of
  a credential). Listed as such and never counted among a candidate's credentials.

Detection looks at magic bytes and structure only, and only as far as it must: a JSON
text is parsed (at most `MAX_DOCUMENT_BYTES`, nested at most `MAX_JSON_DEPTH`), CBOR is
decoded only when it carries an mdoc's key names, a ZIP's central directory is listed
only to tell an Office document from a bundle.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import cbor2

from screening.ingest import archive, baked, links
from screening.ingest.limits import MAX_DOCUMENT_BYTES, MAX_JSON_DEPTH


class Kind(StrEnum):
    """What a file is. The value is the report's `format` for the kinds the verifier
    names (`UNSUPPORTED`, `NOT_A_CREDENTIAL`)."""

    # read: opened by intake, checked by the verifier
    ZIP = "zip"
    GZIP = "gzip"
    JSON = "json"  # a JSON object that carries a mark of a credential
    JSON_LIST = "json-list"  # a JSON array with at least one credential-like element
    BROKEN_JSON = "json-invalid"  # JSON that does not parse (or nests too deep) but names
    # credential members: a damaged credential
    TOKEN = "jws"  # a compact JWS: VC-JWT, SD-JWT, OB 2.0 signed badge
    BADGE_PNG = "png"  # a PNG with a badge chunk
    BADGE_SVG = "svg"  # an SVG with a badge element
    LINKS = "links"
    CSV = "csv"
    TOO_LARGE = "too-large"  # text over the document limit: refused unread
    # recognised, not verified: unsupported
    PDF = "pdf"
    IMAGE = "image"  # a picture with no badge data (PNG, JPEG, GIF, WebP, TIFF, HEIC, SVG)
    MDOC = "mdoc"  # read since issue 25 (verify/mdoc.py)
    JADES = "jades"  # a JAdES seal (European Digital Credentials): read since issue 25
    ANONCREDS = "anoncreds"
    JWS_JSON = "jws-json"
    EDC_XML = "edc-xml"
    XML = "xml"
    HTML = "html"
    OFFICE = "office"
    BINARY = "binary"
    # plainly not a credential
    EMPTY = "empty"
    TEXT = "text"
    PLAIN_JSON = "plain-json"


READ = frozenset({Kind.ZIP, Kind.GZIP, Kind.JSON, Kind.JSON_LIST, Kind.BROKEN_JSON,
                  Kind.TOKEN, Kind.BADGE_PNG, Kind.BADGE_SVG, Kind.LINKS, Kind.CSV,
                  Kind.TOO_LARGE, Kind.MDOC, Kind.JADES})  # (mdoc, JAdES: issue 25)
NOT_A_CREDENTIAL = frozenset({Kind.EMPTY, Kind.TEXT, Kind.PLAIN_JSON})
UNSUPPORTED = frozenset(Kind) - READ - NOT_A_CREDENTIAL


@dataclass(frozen=True)
class Description:
    name: str  # what it is, for details.not_understood
    message: str  # what the recruiter reads


_LISTED = "so it is listed but never counted."
_NOT_COUNTED = "it is listed, but not counted among the candidate's credentials."
DESCRIPTIONS: Mapping[Kind, Description] = {
    Kind.IMAGE: Description("image without a badge", "An image with no badge data baked "
                            "in: a picture of a certificate cannot be checked, " + _LISTED),
    Kind.ANONCREDS: Description("AnonCreds credential", "An AnonCreds (Hyperledger Indy) "
                                "credential: checking it needs the issuer's credential "
                                "definition from a ledger and a proof made by the holder, "
                                f"which this version cannot do, {_LISTED}"),
    Kind.JWS_JSON: Description("JWS in JSON serialisation", "A signed JSON (JWS in JSON "
                               "form): this version checks signed tokens in their compact "
                               f"form only, {_LISTED}"),
    Kind.EDC_XML: Description("European Digital Credential (XML)", "A Europass / European "
                              "Digital Credential in XML: this version cannot check XML "
                              f"signatures, {_LISTED}"),
    Kind.XML: Description("XML document", "An XML document: this version does not read "
                          f"XML credentials, {_LISTED}"),
    Kind.HTML: Description("web page (HTML)", "A saved web page: this version cannot check "
                           "a web page (ask for the credential's file or link), " + _LISTED),
    Kind.OFFICE: Description("Office document", "An Office document (Word, Excel, "
                             "PowerPoint, OpenDocument or RTF): it cannot be checked, "
                             + _LISTED),
    Kind.BINARY: Description("unrecognised binary data", "A file in a format this version "
                             f"does not recognise, {_LISTED}"),
    Kind.EMPTY: Description("empty file", f"An empty file, not a credential: {_NOT_COUNTED}"),
    Kind.TEXT: Description("plain text", f"Plain text, not a credential: {_NOT_COUNTED}"),
    Kind.PLAIN_JSON: Description("JSON without a credential", "JSON data with nothing of a "
                                 "credential in it (no issuer, subject, proof or credential "
                                 f"type), not a credential: {_NOT_COUNTED}"),
}

HEAD = 64 * 1024  # how far into a file the markers are looked for
_IMAGE_MAGICS = (b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")  # not in text (tab, newlines, \f, \v are)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (.doc, .xls, .ppt, .msg)
_MDOC_KEYS = (b"issuerAuth", b"nameSpaces", b"documents", b"issuerSigned")
_COMPACT = re.compile(r"([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+")
# a member a JSON credential has, quoted and followed by a colon: marks damaged JSON as a
# damaged credential rather than text
_CREDENTIAL_MEMBER = re.compile(r'"(@context|proof|credentialSubject|verifiableCredential|'
                                r'issuer|vc|vp|schema_id|cred_def_id|signatures?|protected|'
                                r'badge|recipient)"\s*:')
_CREDENTIAL_MEMBERS = frozenset({"proof", "credentialSubject", "verifiableCredential",
                                 "issuer", "vc", "vp", "issuanceDate", "validFrom"})
_CREDENTIAL_WORDS = ("credential", "presentation", "assertion", "badge", "achievement",
                     "certificate", "blockcerts", "imsglobal", "w3id.org/vc")
_EUROPEAN = ("europass", "data.europa.eu/snb", "europa.eu/europass")


def describe(kind: Kind) -> Description:
    """The name and the recruiter's message of a kind the verifier names (an `UNSUPPORTED`
    kind other than a PDF, or a `NOT_A_CREDENTIAL` one)."""
    return DESCRIPTIONS[kind]


def detect(data: bytes) -> Kind:
    """What `data` is, by content."""
    kind = binary_kind(data)
    if kind is not None:
        return kind
    if len(data) > MAX_DOCUMENT_BYTES:
        return Kind.TOO_LARGE
    text = decode_text(data)
    return Kind.BINARY if text is None else detect_text(text)


def detect_value(document: Any) -> Kind:
    """`detect` for what the verifier may be handed: bytes, text or parsed JSON."""
    if isinstance(document, bytes):
        return detect(document)
    if isinstance(document, str):
        if len(document) > MAX_DOCUMENT_BYTES:
            return Kind.TOO_LARGE
        return detect_text(document)
    return json_kind(document)


def binary_kind(data: bytes) -> Kind | None:
    """The kinds told by magic bytes, or None (then it is text, or unknown binary)."""
    if archive.is_zip(data):
        return Kind.OFFICE if _is_office_zip(data) else Kind.ZIP
    if archive.is_gzip(data):
        return Kind.GZIP
    if baked.is_png(data):
        return Kind.BADGE_PNG if baked.has_badge_chunk(data) else Kind.IMAGE
    start = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n\x00")
    if start.startswith(b"%PDF-"):
        return Kind.PDF
    if data.startswith(_IMAGE_MAGICS) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP") \
            or (data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"avif", b"mif1")):
        return Kind.IMAGE
    if data.startswith(_OLE2):
        return Kind.OFFICE
    if is_mdoc(data):
        return Kind.MDOC
    return None


def decode_text(data: bytes) -> str | None:
    """The text of `data` (UTF-8, or UTF-16 with its byte-order mark), or None when it is
    not text: undecodable, or holding control characters text does not have."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text, 0, HEAD):
        return None
    return text


def detect_text(text: str) -> Kind:
    """What a text is."""
    body = text.lstrip("\ufeff").strip()
    if not body:
        return Kind.EMPTY
    if body.startswith("{\\rtf"):
        return Kind.OFFICE
    if body[0] in "{[":
        return _json_text_kind(body)
    if body.startswith("<"):
        return _markup_kind(body)
    if _COMPACT.fullmatch(body.split("~", 1)[0]):
        token = token_kind(body)
        if token is not None:
            return token
    if _mdoc_text(body):
        return Kind.MDOC
    if links.link_block(body) is not None:
        return Kind.LINKS
    if links.looks_like_csv(body):
        return Kind.CSV
    return Kind.TEXT


def token_kind(text: str) -> Kind | None:
    """TOKEN for a compact JWS (an SD-JWT's issuer part included), JADES when its
    protected header is JAdES (`sigT` or `sigD`), None when the first part is not a JOSE
    header."""
    match = _COMPACT.fullmatch(text.strip().split("~", 1)[0])
    if match is None:
        return None
    encoded = match.group(1)
    header = _b64_json(encoded)
    if isinstance(header, dict):
        return Kind.JADES if _jades_header(header) and "~" not in text else Kind.TOKEN
    # '{"' encodes as 'eyJ': a header that says it is JSON and is damaged is a damaged token
    return Kind.TOKEN if encoded.startswith("eyJ") else None


def json_kind(value: Any) -> Kind:
    """What parsed JSON is: a credential (or a list with one), a format this version does
    not verify, or JSON with no mark of a credential."""
    if isinstance(value, list):
        return Kind.JSON_LIST if any(element_is_read(v) for v in value) else Kind.PLAIN_JSON
    if not isinstance(value, dict):
        return Kind.PLAIN_JSON
    if "@context" not in value:
        if "schema_id" in value or "cred_def_id" in value or (
                "requested_proof" in value and "identifiers" in value):
            return Kind.ANONCREDS
        jws = _jws_json_kind(value)
        if jws is not None:
            return jws
    return Kind.JSON if credential_like(value) else Kind.PLAIN_JSON


def element_is_read(value: Any) -> bool:
    """Whether an element of a JSON array is something the verifier reads (a credential
    object, a compact JWS) or a link intake fetches."""
    if isinstance(value, str):
        return token_kind(value) is Kind.TOKEN or links.is_link(value.strip())
    return isinstance(value, dict) and json_kind(value) is Kind.JSON


def credential_like(document: Mapping[str, Any]) -> bool:
    """The rule for JSON: an object is read as a credential when it carries any mark of
    one — a proof, issuer, credentialSubject, verifiableCredential, issuanceDate/validFrom,
    vc or vp member; an Open Badges 2.0 badge with a recipient; Blockcerts v1 members; or
    a @context or type naming a credential vocabulary (credential, presentation,
    assertion, badge, achievement, certificate, Blockcerts, 1EdTech)."""
    keys = set(document)
    if keys & _CREDENTIAL_MEMBERS or {"badge", "recipient"} <= keys \
            or {"document", "receipt"} <= keys or {"certificate", "assertion", "signature"} <= keys:
        return True
    words = [*_strings(document.get("@context")), *_strings(document.get("type")),
             *_strings(document.get("@type"))]
    return any(word in text.lower() for text in words for word in _CREDENTIAL_WORDS)


def is_mdoc(data: bytes) -> bool:
    """ISO/IEC 18013-5: CBOR IssuerSigned (issuerAuth, nameSpaces), a Document
    (docType, issuerSigned) or a DeviceResponse (documents). Decoded only when the key
    names are there."""
    if not data or not (0xA0 <= data[0] <= 0xBB or data[0] in (0xBF, 0xD8, 0xD9)) \
            or len(data) > MAX_DOCUMENT_BYTES \
            or not any(key in data[:HEAD] for key in _MDOC_KEYS):
        return False
    try:
        value = cbor2.loads(data)
    except (Exception, RecursionError, MemoryError):  # hostile CBOR: simply not an mdoc
        return False
    while isinstance(value, cbor2.CBORTag):
        value = value.value
    if not isinstance(value, dict):
        return False
    if "issuerAuth" in value or "nameSpaces" in value or "issuerSigned" in value:
        return True
    documents = value.get("documents")
    return isinstance(documents, list) and any(
        isinstance(d, dict) and ("issuerSigned" in d or "docType" in d) for d in documents)


_BASE64_TEXT = re.compile(r"[A-Za-z0-9_+/-]{16,}={0,2}")


def _mdoc_text(body: str) -> bool:
    """An mdoc sent as base64url (or base64) text, as wallets and test tools export it."""
    if len(body) > MAX_DOCUMENT_BYTES or not _BASE64_TEXT.fullmatch(body):
        return False
    padded = body.rstrip("=") + "=" * (-len(body.rstrip("=")) % 4)
    for decode in (base64.urlsafe_b64decode, base64.b64decode):
        try:
            if is_mdoc(decode(padded)):
                return True
        except (binascii.Error, ValueError):
            continue
    return False


def _is_office_zip(data: bytes) -> bool:
    """OOXML ([Content_Types].xml) or OpenDocument (a `mimetype` member saying so)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist()[:10_000])
            if "[Content_Types].xml" in names:
                return True
            if "mimetype" in names:
                info = package.getinfo("mimetype")
                if info.file_size <= 200:
                    return package.read(info).startswith(b"application/vnd.oasis.opendocument")
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError,
            EOFError, KeyError, zipfile.LargeZipFile):
        return False
    return False


def _json_text_kind(body: str) -> Kind:
    if len(body) > MAX_DOCUMENT_BYTES:
        return Kind.TOO_LARGE
    try:
        value = json.loads(body)
    except RecursionError:
        return Kind.BROKEN_JSON  # nested beyond any limit: refused (docs/intake.md)
    except ValueError:
        return Kind.BROKEN_JSON if _CREDENTIAL_MEMBER.search(body[:HEAD]) else Kind.TEXT
    if _deeper_than(value, MAX_JSON_DEPTH):
        return Kind.BROKEN_JSON
    return json_kind(value)


def _markup_kind(body: str) -> Kind:
    head = body[:HEAD].lower()
    if baked.is_svg(body):
        return Kind.BADGE_SVG if baked.has_badge_element(body) else Kind.IMAGE
    if "<html" in head[:4096] or head.startswith("<!doctype html"):
        return Kind.HTML
    if any(marker in head for marker in _EUROPEAN):
        return Kind.EDC_XML
    if head.startswith("<?xml") or re.match(r"<[A-Za-z_][\w.:-]*[\s>/]", body):
        return Kind.XML
    return Kind.TEXT


def _jws_json_kind(value: Mapping[str, Any]) -> Kind | None:
    signatures = value.get("signatures")
    if isinstance(signatures, list) and signatures and all(
            isinstance(s, dict) for s in signatures):
        headers = [s.get("protected") for s in signatures]
    elif "signature" in value and "protected" in value:
        headers = [value.get("protected")]
    else:
        return None
    decoded = [_b64_json(h) if isinstance(h, str) else None for h in headers]
    unsigned = [s.get("header") for s in (signatures if isinstance(signatures, list)
                                          else [value]) if isinstance(s, Mapping)]
    return Kind.JADES if any(_jades_header(h) for h in decoded) or any(
        isinstance(u, Mapping) and "etsiU" in u for u in unsigned) else Kind.JWS_JSON


def _jades_header(header: Any) -> bool:
    """A JOSE header of a JAdES signature: a signing time or a detached-content reference
    (ETSI TS 119 182-1)."""
    return isinstance(header, dict) and ("sigD" in header or "sigT" in header)


def _b64_json(encoded: str) -> Any:
    if len(encoded) > 64 * 1024:
        return None
    try:
        return json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (binascii.Error, ValueError, RecursionError):
        return None


def _strings(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str)]


def _deeper_than(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in
                         (node.values() if isinstance(node, dict) else node))
    return False
