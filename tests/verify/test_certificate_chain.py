"""Certificate chains against the admin's list of certificate authorities
(verify/keys/chain.py): valid at signing, chained to a listed authority, impostors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from screening.testing.certificates import make_ca, make_leaf
from screening.verify.keys.chain import certificate_names, chain_checks
from screening.verify.report import Status
from screening.verify.trust import KnownIssuer, TrustList

NOW = datetime(2026, 6, 1, tzinfo=UTC)
SIGNED = datetime(2025, 3, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def pki():
    root = make_ca("Seal Root CA", organisation="Test Trust Services")
    intermediate = make_ca("Seal Issuing CA", signer=root)
    leaf = make_leaf(intermediate, "Registrar", organisation="Northbridge University")
    return root, intermediate, leaf


def statuses(checks):
    return {c.code: c.status for c in checks}


def test_chain_to_a_listed_root_passes(pki):
    root, intermediate, leaf = pki
    trust = TrustList(authorities=[root.authority()])
    checks = chain_checks(trust, [leaf.der, intermediate.der], signed_at=SIGNED, now=NOW)
    assert [c.code for c in checks] == ["certificate_valid_at_signing",
                                       "certificate_chain_trusted"]
    assert statuses(checks) == {"certificate_valid_at_signing": Status.PASS,
                                "certificate_chain_trusted": Status.PASS}
    assert checks[1].details["authority"] == "Seal Root CA"


def test_listing_the_intermediate_is_enough(pki):
    _, intermediate, leaf = pki
    trust = TrustList(authorities=[intermediate.authority()])
    checks = chain_checks(trust, [leaf.der], signed_at=SIGNED, now=NOW)
    assert checks[1].status is Status.PASS


def test_an_unlisted_signer_is_undecided_not_failed(pki):
    _, intermediate, leaf = pki
    other = make_ca("Someone Else CA")
    for trust in (TrustList(), TrustList(authorities=[other.authority()])):
        checks = chain_checks(trust, [leaf.der, intermediate.der], signed_at=SIGNED, now=NOW)
        assert statuses(checks)["certificate_chain_trusted"] is Status.INDETERMINATE
        assert "CN=Registrar" in checks[1].details["signer"]


def test_a_certificate_posing_as_issued_by_a_listed_authority_fails(pki):
    root, _, _ = pki
    # same subject name as the listed root, different key: its "child" names the root
    # as issuer, but the listed root never signed it
    impostor_root = make_ca("Seal Root CA", organisation="Test Trust Services")
    forged = make_leaf(impostor_root, "Registrar", organisation="Northbridge University")
    trust = TrustList(authorities=[root.authority()])
    checks = chain_checks(trust, [forged.der], signed_at=SIGNED, now=NOW)
    assert statuses(checks)["certificate_chain_trusted"] is Status.FAIL
    assert checks[1].details["claimed_authority"] == "Seal Root CA"


def test_a_certificate_expired_at_signing_time_fails(pki):
    root, _, _ = pki
    short = make_leaf(root, "Registrar", not_before=datetime(2021, 1, 1, tzinfo=UTC),
                      not_after=datetime(2022, 1, 1, tzinfo=UTC))
    trust = TrustList(authorities=[root.authority()])
    checks = chain_checks(trust, [short.der], signed_at=SIGNED, now=NOW)
    assert statuses(checks)["certificate_valid_at_signing"] is Status.FAIL
    # signed while valid, checked later: still valid at signing
    early = chain_checks(trust, [short.der], signed_at=datetime(2021, 6, 1, tzinfo=UTC),
                         now=NOW)
    assert statuses(early)["certificate_valid_at_signing"] is Status.PASS


def test_without_a_signing_time_the_clock_decides(pki):
    root, _, _ = pki
    short = make_leaf(root, "Registrar", not_before=datetime(2021, 1, 1, tzinfo=UTC),
                      not_after=datetime(2022, 1, 1, tzinfo=UTC))
    trust = TrustList(authorities=[root.authority()])
    checks = chain_checks(trust, [short.der], signed_at=None, now=NOW)
    assert statuses(checks)["certificate_valid_at_signing"] is Status.FAIL
    assert checks[0].details["checked_at"].startswith("2026-06-01")


@pytest.mark.parametrize("chain", [[], [b"not a certificate"], [b"\x30\x03\x02\x01\x01"]])
def test_unreadable_certificates_are_undecided(pki, chain):
    root, _, _ = pki
    checks = chain_checks(TrustList(authorities=[root.authority()]), chain,
                          signed_at=SIGNED, now=NOW)
    assert set(statuses(checks).values()) == {Status.INDETERMINATE}


def test_an_unreadable_intermediate_does_not_pass(pki):
    root, _, leaf = pki
    checks = chain_checks(TrustList(authorities=[root.authority()]),
                          [leaf.der, b"garbage"], signed_at=SIGNED, now=NOW)
    assert statuses(checks)["certificate_chain_trusted"] is not Status.PASS


def test_names_of_a_certificate(pki):
    _, _, leaf = pki
    names = certificate_names(leaf.der)
    assert names["common_name"] == "Registrar"
    assert names["organisation"] == "Northbridge University"
    assert "Seal Issuing CA" in names["issuer"]
    assert certificate_names(b"nope") == {}


def test_trust_file_lists_authorities_by_file_and_pem(pki, tmp_path: Path):
    root, intermediate, _ = pki
    (tmp_path / "ca").mkdir()
    (tmp_path / "ca" / "root.pem").write_bytes(root.pem)
    pem = intermediate.pem.decode()
    (tmp_path / "trust.toml").write_text(
        '[[issuer]]\nid = "did:web:x.example"\norganisation = "X"\n\n'
        '[[certificate_authority]]\nname = "Root"\nfile = "ca/root.pem"\n\n'
        f'[[certificate_authority]]\nname = "Issuing"\npem = """{pem}"""\n',
        encoding="utf-8")
    trust = TrustList.load(tmp_path / "trust.toml")
    assert len(trust) == 1
    assert [a.name for a in trust.authorities] == ["Root", "Issuing"]
    assert trust.authorities[0].certificate == root.certificate


@pytest.mark.parametrize("entry", ['name = "x"', 'pem = "x"', 'name = "x"\npem = "junk"'])
def test_a_bad_authority_entry_is_a_clear_error(entry, tmp_path: Path):
    (tmp_path / "trust.toml").write_text(f"[[certificate_authority]]\n{entry}\n",
                                         encoding="utf-8")
    with pytest.raises(ValueError, match="certificate authorit"):
        TrustList.load(tmp_path / "trust.toml")


def test_adding_a_known_issuer_keeps_the_authorities(pki):
    from screening.session.library import with_known_issuer

    root, _, _ = pki
    trust = TrustList([KnownIssuer("did:web:a.example", "A")], [root.authority()])
    grown = with_known_issuer(trust, "did:web:b.example", "B")
    assert len(grown) == 2
    assert grown.authorities == trust.authorities


def test_a_trust_list_with_authorities_goes_to_worker_processes(pki):
    """The app verifies uploads in worker processes: the run's trust list is pickled."""
    import pickle

    root, intermediate, leaf = pki
    trust = pickle.loads(pickle.dumps(TrustList(authorities=[root.authority()])))
    assert trust.authorities[0].fingerprint == root.authority().fingerprint
    checks = chain_checks(trust, [leaf.der, intermediate.der], signed_at=SIGNED, now=NOW)
    assert checks[1].status is Status.PASS
