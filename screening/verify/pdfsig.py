"""Signed PDF certificates (a diploma signed in Adobe's PAdES form): each signature's
integrity, the changes made after it, its timestamp and the signer's certificate.

Per signature, in order (details.proof is its index, details.signature its field name):

- `pdf_signature_intact`: the signed byte ranges hash to the digest the signature signs,
  and the signature over it verifies with the signer's certificate. A changed byte in the
  signed ranges, or a signature replaced by one the certificate did not make: failed, with
  the byte ranges it covers.
- `pdf_changes_after_signing`: what was appended after the signed revision is only what
  PDF allows to follow a signature (later signatures, form filling, validation data), as
  pyhanko's difference analysis decides. Anything else (a page rewritten in an editor): failed,
  with the byte range appended.
- `pdf_timestamp`: a timestamp token (RFC 3161) in the signature, if any, is intact and
  stamps this signature (n/a when there is none). Its time is then the signing time the
  certificate checks use; without one, the time the signer's computer claimed.
- `certificate_valid_at_signing`, `certificate_chain_trusted`: verify/keys/chain.py,
  against the certificate authorities on the trust list.

A PDF with no signature is `pdf_signed` indeterminate (unsupported): a PDF without a
digital signature or an attached credential cannot be verified (its attachments and links
are rows of their own, made at intake: ingest/pdf.py). Nothing here reaches the network:
revocation of the signer's certificate is not checked (docs/intake.md).
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from cryptography.utils import CryptographyDeprecationWarning

from screening.ingest.limits import MAX_PDF_BYTES, MAX_PDF_SIGNATURES
from screening.verify.keys.chain import certificate_names, chain_checks
from screening.verify.report import CheckResult, CredentialSummary, Status, not_understood
from screening.verify.trust import TrustList

with warnings.catch_warnings():  # pyhanko imports cryptography's deprecated DSA names
    warnings.simplefilter("ignore", CryptographyDeprecationWarning)
    from asn1crypto import cms
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel
    from pyhanko.sign.validation import generic_cms
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

log = logging.getLogger(__name__)
# pyhanko logs a suspicious later revision as an error with its traceback: here it is a
# finding about an upload (pdf_changes_after_signing fails), not a fault of the server
logging.getLogger("pyhanko.sign.diff_analysis").setLevel(logging.CRITICAL)

UNSIGNED_MESSAGE = ("A PDF without a digital signature or an attached credential cannot be "
                    "verified.")
# what may follow a signature: validation data and document timestamps, later signatures
# and form filling (ISO 32000-2 12.8.2.2; pyhanko's default difference policy)
_PERMITTED = ModificationLevel.FORM_FILLING


@dataclass(frozen=True)
class PdfVerification:
    checks: list[CheckResult]
    summary: CredentialSummary
    signed: bool
    signed_end: int = 0  # where the first signature's signed revision ends (its bytes)


def verify_pdf(data: bytes, *, trust: TrustList, now: datetime,
               found: Callable[[], tuple[int, list[str]]] = lambda: (0, [])
               ) -> PdfVerification:
    """The checks of a PDF's signatures. `found`: the attachments and links intake takes
    from it (named on the row of an unsigned PDF; read only then). Never raises on bad
    input."""
    parsed = CheckResult("document_parsed", Status.PASS, "The PDF was read.",
                         {"format": "pdf"})
    if len(data) > MAX_PDF_BYTES:
        return PdfVerification([replace(parsed, status=Status.INDETERMINATE, message="The "
                                        "PDF is larger than this version reads.")],
                               CredentialSummary(), False)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_regular_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError,
            RecursionError, OSError) as exc:
        log.info("PDF signatures unreadable: %s", exc)
        return PdfVerification([parsed, not_understood(
            "pdf_signed", "The PDF's signatures could not be read, so it cannot be checked.",
            "an unreadable PDF structure", reason=str(exc)[:300])], CredentialSummary(), False)
    if not signatures:
        return PdfVerification([parsed, _unsigned(*found())],
                               CredentialSummary(name="PDF document", types=("PDF",)), False)
    checks = [parsed, CheckResult("pdf_signed", Status.PASS,
                                  f"The PDF carries {len(signatures)} digital signature(s).",
                                  {"count": len(signatures)})]
    summary = CredentialSummary()
    for index, signature in enumerate(signatures[:MAX_PDF_SIGNATURES]):
        own, signer = _signature_checks(signature, index, len(data), trust, now)
        checks += own
        if index == 0 or not summary.issuer_name:
            summary = signer
    if len(signatures) > MAX_PDF_SIGNATURES:
        checks.append(not_understood("pdf_signed", f"The PDF carries more than "
                                     f"{MAX_PDF_SIGNATURES} signatures; the rest were not "
                                     "checked.", "a PDF with too many signatures",
                                     count=len(signatures)))
    return PdfVerification(checks, summary, True, _signed_end(signatures[0]))


def _unsigned(attachments: int, links: Sequence[str]) -> CheckResult:
    details: dict[str, Any] = {"attachments": attachments, "links": list(links)}
    if attachments:
        message = (f"The PDF is not signed; the {attachments} credential file(s) attached to "
                   "it are checked on their own rows.")
    elif links:
        message = (f"{UNSIGNED_MESSAGE} Its {len(links)} link(s) are checked on their own "
                   "rows.")
    else:
        message = UNSIGNED_MESSAGE
    return not_understood("pdf_signed", message, "a PDF without a digital signature",
                          **details)


def _signature_checks(signature: EmbeddedPdfSignature, index: int, size: int,
                      trust: TrustList, now: datetime
                      ) -> tuple[list[CheckResult], CredentialSummary]:
    scope = {"proof": index, "signature": str(signature.field_name)}
    try:
        certificate = signature.signer_cert
        others = list(signature.other_embedded_certs)
    except (SignatureValidationError, ValueError, KeyError) as exc:
        return [not_understood("pdf_signature_intact", "The signer's certificate is missing "
                               "from the signature, so it cannot be checked.",
                               "a signature without its certificate", reason=str(exc)[:300],
                               **scope)], CredentialSummary()
    names = certificate_names(certificate.dump())
    ranges = _ranges(signature)
    checks = [_integrity(signature, certificate, scope, ranges)]
    checks.append(_changes(signature, scope, ranges, size))
    timestamp, stamped_at = _timestamp(signature, scope, trust, now)
    checks.append(timestamp)
    claimed = _claimed_time(signature)
    signed_at = stamped_at or claimed
    chain = [certificate.dump(), *(c.dump() for c in others if c != certificate)]
    for check in chain_checks(trust, chain, signed_at=signed_at, now=now):
        checks.append(replace(check, details={**check.details, **scope}))
    name = names.get("organisation") or names.get("common_name") or names.get("subject")
    summary = CredentialSummary(
        name="Signed PDF", types=("PDF", "PAdES" if "ETSI" in _subfilter(signature)
                                  else "PDF signature"),
        issuer_id=names.get("subject"), issuer_name=name,
        valid_from=signed_at.isoformat() if signed_at else None,
        proof_suites=(_subfilter(signature),))
    return checks, summary


def _signed_end(signature: EmbeddedPdfSignature) -> int:
    """The end of the bytes a signature signs: its revision is what it vouches for."""
    try:
        return max((end for _, end in _ranges(signature)), default=0)
    except (ValueError, KeyError, TypeError, AttributeError):
        return 0


def _ranges(signature: EmbeddedPdfSignature) -> list[list[int]]:
    """The signed byte ranges as [start, end) pairs."""
    values = [int(v) for v in signature.byte_range]
    return [[values[i], values[i] + values[i + 1]] for i in range(0, len(values) - 1, 2)]


def _integrity(signature: EmbeddedPdfSignature, certificate: Any, scope: dict[str, Any],
               ranges: list[list[int]]) -> CheckResult:
    details = {**scope, "signed_byte_ranges": ranges, "digest": signature.md_algorithm}
    try:
        content_type = signature.signed_data["encap_content_info"]["content_type"].native
        intact, valid = generic_cms.validate_sig_integrity(
            signature.signer_info, certificate, content_type, signature.compute_digest())
    except (SignatureValidationError, ValueError, KeyError, NotImplementedError) as exc:
        return not_understood("pdf_signature_intact", "The PDF's signature uses a form or "
                              "algorithm this version cannot check.",
                              "a PDF signature algorithm", reason=str(exc)[:300], **details)
    if not intact:
        return CheckResult("pdf_signature_intact", Status.FAIL,
                           "The document was changed after it was signed: the signed bytes "
                           f"({_shown(ranges)}) no longer match the signature.",
                           {**details, "changed_byte_ranges": ranges})
    if not valid:
        return CheckResult("pdf_signature_intact", Status.FAIL,
                           "The signature was not made by the certificate it carries: it was "
                           "replaced or forged.", details)
    return CheckResult("pdf_signature_intact", Status.PASS, "The signature is intact: the "
                       "signed content is exactly what was signed.", details)


def _changes(signature: EmbeddedPdfSignature, scope: dict[str, Any],
             ranges: list[list[int]], size: int) -> CheckResult:
    signed_end = max(end for _, end in ranges) if ranges else 0
    appended = [[signed_end, size]] if size > signed_end else []
    details = {**scope, "signed_byte_ranges": ranges, "appended_byte_ranges": appended}
    try:
        signature.compute_integrity_info()  # type: ignore[no-untyped-call]
        coverage, result = signature.coverage, signature.diff_result
    except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError,
            AttributeError, IndexError, RecursionError) as exc:
        return not_understood("pdf_changes_after_signing", "What was added to the PDF after "
                              "it was signed could not be analysed.",
                              "a PDF's later revisions", reason=str(exc)[:300], **details)
    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return CheckResult("pdf_changes_after_signing", Status.PASS,
                           "Nothing was added to the PDF after it was signed.", details)
    if coverage is None or coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        return CheckResult("pdf_changes_after_signing", Status.FAIL,
                           "The signature does not cover the document it is in: content "
                           f"outside the signed bytes ({_shown(ranges)}) is shown.",
                           {**details, "coverage": getattr(coverage, "name", None),
                            "changed_byte_ranges": _unsigned_ranges(ranges, size)})
    level = result.modification_level if isinstance(result, DiffResult) else \
        ModificationLevel.OTHER
    details = {**details, "modification_level": level.name,
               "reason": str(result)[:300] if not isinstance(result, DiffResult) else None}
    docmdp = signature.docmdp_level
    if level.value > _PERMITTED.value or (docmdp is not None and level.value > docmdp.value):
        return CheckResult("pdf_changes_after_signing", Status.FAIL,
                           "The document was changed after it was signed: bytes "
                           f"{_shown(appended)} were added and alter its content.",
                           {**details, "changed_byte_ranges": appended})
    return CheckResult("pdf_changes_after_signing", Status.PASS,
                       "Only what PDF allows after a signature (later signatures, form "
                       "filling, validation data) was added after signing.", details)


def _unsigned_ranges(ranges: list[list[int]], size: int) -> list[list[int]]:
    """The byte ranges of the file no signed range covers (the /Contents hole included)."""
    gaps, position = [], 0
    for start, end in sorted(ranges):
        if start > position:
            gaps.append([position, start])
        position = max(position, end)
    if position < size:
        gaps.append([position, size])
    return gaps


def _shown(ranges: list[list[int]]) -> str:
    return ", ".join(f"{start:,}–{end:,}" for start, end in ranges[:4]) or "none"


def _timestamp(signature: EmbeddedPdfSignature, scope: dict[str, Any], trust: TrustList,
               now: datetime) -> tuple[CheckResult, datetime | None]:
    try:
        tokens = list(generic_cms.extract_tst_data_iter(signature.signer_info, signed=False))
    except (ValueError, KeyError, TypeError) as exc:
        return not_understood("pdf_timestamp", "The signature's timestamp could not be read.",
                              "a timestamp token", reason=str(exc)[:300], **scope), None
    if not tokens:
        return CheckResult("pdf_timestamp", Status.NA, "The signature carries no timestamp; "
                           "the signing time is what the signer's computer said.",
                           scope), None
    token: cms.SignedData = tokens[0]
    try:
        return _token_check(token, signature, scope, trust, now)
    except (SignatureValidationError, ValueError, KeyError, TypeError, AttributeError,
            NotImplementedError) as exc:
        return not_understood("pdf_timestamp", "The signature's timestamp could not be "
                              "checked.", "a timestamp token", reason=str(exc)[:300],
                              **scope), None


def _token_check(token: cms.SignedData, signature: EmbeddedPdfSignature,
                 scope: dict[str, Any], trust: TrustList, now: datetime
                 ) -> tuple[CheckResult, datetime | None]:
    info = token["encap_content_info"]["content"].parsed
    stamped_at: datetime = info["gen_time"].native
    imprint = info["message_imprint"]
    algorithm = imprint["hash_algorithm"]["algorithm"].native
    expected = hashlib.new(algorithm, signature.signer_info["signature"].native).digest()
    tsa = generic_cms.extract_certs_for_validation(token).signer_cert
    signer_info = token["signer_infos"][0]
    digest_algorithm = signer_info["digest_algorithm"]["algorithm"].native
    content = token["encap_content_info"]["content"].contents
    intact, valid = generic_cms.validate_sig_integrity(
        signer_info, tsa, "tst_info", hashlib.new(digest_algorithm, content).digest())
    details = {**scope, "stamped_at": stamped_at.isoformat(),
               "authority": certificate_names(tsa.dump()).get("subject")}
    if imprint["hashed_message"].native != expected or not (intact and valid):
        return CheckResult("pdf_timestamp", Status.FAIL, "The signature's timestamp does not "
                           "match the signature: it was altered or taken from another "
                           "document.", details), None
    chain = [tsa.dump(), *(c.chosen.dump() for c in token["certificates"]
                           if c.name == "certificate" and c.chosen != tsa)]
    trusted = chain_checks(trust, chain, signed_at=stamped_at, now=now)[1]
    if trusted.status is not Status.PASS:  # anyone can stamp: the time is only claimed
        return CheckResult("pdf_timestamp", Status.INDETERMINATE, f"Timestamped "
                           f"{stamped_at:%Y-%m-%d} by {details['authority']}, which is not on "
                           "your list of certificate authorities.",
                           {**details, "authority_trusted": False}), None
    return CheckResult("pdf_timestamp", Status.PASS, f"Timestamped {stamped_at:%Y-%m-%d} "
                       f"by {details['authority']}.", {**details, "authority_trusted": True}
                       ), stamped_at


def _claimed_time(signature: EmbeddedPdfSignature) -> datetime | None:
    try:
        return signature.self_reported_timestamp
    except (ValueError, KeyError, TypeError, PdfError):
        return None


def _subfilter(signature: EmbeddedPdfSignature) -> str:
    value = signature.sig_object.get("/SubFilter")
    return str(value).lstrip("/") if value is not None else "PDF signature"
