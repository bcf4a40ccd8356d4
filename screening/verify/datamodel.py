"""VC Data Model 2.0 rules beyond the basic shape (`structure.py`), one check code each:

* `context_entries`     - after the base context, every @context entry is a URL or an object
* `typed_properties`    - credentialStatus, termsOfUse, evidence, refreshService and
                          credentialSchema entries are objects with a `type`
* `credential_schema_id` - every credentialSchema entry has an `id` (only present when the
                          credential declares a schema)
* `status_id`           - a credentialStatus `id`, when present, is a URL
* `id_urls`             - `id` values (credential, subjects, issuer, typed properties,
                          related resources) are URLs
* `related_resource`    - relatedResource entries are objects with a unique URL `id` and a
                          `digestSRI` or `digestMultibase`; the digest is verified when the
                          resource can be fetched (seed cache or guarded client)
* `credential_schema`   - JSON Schema validation (draft 2020-12 unless the schema says
                          otherwise) of a `JsonSchema` credentialSchema, when it can be fetched

Remote documents arrive only through the injected fetcher; nothing here raises on bad input.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

from screening.errors import FetchError
from screening.fetch.seeds import Fetcher
from screening.verify import structure
from screening.verify.keys.publickey import KeyFormatError, multibase_decode
from screening.verify.report import CheckResult, Status, not_understood

TYPED_PROPERTIES = ("credentialStatus", "termsOfUse", "evidence", "refreshService",
                    "credentialSchema")
JSON_SCHEMA_TYPES = {"JsonSchema", "1EdTechJsonSchemaValidator2019"}
MAX_RELATED_RESOURCES = 50
MAX_SCHEMAS = 10
MAX_SCHEMA_ERRORS = 10
# multihash code -> hashlib name (digestMultibase)
MULTIHASH = {0x12: ("sha256", 32), 0x13: ("sha512", 64), 0x20: ("sha384", 48),
             0x16: ("sha3_256", 32), 0x14: ("sha3_512", 64)}
SRI = {"sha256", "sha384", "sha512"}


def checks(document: dict[str, Any], fetcher: Fetcher) -> list[CheckResult]:
    """The data-model checks of one credential, in a fixed order."""
    schema_id = [credential_schema_id(document)] if "credentialSchema" in document else []
    return [context_entries(document), typed_properties(document), *schema_id,
            status_id(document), id_urls(document), related_resource(document, fetcher),
            credential_schema(document, fetcher)]


def _result(code: str, problems: list[str], ok: str, bad: str, applies: bool = True,
            **details: Any) -> CheckResult:
    if problems:
        return CheckResult(code, Status.FAIL, bad, {**details, "problems": problems[:20]})
    if not applies:
        return CheckResult(code, Status.NA, "Not used by this credential.", details)
    return CheckResult(code, Status.PASS, ok, details)


def context_entries(document: dict[str, Any]) -> CheckResult:
    contexts = structure.as_list(document.get("@context"))
    problems = []
    for i, entry in enumerate(contexts[1:], start=1):
        if isinstance(entry, str):
            if not structure.is_url(entry):
                problems.append(f"@context[{i}] is not a URL")
            elif entry in structure.BASE_CONTEXTS:
                problems.append(f"@context[{i}]: the base context may only come first")
        elif not isinstance(entry, dict):
            problems.append(f"@context[{i}] is neither a URL nor an object")
    return _result("context_entries", problems, "The vocabulary list is well formed.",
                   "The credential's vocabulary list is malformed.", bool(contexts))


def typed_properties(document: dict[str, Any]) -> CheckResult:
    problems = []
    present = []
    for prop in TYPED_PROPERTIES:
        if prop not in document:
            continue
        present.append(prop)
        entries = structure.as_list(document.get(prop))
        if not entries:
            problems.append(f"{prop} is empty")
        for i, entry in enumerate(entries):
            where = f"{prop}[{i}]" if isinstance(document.get(prop), list) else prop
            if not isinstance(entry, dict):
                problems.append(f"{where} must be an object")
            elif not structure.types_of(entry):
                problems.append(f"{where} has no type")
    return _result("typed_properties", problems, "Every status, schema, evidence, terms and "
                   "refresh entry says what type it is.",
                   "A status, schema, evidence, terms-of-use or refresh entry has no type.",
                   bool(present), properties=present)


def credential_schema_id(document: dict[str, Any]) -> CheckResult:
    """VC Data Model 2.0 §4.11 (and 1.1 §5.4) Data Schemas: each credentialSchema MUST
    have an `id`, the URL of the schema (whether it is a URL is `id_urls`' concern)."""
    value = document.get("credentialSchema")
    entries = structure.as_list(value)
    problems = [(f"credentialSchema[{i}]" if isinstance(value, list) else "credentialSchema")
                + " has no id" for i, entry in enumerate(entries)
                if isinstance(entry, dict) and entry.get("id") in (None, "")]
    return _result("credential_schema_id", problems, "Every schema entry names its schema.",
                   "A schema entry of the credential does not say which schema it is.",
                   bool(entries))


def status_id(document: dict[str, Any]) -> CheckResult:
    ids = [e.get("id") for e in structure.as_list(document.get("credentialStatus"))
           if isinstance(e, dict) and "id" in e]
    problems = [f"credentialStatus id {_short(i)} is not a URL" for i in ids
                if not structure.is_url(i)]
    return _result("status_id", problems, "The status entry's id is a URL.",
                   "The credential's status entry has an id that is not a URL.", bool(ids))


def id_urls(document: dict[str, Any]) -> CheckResult:
    found: list[tuple[str, Any]] = []
    if "id" in document:
        found.append(("id", document["id"]))
    for prop in ("credentialSubject", "termsOfUse", "evidence", "refreshService",
                 "credentialSchema", "relatedResource"):
        value = document.get(prop)
        for i, entry in enumerate(structure.as_list(value)):
            if isinstance(entry, dict) and "id" in entry:
                where = f"{prop}[{i}].id" if isinstance(value, list) else f"{prop}.id"
                found.append((where, entry["id"]))
    issuer = document.get("issuer")
    if isinstance(issuer, dict) and "id" in issuer:
        found.append(("issuer.id", issuer["id"]))
    problems = [f"{where} {_short(value)} is not a URL" for where, value in found
                if not structure.is_url(value)]
    return _result("id_urls", problems, "Every identifier is a URL.",
                   "An identifier in the credential is not a URL.", bool(found),
                   checked=len(found))


def related_resource(document: dict[str, Any], fetcher: Fetcher) -> CheckResult:
    if "relatedResource" not in document:
        return CheckResult("related_resource", Status.NA, "No related resources.", {})
    value = document["relatedResource"]
    entries = structure.as_list(value)
    problems: list[str] = []
    if not entries:
        problems.append("relatedResource is empty")
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append(f"relatedResource[{i}] must be an object")
            continue
        ident = entry.get("id")
        if not isinstance(ident, str) or not structure.is_url(ident):
            problems.append(f"relatedResource[{i}].id must be a URL")
        elif ident in seen:
            problems.append(f"relatedResource[{i}].id {_short(ident)} is listed twice")
        else:
            seen.add(ident)
        if "digestSRI" not in entry and "digestMultibase" not in entry:
            problems.append(f"relatedResource[{i}] has neither digestSRI nor digestMultibase")
    if problems:
        return CheckResult("related_resource", Status.FAIL,
                           "The credential's list of related resources is malformed.",
                           {"problems": problems[:20]})
    results = [_verify_digest(entry, fetcher) for entry in entries[:MAX_RELATED_RESOURCES]]
    details = {"resources": results}
    if any(r["result"] == "mismatch" for r in results):
        return CheckResult("related_resource", Status.FAIL,
                           "A resource the credential depends on has changed since it was "
                           "issued.", details)
    if len(entries) > MAX_RELATED_RESOURCES or any(r["result"] != "match" for r in results):
        return CheckResult("related_resource", Status.INDETERMINATE,
                           "Some resources the credential depends on could not be checked.",
                           details)
    return CheckResult("related_resource", Status.PASS,
                       "Every resource the credential depends on is unchanged.", details)


def _verify_digest(entry: dict[str, Any], fetcher: Fetcher) -> dict[str, Any]:
    ident = entry["id"]
    info: dict[str, Any] = {"id": ident}
    expected: list[tuple[str, bytes]] = []
    unknown: list[str] = []
    sri = entry.get("digestSRI")
    if sri is not None:
        for option in sri.split() if isinstance(sri, str) else [None]:
            parsed = _parse_sri(option)
            if parsed is None:
                unknown.append(f"digestSRI {_short(option)}")
            else:
                expected.append(parsed)
    multibase = entry.get("digestMultibase")
    if multibase is not None:
        parsed = _parse_multihash(multibase)
        if parsed is None:
            unknown.append(f"digestMultibase {_short(multibase)}")
        else:
            expected.append(parsed)
    if not expected:
        return {**info, "result": "unsupported", "reason": "; ".join(unknown)}
    try:
        content = fetcher(ident).content
    except FetchError as exc:
        return {**info, "result": "unavailable", "reason": exc.reason}
    for algorithm, digest in expected:
        if hashlib.new(algorithm, content).digest() != digest:
            return {**info, "result": "mismatch", "algorithm": algorithm}
    return {**info, "result": "match", "algorithms": [a for a, _ in expected]}


def _parse_sri(value: Any) -> tuple[str, bytes] | None:
    if not isinstance(value, str) or "-" not in value:
        return None
    algorithm, _, encoded = value.partition("-")
    encoded = encoded.split("?", 1)[0]
    if algorithm.lower() not in SRI:
        return None
    try:
        digest = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    return (algorithm.lower(), digest) if len(digest) == hashlib.new(
        algorithm.lower()).digest_size else None


def _parse_multihash(value: Any) -> tuple[str, bytes] | None:
    try:
        data = multibase_decode(value)
    except KeyFormatError:
        return None
    if len(data) < 2 or data[0] not in MULTIHASH:
        return None
    algorithm, size = MULTIHASH[data[0]]
    if data[1] != size or len(data) != size + 2:
        return None
    return algorithm, data[2:]


def credential_schema(document: dict[str, Any], fetcher: Fetcher) -> CheckResult:
    if "credentialSchema" not in document:
        return CheckResult("credential_schema", Status.NA, "No schema is declared.", {})
    entries = [e for e in structure.as_list(document["credentialSchema"]) if isinstance(e, dict)]
    if not entries:  # malformed entries are reported by typed_properties
        return CheckResult("credential_schema", Status.NA, "No usable schema entry.", {})
    instance = {k: v for k, v in document.items() if k != "proof"}
    results = [_validate(entry, instance, fetcher) for entry in entries[:MAX_SCHEMAS]]
    details = {"schemas": results}
    invalid = [r for r in results if r["result"] == "invalid"]
    if invalid:
        return CheckResult("credential_schema", Status.FAIL,
                           "The credential does not match the schema its issuer declared.",
                           details)
    not_known = [r["type"] for r in results if r["result"] == "unsupported"]
    if not_known:
        return not_understood("credential_schema", "The credential declares a kind of schema "
                              "this version cannot check.",
                              "credentialSchema type " + ", ".join(map(str, not_known)),
                              **details)
    if len(entries) > MAX_SCHEMAS or any(r["result"] != "valid" for r in results):
        return CheckResult("credential_schema", Status.INDETERMINATE,
                           "The credential's schema could not be retrieved or used.", details)
    return CheckResult("credential_schema", Status.PASS,
                       "The credential matches the schema its issuer declared.", details)


def _validate(entry: dict[str, Any], instance: dict[str, Any], fetcher: Fetcher
              ) -> dict[str, Any]:
    kinds = structure.types_of(entry)
    ident = entry.get("id")
    info: dict[str, Any] = {"id": ident if isinstance(ident, str) else None,
                            "type": kinds[0] if len(kinds) == 1 else kinds}
    if not JSON_SCHEMA_TYPES & set(kinds):
        return {**info, "result": "unsupported"}
    if not isinstance(ident, str):
        return {**info, "result": "unavailable", "reason": "the schema has no id to fetch"}
    try:
        schema = fetcher(ident).json()
    except FetchError as exc:
        return {**info, "result": "unavailable", "reason": exc.reason}
    if not isinstance(schema, dict):
        return {**info, "result": "unusable", "reason": "the schema is not a JSON Schema"}
    import jsonschema  # here: a fifth of a command's start-up, needed only for schemas
    import referencing

    try:
        validator_class = jsonschema.validators.validator_for(
            schema, default=jsonschema.Draft202012Validator)
        validator_class.check_schema(schema)
        registry: referencing.Registry[Any] = referencing.Registry(  # type: ignore[call-arg]
            retrieve=_retriever(fetcher))  # (an attrs field mypy does not see)
        validator = validator_class(schema, registry=registry)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    except jsonschema.exceptions.SchemaError as exc:
        return {**info, "result": "unusable", "reason": f"invalid schema: {exc.message[:200]}"}
    except Exception as exc:
        # (unresolvable $ref, catastrophic input to the library ...): could not check.
        return {**info, "result": "unusable", "reason": f"{type(exc).__name__}: "
                f"{str(exc)[:200]}"}
    if errors:
        return {**info, "result": "invalid", "errors": [
            {"path": "/".join(map(str, e.absolute_path)), "message": e.message[:300]}
            for e in errors[:MAX_SCHEMA_ERRORS]]}
    return {**info, "result": "valid"}


def _retriever(fetcher: Fetcher) -> Any:
    """Referenced schemas come through the same fetcher as the schema itself."""
    import referencing
    import referencing.exceptions
    from referencing.jsonschema import DRAFT202012

    def retrieve(uri: str) -> referencing.Resource[Any]:
        try:
            contents = fetcher(uri).json()
        except FetchError as exc:
            raise referencing.exceptions.NoSuchResource(  # type: ignore[call-arg]
                ref=uri) from exc
        return referencing.Resource.from_contents(contents, default_specification=DRAFT202012)

    return retrieve


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
