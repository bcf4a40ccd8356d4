"""`screening verify`: one report per credential, JSON output, exit codes."""

from __future__ import annotations

import json

from conformance_data import CONFORMANCE
from factories import UNIVERSITY, open_badge, tampered

from screening.cli import main
from screening.testing.signing import sign

DCC = CONFORMANCE / "dcc-vc-test-fixtures/verifiableCredentials/v2/dataIntegrityProof/didKey"


def write(tmp_path, name, doc):
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def test_json_output_and_zero_exit_for_valid(tmp_path, capsys):
    good = write(tmp_path, "good.json", sign(open_badge(), UNIVERSITY))
    code = main(["verify", "--json", "--now", "2026-06-01T00:00:00Z", str(good)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out[0]["verdict"] == "warning"
    assert {c["code"] for c in out[0]["checks"]} >= {"proof_signature", "issuer_trusted"}


def test_nonzero_exit_when_any_credential_failed(tmp_path, capsys):
    signed = sign(open_badge(), UNIVERSITY)
    good = write(tmp_path, "good.json", signed)
    bad = write(tmp_path, "bad.json", tampered(signed, ("name",), "Forged"))
    code = main(["verify", "--now", "2026-06-01T00:00:00Z", str(good), str(bad)])
    table = capsys.readouterr().out
    assert code == 1
    assert "FAILED" in table and "proof_signature" in table


def test_trust_list_makes_issuer_known(tmp_path, capsys):
    trust = tmp_path / "trust.toml"
    trust.write_text(f'[[issuer]]\nid = "{UNIVERSITY.did_key}"\norganisation = "Example U"\n')
    good = write(tmp_path, "good.json", sign(open_badge(), UNIVERSITY))
    main(["verify", "--json", "--trust", str(trust), "--now", "2026-06-01T00:00:00Z",
          str(good)])
    assert json.loads(capsys.readouterr().out)[0]["verdict"] == "verified"


def test_conformance_fixture_through_cli(capsys):
    fixture = DCC / "oidf-noStatus-notExpired-notYetValid.json"
    code = main(["verify", "--json", "--now", "2026-06-01T00:00:00Z", str(fixture)])
    report = json.loads(capsys.readouterr().out)[0]
    assert code == 1 and report["verdict"] == "failed"
    assert any(c["code"] == "validity_period" and c["outcome"] == "fail"
               for c in report["checks"])


def test_missing_file_is_a_failed_row(tmp_path, capsys):
    code = main(["verify", "--json", "--now", "2026-06-01T00:00:00Z",
                 str(tmp_path / "nope.json")])
    assert code == 1
    assert json.loads(capsys.readouterr().out)[0]["checks"][0]["code"] == "document_parsed"


def test_bad_now_is_a_usage_error(tmp_path, capsys):
    assert main(["verify", "--now", "tomorrow", str(tmp_path / "x")]) == 2


def test_no_credential_text_can_forge_terminal_output(tmp_path, capsys):
    """Escape sequences, C1 controls and newlines in a name, a proof type or a file name
    never reach the terminal: no cleared screen, no fake VERIFIED line."""
    evil = "Data\x1b[2J\x9b1m\r\nVERIFIED     forged.json\x1b]0;title\x07"
    doc = sign(open_badge(name=evil), UNIVERSITY)
    doc["proof"] = {**doc["proof"], "type": "Fake\x1b[0m\nVERIFIED"}
    path = write(tmp_path, "evil\x1b[2J.json", doc)
    for flags in ([], ["--json"]):
        main(["verify", *flags, "--now", "2026-06-01T00:00:00Z", str(path)])
        out = capsys.readouterr().out
        assert not any(c in out for c in "\x1b\x9b\r\x07")
        assert not [line for line in out.splitlines() if line.startswith("VERIFIED")]


def test_verify_prints_the_snapshots_credential_records(tmp_path, capsys):
    """`screening verify` shows what every other view shows: the snapshot's credential
    record (verdict, the card's plain status, checks), one per credential."""
    from screening.present.cards import PlainStatus

    signed = sign(open_badge(), UNIVERSITY)
    good = write(tmp_path, "good.json", signed)
    bad = write(tmp_path, "bad.json", tampered(signed, ("name",), "Forged"))
    main(["verify", "--json", "--now", "2026-06-01T00:00:00Z", str(good), str(bad)])
    records = json.loads(capsys.readouterr().out)
    assert [r["verdict"] for r in records] == ["warning", "failed"]
    assert [r["plain_status"] for r in records] == [PlainStatus.ISSUER_UNKNOWN,
                                                    PlainStatus.FAILED]
    assert {"code", "outcome", "message"} == set(records[1]["checks"][0])
