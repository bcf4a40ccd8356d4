"""AnonCreds (Hyperledger Indy) credentials and presentations are recognised and named
`unsupported`: checking one needs the issuer's credential definition from a ledger and a
proof made by the holder. Never `failed`, also when a presentation encloses one."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from screening.verify import verify
from screening.verify.formats import json_format
from screening.verify.report import Status, Verdict

NOW = datetime(2026, 6, 1, tzinfo=UTC)
# The shape of an AnonCreds credential as a holder's wallet stores it (values abridged).
CREDENTIAL = {
    "schema_id": "Th7MpTaRZVRYnPiabds81Y:2:degree:1.0",
    "cred_def_id": "Th7MpTaRZVRYnPiabds81Y:3:CL:12:tag",
    "rev_reg_id": None,
    "values": {"name": {"raw": "Alice Garcia", "encoded": "27034640024117331033063128044004"},
               "degree": {"raw": "Maths", "encoded": "60293481738473829394"}},
    "signature": {"p_credential": {"m_2": "5721", "a": "9834", "e": "2598", "v": "1294"},
                  "r_credential": None},
    "signature_correctness_proof": {"se": "1629", "c": "4850"},
    "rev_reg": None,
    "witness": None,
}
PRESENTATION = {
    "proof": {"proofs": [{"primary_proof": {"eq_proof": {}, "ge_proofs": []}}],
              "aggregated_proof": {"c_hash": "1", "c_list": []}},
    "requested_proof": {"revealed_attrs": {"attr1": {"sub_proof_index": 0, "raw": "Alice",
                                                     "encoded": "2703"}}},
    "identifiers": [{"schema_id": CREDENTIAL["schema_id"],
                     "cred_def_id": CREDENTIAL["cred_def_id"], "rev_reg_id": None}],
}


def _assert_named_unsupported(report) -> None:
    assert report.verdict is Verdict.UNSUPPORTED
    assert report.format == "anoncreds"
    check = report.check("format_supported")
    assert check.status is Status.INDETERMINATE
    assert "AnonCreds" in check.message and "ledger" in check.message


@pytest.mark.parametrize("form", ["dict", "text", "bytes"])
def test_anoncreds_credential_is_named_unsupported(form):
    document = {"dict": CREDENTIAL, "text": json.dumps(CREDENTIAL),
                "bytes": json.dumps(CREDENTIAL).encode()}[form]
    _assert_named_unsupported(verify(document, now=NOW))


def test_anoncreds_presentation_is_named_unsupported():
    _assert_named_unsupported(verify(PRESENTATION, now=NOW))


def test_credential_without_signature_but_with_raw_and_encoded_values_is_recognised():
    document = {k: v for k, v in CREDENTIAL.items() if k != "signature"}
    assert json_format(document) == "anoncreds"


def test_anoncreds_inside_a_presentation_is_unsupported_not_failed():
    vp = {"@context": ["https://www.w3.org/ns/credentials/v2"],
          "type": ["VerifiablePresentation"], "verifiableCredential": [CREDENTIAL]}
    enclosed = verify(vp, now=NOW).credentials
    assert [c.format for c in enclosed] == ["anoncreds"]
    assert enclosed[0].verdict is Verdict.UNSUPPORTED


@pytest.mark.parametrize("document", [
    {"schema_id": "x", "cred_def_id": "y"},  # no values, no signature
    {"schema_id": "x", "cred_def_id": "y", "values": {"a": "plain"}},
    {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
     "values": {"a": {"raw": "1", "encoded": "1"}}},
])
def test_other_json_is_not_taken_for_anoncreds(document):
    assert json_format(document) is None
