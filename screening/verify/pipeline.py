"""Run the named checks over one document and build its VerificationReport.

`verify` never raises on bad input: every problem becomes a failed or
indeterminate check, and the verdict is derived from the checks.
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from screening.fetch.seeds import CachingFetcher, Fetcher, FetchError, no_network
from screening.ingest import baked, kinds
from screening.ingest.items import OVER_LIMIT, IntakeError
from screening.ingest.kinds import Kind
from screening.ingest.limits import MAX_DOCUMENT_BYTES, MAX_JSON_DEPTH
from screening.verify import budget, datamodel, edc, elm, formats, mdoc, ob2, structure
from screening.verify.dates import DEFAULT_SKEW, validity_check
from screening.verify.jose import jades, sdjwt, vcjwt
from screening.verify.jose.jws import CompactJws, JoseError, parse_compact
from screening.verify.jsonld.dataloss import DataLossError
from screening.verify.jsonld.processing import (
    CanonicalizationError,
    ContextStore,
    Revision,
    UnknownContextError,
    context_urls,
)
from screening.verify.jsonparse import loads_strict, too_deep
from screening.verify.keys.testkeys import test_key_check
from screening.verify.proofs.dataintegrity import (
    ProofContext,
    ProofOutcome,
    proofs_of,
    suite_name,
    verify_proof,
)
from screening.verify.proofs.inputs import unsecured_document
from screening.verify.reach import answered, unreachable_check
from screening.verify.recipient import Candidate, recipient_check
from screening.verify.report import (
    CheckResult,
    CredentialSummary,
    Status,
    Verdict,
    VerificationReport,
    not_understood,
)
from screening.verify.status import tokenstatus
from screening.verify.status.bitstring import StatusChecker
from screening.verify.status.decoded import DecodedCache
from screening.verify.trust import TrustList, impersonation_check, trust_check

if TYPE_CHECKING:  # (pyhanko loads only when a PDF comes)
    from screening.verify.pdfsig import PdfVerification

log = logging.getLogger(__name__)

MAX_CREDENTIALS_PER_PRESENTATION = 200
_COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$")
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
_default_store: ContextStore | None = None


def bundled_contexts() -> ContextStore:
    """The process-wide store of bundled contexts (its caches are shared on purpose)."""
    global _default_store
    if _default_store is None:
        _default_store = ContextStore.bundled()
    return _default_store


@dataclass
class Environment:
    """Everything from outside that verification depends on."""

    now: datetime
    loader: ContextStore
    fetcher: Fetcher
    trust: TrustList
    skew: timedelta = DEFAULT_SKEW
    status_checker: StatusChecker | None = None  # revocation; None = not checked
    decoded: DecodedCache = field(default_factory=DecodedCache)  # the run's decoded lists
    candidate: Candidate | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def verify(
    document: Any,
    *,
    now: datetime,
    loader: ContextStore | None = None,
    fetcher: Fetcher | None = None,
    trust: TrustList | None = None,
    skew: timedelta = DEFAULT_SKEW,
    label: str | None = None,
    candidate: Candidate | None = None,
    decoded: DecodedCache | None = None,
) -> VerificationReport:
    """Verify a credential or presentation given as bytes, text or parsed JSON.

    `candidate`, when given, is whom the credential should belong to (recipient binding).
    `decoded`: the run's cache of decoded status lists (a run passes one to every
    credential it verifies; by default this call has its own).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")  # a caller bug, not bad input
    env = Environment(
        now=now,
        loader=loader or bundled_contexts(),
        fetcher=CachingFetcher(budget.BudgetedFetcher(fetcher or no_network)),
        trust=trust if trust is not None else TrustList(),  # (a list of only CAs is falsy)
        skew=skew,
        candidate=candidate,
        decoded=decoded if decoded is not None else DecodedCache(),
    )
    env.status_checker = _status_checker(env)
    label = label or "credential"
    own = budget.new_budget()  # its own figures, capped by what its upload has left
    outermost = budget.current() is None
    try:
        with budget.active(own):
            return _named(document, label) or _verify_any(document, env, label)
    except budget.BudgetExceeded as exc:
        if exc.code == budget.UPLOAD:
            return upload_budget_report(label, **exc.details)
        return budget_report(label, exc.code, exc.message, **exc.details)
    except MemoryError:
        return budget_report(label, budget.MEMORY, "Checking this credential needed more "
                             "memory than allowed; it was stopped.")
    except Exception as exc:  # a verifier bug gives a clear row, never a false "forged"
        log.exception("verifier error on %s", label)
        return _report(label, "unknown", "unknown", [not_understood(
            "verifier_error",
            "This credential could not be checked because of an internal error; nothing "
            "is known to be wrong with it.", "an internal error of the verifier",
            error=type(exc).__name__, reason=str(exc)[:300])])
    finally:
        if outermost:  # what it spent, a failure included, is charged to its upload
            budget.record(own)


def _verify_any(document: Any, env: Environment, label: str) -> VerificationReport:
    if isinstance(document, bytes) and kinds.binary_kind(document) is Kind.PDF:
        return _verify_pdf(document, env, label)
    parsed, fmt, problem = parse_document(document)
    if problem is not None:
        return _report(label, "unknown", fmt, [problem])
    parsed_check = CheckResult("document_parsed", Status.PASS, "The file was read.",
                               {"format": fmt})
    if fmt == "jades" or (fmt == "vc-jwt" and jades.is_jades_compact(parsed)):
        return _verify_jades(parsed, env, label)
    if fmt == "mdoc" and kinds.is_mdoc(mdoc.raw_bytes(document)):  # (else: named below,
        return _verify_mdoc(document, env, label)  # CBOR that only carries mdoc's words)
    if fmt == "vc-jwt":
        return _verify_jwt(parsed, env, label)
    if fmt == "sd-jwt":
        return _verify_sd_jwt(parsed, env, label)
    if fmt == "ob2":
        return _verify_ob2(parsed, env, label)
    if fmt in ("png", "svg"):
        return _verify_baked(parsed, fmt, env, label)
    if fmt != "json":
        return _report(label, "credential", fmt, [parsed_check, _unsupported_format(fmt)])
    if structure.is_presentation(parsed):
        return _verify_presentation(parsed, env, label, parsed_check)
    if isinstance(parsed, dict) and structure.types_of(parsed) == ["EnvelopedVerifiableCredential"]:
        return _verify_enveloped(parsed, env, label)
    return _verify_credential(parsed, env, label, parsed_check)


def _named(document: Any, label: str) -> VerificationReport | None:
    """The report of an uploaded document whose kind (ingest/kinds.py) this version does
    not verify: a named `unsupported` format, or not a credential at all. None when it is
    something the verifier reads (its own checks then decide, `failed` included).
    Only for what was uploaded: what a presentation or a baked image holds is read as a
    credential whatever it looks like."""
    if isinstance(document, dict) and _json_format(document) != "json":
        return None  # OB 2.0, Blockcerts ...: the verifier's own formats
    kind = kinds.detect_value(document)
    if kind in kinds.READ or kind is Kind.PDF:  # (a PDF's signatures: _verify_pdf)
        return None
    if kind in (Kind.BINARY, Kind.TEXT, Kind.PLAIN_JSON) and \
            parse_document(document)[1] in _OWN_FORMATS:
        return None  # COSE, a token status list, base64 mdoc, OB 2.0, Blockcerts: named below
    what = kinds.describe(kind)
    if kind in kinds.NOT_A_CREDENTIAL:
        return _report(label, "not_a_credential", str(kind), [_read(kind), not_understood(
            "credential_present", what.message, what.name, format=str(kind))])
    return _report(label, "credential", str(kind), [_read(kind), not_understood(
        "format_supported", what.message, what.name, format=str(kind))])


_OWN_FORMATS = frozenset({"cose", "mdoc", "token-status-list", "blockcerts", "ob2", "jades"})


def _read(kind: Kind) -> CheckResult:
    return CheckResult("document_parsed", Status.PASS, "The file was read.",
                       {"format": str(kind)})


_FORMAT_NAMES = {"vc-jwt": "VC-JWT", "ob2": "Open Badges 2.0", **formats.NAMES}
# baked PNG/SVG are unpacked, never named here


def _unsupported_format(fmt: str) -> CheckResult:
    name = _FORMAT_NAMES.get(fmt, fmt)
    reason = f" ({formats.REASONS[fmt]})" if fmt in formats.REASONS else ""
    return not_understood("format_supported",
                          f"{name} cannot be verified by this version{reason}; it is listed "
                          "but never counted.", name, format=fmt)


def parse_document(document: Any) -> tuple[Any, str, CheckResult | None]:
    """(parsed JSON or None, detected format, failed check or None)."""
    if isinstance(document, dict):
        if not_json_numbers(document):
            return None, "unknown", _parse_fail("NaN and Infinity are not JSON numbers")
        return document, _json_format(document), None
    if isinstance(document, bytes):
        if baked.is_png(document):
            return document, "png", None
        if len(document) > MAX_DOCUMENT_BYTES:
            return None, "unknown", _parse_fail("the file is larger than the limit",
                                                size=len(document))
        binary = formats.binary_format(document)
        if binary is not None:
            return None, binary, None
        try:
            document = document.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None, "unknown", _parse_fail("the file is not text")
    if not isinstance(document, str):
        return None, "unknown", _parse_fail("not a document")
    if len(document) > MAX_DOCUMENT_BYTES:
        return None, "unknown", _parse_fail("the text is larger than the limit")
    text = document.strip()
    if not text:
        return None, "unknown", _parse_fail("the file is empty")
    if text[0] in "{[":
        try:
            parsed = loads_strict(text)
        except RecursionError:
            return None, "unknown", _parse_fail("the JSON is nested too deeply")
        except json.JSONDecodeError as exc:
            return None, "unknown", _parse_fail(f"invalid JSON: {exc.msg} at line {exc.lineno}")
        if not isinstance(parsed, dict):
            return None, "unknown", _parse_fail("a credential must be a JSON object")
        if too_deep(text, parsed, MAX_JSON_DEPTH):
            return None, "unknown", _parse_fail("the JSON is nested too deeply")
        return parsed, _json_format(parsed), None
    if baked.is_svg(text):
        return text, "svg", None
    if "~" in text and _COMPACT_JWS.match(text.split("~", 1)[0]):
        return text, "sd-jwt", None
    if _COMPACT_JWS.match(text):
        return text, "vc-jwt", None
    if text.startswith(("0oR", "2D")) and _BASE64.fullmatch(text):  # base64 of CBOR tag 18
        # (COSE_Sign1)
        return None, "cose", None
    encoded = formats.encoded_binary_format(text)
    if encoded is not None:
        return None, encoded, None
    return None, "unknown", _parse_fail("the file is not a credential format we recognise")


def not_json_numbers(value: Any) -> bool:
    """True when parsed JSON holds NaN or an infinity (which JSON cannot express)."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, float) and not math.isfinite(node):
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def upload_budget_report(label: str, **details: Any) -> VerificationReport:
    """The row of a document not checked because its upload's budget ran out (issue 28):
    indeterminate (`unsupported`), never failed — nothing is known against it."""
    return _report(label, "unknown", "unknown", [CheckResult(
        budget.UPLOAD, Status.INDETERMINATE, budget.UPLOAD_MESSAGE,
        {"budget_code": budget.UPLOAD, **details})])


def budget_report(label: str, code: str, message: str, **details: Any) -> VerificationReport:
    """The row of a document that exceeded its budget or a cap (budget.py): not checked to
    the end, so undecided — `unsupported`, never `failed`: a huge or slow credential is no
    evidence of a forgery (a hostile one still counts against its upload, `budget.costly`)."""
    return _report(label, "unknown", "unknown", [not_understood(
        budget.CHECK_CODE, message, f"a document beyond the limit ({code})",
        budget_code=code, **details)])


def _verify_baked(image: bytes | str, fmt: str, env: Environment,
                  label: str) -> VerificationReport:
    """A badge baked into a PNG/SVG: extract it (fetching it when the image only holds its
    URL), then verify what was found exactly as if it had been uploaded on its own."""
    try:
        found = baked.extract_png(image) if isinstance(image, bytes) else \
            baked.extract_svg(image)
    except IntakeError as exc:
        return _report(label, "unknown", fmt, [_parse_fail(exc.message, intake_code=exc.code)])
    content: bytes | str = found.text
    if found.is_link:
        try:
            content = env.fetcher(found.text).content
        except FetchError as exc:
            if exc.unreachable:  # nothing was read, nothing is known to be wrong
                return _report(label, "unknown", fmt, [unreachable_check(
                    "document_parsed", f"the badge's hosted assertion ({found.text})", exc,
                    link=found.text)])
            if exc.status == 404:  # OB 2.0: the issuer no longer publishes it (not revoked)
                return _report(label, "unknown", fmt, [CheckResult(
                    "document_parsed", Status.INDETERMINATE,
                    f"The issuer no longer publishes this badge ({answered(exc)}); ask the "
                    "issuer or the candidate.", {"link": found.text, **exc.details()})])
            return _report(label, "unknown", fmt, [_parse_fail(
                f"the badge's hosted assertion could not be fetched ({answered(exc)})",
                link=found.text, **exc.details())])
    if parse_document(content)[1] in ("png", "svg"):
        return _report(label, "unknown", fmt, [_parse_fail("an image baked inside an image")])
    inner = _verify_any(content, env, label)
    container = {"container": fmt, "baked_spec": found.spec}
    checks = list(inner.checks)
    if checks and checks[0].code == "document_parsed":
        checks[0] = replace(checks[0], details={**checks[0].details, **container})
    return replace(inner, format=f"{fmt}:{inner.format}", checks=tuple(checks))


def _verify_pdf(data: bytes, env: Environment, label: str) -> VerificationReport:
    """A PDF certificate's signatures (verify/pdfsig.py). Its attachments and links are
    rows of their own (ingest/pdf.py); an unsigned PDF's row names how many there are."""
    from screening.ingest import pdf  # (pypdf and pyhanko load only when a PDF comes)
    from screening.verify import pdfsig

    def found() -> tuple[int, list[str]]:
        try:
            contents = pdf.read_pdf(data, images=False)
        except IntakeError:
            return 0, []
        return len(contents.attachments), contents.links

    problem = pdf.structure_problem(data)  # (pyhanko reads only what pypdf could, in limits)
    if problem is not None and problem.code in OVER_LIMIT:
        return budget_report(label, problem.code, problem.message, intake_code=problem.code)
    if problem is not None:  # encrypted, or a structure pypdf cannot read: named
        return _report(label, "credential", "pdf", [_read(Kind.PDF), not_understood(
            "format_supported", problem.message, problem.code, intake_code=problem.code)])
    result = pdfsig.verify_pdf(data, trust=env.trust, now=env.now, found=found)
    return _report(label, "credential", "pdf", result.checks, summary=result.summary,
                   document=_signed_words(data, result))


def _signed_words(data: bytes, result: PdfVerification) -> dict[str, Any] | None:
    """What a signed PDF says, read from the revision its first signature signs (never
    from what was added later), as a document the skill extraction reads: the signed
    words evidence skills as a credential's description does. None when unsigned."""
    from screening.ingest import pdf

    if not result.signed or not result.signed_end:
        return None
    lines = (" ".join(line.split()) for line in pdf.text_of(data[:result.signed_end])
             .splitlines())
    words = " · ".join(line for line in lines if line)
    if not words:
        return None
    document: dict[str, Any] = {"type": ["SignedPDF"], "description": words}
    if result.summary.valid_from:
        document["validFrom"] = result.summary.valid_from
    return document


def _json_format(parsed: dict[str, Any]) -> str:
    named = formats.json_format(parsed)
    if named is not None:
        return named
    contexts = structure.as_list(parsed.get("@context"))
    if any(isinstance(c, str) and "openbadges" in c and "w3id.org" in c for c in contexts) \
            or structure.types_of(parsed) in (["Assertion"], ["BadgeClass"], ["Issuer"]):
        return "ob2"
    return "json"


def _parse_fail(reason: str, **details: Any) -> CheckResult:
    return CheckResult("document_parsed", Status.FAIL,
                       "The file could not be read as a credential.",
                       {"reason": reason, **details})


def _verify_credential(
    doc: dict[str, Any], env: Environment, label: str, parsed_check: CheckResult
) -> VerificationReport:
    checks = [parsed_check,
              CheckResult("format_supported", Status.PASS, "JSON-LD verifiable credential.",
                          {"format": "vc-ld"}),
              structure.credential_structure(doc),
              structure.open_badge_structure(doc)]
    checks += _linked_data_and_proofs(doc, env, "assertionMethod", structure.issuer_id(doc))
    checks.append(validity_check(doc, env.now, env.skew))
    checks.append(_status_check(doc, env))
    checks += datamodel.checks(doc, env.fetcher)
    checks += _holder_checks(doc, env, checks)
    suites = tuple(suite_name(p) for p in proofs_of(doc))
    return _report(label, "credential", "vc-ld", checks, structure.summarize(doc, suites),
                   document=doc)


def _verify_presentation(
    doc: dict[str, Any], env: Environment, label: str, parsed_check: CheckResult
) -> VerificationReport:
    checks = [parsed_check,
              CheckResult("format_supported", Status.PASS, "Verifiable presentation.",
                          {"format": "vp"}),
              structure.presentation_structure(doc)]
    holder = doc.get("holder")
    holder = holder.get("id") if isinstance(holder, dict) else holder
    if proofs_of(doc):
        checks += _linked_data_and_proofs(doc, env, "authentication", holder)
    else:
        checks += _linked_data_checks(doc, env.loader)[0]
        checks.append(CheckResult(
            "proof_present", Status.NA,
            "The presentation itself is not signed; each credential in it is checked "
            "on its own.", {}))
    items = structure.as_list(doc.get("verifiableCredential"))[:MAX_CREDENTIALS_PER_PRESENTATION]
    inner = tuple(_verify_any(item, env, f"{label} [{i + 1}]")
                  for i, item in enumerate(items) if isinstance(item, dict | str))
    checks.append(enclosed_check(inner))
    return _report(label, "presentation", "vp", checks, credentials=inner)


def _verify_jwt(token: str, env: Environment, label: str) -> VerificationReport:
    """A VC-JWT: header, claims, key and signature, then the credential's own checks."""
    try:
        jws = parse_compact(token)
    except JoseError as exc:
        return _report(label, "credential", "vc-jwt", [_parse_fail(str(exc))])
    checks = [CheckResult("document_parsed", Status.PASS, "The token was read.",
                          {"format": "vc-jwt"})]
    payload = jws.payload
    named = formats.jwt_format(jws.header, payload)
    if named is not None:
        return _report(label, "credential", named, [
            CheckResult("document_parsed", Status.PASS, "The token was read.", {"format": named}),
            _unsupported_format(named)])
    if _json_format(payload) == "ob2" or ("badge" in payload and "recipient" in payload):
        return _verify_ob2(payload, env, label, jws)
    if jws.header.get("typ") in ("vp+jwt", "application/vp+jwt") or (
            "vp" in payload and "vc" not in payload and "@context" not in payload):
        return _verify_jwt_presentation(jws, env, label, checks)
    checks.append(CheckResult("format_supported", Status.PASS, "VC-JWT credential.",
                              {"format": "vc-jwt"}))
    checks.append(vcjwt.header_check(jws.header))
    document, claims_check = vcjwt.credential_from_claims(payload, jws.header)
    checks.append(claims_check)
    if document is None:
        return _report(label, "credential", "vc-jwt", checks)
    issuer = structure.issuer_id(document)
    checks += [structure.credential_structure(document), structure.open_badge_structure(document),
               CheckResult("proof_present", Status.PASS, "The credential is a signed token.", {})]
    checks += _token_proof_checks(jws, issuer, env)
    checks.append(validity_check(vcjwt.dated_document(document, payload), env.now, env.skew))
    checks.append(_status_check(document, env))
    checks += datamodel.checks(document, env.fetcher)
    checks += _holder_checks(document, env, checks)
    summary = structure.summarize(document, (f"VC-JWT/{jws.alg}",))
    return _report(label, "credential", "vc-jwt", checks, summary, document=document)


def _verify_jades(value: str | dict[str, Any], env: Environment, label: str,
                  detached: dict[str, bytes] | None = None) -> VerificationReport:
    """A JAdES-sealed document (a European Digital Credential): the seal over the exact
    payload, the sealing certificate and its chain (verify/edc.py), then the credential's
    own checks. JSON-LD is not processed: the seal signs bytes (the ELM context is not in
    the bundled set; docs/verification.md)."""
    try:
        sealed = jades.parse(value)
    except jades.JadesError as exc:
        return _report(label, "credential", "jades", [_parse_fail(str(exc))])
    document = sealed.payload_json()
    edc_payload = elm.is_elm(document)
    fmt = "edc-jades" if edc_payload else "jades"
    checks = [CheckResult("document_parsed", Status.PASS, "The sealed document was read.",
                          {"format": fmt, "form": sealed.form}),
              CheckResult("format_supported", Status.PASS,
                          "European Digital Credential sealed with JAdES." if edc_payload
                          else "Document sealed with JAdES.", {"format": fmt}),
              CheckResult("proof_present", Status.PASS, "The document carries a JAdES seal.",
                          {"count": len(sealed.signatures)})]
    seal = edc.seal_checks(sealed, env.trust, env.now, detached)
    checks += seal.checks
    if document is None and sealed.payload_bytes() is not None:
        checks.insert(1, _parse_fail("the sealed payload is not a JSON object"))
    if not isinstance(document, dict):  # detached: the seal alone was uploaded
        return _report(label, "credential", fmt, checks)
    checks += [structure.credential_structure(document),
               validity_check(document, env.now, env.skew), _status_check(document, env)]
    holder = _holder_checks(document, env, checks, issuer_name=_elm_issuer(document))
    holder = [edc.issuer_check(seal, c) if c.code == "issuer_trusted" else c for c in holder]
    checks += holder
    summary = structure.summarize(document, (f"JAdES/{sealed.signatures[0].header.get('alg')}",))
    facts = elm.read(document)
    if facts is not None:
        summary = replace(summary, name=summary.name or facts.title,
                          issuer_name=summary.issuer_name or facts.awarding_body)
    return _report(label, "credential", fmt, checks, summary, document=document)


def _elm_issuer(document: dict[str, Any]) -> str | None:
    facts = elm.read(document)
    return structure.issuer_name(document) or (facts.awarding_body if facts else None)


def _verify_mdoc(document: Any, env: Environment, label: str) -> VerificationReport:
    """An ISO/IEC 18013-5 mdoc (IssuerSigned, Document or DeviceResponse): verify/mdoc.py;
    its disclosed elements become the credential the matcher reads."""
    data = mdoc.raw_bytes(document)
    result = mdoc.verify_mdoc(data, trust=env.trust, now=env.now, skew=env.skew)
    checks = list(result.checks)
    if result.document is not None:
        checks += _holder_checks(result.document, env, checks,
                                 issuer_name=result.summary.issuer_name)
        if result.seal is not None:
            checks = [edc.issuer_check(result.seal, c) if c.code == "issuer_trusted" else c
                      for c in checks]
    return _report(label, "credential", "mdoc", checks, result.summary,
                   document=result.document)


def _verify_ob2(assertion: dict[str, Any], env: Environment, label: str,
                jws: CompactJws | None = None) -> VerificationReport:
    """An Open Badges 2.0 assertion, verified as hosted or signed as it declares."""
    fmt = "ob2-signed" if jws is not None else "ob2"
    checks = [CheckResult("document_parsed", Status.PASS, "The badge was read.", {"format": fmt}),
              CheckResult("format_supported", Status.PASS, "Open Badges 2.0 assertion.",
                          {"format": fmt}),
              ob2.structure_check(assertion)]
    summary = CredentialSummary(id=assertion.get("id") if isinstance(assertion.get("id"), str)
                                else None, types=("Assertion",), proof_suites=(fmt,),
                                data_model="ob-2.0")
    if checks[-1].status is Status.FAIL:
        return _report(label, "credential", fmt, checks, summary)
    try:
        linked = ob2.linked_documents(assertion, env.fetcher)
    except ob2.Ob2Error as exc:  # indeterminate when a linked document was unreachable
        checks.append(exc.check("ob2_badge_class",
                                "The badge's description or issuer could not be found."))
        return _report(label, "credential", fmt, checks, summary)
    issuer_id = linked.issuer["id"]
    summary = replace(summary, name=structure.display_text(linked.badge.get("name")),
                      issuer_id=issuer_id,
                      issuer_name=structure.display_text(linked.issuer.get("name")))
    checks.append(CheckResult("ob2_badge_class", Status.PASS,
                              "The badge class and its issuer were found.",
                              {"issuer": issuer_id}))
    methods = ob2.verification_types(assertion.get("verification"))
    method = methods[0] if len(methods) == 1 else methods
    if ob2.SIGNED & set(methods) and jws is not None:
        proof_checks, status = ob2.signed_checks(jws, assertion, linked, env.fetcher)
    elif ob2.HOSTED & set(methods):
        proof_checks, status = ob2.hosted_checks(assertion, linked, env.fetcher)
    elif ob2.SIGNED & set(methods):
        proof_checks = [CheckResult(
            "proof_present", Status.INDETERMINATE,
            "A signed badge can only be checked from its signed form (the token).",
            {"verification": method})]
        status = CheckResult("credential_status", Status.NA, "Not checked.", {})
    else:
        what = "Open Badges 2.0 verification " + (", ".join(methods) or "(none given)")
        proof_checks = [not_understood(
            "proof_suite_supported", f"The badge uses {what}, which this version cannot "
            "check.", what, verification=method)]
        status = CheckResult("credential_status", Status.NA, "Not checked.", {})
    failed = any(c.status is Status.FAIL for c in proof_checks)
    undecided = any(c.status is Status.INDETERMINATE and c.code != "issuer_controls_key"
                    for c in proof_checks)
    checks += [*proof_checks, CheckResult(
        "proof_verified",
        Status.FAIL if failed else Status.INDETERMINATE if undecided else Status.PASS,
        "The badge could not be confirmed with its issuer." if failed
        else "The badge could not be checked." if undecided
        else "The issuer confirms this badge.", {"verification": method})]
    dates = {"validFrom": ob2.datetime_text(assertion.get("issuedOn")),
             "validUntil": ob2.datetime_text(assertion.get("expires"))}
    checks.append(validity_check({k: v for k, v in dates.items() if v is not None}, env.now,
                                 env.skew))
    checks.append(status)
    checks += _holder_checks(assertion, env, checks, issuer_id, summary.issuer_name)
    resolved = {**assertion, "badge": {**linked.badge, "issuer": linked.issuer}}
    return _report(label, "credential", fmt, checks, summary, document=resolved)


def _verify_jwt_presentation(
    jws: CompactJws, env: Environment, label: str, checks: list[CheckResult]
) -> VerificationReport:
    """A VP-JWT: the holder's signature over the presentation, then each credential."""
    claims: dict[str, Any] = jws.payload or {}
    wrapped = claims.get("vp")
    payload: dict[str, Any] = wrapped if isinstance(wrapped, dict) else claims
    checks = [*checks,
              CheckResult("format_supported", Status.PASS, "VP-JWT presentation.",
                          {"format": "vp-jwt"}),
              vcjwt.header_check(jws.header),
              structure.presentation_structure(payload)]
    return _token_presentation(jws, payload, env, label, "vp-jwt", checks)


def _token_presentation(jws: CompactJws, presentation: dict[str, Any], env: Environment,
                        label: str, fmt: str, checks: list[CheckResult]) -> VerificationReport:
    """A token-secured presentation after its own format checks: the holder's signature,
    the token's dates, then each credential it holds."""
    holder = presentation.get("holder") or jws.payload.get("iss")
    holder = holder.get("id") if isinstance(holder, dict) else holder
    checks = [*checks, *_token_proof_checks(jws, holder if isinstance(holder, str) else None,
                                            env),
              validity_check(vcjwt.dated_document({}, jws.payload), env.now, env.skew)]
    items = structure.as_list(presentation.get("verifiableCredential"))
    inner = tuple(_verify_any(item, env, f"{label} [{i + 1}]")
                  for i, item in enumerate(items[:MAX_CREDENTIALS_PER_PRESENTATION])
                  if isinstance(item, dict | str))
    checks.append(enclosed_check(inner))
    return _report(label, "presentation", fmt, checks, credentials=inner)


def enclosed_check(inner: tuple[VerificationReport, ...]) -> CheckResult:
    """The presentation's summary of the credentials it holds: it never reads as verified
    while one of them failed or could not be checked. Each credential keeps its own
    report (and verdict) in `VerificationReport.credentials`."""
    verdicts = [str(r.verdict) for r in inner]
    details = {"verdicts": verdicts, "labels": [r.label for r in inner]}
    if not inner:
        return CheckResult("enclosed_credentials", Status.NA,
                           "The presentation holds no credential.", details)
    failed = verdicts.count(str(Verdict.FAILED))
    if failed:
        return CheckResult("enclosed_credentials", Status.FAIL,
                           f"{failed} of the {len(inner)} credentials in the presentation "
                           "failed verification.", details)
    if any(v != str(Verdict.VERIFIED) for v in verdicts):
        return CheckResult("enclosed_credentials", Status.INDETERMINATE,
                           "Some credentials in the presentation need attention or could not "
                           "be checked; see each credential.", details)
    return CheckResult("enclosed_credentials", Status.PASS,
                       "Every credential in the presentation is verified.", details)


def _verify_sd_jwt(text: str, env: Environment, label: str) -> VerificationReport:
    """An SD-JWT: the issuer's signature, every disclosure, the optional key binding, then
    the disclosed claims as a credential (verify/jose/sdjwt.py). An IETF SD-JWT VC (`vct`) or a
    W3C VC-JOSE-COSE `vc+sd-jwt` (a VC whose claims are selectively disclosable)."""
    try:
        sd = sdjwt.parse(text)
    except sdjwt.SdJwtError as exc:
        return _report(label, "credential", "sd-jwt", [_parse_fail(str(exc))])
    header, payload = sd.issuer_jws.header, sd.issuer_jws.payload
    parsed = CheckResult("document_parsed", Status.PASS, "The token was read.",
                         {"format": "sd-jwt", "disclosures": len(sd.disclosures),
                          "key_binding": sd.kb_token is not None})
    disclosed = sdjwt.disclose(payload, sd.disclosures)
    if header.get("typ") in sdjwt.PRESENTATION_TYPES or \
            "VerifiablePresentation" in structure.types_of(disclosed.claims):
        return _verify_sd_jwt_presentation(sd, disclosed, env, label, parsed)
    checks = [parsed,
              CheckResult("format_supported", Status.PASS, "SD-JWT verifiable credential.",
                          {"format": "sd-jwt", "typ": header.get("typ")}),
              sdjwt.header_check(header)]
    w3c = "@context" in payload  # VC-JOSE-COSE: the claims are a VC data model document
    document: dict[str, Any] | None
    if w3c:
        document, claims_check = vcjwt.credential_from_claims(disclosed.claims, header)
        issuer = structure.issuer_id(document) if document is not None else None
    else:
        document, claims_check = sdjwt.credential_document(disclosed.claims), \
            sdjwt.claims_check(payload)
        issuer = payload.get("iss") if isinstance(payload.get("iss"), str) else None
    checks += [claims_check, sdjwt.disclosure_check(disclosed, len(sd.disclosures))]
    if document is None:
        return _report(label, "credential", "sd-jwt", checks)
    if w3c:
        checks += [_withheld_subject(structure.credential_structure(document), payload),
                   structure.open_badge_structure(document)]
    checks.append(CheckResult("proof_present", Status.PASS, "The credential is a signed token.",
                              {}))
    key_checks = vcjwt.key_checks(sd.issuer_jws, issuer, env.fetcher) if w3c else \
        sdjwt.issuer_key_checks(sd.issuer_jws, issuer, env.fetcher)
    checks += _token_proof_checks(sd.issuer_jws, issuer, env, key_checks)
    checks.append(sdjwt.key_binding_check(sd, payload, env.now))
    checks.append(validity_check(vcjwt.dated_document(document, payload) if w3c else document,
                                 env.now, env.skew))
    if w3c:
        checks.append(_status_check(document, env))
        checks += datamodel.checks(document, env.fetcher)
    else:  # an IETF SD-JWT VC: its `status` claim names an IETF token status list
        checks.append(tokenstatus.token_status_check(payload, key_checks, issuer,
                                                     env.fetcher, env.now, env.decoded))
    checks += _holder_checks(document, env, checks)
    summary = structure.summarize(document, (f"SD-JWT/{sd.issuer_jws.alg}",))
    return _report(label, "credential", "sd-jwt", checks, summary, document=document)


SUBJECT_PROBLEM = "credentialSubject must be a non-empty object"
# data: URL media types of an enveloped credential that hold a token this version reads
ENVELOPED_TOKENS = frozenset({"application/vc+jwt", "application/vc+sd-jwt",
                              "application/dc+sd-jwt", "application/vc+ld+json+jwt",
                              "application/vc+ld+json+sd-jwt"})


def _withheld_subject(check: CheckResult, payload: dict[str, Any]) -> CheckResult:
    """A credential structure that fails only for want of a subject the holder chose not to
    disclose (selective disclosure: `_sd` digests stand for it) is undecided — the issuer
    signed one; the holder withheld it — never malformed."""
    problems = check.details.get("problems") if check.status is Status.FAIL else None
    subject = payload.get("credentialSubject")
    withheld = "_sd" in payload if subject is None else \
        isinstance(subject, dict) and "_sd" in subject
    if problems != [SUBJECT_PROBLEM] or not withheld:
        return check
    return not_understood(check.code, "The holder did not disclose whom the credential is "
                          "about.", "a credential subject the holder withheld",
                          **check.details)


def _verify_sd_jwt_presentation(sd: sdjwt.SdJwt, disclosed: sdjwt.Disclosed,
                                env: Environment, label: str, parsed: CheckResult
                                ) -> VerificationReport:
    """A W3C VC-JOSE-COSE `vp+sd-jwt`: the holder's signature over the presentation and its
    disclosures, then each credential it holds (enveloped), as a VP-JWT."""
    claims = disclosed.claims
    checks = [parsed,
              CheckResult("format_supported", Status.PASS, "SD-JWT presentation.",
                          {"format": "sd-jwt-vp"}),
              sdjwt.header_check(sd.issuer_jws.header, sdjwt.PRESENTATION_TYPES),
              sdjwt.disclosure_check(disclosed, len(sd.disclosures)),
              structure.presentation_structure(claims),
              sdjwt.key_binding_check(sd, sd.issuer_jws.payload, env.now)]
    return _token_presentation(sd.issuer_jws, claims, env, label, "sd-jwt-vp", checks)


def _token_proof_checks(jws: CompactJws, signer: str | None, env: Environment,
                        key_checks: list[CheckResult] | None = None) -> list[CheckResult]:
    """Key and signature checks of a JWS, and their `proof_verified` summary."""
    if key_checks is None:
        key_checks = vcjwt.key_checks(jws, signer, env.fetcher)
    failed = any(c.status is Status.FAIL for c in key_checks)
    signed = any(c.code == "proof_signature" and c.status is Status.PASS for c in key_checks)
    return [*key_checks, CheckResult(
        "proof_verified",
        Status.FAIL if failed else Status.PASS if signed else Status.INDETERMINATE,
        "A signature on the credential is not valid." if failed
        else "The token's signature is valid." if signed
        else "The signature could not be checked.", {})]


def _verify_enveloped(item: dict[str, Any], env: Environment, label: str) -> VerificationReport:
    """An EnvelopedVerifiableCredential: a data: URL holding a VC-JWT or an SD-JWT (the
    media types of VC-JOSE-COSE, and of its 2023 drafts); another media type is named as
    unsupported; an id that is no data: URL is malformed."""
    ident = item.get("id")
    media_type, _, content = ident.partition(",") if isinstance(ident, str) else ("", "", "")
    media_type = media_type.removeprefix("data:").split(";")[0].strip().lower()
    if isinstance(ident, str) and ident.startswith("data:") and content:
        if media_type in ENVELOPED_TOKENS:
            return _verify_any(content, env, label)
        if media_type == "application/vc+cose":
            return _report(label, "credential", "cose", [CheckResult(
                "format_supported", Status.INDETERMINATE,
                f"{_FORMAT_NAMES['cose']} credentials cannot be verified by this version.",
                {"format": "cose"})])
        return _report(label, "credential", "enveloped", [not_understood(
            "format_supported", f"An enveloped credential of type {media_type or 'unknown'} "
            "cannot be verified by this version.", f"enveloped {media_type or 'data'}",
            format="enveloped")])
    return _report(label, "credential", "enveloped", [_parse_fail(
        "an enveloped credential must be a data: URL holding the credential")])


def _linked_data_checks(
    doc: dict[str, Any], store: ContextStore, choice: tuple[Revision, ...] = (),
    urls: list[str] | None = None,
) -> tuple[list[CheckResult], bool]:
    """contexts_known and jsonld_expansion for the unsecured document; (checks, usable).
    `urls`: the document's context URLs when the caller has them already."""
    urls = context_urls(doc) if urls is None else urls
    unknown = [u for u in urls if not store.knows(u)]
    if unknown:
        return [
            not_understood("contexts_known",
                           "The credential uses a vocabulary we do not recognise.",
                           "JSON-LD context " + ", ".join(unknown), unknown=unknown),
            CheckResult("jsonld_expansion", Status.INDETERMINATE,
                        "Not checked: the credential's vocabulary is unknown.", {}),
        ], False
    variants = {r.url: r.variant for r in choice}
    known = CheckResult("contexts_known", Status.PASS, "All vocabularies are recognised.",
                        {"contexts": urls, "variants": variants})
    try:
        store.canonicalizer(choice).check_terms(unsecured_document(doc, []))
    except DataLossError as exc:
        return [known, CheckResult(
            "jsonld_expansion", Status.FAIL,
            "The credential contains fields that are not covered by its signature.",
            {"problems": exc.problems[:20]})], True
    except UnknownContextError as exc:  # a context referenced from inside a context
        return [not_understood("contexts_known",
                               "The credential uses a vocabulary we do not recognise.",
                               f"JSON-LD context {exc.url}", unknown=[exc.url]),
                CheckResult("jsonld_expansion", Status.INDETERMINATE,
                            "Not checked: the credential's vocabulary is unknown.", {})], False
    except CanonicalizationError as exc:
        return [known, CheckResult("jsonld_expansion", Status.FAIL,
                                   "The credential is not valid JSON-LD.",
                                   {"reason": str(exc)[:500]})], True
    return [known, CheckResult("jsonld_expansion", Status.PASS,
                               "Every field has a defined meaning.", {})], True


def _linked_data_and_proofs(
    doc: dict[str, Any], env: Environment, purpose: str, controller: str | None
) -> list[CheckResult]:
    """Context, expansion and proof checks under the current revision of every context.

    Only when a signature fails under it, and a context the document uses has earlier
    revisions bundled (a URL edited in place, like the Open Badges 3.0 contexts), is each
    other combination of revisions tried; the first under which a signature verifies and
    none fails is kept, with an advisory `context_revision` check naming the earlier
    revision (a warning, never a silent pass). When none does, the current revision's
    checks stand, so a tampered credential fails as it would without the retry."""
    proofs = proofs_of(doc)
    budget.check_document(doc, len(proofs))
    store = env.loader
    urls = context_urls(doc)
    choices = store.revision_choices(urls)
    current = next(choices, ())
    ld_checks, _ = _linked_data_checks(doc, store, current, urls)
    outcomes = _proof_outcomes(doc, env, purpose, controller, current)
    checks = ld_checks + _proof_checks(proofs, outcomes)
    if not any(o.signature_failed for o in outcomes):
        return checks
    for choice in choices:  # the retry path: only after a signature failure
        if {r.variant for r in choice} <= {r.variant for r in current}:
            continue  # (two copies of one revision, as tests may load)
        earlier_ld, _ = _linked_data_checks(doc, store, choice, urls)
        earlier = _proof_outcomes(doc, env, purpose, controller, choice)
        if any(o.signature_failed for o in earlier) or not any(o.verified for o in earlier) \
                or any(c.status is Status.FAIL for c in earlier_ld):
            continue
        return [*earlier_ld, *_proof_checks(proofs, earlier),
                _revision_check(store, current, choice)]
    return checks


def _revision_check(store: ContextStore, current: tuple[Revision, ...],
                    used: tuple[Revision, ...]) -> CheckResult:
    """The advisory check saying which earlier revision of a context a signature needed."""
    preferred = {r.url: r.variant for r in current}
    earlier = {r.url: r.variant for r in used if r.variant != preferred.get(r.url)}
    names = [f"the {variant} revision of {_vocabulary_name(url)} ({url})"
             for url, variant in earlier.items()]
    return CheckResult(
        "context_revision", Status.INDETERMINATE,
        "The signature is valid only against an earlier version of a vocabulary: signed "
        f"against {'; '.join(names)}, which its address no longer serves. Check that the "
        "credential means what it says.",
        {"revisions": earlier, "current": {u: preferred.get(u) for u in earlier},
         "notes": {u: next((e.note for e in store.revisions(u) if e.variant == v), None)
                   for u, v in earlier.items()}})


_VOCABULARIES = (("https://purl.imsglobal.org/spec/ob/", "the Open Badges context"),
                 ("https://purl.imsglobal.org/spec/clr/", "the CLR context"),
                 ("https://www.w3.org/", "a W3C context"))


def _vocabulary_name(url: str) -> str:
    return next((name for prefix, name in _VOCABULARIES if url.startswith(prefix)),
                "a vocabulary")


def _proof_outcomes(
    doc: dict[str, Any], env: Environment, purpose: str, controller: str | None,
    choice: tuple[Revision, ...]
) -> list[ProofOutcome]:
    ctx = ProofContext(document=doc, purpose=purpose, controller=controller, now=env.now,
                       skew=env.skew, fetcher=env.fetcher,
                       canonicalizer=env.loader.canonicalizer(choice))
    return [verify_proof(ctx, i) for i in range(len(proofs_of(doc)))]


def _proof_checks(proofs: list[Any], outcomes: list[ProofOutcome]) -> list[CheckResult]:
    if not proofs:
        return [CheckResult("proof_present", Status.FAIL,
                            "The credential is not signed at all.", {})]
    checks = [CheckResult("proof_present", Status.PASS,
                          f"The credential carries {len(proofs)} signature(s).",
                          {"count": len(proofs)})]
    if any(o.issuer_signed for o in outcomes):
        outcomes = [o.as_cosignature() if not o.issuer_signed else o for o in outcomes]
    elif any(o.undecided for o in outcomes):
        # a proof that could not be checked (its key unreachable or not understood) may be
        # the issuer's: another party's valid signature is then no proof of forgery
        outcomes = [o.as_cosignature(decided=False) for o in outcomes]
    for outcome in outcomes:
        checks += outcome.checks
    supported = [o for o in outcomes if o.supported]
    failed = [o for o in supported
              if any(c.status is Status.FAIL for c in o.checks)]
    if not supported:
        status, message = Status.INDETERMINATE, "None of the signatures could be checked."
    elif failed:
        status, message = Status.FAIL, "A signature on the credential is not valid."
    elif all(o.verified for o in supported):
        status, message = Status.PASS, "The issuer's signature is valid."
    else:
        status, message = Status.INDETERMINATE, "The signature could not be fully checked."
    return [*checks, CheckResult("proof_verified", status, message, {
        "verified": [o.index for o in supported if o.verified],
        "failed": [o.index for o in failed],
        "unsupported": [o.suite for o in outcomes if not o.supported],
    })]


def _holder_checks(document: dict[str, Any], env: Environment, checks: list[CheckResult],
                   issuer: str | None = None, issuer_name: str | None = None
                   ) -> list[CheckResult]:
    """The checks that need a human when they cannot be decided: recipient, test keys,
    known issuer, and whether the issuer poses as a known one."""
    issuer_id = issuer or structure.issuer_id(document)
    trusted = trust_check(env.trust, issuer_id)
    unbound = [c for c in checks if c.code == "issuer_controls_key"
               and c.status in (Status.FAIL, Status.INDETERMINATE)]
    if trusted.status is Status.PASS and unbound:  # a known name on a key it never vouched for
        trusted = CheckResult("issuer_trusted", Status.INDETERMINATE,
                              "The issuer is known, but the signing key is not shown to be "
                              "theirs.", {**trusted.details, "key_not_bound": True})
    return [recipient_check(document, env.candidate), test_key_check(checks), trusted,
            impersonation_check(env.trust, issuer_id, issuer_name or structure.issuer_name(
                document))]


_STATUS_LIST_READ = CheckResult("document_parsed", Status.PASS, "The status list was read.", {})


def _status_checker(env: Environment) -> StatusChecker:
    """Status lists are verified like credentials, without checking their own status
    (the list's environment is made only when a credential names a list)."""
    def verify_list(doc: dict[str, Any]) -> VerificationReport:
        list_env = replace(env, status_checker=None)
        return _verify_credential(doc, list_env, "status list", _STATUS_LIST_READ)

    return StatusChecker(verify_list, env.decoded)


def _status_check(doc: dict[str, Any], env: Environment) -> CheckResult:
    entries = structure.as_list(doc.get("credentialStatus"))
    if not entries:
        return CheckResult("credential_status", Status.NA,
                           "The issuer publishes no revocation status for this credential.", {})
    if env.status_checker is not None:
        return env.status_checker(doc, entries, env)
    kinds = sorted({str(e.get("type")) for e in entries if isinstance(e, dict)})
    return CheckResult("credential_status", Status.INDETERMINATE,
                       "Revocation status could not be checked.",
                       {"types": kinds, "reason": "status checking is not available"})


def _report(label: str, kind: str, fmt: str, checks: list[CheckResult], summary: Any = None,
            credentials: tuple[VerificationReport, ...] = (),
            document: dict[str, Any] | None = None) -> VerificationReport:
    kwargs: dict[str, Any] = {"credentials": credentials, "document": document}
    if summary is not None:
        kwargs["summary"] = summary
    return VerificationReport(label, kind, fmt, tuple(checks), **kwargs)
